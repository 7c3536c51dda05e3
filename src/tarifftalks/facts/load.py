"""Loading the fact tables: strict CSV parsing and typing against data/datapackage.json.

Every problem becomes a FactError naming the file, the CSV line ("row") and the field.
Loading needs neither pandera nor the articles: it is what notebooks call. The full checks
(constraints, provenance, coverage) live in `validate`.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from tarifftalks.errors import FactError, FactErrors, ParameterError
from tarifftalks.paths import DATA_DIR, PROJECT_ROOT, SEEDS_DIR

PACKAGE_FILE = "datapackage.json"

_INT = re.compile(r"^[+-]?\d+$")
_NUM = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def read_package(data_dir: Path = DATA_DIR) -> dict:
    """The Frictionless data package descriptor that describes every table."""
    path = Path(data_dir) / PACKAGE_FILE
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise FactError(str(path), "file is missing; expected the data package descriptor") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise FactError(str(path), f"not valid JSON: {exc}") from None


def resource(package: dict, name: str) -> dict:
    """The resource descriptor of one table."""
    for res in package["resources"]:
        if res["name"] == name:
            return res
    raise KeyError(name)


def read_csv_rows(path: Path, columns: list[str]) -> tuple[list[int], list[list[str]]]:
    """Read a CSV strictly: UTF-8, the expected header, the same field count on every row.

    Returns the CSV line number each row starts on, and the rows as strings.
    """
    label = _label(path)
    try:
        raw = Path(path).read_bytes()
    except FileNotFoundError:
        raise FactError(label, "file is missing") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise FactError(label, f"not UTF-8 text (byte 0x{raw[exc.start]:02x})", row=line) from None
    if text.startswith("\ufeff"):
        text = text[1:]
    if not text.strip():
        raise FactError(label, "file is empty; expected a header row: " + ",".join(columns))
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader)
        _check_header(label, header, columns)
        starts: list[int] = []
        rows: list[list[str]] = []
        line = reader.line_num
        for row in reader:
            start = line + 1
            line = reader.line_num
            if not row:
                continue
            if len(row) != len(header):
                raise FactError(
                    label,
                    f"expected {len(header)} fields, found {len(row)} (a stray quote or comma?)",
                    row=start,
                )
            starts.append(start)
            rows.append(row)
    except csv.Error as exc:
        raise FactError(label, f"CSV does not parse: {exc}", row=reader.line_num) from None
    return starts, rows


def _check_header(label: str, header: list[str], columns: list[str]) -> None:
    missing = [c for c in columns if c not in header]
    unknown = [c for c in header if c not in columns]
    if missing:
        raise FactError(label, f"column is missing (header has: {', '.join(header)})", row=1, field=missing[0])
    if unknown:
        raise FactError(label, f"unknown column; expected one of: {', '.join(columns)}", row=1, field=unknown[0])
    if header != columns:
        raise FactError(label, "columns are out of order; expected: " + ",".join(columns), row=1)


def parse_value(text: str, type_: str) -> object:
    """Turn one CSV cell into a typed value, or raise ValueError saying what was expected."""
    if type_ == "string":
        return text
    if type_ == "integer":
        if not _INT.match(text):
            raise ValueError("expected a whole number")
        return int(text)
    if type_ == "number":
        if not _NUM.match(text):
            raise ValueError("expected a number (digits, optional decimal point)")
        return float(text)
    if type_ == "date":
        if not _DATE.match(text):
            raise ValueError("expected an ISO date YYYY-MM-DD")
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            raise ValueError("expected a real calendar date YYYY-MM-DD") from None
    if type_ == "boolean":
        if text not in ("true", "false"):
            raise ValueError("expected true or false")
        return text == "true"
    raise ValueError(f"unsupported field type {type_}")


def typed_frame(path: Path, schema: dict) -> pd.DataFrame:
    """A table as a DataFrame with typed columns, indexed by CSV line number.

    Checks types and required fields; constraints beyond that are for the validator.
    """
    label = _label(path)
    fields = schema["fields"]
    columns = [f["name"] for f in fields]
    starts, rows = read_csv_rows(path, columns)
    problems: list[FactError] = []
    records = []
    for line, row in zip(starts, rows, strict=True):
        record = {}
        for f, cell in zip(fields, row, strict=True):
            cell = cell.strip()
            if cell == "":
                if f.get("constraints", {}).get("required"):
                    problems.append(FactError(label, "value is required", row=line, field=f["name"]))
                record[f["name"]] = None
                continue
            try:
                record[f["name"]] = parse_value(cell, f["type"])
            except ValueError as exc:
                problems.append(FactError(label, f"{exc}, got {cell!r}", row=line, field=f["name"]))
                record[f["name"]] = None
        records.append(record)
    if problems:
        raise FactErrors(problems)
    frame = pd.DataFrame.from_records(records, columns=columns, index=pd.Index(starts, name="row"))
    for f in fields:
        if f["type"] == "integer":
            frame[f["name"]] = frame[f["name"]].astype("Int64")
        elif f["type"] == "number":
            frame[f["name"]] = frame[f["name"]].astype("float64")
        elif f["type"] == "boolean":
            frame[f["name"]] = frame[f["name"]].astype("boolean")
        elif f["type"] == "date":
            frame[f["name"]] = pd.to_datetime(frame[f["name"]])
        else:
            column = frame[f["name"]].astype("object")
            frame[f["name"]] = column.where(column.notna(), None)
    return frame


def _label(path: Path) -> str:
    path = Path(path)
    try:
        return str(path.resolve().relative_to(PROJECT_ROOT))
    except ValueError:
        return str(path)


@dataclass
class Facts:
    """Every table of the fact base, typed; `tables["sources"]` lists the articles."""

    package: dict
    tables: dict[str, pd.DataFrame]
    data_dir: Path = DATA_DIR
    seeds_dir: Path = SEEDS_DIR
    as_of: dt.date | None = None
    paths: dict[str, Path] = field(default_factory=dict)

    def __getitem__(self, name: str) -> pd.DataFrame:
        return self.tables[name]

    @property
    def sources(self) -> pd.DataFrame:
        return self.tables["sources"]

    @property
    def published(self) -> dict[str, dt.date]:
        """Each article's date as the as_of filter uses it, by source_id."""
        return dict(zip(self.sources["source_id"], self.sources["published"].dt.date, strict=True))

    @property
    def fact_tables(self) -> list[str]:
        """Names of the tables whose rows carry a source_id and a quote."""
        return [n for n, t in self.tables.items() if "quote" in t.columns]

    def label(self, name: str) -> str:
        """The file a table came from, as errors name it."""
        return _label(self.paths[name])

    def restrict(self, as_of: dt.date) -> Facts:
        """Only the articles published on or before as_of, and the rows they support."""
        keep = set(self.sources.loc[self.sources["published"].dt.date <= as_of, "source_id"])
        tables = {
            name: (t[t["source_id"].isin(keep)] if "source_id" in t.columns else t) for name, t in self.tables.items()
        }
        return Facts(self.package, tables, self.data_dir, self.seeds_dir, as_of, self.paths)


