"""Bad input stops the run with one clear message and leaves the previous report as it was;
identical input gives an identical report."""

from __future__ import annotations

import csv
import hashlib
import json
import os
import re
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, Workspace, render_into

from tarifftalks.cli import main
from tarifftalks.errors import ReportError

PREVIOUS = {"report.html": b"<p>previous good report</p>", "report.pdf": b"%PDF-previous"}


def run_cli(ws: Workspace, out: Path, *args: str) -> int:
    return main(["--data", str(ws.data), "--seeds", str(ws.seeds), "report", "--out", str(out), *args])


def previous_report(tmp_path: Path) -> Path:
    out = tmp_path / "reports"
    out.mkdir()
    for name, content in PREVIOUS.items():
        (out / name).write_bytes(content)
    return out


def assert_untouched(out: Path) -> None:
    assert sorted(p.name for p in out.iterdir()) == sorted(PREVIOUS)
    for name, content in PREVIOUS.items():
        assert (out / name).read_bytes() == content


def break_csv_text(ws: Workspace, table: str, old: str, new: str) -> None:
    path = ws.data / f"{table}.csv"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


# Each case breaks the fact base in one way and says what the message must name.
def stray_quote(ws):
    break_csv_text(ws, "figures", "f_a000_budget_sgd,a000,", 'f_a000_budget_sgd,"a000,')
    return "figures.csv", None


def wrong_column_count(ws):
    break_csv_text(ws, "trade_balance", "tb_a000_2024,a000,", "tb_a000_2024,a000,extra,")
    return "trade_balance.csv, row 2", None


def wrong_encoding(ws):
    path = ws.data / "people.csv"
    path.write_bytes(path.read_text(encoding="utf-8").encode("utf-16"))
    return "people.csv", None


def empty_file(ws):
    (ws.data / "events.csv").write_bytes(b"")
    return "events.csv", None


def renamed_column(ws):
    break_csv_text(ws, "tariffs", "rate_pct", "rate")
    return "tariffs.csv, row 1", "rate_pct"


def wrong_type(ws):
    return "trade_balance.csv, row 2", ws_edit(ws, "trade_balance", 0, "value", "lots")


def unknown_enum(ws):
    return "tariffs.csv, row 2", ws_edit(ws, "tariffs", 0, "status", "rumoured")


def impossible_date(ws):
    return "events.csv, row 2", ws_edit(ws, "events", 0, "date_start", "2025-02-30")


def quote_not_in_article(ws):
    return "positions.csv, row 2", ws_edit(ws, "positions", 0, "quote", "Trump said the deal is done.")


def unknown_source(ws):
    return "people.csv, row 3", ws_edit(ws, "people", 1, "source_id", "a999")


def missing_article(ws):
    (ws.seeds / "002_ca6e38afccbc0d5d.txt").unlink()
    return "sources.csv, row 4", "file"


def changed_article(ws):
    path = ws.seeds / "000_a44d2b94a242b928.txt"
    path.write_bytes(path.read_bytes().replace(b"55.7", b"57.7"))
    return "sources.csv, row 2", "sha256"


def duplicate_id(ws):
    first = ws.rows("figures")[0]["figure_id"]
    return "figures.csv, row 3", ws_edit(ws, "figures", 1, "figure_id", first)


def number_not_in_quote(ws):
    return "figures.csv, row 2", ws_edit(ws, "figures", 0, "value", "11")


def ws_edit(ws: Workspace, table: str, index: int, field: str, value: str) -> str:
    ws.edit(table, index, **{field: value})
    return field


BAD_DATA = [
    stray_quote, wrong_column_count, wrong_encoding, empty_file, renamed_column, wrong_type, unknown_enum,
    impossible_date, quote_not_in_article, unknown_source, missing_article, changed_article, duplicate_id,
    number_not_in_quote,
]  # fmt: skip


@pytest.mark.parametrize("breakage", BAD_DATA, ids=[f.__name__ for f in BAD_DATA])
def test_bad_data_stops_with_file_row_and_field_and_keeps_the_last_report(workspace, tmp_path, capsys, breakage):
    where, field = breakage(workspace)
    out = previous_report(tmp_path)
    assert run_cli(workspace, out) != 0
    err = capsys.readouterr().err
    assert err.startswith("error: ") and "Traceback" not in err
    assert where in err, err
    if field:
        assert f"field '{field}'" in err, err
    assert_untouched(out)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--as-of", "yesterday"], "parameter as_of='yesterday': expected an ISO date"),
        (["--as-of", "2025-01-15"], "a date on or after the first article ("),
        (["--comparator", "Atlantis"], "parameter comparator='Atlantis': expected one of"),
        (["--since", "someday"], "parameter since='someday'"),
    ],
)
def test_bad_parameters_stop_with_a_clear_message(workspace, tmp_path, capsys, args, message):
    out = previous_report(tmp_path)
    assert run_cli(workspace, out, *args) != 0
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err
    assert_untouched(out)


