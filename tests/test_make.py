"""The build's guarantees, through `make`, the way users run it, on a copy of the checkout: whatever fails and
however the run is stopped (at each stage, by a hook that pauses it there), every earlier output stays byte for byte
as it was unless the run says it replaced it, the message is one line, no process or temporary file is left; values
of make variables are used literally; `make snapshots` renders what its rows allow.

The copy's notebook is a short one (a chart function's figure restyled, a plain pyplot figure, a table), so that
each render takes a second or two: the guarantees are the build's, whatever the notebook. One good `make report`
there is the baseline every case compares against.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from conftest import ROOT, write_notebook

COPIED = ["Makefile", "pyproject.toml", "requirements.txt", "constraints.txt", "requirements-lab.txt",
          "src", "notebooks", "data", "seeds"]  # fmt: skip
RATE_ROW = "t_a000_kr_reciprocal,a000,United States,South Korea,all goods,reciprocal,25,"
INTERRUPTED = "interrupted (SIGINT): stopped, nothing written; the previous report is as it was"
SHORT_NOTEBOOK = [
    ("markdown", [], "## 1. Charts\n\nA chart of the package, restyled as README says, and a plain pyplot figure."),
    ("code", ["remove-input"], "from tarifftalks.present import charts\n\n"
     "fig = charts.bar_chart(['a', 'b'], [1.0, 2.0], [False, True], ['#0072B2'] * 2, 'A bar chart', 'units',\n"
     "                       'Sources: none')\nfig.set_label('bars')\n"
     "fig.axes[0].set_title('Restyled title')  # README's restyling\nfig"),
    ("code", ["remove-input"], "import pandas as pd\nfrom tarifftalks.present.tables import show\n\n"
     "show(pd.DataFrame({'Rate': ['**25%** [[1](#ev-x)]'], 'Status': ['in effect']}), name='rates')"),
    ("code", ["remove-input"], "import matplotlib.pyplot as plt\n\nfig, ax = plt.subplots(figsize=(4, 2))\n"
     "ax.plot([1, 2, 3], [3, 1, 2])\nax.set_title('A plain pyplot figure')\nax.set_xlabel('x')"),
    ("code", ["remove-input"], "import os, pathlib, time\n\nif os.environ.get('TEST_WAIT_IN_CELL'):  # a cell that runs on\n"
     "    pathlib.Path(os.environ['TEST_WAIT_IN_CELL']).touch()\n    time.sleep(600)"),
]  # fmt: skip


def make_checkout(dest: Path) -> Path:
    """A checkout at dest whose .venv is tied to dest, like one made by `make venv` there, with the short notebook."""
    dest.mkdir(parents=True)
    for name in COPIED:
        src = ROOT / name
        if src.is_dir():
            shutil.copytree(src, dest / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(src, dest / name)
    write_notebook(dest / "notebooks" / "report.ipynb", *SHORT_NOTEBOOK)
    venv = dest / ".venv"
    site = Path(sys.prefix) / "lib" / f"python{sys.version_info.major}.{sys.version_info.minor}" / "site-packages"
    own_site = venv / site.relative_to(sys.prefix)
    own_site.mkdir(parents=True)
    for entry in site.iterdir():
        if "tarifftalks" not in entry.name:
            (own_site / entry.name).symlink_to(entry)
    (own_site / "__editable__.tarifftalks.pth").write_text(f"{dest / 'src'}\n", encoding="utf-8")
    (venv / "bin").mkdir()
    (venv / "bin" / "python").symlink_to(Path(sys.executable).resolve())
    shutil.copy2(Path(sys.prefix) / "pyvenv.cfg", venv / "pyvenv.cfg")
    for entry in Path(sys.prefix).iterdir():  # share/ (nbconvert's templates), etc/
        if entry.is_dir() and not (venv / entry.name).exists():
            (venv / entry.name).symlink_to(entry)
    (venv / ".ready").touch()
    return dest


class Run:
    """`make` in a checkout, in a session of its own, with a mark in its environment that every process it starts
    inherits (the kernel too), its own TMPDIR and Jupyter runtime folder, and a pipe on its stdin (the pause hook)."""

    def __init__(self, checkout: Path, scratch: Path, *args: str, pause: str | None = None, env: dict | None = None):
        self.mark = uuid.uuid4().hex
        self.tmp = scratch / f"tmp-{self.mark[:8]}"
        self.tmp.mkdir()
        environ = {k: v for k, v in os.environ.items() if not k.startswith(("MAKE", "MFLAGS", "PYTHONPATH"))}
        environ.update(TARIFFTALKS_TEST_RUN=self.mark, TMPDIR=str(self.tmp), JUPYTER_RUNTIME_DIR=str(self.tmp / "rt"))
        environ.update(env or {})
        if pause:
            environ["TARIFFTALKS_PAUSE_AT"] = pause
        self.process = subprocess.Popen(
            ["make", "--no-print-directory", *args], cwd=checkout, env=environ, text=True, start_new_session=True,
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        )  # fmt: skip
        self.seen: list[str] = []

    def wait_for(self, prefix: str) -> None:
        for line in self.process.stdout:
            self.seen.append(line)
            if line.startswith(prefix):
                return
        pytest.fail(f"make ended before printing {prefix!r}: {''.join(self.seen)} {self.process.stderr.read()}")

    def go_on(self) -> None:
        """Let a paused run continue."""
        self.process.stdin.write("\n")
        self.process.stdin.flush()

    def finish(self, timeout: float = 300) -> tuple[int, str, str]:
        out, err = self.process.communicate(timeout=timeout)
        return self.process.returncode, "".join(self.seen) + out, err

    def processes(self) -> list[int]:
        """The processes still alive that this run started (make, the build, the kernel)."""
        found = []
        for proc in Path("/proc").iterdir():
            try:
                if proc.name.isdigit() and self.mark.encode() in (proc / "environ").read_bytes():
                    found.append(int(proc.name))
            except OSError:
                continue
        return found

    def assert_nothing_left(self, timeout: float = 15) -> None:
        deadline = time.monotonic() + timeout
        while self.processes() and time.monotonic() < deadline:
            time.sleep(0.1)
        assert self.processes() == [], "a process of the run outlived it"
        left = [str(p.relative_to(self.tmp)) for p in self.tmp.rglob("*") if p.is_file()]
        assert left == [], f"temporary files left: {left}"


def outputs(checkout: Path) -> dict[str, object]:
    """Every entry under reports/, and the executed notebooks in build/executed/ (kept with the report they made):
    a link's target, a file's bytes, and when each was last written (so a leftover, or a file written again even
    with the same bytes, shows up)."""
    found: dict[str, object] = {}
    for path in sorted([*(checkout / "reports").rglob("*"), *(checkout / "build" / "executed").glob("*")]):
        key = str(path.relative_to(checkout))
        written = path.lstat().st_mtime_ns
        if path.is_symlink():
            found[key] = ("link", os.readlink(path), written)
        elif path.is_file():
            found[key] = (path.read_bytes(), written)
    return found


def report_files(checkout: Path) -> dict[str, bytes]:
    """The report's files as a reader sees them, through the link reports/report."""
    folder = checkout / "reports" / "report"
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def scratch_files(checkout: Path) -> list[str]:
    """What a run leaves in build/ besides the fingerprints and the executed notebooks."""
    return sorted(
        str(p.relative_to(checkout))
        for p in (checkout / "build").rglob("*")
        if not {"inputs", "executed"} & set(p.relative_to(checkout / "build").parts[:1])
        or p.name.startswith(".")  # a hidden file in executed/ is a run's unfinished copy
    )


