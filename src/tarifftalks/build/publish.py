"""Where a report's outputs land, and how they replace the previous ones all at once.

Kept free of heavy imports: Make's fingerprint uses `output_stem` and `rows_in_scope` too.

Each parameter set has its own name, `output_stem`: `report` (as of the newest article), then
`-<as_of>`, `-vs-<comparator>` (unless Japan) and `-since-<date>` as given. Every output of one
report lives in one folder, `reports/<stem>/`: `<stem>.html`, `<stem>.pdf`, `charts/` (SVG and PNG)
and `data/` (the rows that report used, with their schema). See `Staging` for how that folder is
replaced.
"""

from __future__ import annotations

import csv
import json
import os
import re
import shutil
import signal
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from tarifftalks.errors import ReportError

DEFAULT_COMPARATOR = "japan"


def slug(value: object) -> str:
    """Lower case, runs of anything but letters and digits as one '-' (the Makefile does the same)."""
    return re.sub(r"[^a-z0-9]+", "-", str(value).lower()).strip("-")


def output_stem(as_of: object = None, comparator: object = None, since: object = None) -> str:
    """The name of one parameter set's outputs, from the parameters as given: no two sets share one."""
    stem = "report"
    if as_of not in (None, ""):
        stem += f"-{slug(as_of)}"
    if comparator not in (None, "") and slug(comparator) != DEFAULT_COMPARATOR:
        stem += f"-vs-{slug(comparator)}"
    if since not in (None, ""):
        stem += f"-since-{slug(since)}"
    return stem


# ---------------------------------------------------------------- the rows in a report's scope


def sources_in_scope(sources: list[dict], as_of: str | None) -> set[str]:
    """The ids of the articles published on or before as_of (None: all of them)."""
    cutoff = as_of or max((s.get("published", "") for s in sources), default="")
    return {s.get("source_id", "") for s in sources if s.get("published", "") <= cutoff}


def rows_in_scope(rows: list[dict], included: set[str]) -> list[dict]:
    """The rows of a table that come from an article in scope (sources.csv: the articles themselves)."""
    return [r for r in rows if r.get("source_id") in included]


def read_rows(path: Path) -> list[dict]:
    with open(path, newline="", encoding="utf-8", errors="replace") as fh:
        return list(csv.DictReader(fh))


def records(text: str) -> Iterator[tuple[dict, str]]:
    """Each row of a CSV text with its own text, byte for byte (a quoted field may span lines)."""
    lines = text.splitlines(keepends=True)
    reader = csv.DictReader(lines)
    first = 1  # the header's line
    for row in reader:
        yield row, "".join(lines[first : reader.line_num])
        first = reader.line_num


def csv_in_scope(text: str, included: set[str], dated_by: str | None = None, cutoff: str = "") -> str:
    """The header and the rows of the articles in scope, each as written in the source file; a table of no
    article (the analyst's judgements) keeps the rows its `x-scope-date` column dates up to the cutoff."""
    header = text.splitlines(keepends=True)[:1]
    if dated_by:
        return "".join(header + [raw for row, raw in records(text) if row.get(dated_by, "") <= cutoff])
    return "".join(header + [raw for row, raw in records(text) if row.get("source_id") in included])


def publish_data(data_dir: Path, target: Path, as_of: str) -> None:
    """The tables behind one report, holding only the rows of articles published up to as_of (each
    as written in data/), with their schema and description: a snapshot publishes nothing from a
    later article."""
    data_dir = Path(data_dir)
    package = json.loads((data_dir / "datapackage.json").read_text(encoding="utf-8"))
    sources = read_rows(data_dir / "sources.csv")
    included = sources_in_scope(sources, as_of)
    cutoff = as_of or max((s.get("published", "") for s in sources), default="")
    target.mkdir(parents=True, exist_ok=True)
    for resource in package["resources"]:
        text = (data_dir / resource["path"]).read_text(encoding="utf-8")
        write_file(target / resource["path"], csv_in_scope(text, included, resource.get("x-scope-date"), cutoff))
    for name in ("datapackage.json", "README.md"):
        if (data_dir / name).exists():
            write_file(target / name, (data_dir / name).read_bytes())


# ---------------------------------------------------------------- writing and swapping


def umask() -> int:
    """This process's umask, read from /proc where Linux shows it; setting and restoring it would race
    with other threads."""
    try:
        status = Path("/proc/self/status").read_text(encoding="ascii")
        return int(re.search(r"^Umask:\s*([0-7]+)", status, re.M).group(1), 8)
    except (OSError, AttributeError):
        mask = os.umask(0)
        os.umask(mask)
        return mask