def live_processes(field: str, value: int) -> list[int]:
    """Live processes whose parent ("ppid") or process group ("pgrp") is `value`, from /proc."""
    index = {"ppid": 1, "pgrp": 2}[field]
    found = []
    for stat_file in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat_file.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if fields[index] == str(value) and fields[0] != "Z":
            found.append(int(stat_file.parent.name))
    return found


def child_processes() -> list[int]:
    """Live child processes of this test process (kernels, printer and checker workers)."""
    return live_processes("ppid", os.getpid())


def test_a_failing_notebook_cell_is_reported_with_notebook_and_cell(tmp_path):
    nb = json.loads((ROOT / "notebooks" / "report.ipynb").read_text(encoding="utf-8"))
    broken = {"cell_type": "code", "id": "boom", "metadata": {}, "execution_count": None, "outputs": [],
              "source": ["raise ValueError('figure table is empty')"]}  # fmt: skip
    nb["cells"].insert(3, broken)
    notebook = tmp_path / "notebooks" / "broken.ipynb"
    notebook.parent.mkdir()
    notebook.write_text(json.dumps(nb), encoding="utf-8")
    shutil.copytree(ROOT / "notebooks", tmp_path / "notebooks", dirs_exist_ok=True)
    out = previous_report(tmp_path)
    from tarifftalks.build.render import render

    with pytest.raises(ReportError) as info:
        render(out_dir=out, build_dir=tmp_path / "build", notebook=notebook, validate=False, progress=lambda _m: None)
    message = str(info.value)
    assert "broken.ipynb, cell" in message and "ValueError: figure table is empty" in message
    assert_untouched(out)
    executed = tmp_path / "build" / "executed"
    assert not executed.exists() or list(executed.iterdir()) == [], "a half-executed notebook was left behind"
    assert child_processes() == [], "the kernel or the validation worker outlived the failed run"


def test_a_failure_after_the_notebook_ran_stops_the_kernel_and_writes_nothing(tmp_path, capsys):
    """The slide PNGs are drawn in the notebook's kernel once it has run, from the figures it keeps; a
    notebook that drops them fails there, with a message naming the notebook, and nothing is written."""
    nb = json.loads((ROOT / "notebooks" / "report.ipynb").read_text(encoding="utf-8"))
    forget = {"cell_type": "code", "id": "forget", "metadata": {}, "execution_count": None, "outputs": [],
              "source": ["from tarifftalks.present import charts\n", "charts.DRAWN.clear()"]}  # fmt: skip
    nb["cells"].append(forget)
    notebook = tmp_path / "notebooks" / "renamed.ipynb"
    notebook.parent.mkdir()
    notebook.write_text(json.dumps(nb), encoding="utf-8")
    out = previous_report(tmp_path)
    from tarifftalks.build.render import render

    with pytest.raises(ReportError) as info:
        render(out_dir=out, build_dir=tmp_path / "build", notebook=notebook, progress=lambda _m: None)
    message = str(info.value)
    assert "renamed.ipynb: drawing the slide PNGs" in message and "KeyError" in message, message
    assert_untouched(out)
    assert [p.name for p in (tmp_path / "build").iterdir()] == ["executed"], "the PNG scratch folder was left"
    assert child_processes() == []


def test_a_failure_in_the_printer_is_reported_and_writes_nothing(tmp_path):
    """HTML and PDF are made in a forked printer process: its errors come back as one message, and a
    resource from the web is refused (WeasyPrint may read only data: and file: URLs)."""
    nb = json.loads((ROOT / "notebooks" / "report.ipynb").read_text(encoding="utf-8"))
    remote = {"cell_type": "code", "id": "remote", "metadata": {}, "execution_count": None, "outputs": [],
              "source": ["from IPython.display import HTML\n", "HTML('<img src=\"https://example.org/x.png\">')"]}  # fmt: skip
    nb["cells"].append(remote)
    notebook = tmp_path / "notebooks" / "remote.ipynb"
    notebook.parent.mkdir()
    notebook.write_text(json.dumps(nb), encoding="utf-8")
    out = previous_report(tmp_path)
    from tarifftalks.build.render import render

    with pytest.raises(ReportError) as info:
        render(out_dir=out, build_dir=tmp_path / "build", notebook=notebook, validate=False, progress=lambda _m: None)
    message = str(info.value)
    assert (
        message
        == 'printing the PDF: only data: and file: resources are allowed, not the web: Error fetching "https://example.org/x.png"'
    )

    assert_untouched(out)
    assert child_processes() == []