def error_lines(err: str) -> list[str]:
    """What the run said on stderr, without Make's own '***' line."""
    return [line for line in err.splitlines() if not line.startswith("make: ***")]


@pytest.fixture(scope="module")
def baseline(tmp_path_factory):
    """One checkout with one good report: (checkout, its outputs, a scratch folder)."""
    scratch = tmp_path_factory.mktemp("make")
    checkout = make_checkout(scratch / "checkout")
    run = Run(checkout, scratch, "report")
    code, out, err = run.finish()
    assert code == 0, out + err
    run.assert_nothing_left()
    before = outputs(checkout)
    assert len(before) > 10
    return checkout, before, scratch


def rerender(checkout: Path) -> None:
    """Make the next `make report` render again, though the inputs are the same."""
    (checkout / "build" / "inputs" / "report.sha").unlink(missing_ok=True)


def assert_untouched(checkout: Path, before: dict, run: Run) -> None:
    run.assert_nothing_left()
    assert outputs(checkout) == before, "an output changed, or something was left in reports/"
    assert scratch_files(checkout) == [], "a temporary file was left in build/"


# ---------------------------------------------------------------- what the build writes


def test_every_figure_the_notebook_shows_is_saved_as_svg_and_png_named_from_it(baseline):
    checkout, _before, _scratch = baseline
    charts = checkout / "reports" / "report" / "charts"
    assert sorted(p.name for p in charts.iterdir()) == [
        "a-plain-pyplot-figure.png", "a-plain-pyplot-figure.svg", "bars.png", "bars.svg",
    ]  # fmt: skip
    svg = (charts / "bars.svg").read_text(encoding="utf-8")
    assert "Restyled title" in svg and "A bar chart" not in svg  # the title replaced, not drawn over
    executed = json.loads((checkout / "build" / "executed" / "report.ipynb").read_text(encoding="utf-8"))
    figures = [o for c in executed["cells"] for o in c.get("outputs", []) if "image/png" in o.get("data", {})]
    assert len(figures) == 2 and all("image/svg+xml" in o["data"] for o in figures)  # shows in an untrusted notebook
    html = (checkout / "reports" / "report" / "report.html").read_text(encoding="utf-8")
    assert 'alt="Chart: A plain pyplot figure"' in html and "data:image/png" not in html


