"""`make migrate`: the tables in data/ brought up to the schema of datapackage.json, each change printed.

A new column comes with a `default` in the schema (or with a migration step here). For each table: a file
lacking columns that have a default gets them, the default in every row; columns are put in the schema's
order; a table new in the schema is created with its header. Nothing else changes: every other cell keeps
its bytes (quoting, line ends), and a second run changes nothing. A column missing without a default, or a
file the loader refuses, is an error naming file and column, and then nothing is written at all.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from tarifftalks.errors import FactError, FactErrors
from tarifftalks.facts.schema import label, read_package, specs
from tarifftalks.facts.tables import decode, read_csv


@dataclass
class Change:
    path: Path
    text: str  # the new content
    says: str  # what changed, for the user


def split_records(text: str) -> list[str]:
    """The records of a CSV text as written, each with its line end (a quoted cell may span lines)."""
    records, start, quoted = [], 0, False
    for i, ch in enumerate(text):
        if ch == '"':
            quoted = not quoted
        elif ch in "\r\n" and not quoted and not (ch == "\r" and text[i + 1 : i + 2] == "\n"):
            records.append(text[start : i + 1])
            start = i + 1
    return records + ([text[start:]] if start < len(text) else [])


def split_cells(record: str) -> tuple[list[str], str]:
    """The cells of one record as written (quotes kept), and its line end."""
    body = record.rstrip("\r\n")
    cells, start, quoted = [], 0, False
    for i, ch in enumerate(body):
        if ch == '"':
            quoted = not quoted
        elif ch == "," and not quoted:
            cells.append(body[start:i])
            start = i + 1
    return [*cells, body[start:]], record[len(body) :]


def csv_cell(text: str) -> str:
    return (
        f'"{text.replace(chr(34), chr(34) * 2)}"' if any(c in text for c in ',"\r\n') or text != text.strip() else text
    )


def plan(data_dir: Path) -> list[Change]:
    """What migrating each table would write; raises FactErrors, before anything is written, for what it cannot."""
    changes, problems = [], []
    for res in read_package(data_dir)["resources"]:
        fields, path = specs(res), Path(data_dir) / res["path"]
        columns = [f.name for f in fields]
        if not path.exists():
            says = "created with its header (a table new in the schema)"
            changes.append(Change(path, ",".join(columns) + "\n", says))
            continue
        try:
            header, added, _, _ = read_csv(path, fields, ordered=False)
            if header != columns:
                changes.append(Change(path, rewritten(path, header, fields), describe(added, fields, header)))
        except FactError as exc:
            problems.append(exc)
    if problems:
        raise FactErrors(problems)
    return changes


def rewritten(path: Path, header: list[str], fields) -> str:
    """The table with the schema's columns in the schema's order, defaults in the new ones."""
    where = label(path)
    records = split_records(decode(where, path.read_bytes()))
    out = [",".join(f.name for f in fields) + split_cells(records[0])[1]]
    line = records[0].count("\n") + 1
    for record in records[1:]:
        cells, end = split_cells(record)
        if record.strip("\r\n") == "":  # a blank line, which the loader skips
            out.append(record)
        elif len(cells) != len(header):
            raise FactError(where, f"cannot tell this row's {len(header)} cells apart; fix it by hand", row=line)
        else:
            by_name = dict(zip(header, cells, strict=True))
            out.append(",".join(by_name.get(f.name, csv_cell(f.default or "")) for f in fields) + end)
        line += record.count("\n")
    return "".join(out)


def describe(added: list[str], fields, header: list[str]) -> str:
    defaults = {f.name: f.default for f in fields}
    says = [f"added {name} (default {defaults[name]!r})" for name in added]
    if header != [f.name for f in fields if f.name in header]:
        says.append("put the columns in the schema's order")
    return "; ".join(says)


def write(change: Change) -> None:
    """A new table is written as a new file; a table is replaced in one step (a temporary file beside
    it, renamed over it), keeping its mode."""
    if not change.path.exists():
        change.path.write_text(change.text, encoding="utf-8")
        return
    fd, tmp = tempfile.mkstemp(dir=change.path.parent, prefix=f".{change.path.name}.")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            fh.write(change.text)
        os.chmod(tmp, change.path.stat().st_mode & 0o7777)
        os.replace(tmp, change.path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def migrate(data_dir: Path) -> list[Change]:
    """Bring every table up to the schema; returns what changed (nothing on a second run)."""
    changes = plan(data_dir)
    for change in changes:
        write(change)
    return changes