def test_the_command_line_exits_non_zero_with_one_line_and_zero_on_success(tmp_path):
    """`python -m tarifftalks` ends its process at once after writing (no interpreter teardown):
    the exit code and the messages must still come through."""
    command = [sys.executable, "-m", "tarifftalks", "report", "--out", str(tmp_path / "out"),
               "--build-dir", str(tmp_path / "build")]  # fmt: skip
    bad = subprocess.run([*command, "--as-of", "yesterday"], capture_output=True, text=True)
    assert bad.returncode == 2
    assert bad.stderr == "error: parameter as_of='yesterday': expected an ISO date YYYY-MM-DD\n"
    assert not (tmp_path / "out").exists()
    good = subprocess.run(command, capture_output=True, text=True)
    assert good.returncode == 0, good.stderr
    assert good.stdout.splitlines()[-1].startswith("wrote "), good.stdout
    assert (tmp_path / "out" / "report.pdf").read_bytes().startswith(b"%PDF")


# ---------------------------------------------------------------- safe output


def inject_markup(ws: Workspace) -> str:
    """Append a passage with markup to an article, and code a row quoting it (as a new article would)."""
    payload = "<script>alert('x')</script> & <b>bold</b>"
    path = ws.seeds / "000_a44d2b94a242b928.txt"
    path.write_bytes(path.read_bytes() + f"\nOfficials said {payload} was discussed.".encode())
    rows = ws.rows("sources")
    rows[0]["sha256"] = hashlib.sha256(path.read_bytes()).hexdigest()
    ws.write_rows("sources", rows)
    ws.append("positions", position_id="pos_markup", source_id="a000", actor="South Korea", addressed_to="United States",
              kind="stance", topic="process", security_linked="false", speaker="Officials",
              statement=f"Discussed {payload}", attribution="unnamed_official", certainty="stated",
              quote=f"Officials said {payload} was discussed.")  # fmt: skip
    return payload


def test_article_text_is_escaped_in_the_html(workspace, tmp_path):
    inject_markup(workspace)
    out = render_into(tmp_path / "out", data_dir=workspace.data, seeds_dir=workspace.seeds)
    html = (out / "report.html").read_text(encoding="utf-8")
    assert "<script>alert" not in html.lower()
    assert "<b>bold</b>" not in html
    assert "Discussed &lt;script&gt;alert('x')&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;" in html


# ---------------------------------------------------------------- reproducible


def test_same_input_gives_byte_identical_outputs(newest_report, tmp_path):
    again = render_into(tmp_path / "again")
    for name in ["report.html", "report.pdf"] + [f"charts/{p.name}" for p in (newest_report / "charts").iterdir()]:
        assert (again / name).read_bytes() == (newest_report / name).read_bytes(), name


def test_the_report_date_is_the_as_of_date_not_the_clock(newest_report):
    html = (newest_report / "report.html").read_text(encoding="utf-8")
    assert re.search(r'<meta content="2025-05-27" name="dcterms.created"/?>', html)
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(newest_report / "report.pdf")
    meta = doc.get_metadata_dict()
    doc.close()
    assert meta.get("CreationDate", "").startswith("D:20250527") or "CreationDate" not in meta, meta
    clock_year = str(__import__("datetime").date.today().year)
    assert all(clock_year not in str(v) for v in meta.values()), meta


def test_published_csv_is_the_data(newest_report):
    for path in (ROOT / "data").glob("*.csv"):
        with open(newest_report / "data" / path.name, newline="", encoding="utf-8") as fh:
            published = list(csv.reader(fh))
        with open(path, newline="", encoding="utf-8") as fh:
            assert published == list(csv.reader(fh))


def test_outputs_are_readable_like_any_new_file(newest_report):
    """Written through temporary files, yet with the mode of a plain new file (0644 under umask 022)."""
    umask = os.umask(0)
    os.umask(umask)
    outputs = [p for p in newest_report.rglob("*") if p.is_file() and "build" not in p.parts]
    assert len(outputs) > 10
    assert {p.name: stat.S_IMODE(p.stat().st_mode) for p in outputs} == {p.name: 0o666 & ~umask for p in outputs}


# ---------------------------------------------------------------- incremental builds