def test_a_second_make_report_does_nothing_and_removes_what_a_killed_run_left(baseline):
    checkout, before, scratch = baseline
    left = checkout / "reports" / ".report.999999999.half"  # no such process: a folder a killed run half removed
    (left / "charts").mkdir(parents=True)
    (left / "charts" / "x.svg").write_text("<svg/>", encoding="utf-8")
    run = Run(checkout, scratch, "report")
    code, out, err = run.finish()
    assert (code, out, err) == (0, "reports/report/ is up to date\n", "")
    assert not left.exists()
    assert_untouched(checkout, before, run)


# ---------------------------------------------------------------- failures and interrupts


def test_a_bad_row_stops_before_the_render_with_one_line_and_keeps_every_output(baseline):
    checkout, before, scratch = baseline
    events = checkout / "data" / "events.csv"
    good = events.read_bytes()
    events.write_bytes(good.replace(b"Embarking on a two-day trip", b"Embarking on a three-day trip", 1))
    try:
        run = Run(checkout, scratch, "report")
        code, out, err = run.finish()
    finally:
        events.write_bytes(good)
    assert code != 0
    assert error_lines(err)[0].startswith("error: ") and "Traceback" not in err
    assert "data/events.csv, row 2, field 'quote': quote is not in article a000" in err, err
    assert "[2/4]" not in out, "the notebook ran on data known to be bad"
    assert_untouched(checkout, before, run)


@pytest.mark.parametrize("stage", ["execute", "export", "swap"])
def test_ctrl_c_at_any_stage_before_the_swap_replaces_nothing_and_says_so(baseline, stage):
    checkout, before, scratch = baseline
    rerender(checkout)
    run = Run(checkout, scratch, "report", pause=stage)
    run.wait_for(f"paused before {stage}")
    os.killpg(run.process.pid, signal.SIGINT)  # what the terminal does on Ctrl-C: the whole foreground group
    code, _out, err = run.finish()
    assert code in (-signal.SIGINT, 130, 2), (code, err)
    assert error_lines(err) == [INTERRUPTED], err
    assert_untouched(checkout, before, run)


