"""Safe through `make`, the way users run it: whatever fails, however the run is stopped, wherever the
checkout lives, every output of every report stays byte for byte as it was, and no process or
temporary file is left behind.

One checkout is copied to a temporary folder, with a small virtual environment of its own (links to
this one's packages, and its own editable install of the package, as `make venv` would make it).
One good `make report` there is the baseline every case compares against; the failure cases are
small and stop early where they can.
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
from conftest import ROOT

COPIED = ["Makefile", "pyproject.toml", "requirements.txt", "constraints.txt", "requirements-lab.txt",
          "src", "notebooks", "data", "seeds"]  # fmt: skip
RATE_ROW = "t_a000_kr_reciprocal,a000,United States,South Korea,all goods,reciprocal,25,"


def make_checkout(dest: Path) -> Path:
    """A checkout at dest whose .venv is tied to dest, like one made by `make venv` there."""
    dest.mkdir(parents=True)
    for name in COPIED:
        src = ROOT / name
        if src.is_dir():
            shutil.copytree(src, dest / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(src, dest / name)
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
    """`make` in a checkout, in a session of its own, with a mark in its environment that every
    process it starts inherits (the kernel too, though it starts a session of its own)."""

    def __init__(self, checkout: Path, scratch: Path, *args: str):
        self.mark = uuid.uuid4().hex
        self.tmp = scratch / f"tmp-{self.mark[:8]}"
        self.tmp.mkdir()
        env = {k: v for k, v in os.environ.items() if not k.startswith(("MAKE", "MFLAGS", "PYTHONPATH"))}
        env.update(TARIFFTALKS_TEST_RUN=self.mark, TMPDIR=str(self.tmp), JUPYTER_RUNTIME_DIR=str(self.tmp / "rt"))
        self.process = subprocess.Popen(
            ["make", "--no-print-directory", *args],
            cwd=checkout,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            start_new_session=True,
        )

    def wait_for(self, prefix: str) -> None:
        for line in self.process.stdout:
            if line.startswith(prefix):
                return
        pytest.fail(f"make ended before printing {prefix!r}: {self.process.stderr.read()}")

    def finish(self, timeout: float = 300) -> tuple[int, str, str]:
        out, err = self.process.communicate(timeout=timeout)
        return self.process.returncode, out, err

    def processes(self) -> list[int]:
        """The processes still alive that this run started (make, the runner, its helpers, the kernel)."""
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
        assert left == [], f"temporary files left: {left} {[(self.tmp / n).read_bytes()[:300] for n in left]}"


def outputs(checkout: Path) -> dict[str, object]:
    """Every entry under reports/: a link's target, a file's bytes, and when each was last written (so
    a leftover, or a file written again even with the same bytes, shows up)."""
    found: dict[str, object] = {}
    for path in sorted((checkout / "reports").rglob("*")):
        key = str(path.relative_to(checkout))
        written = path.lstat().st_mtime_ns
        if path.is_symlink():
            found[key] = ("link", os.readlink(path), written)
        elif path.is_file():
            found[key] = (path.read_bytes(), written)
    return found


def scratch_files(checkout: Path) -> list[str]:
    """What a run leaves in build/ besides Make's fingerprints and the executed notebooks."""
    return sorted(
        str(p.relative_to(checkout))
        for p in (checkout / "build").rglob("*")
        if not {"inputs", "executed"} & set(p.relative_to(checkout / "build").parts[:1])
    )


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


def test_a_bad_row_stops_before_the_render_and_keeps_every_output(baseline):
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
    assert "events.csv, row 2, field 'quote': quote is not in article a000" in err, err
    assert "Traceback" not in err
    assert "[2/4]" not in out, "the notebook ran on data known to be bad"
    assert_untouched(checkout, before, run)


