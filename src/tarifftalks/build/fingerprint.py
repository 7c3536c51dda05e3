"""What a report reads, as one hash, so that `make report` renders only when that changed: without pandas, in
milliseconds.

The fingerprint covers the code, the template, the notebook, the schema, the parameters and every row but those of
articles published after the report's as_of, with the texts of the articles it reads:
a row of an article published after a snapshot's date leaves that snapshot alone. A report is up to date when
`build/inputs/<stem>.sha` holds its fingerprint, written once the report was swapped in, and the report is there.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

from tarifftalks.build.publish import later_articles, read_rows, records
from tarifftalks.paths import DATA_DIR, NOTEBOOK, PROJECT_ROOT, SEEDS_DIR

CODE_GLOBS = ["src/tarifftalks/**/*.py", "src/tarifftalks/build/templates/**/*"]
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def fingerprint(params: list, data_dir: Path = DATA_DIR, seeds_dir: Path = SEEDS_DIR, notebook: Path = NOTEBOOK) -> str:
    """SHA-256 over everything one report reads; params is [as_of, comparator, since] as given. A file that
    cannot be read counts as its error, so the render that follows says what is wrong."""
    digest = hashlib.sha256()

    def add(label: str, read) -> None:
        try:
            content = read()
        except (OSError, UnicodeDecodeError, ValueError) as exc:
            content = f"unreadable: {type(exc).__name__}".encode()
        digest.update(f"{label}\0{len(content)}\0".encode())
        digest.update(content)

    for pattern in CODE_GLOBS:
        for path in sorted(p for p in PROJECT_ROOT.glob(pattern) if p.is_file() and "__pycache__" not in p.parts):
            add(str(path.relative_to(PROJECT_ROOT)), path.read_bytes)
    add("notebook", Path(notebook).read_bytes)
    add("params", lambda: json.dumps(params).encode())
    add("datapackage", (data_dir / "datapackage.json").read_bytes)
    try:
        package = json.loads((data_dir / "datapackage.json").read_text(encoding="utf-8"))
        resources = [r["path"] for r in package["resources"]]
        later = later_articles(data_dir, params[0])
        files = sorted(
            {s.get("file") or "" for s in read_rows(data_dir / "sources.csv") if s.get("source_id") not in later}
        )
    except (OSError, ValueError, KeyError, TypeError):
        return digest.hexdigest() + "-incomplete"  # the render will say what is wrong
    for name in resources:
        add(name, lambda name=name: rows_but(later, (data_dir / name).read_text(encoding="utf-8")).encode())
    for name in files:
        add(f"seed {name}", (seeds_dir / name).read_bytes)
    return digest.hexdigest()


def rows_but(later: set[str], text: str) -> str:
    """The header and the rows of a CSV text but those of the later articles, each as written."""
    return "".join(
        text.splitlines(keepends=True)[:1] + [raw for row, raw in records(text) if row.get("source_id") not in later]
    )


def record_path(build_dir: Path, stem: str) -> Path:
    return Path(build_dir) / "inputs" / f"{stem}.sha"


def up_to_date(value: str, stem: str, out_dir: Path, build_dir: Path) -> bool:
    """Whether the report of this stem was rendered from exactly these inputs and is still in place."""
    if value.endswith("-incomplete") or not (Path(out_dir) / stem / f"{stem}.pdf").is_file():
        return False
    try:
        return record_path(build_dir, stem).read_text(encoding="utf-8") == value
    except (OSError, UnicodeDecodeError):
        return False


def record(value: str, stem: str, build_dir: Path) -> None:
    """Remember the inputs of a report just swapped in (a failure here only costs a render next time)."""
    path = record_path(build_dir, stem)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(value, encoding="utf-8")
    except OSError:
        path.unlink(missing_ok=True)


def snapshot_dates(data_dir: Path = DATA_DIR) -> list[str]:
    """The distinct publication dates of the articles, as ISO dates (anything else is left to the validator)."""
    try:
        rows = read_rows(data_dir / "sources.csv")
    except OSError:
        return []
    return sorted({d for r in rows if ISO_DATE.fullmatch(d := (r.get("published") or "").strip())})