def test_a_table_saved_during_the_run_is_not_published_unchecked(baseline):
    """A table changed after the checks (an editor saving it mid-run): the run stops before the swap, says so."""
    checkout, before, scratch = baseline
    rerender(checkout)
    events = checkout / "data" / "events.csv"
    good = events.read_bytes()
    run = Run(checkout, scratch, "report", pause="swap")
    try:
        run.wait_for("paused before swap")
        events.write_bytes(good.replace(b"scheduled", b"cancelled", 1))  # not what was checked
        run.go_on()
        code, _out, err = run.finish()
    finally:
        events.write_bytes(good)
    assert code != 0
    assert error_lines(err) == ["error: data/ or seeds/ changed while the report was being made, after the "
                                "checks: nothing replaced; run it again"], err  # fmt: skip
    assert_untouched(checkout, before, run)


def test_ctrl_c_while_a_cell_runs_stops_the_kernel_replaces_nothing_and_says_so(baseline):
    checkout, before, scratch = baseline
    rerender(checkout)
    started = scratch / "cell-started"
    run = Run(checkout, scratch, "report", env={"TEST_WAIT_IN_CELL": str(started)})
    while not started.exists() and run.process.poll() is None:  # waits for the cell, not for a time
        time.sleep(0.05)
    os.killpg(run.process.pid, signal.SIGINT)
    code, _out, err = run.finish()
    assert code in (-signal.SIGINT, 130, 2), (code, err)
    assert error_lines(err) == [INTERRUPTED], err
    assert_untouched(checkout, before, run)


def test_ctrl_c_once_the_new_report_is_swapped_in_is_ignored_and_the_run_says_it_replaced_it(baseline):
    checkout, before, scratch = baseline
    files = report_files(checkout)
    rerender(checkout)
    run = Run(checkout, scratch, "report", pause="clean")
    run.wait_for("paused before clean")
    os.killpg(run.process.pid, signal.SIGINT)
    run.go_on()
    _code, out, err = run.finish()
    assert "[4/4] wrote reports/report/" in out and "interrupted" not in err, out + err
    run.assert_nothing_left()
    after = outputs(checkout)
    assert after["reports/report"] != before["reports/report"]  # the link points at the new folder
    assert report_files(checkout) == files  # the same inputs, the same bytes
    assert len([p for p in (checkout / "reports").iterdir() if p.name.startswith(".report.")]) == 1
    before.clear()
    before.update(after)  # the new baseline for the cases that follow


@pytest.mark.parametrize("stage", ["clean"])  # before the swap it is as a Ctrl-C there, with the folder left over
def test_a_build_killed_outright_at_the_swap_leaves_one_whole_report_and_the_next_run_tidies_up(baseline, stage):
    checkout, before, scratch = baseline
    files = report_files(checkout)
    recorded = (checkout / "build" / "inputs" / "report.sha").read_text(encoding="utf-8")
    rerender(checkout)
    run = Run(checkout, scratch, "report", pause=stage)
    run.wait_for(f"paused before {stage}")
    build = [
        p
        for p in run.processes()
        if Path(f"/proc/{p}/cmdline").read_bytes().split(b"\0")[1:3] == [b"-m", b"tarifftalks"]
    ]
    assert len(build) == 1, "the build's process"
    os.kill(build[0], signal.SIGKILL)  # its kernel has stopped already
    run.finish()
    run.assert_nothing_left()
    assert len([p for p in (checkout / "reports").iterdir() if p.name.startswith(".report.")]) == 2
    assert (outputs(checkout)["reports/report"] != before["reports/report"]) == (stage == "clean")  # swapped or not
    assert report_files(checkout) == files  # one whole report (the same inputs give the same bytes)
    (checkout / "build" / "inputs" / "report.sha").write_text(recorded, encoding="utf-8")  # the inputs as they were
    second = Run(checkout, scratch, "report")
    code, out, err = second.finish()
    assert (code, out) == (0, "reports/report/ is up to date\n"), out + err  # nothing to render, and yet:
    assert len([p for p in (checkout / "reports").iterdir() if p.name.startswith(".report.")]) == 1
    before.clear()
    before.update(outputs(checkout))


