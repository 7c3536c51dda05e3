"""Where a report's outputs land, the rows in its scope, and how its outputs replace the previous ones at once.

Kept free of heavy imports: the no-op `make report` (fingerprint) uses it too.

Each parameter set has its own name, `output_stem`: `report` (as of the newest article), then `-<as_of>`,
`-vs-<comparator>` (unless Japan) and `-since-<date>` as given. Every output of one report lives in one folder,
`reports/<stem>/`: `<stem>.html`, `<stem>.pdf`, `charts/` (SVG and PNG) and `data/` (the rows that report used,
with their schema). See `Staging` for how that folder is replaced.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import signal
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from tarifftalks.errors import ParameterError, ReportError

DEFAULT_COMPARATOR = "japan"
MAX_PARAMETER = 60  # characters of a parameter in a file name (a longer one makes names the system refuses)


def slug(value: object) -> str:
    """Lower case, runs of anything but letters and digits as one '-'."""
    return re.sub(r"[^a-z0-9]+", "-", str(value).lower()).strip("-")


def output_stem(as_of: object = None, comparator: object = None, since: object = None) -> str:
    """The name of one parameter set's outputs, from the parameters as given: no two sets share one."""
    for name, value in (("as_of", as_of), ("comparator", comparator), ("since", since)):
        if value is not None and len(str(value)) > MAX_PARAMETER:
            shown, length = f"{str(value)[:20]}…", len(str(value))
            raise ParameterError(name, shown, f"at most {MAX_PARAMETER} characters (it has {length})")
    stem = "report"
    if as_of not in (None, ""):
        stem += f"-{slug(as_of)}"
    if comparator not in (None, "") and slug(comparator) != DEFAULT_COMPARATOR:
        stem += f"-vs-{slug(comparator)}"
    if since not in (None, ""):
        stem += f"-since-{slug(since)}"
    return stem


# ---------------------------------------------------------------- the rows in a report's scope


def read_rows(path: Path) -> list[dict]:
    with open(path, newline="", encoding="utf-8", errors="replace") as fh:
        return list(csv.DictReader(fh))


def sources_in_scope(sources: list[dict], as_of: str | None) -> set[str]:
    """The ids of the articles published on or before as_of (None: all of them)."""
    cutoff = as_of or max((s.get("published") or "" for s in sources), default="")
    return {s.get("source_id") or "" for s in sources if (s.get("published") or "") <= cutoff}


def records(text: str) -> Iterator[tuple[dict, str]]:
    """Each row of a CSV text with its own text, byte for byte (a quoted field may span lines)."""
    for row, raw, _line in numbered_records(text):
        yield row, raw


def numbered_records(text: str) -> Iterator[tuple[dict, str, int]]:
    """Each row of a CSV text with its own text and the line it starts on (the header is line 1)."""
    lines = text.splitlines(keepends=True)
    reader = csv.DictReader(lines)
    first = 1  # the header's line
    for row in reader:
        yield row, "".join(lines[first : reader.line_num]), first + 1
        first = reader.line_num


def csv_in_scope(text: str, included: set[str], dated_by: str | None = None, cutoff: str = "") -> str:
    """The header and the rows of the articles in scope, each as written in the source file; a table of no
    article (the analyst's judgements) keeps the rows its `x-scope-date` column dates up to the cutoff."""
    header = text.splitlines(keepends=True)[:1]
    if dated_by:
        return "".join(header + [raw for row, raw in records(text) if row.get(dated_by, "") <= cutoff])
    return "".join(header + [raw for row, raw in records(text) if row.get("source_id") in included])


def later_articles(data_dir: Path, as_of: str | None) -> set[str]:
    """The ids of the articles published after as_of (none when as_of is not given)."""
    if not as_of:
        return set()
    return {s.get("source_id") or "" for s in read_rows(data_dir / "sources.csv") if (s.get("published") or "") > as_of}