def load_facts(data_dir: Path | str = DATA_DIR, seeds_dir: Path | str = SEEDS_DIR) -> Facts:
    """Read and type every table listed in data/datapackage.json."""
    data_dir, seeds_dir = Path(data_dir), Path(seeds_dir)
    package = read_package(data_dir)
    tables, paths = {}, {}
    for res in package["resources"]:
        path = data_dir / res["path"]
        tables[res["name"]] = typed_frame(path, res["schema"])
        paths[res["name"]] = path
    return Facts(package, tables, data_dir, seeds_dir, None, paths)


def parse_as_of(value: object, facts: Facts) -> dt.date:
    """The as_of parameter as a date: ISO, from the first article to the newest. None or '' means the newest."""
    published = facts.sources["published"].dt.date
    if value is None or value == "":
        return max(published)
    if isinstance(value, dt.datetime):
        value = value.date()
    if not isinstance(value, dt.date):
        text = str(value).strip()
        if not _DATE.match(text):
            raise ParameterError("as_of", value, "an ISO date YYYY-MM-DD")
        try:
            value = dt.date.fromisoformat(text)
        except ValueError:
            raise ParameterError("as_of", value, "a real calendar date YYYY-MM-DD") from None
    first, newest, today = min(published), max(published), dt.datetime.now(dt.UTC).date()
    if value < first:
        raise ParameterError("as_of", value.isoformat(), f"a date on or after the first article ({first.isoformat()})")
    if value > today:
        raise ParameterError("as_of", value.isoformat(), f"a date not in the future (today is {today.isoformat()})")
    if value > newest:  # the report would claim a situation the articles do not cover
        raise ParameterError(
            "as_of", value.isoformat(), f"a date on or before the newest article ({newest.isoformat()})"
        )
    return value


def parse_since(value: object, as_of: dt.date) -> dt.date | None:
    """The since parameter: None, or an ISO date before as_of."""
    if value is None or value == "" or str(value).lower() == "none":
        return None
    text = str(value).strip()
    if not _DATE.match(text):
        raise ParameterError("since", value, "an ISO date YYYY-MM-DD, or nothing")
    try:
        since = dt.date.fromisoformat(text)
    except ValueError:
        raise ParameterError("since", value, "a real calendar date YYYY-MM-DD") from None
    if since >= as_of:
        raise ParameterError("since", text, f"a date before as_of ({as_of.isoformat()})")
    return since


def parse_comparator(value: object, facts: Facts) -> str | None:
    """The comparator country: one the tariff table names, or none."""
    if value is None or str(value).strip().lower() in ("", "none"):
        return None
    known = sorted(set(facts["tariffs"]["applies_to"]) - {"South Korea", "all countries", "most nations"})
    text = str(value).strip()
    for country in known:
        if country.lower() == text.lower():
            return country
    raise ParameterError("comparator", value, f"one of {', '.join(known)}, or none")