def full_folder(checkout: Path, scratch: Path, folder: str, *make_args: str) -> subprocess.CompletedProcess:
    """Run make with `folder` of the checkout on a small file system of its own, holding a copy of what was there
    and little room beside it (a mount namespace of its own: nothing outside it sees the mount)."""
    kept = scratch / f"kept-{folder}"
    shutil.rmtree(kept, ignore_errors=True)
    shutil.copytree(checkout / folder, kept, symlinks=True)
    size = sum(p.lstat().st_size for p in kept.rglob("*")) + 96 * 1024
    script = (
        f'mount -t tmpfs -o size={size} tmpfs "{folder}" && cp -a "{kept}/." "{folder}/" && '
        f"make --no-print-directory {' '.join(make_args)}; code=$?; "
        f'diff -r --no-dereference "{kept}" "{folder}" >&2 && echo same; exit $code'
    )
    unshare = ["unshare", "--mount"] if os.geteuid() == 0 else ["unshare", "--map-root-user", "--mount"]
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MAKE", "MFLAGS", "PYTHONPATH"))}
    return subprocess.run([*unshare, "sh", "-c", script], cwd=checkout, env=env, capture_output=True, text=True)


@pytest.mark.parametrize("folder", ["reports", "build"])
def test_a_full_disk_stops_the_run_with_one_line_and_keeps_every_output(baseline, folder):
    checkout, before, scratch = baseline
    probe = subprocess.run(["unshare", "--mount", "true"] if os.geteuid() == 0 else
                           ["unshare", "--map-root-user", "--mount", "true"], capture_output=True)  # fmt: skip
    if probe.returncode != 0:
        pytest.skip(f"no mount namespace here, so no small file system to fill: {probe.stderr.decode().strip()}")
    rerender(checkout)
    done = full_folder(checkout, scratch, folder, "report")
    assert done.returncode != 0
    lines = error_lines(done.stderr)
    assert len(lines) == 1 and lines[0].startswith(f"error: cannot write into {folder}"), done.stderr
    assert lines[0].endswith(": No space left on device"), lines
    assert done.stdout.endswith("same\n"), "the folder changed"
    assert outputs(checkout) == before


# ---------------------------------------------------------------- checkouts


def test_a_copied_checkout_reads_its_own_data(baseline):
    """`cp -a` of a checkout: its .venv's editable install still points at the original. The copy must check
    its own data (here a rate of 2500 that its quote does not hold) and leave the original's reports alone."""
    checkout, before, scratch = baseline
    copy = scratch / "copy"
    subprocess.run(["cp", "-a", str(checkout), str(copy)], check=True)
    tariffs = copy / "data" / "tariffs.csv"
    text = tariffs.read_text(encoding="utf-8")
    assert RATE_ROW in text
    tariffs.write_text(text.replace(RATE_ROW, RATE_ROW.replace(",25,", ",2500,")), encoding="utf-8")
    run = Run(copy, scratch, "report")
    code, _out, err = run.finish()
    assert code != 0
    assert "data/tariffs.csv, row 2, field 'rate_pct'" in err and "2500" in err, err  # the copy's own row
    assert_untouched(copy, before, run)
    assert outputs(checkout) == before
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    direct = subprocess.run(  # the copy's .venv used directly, without make: it must say what to do
        [str(copy / ".venv" / "bin" / "python"), "-m", "tarifftalks", "report"],
        cwd=copy, env=env, capture_output=True, text=True,
    )  # fmt: skip
    assert direct.returncode == 2
    assert direct.stderr.startswith(f"error: this command runs the tarifftalks package of {checkout},"), direct.stderr
    assert outputs(checkout) == before