def test_bad_data_the_checker_finds_stops_the_notebook_at_once(baseline):
    """A wrong enumeration value passes the quick checks and is found by the schema check running beside
    the notebook: the run must stop then, not when a slow notebook ends."""
    checkout, before, scratch = baseline
    tariffs, notebook = checkout / "data" / "tariffs.csv", checkout / "notebooks" / "report.ipynb"
    good_data, good_notebook = tariffs.read_bytes(), notebook.read_bytes()
    tariffs.write_bytes(good_data.replace(b",reciprocal,25,announced,", b",reciprocal,25,rumoured,", 1))
    nb = json.loads(good_notebook)
    slow = {"cell_type": "code", "id": "slow", "metadata": {}, "execution_count": None, "outputs": [],
            "source": ["import time\n", "time.sleep(60)"]}  # fmt: skip
    nb["cells"].insert(len(nb["cells"]) // 2, slow)
    notebook.write_text(json.dumps(nb), encoding="utf-8")
    try:
        started = time.monotonic()
        run = Run(checkout, scratch, "report")
        code, _out, err = run.finish()
        seconds = time.monotonic() - started
    finally:
        tariffs.write_bytes(good_data)
        notebook.write_bytes(good_notebook)
    assert code != 0
    assert "tariffs.csv, row 2, field 'status'" in err and "Traceback" not in err, err
    assert seconds < 40, f"the run went on for {seconds:.0f} s after the data were known to be bad"
    assert_untouched(checkout, before, run)


def test_a_read_only_output_folder_fails_with_one_line_and_keeps_every_output(baseline):
    checkout, before, scratch = baseline
    reports = checkout / "reports"
    rerender(checkout)
    if os.geteuid() == 0:  # root writes into read-only folders: make it immutable instead
        lock, unlock = ["chattr", "+i", str(reports)], ["chattr", "-i", str(reports)]
        if shutil.which("chattr") is None:  # e2fsprogs, not on a minimal Debian 13
            pytest.skip("no chattr here: as root, a folder cannot be made read-only without it")
        if subprocess.run(lock, capture_output=True).returncode != 0:
            pytest.skip("chattr cannot make the folder read-only here")
    else:
        lock, unlock = None, None
        reports.chmod(0o555)
    try:
        run = Run(checkout, scratch, "report")
        code, _out, err = run.finish()
    finally:
        subprocess.run(unlock, check=True) if unlock else reports.chmod(0o755)
    assert code != 0
    lines = [line for line in err.splitlines() if not line.startswith("make: ***")]
    assert len(lines) == 1 and lines[0].startswith("error: cannot write into "), err
    assert "Traceback" not in err
    assert_untouched(checkout, before, run)


def test_ctrl_c_mid_render_stops_everything_with_one_line_and_keeps_every_output(baseline):
    checkout, before, scratch = baseline
    rerender(checkout)
    run = Run(checkout, scratch, "report")
    run.wait_for("[1/4]")  # the kernel runs the notebook, the printer and the checker are at work
    time.sleep(0.5)
    os.killpg(run.process.pid, signal.SIGINT)  # what the terminal does on Ctrl-C: the whole foreground group
    code, _out, err = run.finish()
    assert code in (-signal.SIGINT, 130, 2), (code, err)  # make passes the interrupt on (the shell shows 130)
    lines = [line for line in err.splitlines() if not line.startswith("make: ***")]
    assert lines == ["interrupted (SIGINT): stopped, nothing written; the previous report is as it was"], err
    assert_untouched(checkout, before, run)


def test_a_killed_make_takes_the_render_with_it(baseline):
    checkout, before, scratch = baseline
    rerender(checkout)
    run = Run(checkout, scratch, "report")
    run.wait_for("[1/4]")
    os.kill(run.process.pid, signal.SIGKILL)  # make alone, no chance to pass anything on
    run.process.wait()
    run.assert_nothing_left()  # the runner stopped when make went, and stopped its helpers and kernel
    assert outputs(checkout) == before
    assert scratch_files(checkout) == []


def test_a_copied_checkout_reads_its_own_data(baseline):
    """`cp -a` of a checkout: its .venv's editable install still points at the original. The copy must
    check and render its own data (here a rate of 2500 that its quote does not hold), and leave the
    original's reports alone."""
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
    assert "data/tariffs.csv, row 2, field 'rate_pct': number 2500" in err, err  # the copy's own row
    assert_untouched(copy, before, run)
    assert outputs(checkout) == before
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    direct = subprocess.run(  # the copy's .venv used directly, without make: it must say what to do
        [str(copy / ".venv" / "bin" / "python"), "-m", "tarifftalks", "report"],
        cwd=copy, env=env, capture_output=True, text=True,
    )  # fmt: skip
    assert direct.returncode == 2
    assert direct.stderr.startswith(f"error: this command runs the tarifftalks package of {checkout},"), direct.stderr
    assert "run `make` here" in direct.stderr
    assert outputs(checkout) == before


def test_a_moved_checkout_renders_its_own_reports(baseline):
    """Moved, the checkout's .venv points at a folder that is gone; `make` still works, and a new
    parameter set lands in its own folder beside the baseline report, which stays as it was."""
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
        assert (moved / "reports" / "report-vs-none" / "data" / "sources.csv").is_file()
        second = Run(moved, scratch, "report", "COMPARATOR=none")
        code, out, err = second.finish()
        assert code == 0 and "rendering" not in out, out  # up to date: Make names the same outputs
    finally:
        moved.rename(checkout)