def later_rows(data_dir: Path, as_of: str | None) -> dict[str, set[int]]:
    """For each fact table (by file name), the lines where rows of articles published after as_of start."""
    later = later_articles(data_dir, as_of)
    package = json.loads((data_dir / "datapackage.json").read_text(encoding="utf-8"))
    found: dict[str, set[int]] = {}
    for resource in package["resources"]:
        if resource["name"] != "sources" and later:
            text = (data_dir / resource["path"]).read_text(encoding="utf-8", errors="replace")
            found[Path(resource["path"]).name] = {
                n for row, _, n in numbered_records(text) if row.get("source_id") in later
            }
    return found


def copy_without_rows(data_dir: Path, target: Path, rows: dict[str, set[int]]) -> None:
    """The fact base with the given rows (by file name, the lines where they start) replaced by as many empty lines,
    so that every other row keeps its line number and errors name the rows of data/; the schema and every other
    row as they are."""
    package = json.loads((data_dir / "datapackage.json").read_text(encoding="utf-8"))
    target.mkdir(parents=True)
    shutil.copyfile(data_dir / "datapackage.json", target / "datapackage.json")
    for resource in package["resources"]:
        text = (data_dir / resource["path"]).read_text(encoding="utf-8")
        blank = rows.get(Path(resource["path"]).name, set())
        kept = [raw if n not in blank else "\n" * raw.count("\n") for _row, raw, n in numbered_records(text)]
        (target / resource["path"]).write_text("".join(text.splitlines(keepends=True)[:1] + kept), encoding="utf-8")


# ---------------------------------------------------------------- the data published beside a report

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
PLAIN_NUMBER = re.compile(r"[+-]?\d+(\.\d+)?")


def spreadsheet_safe(cell: str) -> str:
    """A cell a spreadsheet will not run: one starting like a formula gets a leading ' (OWASP's rule), unless it
    is a plain number such as -5.2."""
    if cell.startswith(FORMULA_START) and not PLAIN_NUMBER.fullmatch(cell):
        return "'" + cell
    return cell


def neutralised(text: str) -> str:
    """A CSV text with every cell spreadsheet-safe; rows that need no change stay byte for byte."""
    out = text.splitlines(keepends=True)[:1]
    newline = "\r\n" if text.split("\n", 1)[0].endswith("\r") else "\n"
    for _row, raw in records(text):
        cells = next(csv.reader(io.StringIO(raw, newline="")))
        safe = [spreadsheet_safe(c) for c in cells]
        if safe == cells:
            out.append(raw)
        else:
            buffer = io.StringIO()
            csv.writer(buffer, lineterminator=newline).writerow(safe)
            out.append(buffer.getvalue())
    return "".join(out)


def publish_data(data_dir: Path, target: Path, as_of: str) -> None:
    """The tables behind one report, holding only the rows of articles published up to as_of (each as written
    in data/, made spreadsheet-safe), with their schema and description: a snapshot publishes nothing from a
    later article."""
    data_dir = Path(data_dir)
    package = json.loads((data_dir / "datapackage.json").read_text(encoding="utf-8"))
    sources = read_rows(data_dir / "sources.csv")
    included = sources_in_scope(sources, as_of)
    cutoff = as_of or max((s.get("published", "") for s in sources), default="")
    target.mkdir(parents=True, exist_ok=True)
    for resource in package["resources"]:
        text = (data_dir / resource["path"]).read_text(encoding="utf-8")
        write_file(
            target / resource["path"], neutralised(csv_in_scope(text, included, resource.get("x-scope-date"), cutoff))
        )
    for name in ("datapackage.json", "README.md"):
        if (data_dir / name).exists():
            write_file(target / name, (data_dir / name).read_bytes())


# ---------------------------------------------------------------- writing and swapping