def test_a_row_from_a_later_article_changes_only_the_reports_that_include_it(workspace):
    from tarifftalks.build.fingerprint import fingerprint

    def prints():
        return {
            d: fingerprint(d, ["Japan", ""], workspace.data, workspace.seeds)
            for d in (None, "2025-04-16", "2025-05-27")
        }

    before = prints()
    template = workspace.rows("figures")[0]
    workspace.append("figures", **{**template, "figure_id": "f_new_a003", "source_id": "a003"})
    after = prints()
    assert after["2025-04-16"] == before["2025-04-16"]  # a003 appeared on May 27
    assert after["2025-05-27"] != before["2025-05-27"]
    assert after[None] != before[None]


def test_a_changed_parameter_changes_the_fingerprint(workspace):
    from tarifftalks.build.fingerprint import fingerprint

    assert fingerprint(None, ["Japan", ""], workspace.data, workspace.seeds) != fingerprint(
        None, ["none", ""], workspace.data, workspace.seeds
    )


# ---------------------------------------------------------------- helper processes


def test_a_printer_that_fails_before_its_work_reports_its_own_error(tmp_path, monkeypatch):
    """The printer warms up while the notebook runs; if that fails, its error (not a broken pipe) is what
    the user reads, and nothing is written."""
    from tarifftalks.build import render as render_module

    def broken_warm_up():
        raise OSError("templates missing")

    monkeypatch.setattr(render_module, "warm_up_exporter", broken_warm_up)  # the fork inherits it
    out = previous_report(tmp_path)
    with pytest.raises(ReportError) as info:
        render_module.render(out_dir=out, build_dir=tmp_path / "build", validate=False, progress=lambda _m: None)
    assert str(info.value) == "printing the report: OSError: templates missing"
    assert_untouched(out)
    assert child_processes() == []


def test_no_helper_outlives_a_runner_that_is_killed(tmp_path):
    """Killed mid-run (SIGKILL: no clean-up at all), the runner's forked printer and checker go with it."""
    import time

    command = [sys.executable, "-m", "tarifftalks", "report", "--out", str(tmp_path / "out"),
               "--build-dir", str(tmp_path / "build")]  # fmt: skip
    runner = subprocess.Popen(command, stdout=subprocess.PIPE, start_new_session=True)
    assert runner.stdout.readline().startswith(b"[1/4]")  # data loaded: the printer and checker are forked
    runner.kill()
    runner.wait()

    deadline = time.monotonic() + 10
    while live_processes("pgrp", runner.pid) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert live_processes("pgrp", runner.pid) == []
    assert not (tmp_path / "out").exists()


def test_stopping_the_kernel_from_two_threads_at_once_is_safe():
    """On a failure the runner stops the kernel while the finishing thread may be stopping it too:
    the second stop waits for the first instead of racing it inside jupyter_client."""
    import time

    from tarifftalks.build.render import Kernel

    for _ in range(3):
        kernel = Kernel(ROOT / "notebooks", warm_up="pass")
        kernel.finish_in_background("pass", "test work")
        while not kernel._stop_requested.is_set():  # the finishing thread has begun to stop the kernel
            time.sleep(0.001)
        kernel.shutdown()  # raises nothing
        kernel.join()  # nor does the finishing thread
        assert not kernel.km.is_alive()
    assert child_processes() == []


def test_relative_folders_work_from_any_directory(tmp_path, monkeypatch):
    """The kernel works in the notebook's folder: relative output and build folders must not land there."""
    from tarifftalks.build.render import render

    monkeypatch.chdir(tmp_path)
    before = sorted(p.name for p in (ROOT / "notebooks").iterdir())
    render(out_dir=Path("out"), build_dir=Path("build"), progress=lambda _m: None)
    assert (tmp_path / "out" / "report.pdf").exists()
    assert sorted(p.name for p in (tmp_path / "out" / "report" / "charts").glob("*.png"))
    assert sorted(p.name for p in (ROOT / "notebooks").iterdir()) == before


def _returns_at_once(_inbox) -> None:
    return None


def test_a_message_to_a_worker_that_has_ended_leaves_no_pipe_error_behind():
    """Its ReportError carries no BrokenPipeError as context: that error's frames hold the pickled message's
    memoryview of a BytesIO, and collected as a cycle they made an unraisable BufferError under Python 3.13."""
    from tarifftalks.build.render import Worker

    worker = Worker("the test worker", _returns_at_once)
    worker._process.join()  # it has answered and closed its end of the pipe
    try:
        with pytest.raises(ReportError, match="ended before it was given its work") as info:
            worker.send("work")
        assert info.value.__context__ is None
    finally:
        worker.stop()