def test_a_moved_checkout_renders_its_own_reports(baseline):
    """Moved, the checkout's .venv points at a folder that is gone; `make` still works, and a new parameter set
    lands in its own folder beside the baseline report, which stays as it was."""
    checkout, before, scratch = baseline
    moved = scratch / "moved"
    checkout.rename(moved)
    try:
        run = Run(moved, scratch, "report", "COMPARATOR=none")
        code, out, err = run.finish()
        assert code == 0, out + err
        run.assert_nothing_left()
        after = outputs(moved)
        assert {k: v for k, v in after.items() if k in before} == before
        assert (moved / "reports" / "report-vs-none.pdf").read_bytes().startswith(b"%PDF")
        second = Run(moved, scratch, "report", "COMPARATOR=none")
        code, out, err = second.finish()
        assert (code, out) == (0, "reports/report-vs-none/ is up to date\n"), out + err
    finally:
        moved.rename(checkout)
    before.update(outputs(checkout))  # the new report is part of the baseline from now on


# ---------------------------------------------------------------- values of make variables

ATTACK = "x'; rm -f CANARY; echo ' \"; rm -f CANARY; \" $(rm -f CANARY) `rm -f CANARY` $(shell rm -f CANARY) $$HOME"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["report", f"AS_OF={ATTACK}"], "error: parameter as_of="),
        (["report", f"SINCE={ATTACK}"], "error: parameter since="),
        (["report", f"COMPARATOR={ATTACK}"], "error: parameter comparator="),
        (["report", "COMPARATOR=Cote d'Ivoire"], 'error: parameter comparator="Cote d\'Ivoire": expected one of '),
        (
            ["report", f"COMPARATOR={'x' * 300}"],
            "error: parameter comparator='xxxxxxxxxxxxxxxxxxxx…': expected at most 60 characters (it has 300)",
        ),
        (["candidates", f"FILE={ATTACK}"], "error: x'; rm -f CANARY; echo '"),
        (["candidates", "FILE=seeds/no such article.txt"], "error: seeds/no such article.txt: cannot read the article"),
        (["lab", f"PORT={ATTACK}"], "error: PORT=x'; rm -f CANARY;"),
        (["lab", "PORT=99999"], "error: PORT=99999: expected a port number from 1 to 65535"),
        (["python-check", f"PYTHON={ATTACK}"], "error: no x'; rm -f CANARY;"),
        (["snapshots", f"COMPARATOR={ATTACK}"], "error: parameter comparator="),  # once, not once per snapshot
    ],
    ids=[
        "as_of",
        "since",
        "comparator",
        "apostrophe",
        "long",
        "file",
        "file-with-space",
        "port",
        "port-range",
        "python",
        "snapshots",
    ],
)
def test_a_make_variable_is_used_literally_or_refused_with_one_line(baseline, args, message):
    checkout, before, scratch = baseline
    canary = checkout / "CANARY"
    canary.write_text("still here", encoding="utf-8")
    try:
        run = Run(checkout, scratch, *args)
        code, _out, err = run.finish()
        assert canary.exists(), "a shell ran part of a value"
    finally:
        canary.unlink(missing_ok=True)
    assert code != 0
    lines = error_lines(err)
    assert len(lines) == 1 and lines[0].startswith(message), err
    assert_untouched(checkout, before, run)


def test_values_are_not_run_while_make_reads_the_makefile(baseline):
    checkout, _before, scratch = baseline
    canary = checkout / "CANARY"
    canary.write_text("still here", encoding="utf-8")
    try:
        values = [f"{name}={ATTACK}" for name in ("AS_OF", "SINCE", "COMPARATOR", "FILE", "PORT", "PYTHON")]
        run = Run(checkout, scratch, "-n", "report", *values)
        code, _out, err = run.finish()
        assert canary.exists(), "a value ran while Make read the Makefile"
    finally:
        canary.unlink(missing_ok=True)
    assert code == 0, err


# ---------------------------------------------------------------- the rest of the set-up