def umask() -> int:
    """This process's umask, read from /proc where Linux shows it (setting and restoring it would race with other
    threads)."""
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
    try:
        path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    except OSError as exc:  # a failed write names no file: name it
        raise OSError(exc.errno, exc.strerror, str(path)) from None
    os.chmod(path, file_mode())


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
def signals_ignored() -> Iterator[None]:
    """Ctrl-C and SIGTERM have no effect inside: once a new report is being swapped in, the run finishes and says
    so, rather than stop halfway and claim nothing changed."""
    previous = {sig: signal.signal(sig, signal.SIG_IGN) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


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


def remove_abandoned(out_dir: Path, stem: str) -> None:
    """Remove this report's folders that no run will finish: every `.<stem>.<pid>.*` folder the link does not
    point at whose run has ended (a run stopped outright, or a previous folder half removed)."""
    link = Path(out_dir) / stem
    current = link.resolve() if link.is_symlink() else None
    for path in Path(out_dir).glob(f".{stem}.*.*"):
        pid = path.name[len(stem) + 2 :].split(".")[0]
        if path.is_dir() and not path.is_symlink() and pid.isdigit() and path != current and not alive(int(pid)):
            shutil.rmtree(path, ignore_errors=True)


class Staging:
    """All outputs of one report, swapped in together, only after everything succeeded.

    Several files cannot be renamed at once, but one symbolic link can be replaced by another in a single
    rename (atomic on POSIX). So each report's files live in a hidden folder of their own,
    `reports/.<stem>.<pid>.<random>/`, and `reports/<stem>` is a relative link to the current one. A run writes
    every output into a new folder (`path`); `commit` renames a new link over `reports/<stem>`, then removes the
    previous folder. Until that rename the link points at the previous set, however the run is stopped; after it,
    at the new one. A folder that no run will finish is removed by the next run of the same report, whether it
    renders or finds the report up to date (`remove_abandoned`). The handy `reports/<stem>.html` and `.pdf` are
    fixed links through `reports/<stem>`, so they follow it.
    """

    def __init__(self, out_dir: Path, stem: str):
        self.out_dir, self.stem, self.link = Path(out_dir), stem, Path(out_dir) / stem
        self.committed, self.previous = False, None
        try:
            self.out_dir.mkdir(parents=True, exist_ok=True)
            remove_abandoned(self.out_dir, stem)
            self.path = Path(tempfile.mkdtemp(prefix=f".{stem}.{os.getpid()}.", dir=self.out_dir))
            os.chmod(self.path, 0o777 & ~umask())  # a plain new folder's mode, not mkdtemp's 0700
        except OSError as exc:
            raise ReportError(f"cannot write into {self.out_dir}: {exc.strerror or exc}") from None

    def swap(self) -> None:
        """Make the staged folder the report's outputs, in one rename."""
        if self.link.exists() and not self.link.is_symlink():
            raise ReportError(f"{self.link} is a folder of its own, not the link this project keeps: move it away")
        self.previous = self.link.resolve() if self.link.is_symlink() else None
        try:
            replace_link(self.link, self.path.name)
        except OSError as exc:
            raise ReportError(f"cannot write into {self.out_dir}: {exc.strerror or exc}") from None
        self.committed = True
        for ext in ("html", "pdf"):
            handy, target = self.out_dir / f"{self.stem}.{ext}", f"{self.stem}/{self.stem}.{ext}"
            if not (handy.is_symlink() and os.readlink(handy) == target):
                with suppress(OSError):  # a convenience only: the report itself is in place
                    replace_link(handy, target)

    def remove_previous(self) -> None:
        """Remove the folder the link pointed at before the swap."""
        previous = self.previous
        if previous is not None and previous.parent == self.out_dir.resolve() and previous != self.path.resolve():
            shutil.rmtree(previous, ignore_errors=True)

    def commit(self) -> None:
        """Swap the staged folder in and remove the previous one."""
        self.swap()
        self.remove_previous()

    def discard(self) -> None:
        """Remove the staged folder unless it was committed."""
        if not self.committed:
            shutil.rmtree(self.path, ignore_errors=True)