def file_mode() -> int:
    """The mode a plain new file gets here (0644 under the usual umask 022)."""
    return 0o666 & ~umask()


def write_file(path: Path, data: bytes | str) -> None:
    """Write a new file inside a staging folder, with the usual mode of a new file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    os.chmod(path, file_mode())


def write_atomic(path: Path, data: bytes | str) -> None:
    """Write to a temporary file beside `path`, then rename it over `path`. The file gets the usual
    mode of a new file (mkstemp's own 0600 would make a shared report unreadable to others)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        os.fchmod(fd, file_mode())
        with os.fdopen(fd, "wb") as fh:
            fh.write(data.encode("utf-8") if isinstance(data, str) else data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def replace_link(link: Path, target: str) -> None:
    """Point `link` at `target` in one step: a new link beside it, renamed over it."""
    tmp = link.with_name(f".{link.name}.link-{os.getpid()}")
    tmp.unlink(missing_ok=True)
    os.symlink(target, tmp)
    try:
        os.replace(tmp, link)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


@contextmanager
def signals_held() -> Iterator[None]:
    """Hold Ctrl-C and SIGTERM back for a few system calls; they arrive once the block is done."""
    held = {signal.SIGINT, signal.SIGTERM}
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, held)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


class Staging:
    """All outputs of one report, swapped in together, only after everything succeeded.

    Several files cannot be renamed at once, but one symbolic link can be replaced by another in a
    single rename (atomic on POSIX). So each report's files live in a hidden folder of their own,
    `reports/.<stem>.<pid>.<random>/`, and `reports/<stem>` is a relative link to the current one.
    A run writes every output into a new folder (`path`); `commit` then renames a new link over
    `reports/<stem>`, and removes the previous folder. Until that rename, the link points at the
    previous set, whatever fails or however the run is stopped; after it, at the new set: a reader
    never sees a mixture. A run that does not commit removes its folder; a folder left by a run
    killed outright (its process gone) is removed by the next run of the same report. The handy
    `reports/<stem>.html` and `.pdf` are fixed links through `reports/<stem>`, so they follow it.
    """

    def __init__(self, out_dir: Path, stem: str):
        self.out_dir = Path(out_dir)
        self.stem = stem
        self.link = self.out_dir / stem
        try:
            self.out_dir.mkdir(parents=True, exist_ok=True)
            self._remove_abandoned()
            self.path = Path(tempfile.mkdtemp(prefix=f".{stem}.{os.getpid()}.", dir=self.out_dir))
            os.chmod(self.path, 0o777 & ~umask())  # a plain new folder's mode, not mkdtemp's 0700
        except OSError as exc:
            raise ReportError(f"cannot write into {self.out_dir}: {exc.strerror or exc}") from None
        self.committed = False

    def _folders(self) -> Iterator[tuple[Path, int]]:
        """This report's output folders, with the id of the process that wrote each."""
        for path in self.out_dir.glob(f".{self.stem}.*.*"):
            pid = path.name[len(self.stem) + 2 :].split(".")[0]
            if path.is_dir() and not path.is_symlink() and pid.isdigit():
                yield path, int(pid)

    def _remove_abandoned(self) -> None:
        current = self.current()
        for path, pid in self._folders():
            if path != current and not alive(pid):
                shutil.rmtree(path, ignore_errors=True)

    def current(self) -> Path | None:
        """The folder `reports/<stem>` points at now, if any."""
        return self.link.resolve() if self.link.is_symlink() else None

    def commit(self) -> None:
        """Make the staged folder the report's outputs, in one rename, then drop the previous one."""
        if self.link.exists() and not self.link.is_symlink():
            raise ReportError(f"{self.link} is a folder of its own, not the link this project keeps: move it away")
        previous = self.current()
        try:
            with signals_held():
                replace_link(self.link, self.path.name)
                self.committed = True
        except OSError as exc:
            raise ReportError(f"cannot write into {self.out_dir}: {exc.strerror or exc}") from None
        for ext in ("html", "pdf"):
            handy = self.out_dir / f"{self.stem}.{ext}"
            target = f"{self.stem}/{self.stem}.{ext}"
            if not (handy.is_symlink() and os.readlink(handy) == target):
                with suppress(OSError):  # a convenience only: the report itself is in place
                    replace_link(handy, target)
        if previous is not None and previous != self.path.resolve() and previous.parent == self.out_dir.resolve():
            shutil.rmtree(previous, ignore_errors=True)

    def discard(self) -> None:
        """Remove the staged folder unless it was committed."""
        if not self.committed:
            shutil.rmtree(self.path, ignore_errors=True)


def alive(pid: int) -> bool:
    """Whether a process with this id exists (this one counts)."""
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