def test_ctrl_c_during_the_system_check_installs_nothing_and_says_so_in_one_line(baseline, tmp_path):
    """The check of the Debian packages is interrupted (here while `ldconfig` runs): no apt-get, one line."""
    checkout, _before, scratch = baseline
    stubs = tmp_path / "bin"
    stubs.mkdir()
    started = tmp_path / "ldconfig-started"
    (stubs / "ldconfig").write_text(f"#!/bin/sh\ntouch {started}\nread line\n", encoding="utf-8")
    (stubs / "apt-get").write_text(f"#!/bin/sh\ntouch {tmp_path / 'apt-get-ran'}\n", encoding="utf-8")
    (stubs / "id").write_text("#!/bin/sh\necho 0\n", encoding="utf-8")  # as root, the check would install
    for stub in stubs.iterdir():
        stub.chmod(0o755)
    run = Run(checkout, scratch, "system-deps", env={"PATH": f"{stubs}:{os.environ['PATH']}"})
    while not started.exists() and run.process.poll() is None:  # waits for the check, not for a time
        time.sleep(0.05)
    os.killpg(run.process.pid, signal.SIGINT)
    code, _out, err = run.finish()
    assert code in (-signal.SIGINT, 130, 2), (code, err)
    assert error_lines(err) == ["interrupted: stopped before anything was installed"], err
    assert not (tmp_path / "apt-get-ran").exists()


def test_a_header_with_an_empty_column_name_is_one_line_not_a_traceback(baseline):
    checkout, before, scratch = baseline
    events = checkout / "data" / "events.csv"
    good = events.read_bytes()
    lines = good.split(b"\n")
    events.write_bytes(b"\n".join([lines[0] + b",", *lines[1:]]))
    try:
        run = Run(checkout, scratch, "report")
        code, _out, err = run.finish()
    finally:
        events.write_bytes(good)
    assert code != 0 and "Traceback" not in err
    assert len(error_lines(err)) == 1 and error_lines(err)[0].startswith("error: data/events.csv, row 1"), err
    assert_untouched(checkout, before, run)


def test_snapshots_render_what_their_own_rows_allow_and_sum_up_in_one_line(baseline):
    """Two articles, and bad rows in the newer, one of which does not even load (a word for a number): the earlier
    snapshot renders, though a row of its own refers to an event of the newer article; the newer fails."""
    from tarifftalks.build.publish import csv_in_scope

    checkout, before, scratch = baseline
    kept = {p: p.read_bytes() for p in (checkout / "data").glob("*.csv")}
    for path, text in kept.items():
        path.write_text(csv_in_scope(text.decode("utf-8"), {"a000", "a004"}), encoding="utf-8")
    people = checkout / "data" / "people.csv"
    text = people.read_text(encoding="utf-8")
    bad = next(line for line in text.splitlines() if line.startswith("p_a004_choi,"))
    people.write_text(text.replace(bad, bad.split(",")[0] + ",a004,Choi Sang-mok,South Korea,Finance Minister,,"
                                   "delegation lead,Choi said the deal is done."), encoding="utf-8")  # fmt: skip
    figures = checkout / "data" / "figures.csv"
    figures.write_text(figures.read_text(encoding="utf-8").replace(",ministers per side,2,", ",ministers per side,two,"),
                       encoding="utf-8")  # fmt: skip
    positions = (checkout / "data" / "positions.csv").read_text(encoding="utf-8")
    assert any(line.startswith("pos_a000_") and ",kr-presidential-election," in line for line in positions.splitlines())
    try:
        run = Run(checkout, scratch, "snapshots", "COMPARATOR=none")  # Japan: not in these two articles
        code, _out, err = run.finish()
    finally:
        for path, data in kept.items():
            path.write_bytes(data)
    assert code != 0
    lines = error_lines(err)
    assert lines[-1] == "snapshots: 1 of 2 rendered or up to date; failed: 2025-04-23 (their errors are above)", err
    assert "data/figures.csv, row 8, field 'value': expected a number" in err  # the first problem, named
    assert (checkout / "reports" / "report-2025-04-08-vs-none" / "report-2025-04-08-vs-none.pdf").is_file()
    run.assert_nothing_left()
    assert {k: v for k, v in outputs(checkout).items() if k in before} == before
