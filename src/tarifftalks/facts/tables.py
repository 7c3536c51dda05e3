"""Reading one table file against its Table Schema: strict CSV, every cell typed, required values present.

The file must be UTF-8 without a byte-order mark, comma-separated, with a header naming the schema's columns
in the schema's order (line ends LF or CRLF). What a spreadsheet does when it saves a CSV (a byte-order mark,
';' between columns, Windows-1252) is named as such, with how to save the file instead. A column the file
lacks is filled with the field's `default` when it has one (a table of a previous schema; `make migrate`
rewrites it), and is an error otherwise. Every problem is a FactError naming the file, the CSV line ("row")
and the field.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from tarifftalks.errors import FactError, FactErrors
from tarifftalks.facts.schema import FieldSpec, label, specs


@dataclass
class Table:
    """A table as read: typed, indexed by CSV line number; `filled` names the columns its file lacks,
    which their defaults filled (a table written in a previous schema: `make migrate` adds them)."""

    frame: pd.DataFrame
    filled: list[str]


def read_table(path: Path, res: dict) -> Table:
    """Read and type one table: the file strictly (see read_csv), each cell by its field's type."""
    fields = specs(res)
    where = label(path)
    header, missing, starts, rows = read_csv(path, fields)
    problems, records = [], []
    position = {name: i for i, name in enumerate(header)}
    for line, row in zip(starts, rows, strict=True):
        record = {}
        for f in fields:
            cell = (row[position[f.name]] if f.name in position else f.default or "").strip()
            record[f.name] = None
            if cell == "":
                if f.required:
                    problems.append(FactError(where, "value is required", row=line, field=f.name))
                continue
            try:
                record[f.name] = f.parse(cell)
            except ValueError as exc:
                problems.append(FactError(where, f"{exc}, got {cell!r}", row=line, field=f.name))
        records.append(record)
    if problems:
        raise FactErrors(problems)
    return Table(typed_frame(records, fields, starts), missing)


def typed_frame(records: list[dict], fields: list[FieldSpec], starts: list[int]) -> pd.DataFrame:
    columns = [f.name for f in fields]
    frame = pd.DataFrame.from_records(records, columns=columns, index=pd.Index(starts, name="row"))
    for f in fields:
        column = frame[f.name]
        if f.type == "integer":
            frame[f.name] = column.astype("Int64")
        elif f.type == "number":
            frame[f.name] = column.astype("float64")
        elif f.type == "boolean":
            frame[f.name] = column.astype("boolean")
        elif f.type == "date":
            frame[f.name] = pd.to_datetime(column)
        else:
            column = column.astype("object")
            frame[f.name] = column.where(column.notna(), None)
    return frame


def read_csv(path: Path, fields: list[FieldSpec], ordered: bool = True) -> tuple[list, list, list, list]:
    """A CSV file read strictly: UTF-8 without a byte-order mark, commas, the same field count on every
    row (line ends LF or CRLF), a header naming the fields (see header_problems). Returns the header, the
    columns it lacks that their defaults fill, the CSV line each row starts on, and the rows.

    What a spreadsheet does when it saves a CSV (a byte-order mark, ';' between columns, Windows-1252)
    is named as such, with how to save the file instead.
    """
    where, columns = label(path), [f.name for f in fields]
    try:
        raw = Path(path).read_bytes()
    except FileNotFoundError:
        raise FactError(where, "file is missing (a table new in the schema is created by `make migrate`)") from None
    except OSError as exc:
        raise FactError(where, f"cannot be read: {exc.strerror or exc}") from None
    text = decode(where, raw)
    if not text.strip():
        raise FactError(where, "file is empty; expected a header row: " + ",".join(columns))
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader)
        _check_separator(where, header, columns)
        missing = header_problems(where, header, fields, ordered)
        starts, rows, line = [], [], reader.line_num
        for row in reader:
            start, line = line + 1, reader.line_num
            if not row:
                continue
            if len(row) != len(header):
                raise FactError(
                    where, f"expected {len(header)} fields, found {len(row)} (a stray quote or comma?)", row=start
                )
            starts.append(start)
            rows.append(row)
    except csv.Error as exc:
        raise FactError(where, f"CSV does not parse: {exc}", row=reader.line_num) from None
    return header, missing, starts, rows


SAVE_AS = "save it as CSV in UTF-8, comma-separated, without a byte-order mark"


def decode(where: str, raw: bytes) -> str:
    if raw.startswith(b"\xef\xbb\xbf"):
        raise FactError(where, f"starts with a byte-order mark, as a spreadsheet's 'CSV UTF-8' writes; {SAVE_AS}", 1)
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        hint = ""
        if 0x80 <= raw[exc.start] <= 0xFF:
            try:
                char = raw[exc.start : exc.start + 1].decode("cp1252")
                hint = f"; it reads as {char!r} in Windows-1252, which a spreadsheet's plain 'CSV' writes: {SAVE_AS}"
            except UnicodeDecodeError:
                pass
        raise FactError(where, f"not UTF-8 text (byte 0x{raw[exc.start]:02x}){hint}", row=line) from None


def _check_separator(where: str, header: list[str], columns: list[str]) -> None:
    for sep, name in ((";", "semicolons"), ("\t", "tabs")):
        if len(header) < len(columns) and sum(c.count(sep) for c in header) >= len(columns) // 2:
            raise FactError(
                where, f"columns are separated by {name}, not commas (a spreadsheet's setting); {SAVE_AS}", 1
            )


def header_problems(where: str, header: list[str], fields: list[FieldSpec], ordered: bool = True) -> list[str]:
    """The schema's columns the header lacks that have a default (to be filled); raises for anything else
    (columns out of the schema's order too, when `ordered`)."""
    columns = [f.name for f in fields]
    for i, name in enumerate(header, start=1):
        if not name.strip():
            raise FactError(where, f"column {i} of the header has no name; expected: {','.join(columns)}", row=1)
        if header.count(name) > 1:
            raise FactError(where, "column appears twice in the header", row=1, field=name)
    missing = [f for f in fields if f.name not in header]
    for f in missing:
        if f.default is None:
            raise FactError(where, f"column is missing (header has: {', '.join(header)})", row=1, field=f.name)
    for name in header:
        if name not in columns:
            raise FactError(where, f"unknown column; expected one of: {', '.join(columns)}", row=1, field=name)
    if ordered and header != [c for c in columns if c in header]:
        raise FactError(where, "columns are out of order (`make migrate` puts them in order): " + ",".join(columns), 1)
    return [f.name for f in missing]
