"""A fingerprint of everything one report reads, for Make: without pandas, in milliseconds.

`python -m tarifftalks.build.fingerprint FILE [--as-of D] [--comparator C] [--since S]` rewrites FILE
only when the fingerprint changed, so a report re-renders only when its own inputs did: a row
from an article published after a snapshot's as_of date leaves that snapshot alone.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

from tarifftalks.paths import DATA_DIR, NOTEBOOK, PROJECT_ROOT, SEEDS_DIR
from tarifftalks.build.publish import read_rows, rows_in_scope, sources_in_scope

CODE_GLOBS = ["src/tarifftalks/**/*.py", "src/tarifftalks/build/templates/**/*"]


def fingerprint(as_of: str | None, params: list[str], data_dir: Path = DATA_DIR, seeds_dir: Path = SEEDS_DIR) -> str:
    """SHA-256 over the code, the notebook, the schema, the articles up to as_of and their rows."""
    digest = hashlib.sha256()

    def add(label: str, content: bytes) -> None:
        digest.update(f"{label}\0{len(content)}\0".encode())
        digest.update(content)

    for pattern in CODE_GLOBS:
        for path in sorted(p for p in PROJECT_ROOT.glob(pattern) if p.is_file() and "__pycache__" not in p.parts):
            add(str(path.relative_to(PROJECT_ROOT)), path.read_bytes())
    add("notebook", NOTEBOOK.read_bytes())
    add("params", json.dumps([as_of, *params]).encode())
    package = json.loads((data_dir / "datapackage.json").read_text(encoding="utf-8"))
    add("datapackage", json.dumps(package, sort_keys=True).encode())
    sources = read_rows(data_dir / "sources.csv")
    included = sources_in_scope(sources, as_of)
    for res in package["resources"]:
        rows = read_rows(data_dir / res["path"])
        kept = rows_in_scope(rows, included) if res["name"] != "sources" else rows
        add(res["name"], json.dumps(kept, sort_keys=True).encode())
    for s in sources:
        if s["source_id"] in included:
            path = seeds_dir / s.get("file", "")
            add(f"seed {s['file']}", path.read_bytes() if path.is_file() else b"<missing>")
    return digest.hexdigest()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("file", type=Path)
    parser.add_argument("--as-of", default=None)
    parser.add_argument("--comparator", default="Japan")
    parser.add_argument("--since", default=None)
    args = parser.parse_args(argv)
    try:
        value = fingerprint(args.as_of or None, [args.comparator, args.since or ""])
    except (OSError, KeyError, ValueError, json.JSONDecodeError) as exc:
        value = f"unreadable: {exc}"  # the report run itself will say what is wrong
    old = args.file.read_text(encoding="utf-8") if args.file.exists() else None
    if old != value:
        args.file.parent.mkdir(parents=True, exist_ok=True)
        args.file.write_text(value, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
