"""The one schema engine: data/datapackage.json read and checked, and the constraints it sets.

The descriptor is a Frictionless Data Package whose Table Schemas use a small part of the standard, which
this engine implements in full and nothing else: a descriptor asking for more (another type, another
constraint, a CSV dialect) is refused, so that no rule written in the schema goes unchecked.

- types: string, integer, number, date (ISO YYYY-MM-DD, a real day), boolean (true/false);
- constraints: required, unique, enum, pattern, minimum, maximum; a resource's primaryKey and foreignKeys;
- `default` (the project's own): the value a table written before the column existed takes (see `migrate`);
- `x-…` annotations, read by the checks (facts.checks) and documented in docs/data-model.md.

`tables.read_table` reads a file, types every cell and checks `required`; the other constraints are
checked here by `constraint_errors` and `foreign_key_errors`, which the validator runs. Every problem is
a FactError naming the file, the CSV line the row starts on ("row") and the field. Columns that name rows
(`*_id`, `*_key`, a primary or foreign key) may hold only letters, digits, `_` and `-`, whatever the
schema says.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from tarifftalks.errors import FactError, FactErrors
from tarifftalks.paths import PROJECT_ROOT

PACKAGE_FILE = "datapackage.json"
TYPES = ("string", "integer", "number", "date", "boolean")
CONSTRAINTS = {"required", "unique", "enum", "pattern", "minimum", "maximum"}
FIELD_KEYS = {"name", "type", "title", "description", "constraints", "default"}
SCHEMA_KEYS = {"fields", "primaryKey", "foreignKeys"}
SAFE_ID = re.compile(r"[A-Za-z0-9_-]+")
SAFE_FILE_NAME = re.compile(r"[^/\\\x00-\x1f\x7f]+")  # and not starting with a dot: see plain_file_name

_INT = re.compile(r"^[+-]?\d+$")
_NUM = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def label(path: Path) -> str:
    """A path as messages name it: relative to the checkout when inside it."""
    path = Path(path)
    try:
        return str(path.resolve().relative_to(PROJECT_ROOT))
    except (ValueError, OSError):
        return str(path)


def plain_file_name(name: str) -> str | None:
    """Why `name` is not a plain file name (one that can only name a file in its own folder), or None."""
    if not name:
        return "is empty"
    if not SAFE_FILE_NAME.fullmatch(name):
        return "must be a plain file name: no '/', '\\' or control character"
    if name.startswith("."):
        return "must be a plain file name, not starting with '.'"
    return None


# ---------------------------------------------------------------- the descriptor


def read_package(data_dir: Path) -> dict:
    """The data package descriptor, checked to ask only for what this engine implements."""
    path = Path(data_dir) / PACKAGE_FILE
    try:
        package = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise FactError(label(path), "file is missing; expected the data package descriptor") from None
    except (OSError, ValueError) as exc:  # JSONDecodeError and UnicodeDecodeError are ValueErrors
        raise FactError(label(path), f"not valid JSON: {exc}") from None
    problems = descriptor_problems(package)
    if problems:
        raise FactErrors([FactError(label(path), message, field=where) for where, message in problems])
    return package


def descriptor_problems(package: object) -> list[tuple[str | None, str]]:
    """(where, what) for each part of a descriptor this engine cannot enforce."""
    if not isinstance(package, dict) or not isinstance(package.get("resources"), list):
        return [(None, "expected an object with a list of resources")]
    problems, fields_of = [], {}
    for i, res in enumerate(package["resources"]):
        name = res.get("name") if isinstance(res, dict) else None
        if not isinstance(name, str) or not SAFE_ID.fullmatch(name) or name in fields_of:
            problems.append((f"resources[{i}]", "each resource needs a unique name of letters, digits, _ and -"))
            continue
        path, schema = res.get("path"), res.get("schema")
        if not isinstance(path, str) or plain_file_name(path):
            problems.append((f"{name}.path", "expected a plain file name in data/"))
        if str(res.get("encoding", "utf-8")).lower() != "utf-8" or "dialect" in res:
            problems.append((name, "tables are UTF-8 CSV with commas: no other encoding, no dialect"))
        if not isinstance(schema, dict) or not isinstance(schema.get("fields"), list):
            problems.append((f"{name}.schema", "expected a schema with a list of fields"))
            continue
        problems += [(f"{name}.schema", f"unsupported key {k!r}") for k in schema if k not in SCHEMA_KEYS]
        problems += [(f"{name}.{where}", what) for where, what in _field_problems(schema["fields"])]
        fields_of[name] = {f.get("name") for f in schema["fields"] if isinstance(f, dict)}
    if problems:  # the keys and annotations are read once every field is sound
        return problems
    for res in package["resources"]:
        own = fields_of[res["name"]]
        problems += [(f"{res['name']}.schema", what) for what in _key_problems(res["schema"], own, fields_of)]
        problems += [(res["name"], what) for what in _annotation_problems(res, own)]
    return problems


def _field_problems(fields: list) -> list[tuple[str, str]]:
    problems, seen = [], set()
    for f in fields:
        name = f.get("name") if isinstance(f, dict) else None
        if not isinstance(name, str) or not SAFE_ID.fullmatch(name) or name in seen:
            problems.append(("fields", f"field {name!r}: expected a unique name of letters, digits, _ and -"))
            continue
        seen.add(name)
        if f.get("type") not in TYPES:
            problems.append((name, f"type {f.get('type')!r} is not one of {', '.join(TYPES)}"))
            continue
        constraints = f.get("constraints", {})
        unknown = [k for k in f if k not in FIELD_KEYS and not k.startswith("x-")]
        unknown += [f"constraints.{k}" for k in constraints if k not in CONSTRAINTS]
        problems += [(name, f"unsupported key {k!r}") for k in unknown]
        try:
            spec = FieldSpec.of(f)
        except (TypeError, ValueError) as exc:
            problems.append((name, f"a constraint does not fit the type {f['type']}: {exc}"))
            continue
        if "default" in f and spec.default_problem():
            problems.append((name, f"default {f['default']!r}: {spec.default_problem()}"))
    return problems


# annotations that name fields of their own table, on a field and on a resource
FIELD_ANNOTATIONS = ("x-precision", "x-end", "x-dates-overlap", "x-same-claim")
RESOURCE_ANNOTATIONS = ("x-measure-key", "x-value")


def _annotation_problems(res: dict, own: set) -> list[str]:
    named = [(f"{f['name']}.{k}", f[k]) for f in res["schema"]["fields"] for k in FIELD_ANNOTATIONS if k in f]
    named += [(k, res[k]) for k in RESOURCE_ANNOTATIONS if k in res]
    named += [("x-quote-names.fields", res.get("x-quote-names", {}).get("fields", []))]
    return [f"{where} names no field {n!r}" for where, names in named for n in _as_list(names) if n not in own]


def _key_problems(schema: dict, own: set, fields_of: dict[str, set]) -> list[str]:
    problems = [f"primaryKey names no field {k!r}" for k in _as_list(schema.get("primaryKey", [])) if k not in own]
    for fk in schema.get("foreignKeys", []):
        ref = fk.get("reference", {}) if isinstance(fk, dict) else {}
        target = fields_of.get(ref.get("resource"), set())
        if (
            not set(_as_list(fk.get("fields", []))) <= own
            or not _as_list(ref.get("fields", []))
            or not set(_as_list(ref.get("fields", []))) <= target
        ):
            problems.append(f"foreign key {fk!r} names a field or resource that does not exist")
    return problems


def resource(package: dict, name: str) -> dict:
    """The resource descriptor of one table."""
    for res in package["resources"]:
        if res["name"] == name:
            return res
    raise KeyError(name)


def key_fields(res: dict) -> list[str]:
    key = res["schema"].get("primaryKey") or []
    return [key] if isinstance(key, str) else list(key)


def names_rows(res: dict, field_name: str) -> bool:
    """True for a column that names rows: an id or key, a one-column primary key, a foreign key."""
    foreign = {f for fk in res["schema"].get("foreignKeys", []) for f in _as_list(fk["fields"])}
    return field_name.endswith(("_id", "_key")) or key_fields(res) == [field_name] or field_name in foreign


def _as_list(value) -> list[str]:
    return [value] if isinstance(value, str) else list(value)


# ---------------------------------------------------------------- one field


@dataclass(frozen=True)
class FieldSpec:
    """One column of a Table Schema: how its cells are typed and what values they may hold."""

    name: str
    type: str
    required: bool = False
    unique: bool = False
    enum: tuple | None = None
    pattern: str | None = None
    minimum: object = None
    maximum: object = None
    default: str | None = None

    @classmethod
    def of(cls, f: dict) -> FieldSpec:
        c = f.get("constraints", {})
        spec = cls(f["name"], f["type"], bool(c.get("required")), bool(c.get("unique")), default=f.get("default"))
        if f["type"] in ("string", "boolean") and ("minimum" in c or "maximum" in c):
            raise ValueError("a minimum or maximum needs a number, an integer or a date")
        try:
            re.compile(c.get("pattern", ""))
        except re.error as exc:
            raise ValueError(f"pattern {c['pattern']!r} is no regular expression: {exc}") from None
        typed = {k: spec._typed(c[k]) for k in ("minimum", "maximum") if k in c}
        enum = tuple(spec._typed(v) for v in c["enum"]) if "enum" in c else None
        return cls(**{**spec.__dict__, **typed, "enum": enum, "pattern": c.get("pattern")})

    def default_problem(self) -> str | None:
        """Why the default cannot fill this column, or None."""
        if not isinstance(self.default, str):
            return "a default is written as the text of a CSV cell"
        if self.default == "":
            return "an empty default leaves a required field empty" if self.required else None
        try:
            return self.value_problem(self.parse(self.default))
        except ValueError as exc:
            return str(exc)

    def _typed(self, value):
        return self.parse(value) if isinstance(value, str) and self.type != "string" else value

    def parse(self, text: str) -> object:
        """One CSV cell as a typed value, or ValueError saying what was expected."""
        if self.type == "string":
            return text
        if self.type == "integer":
            if not _INT.match(text):
                raise ValueError("expected a whole number")
            return int(text)
        if self.type == "number":
            if not _NUM.match(text):
                raise ValueError("expected a number (digits, optional decimal point)")
            return float(text)
        if self.type == "date":
            if not _DATE.match(text):
                raise ValueError("expected an ISO date YYYY-MM-DD")
            try:
                return dt.date.fromisoformat(text)
            except ValueError:
                raise ValueError("expected a real calendar date YYYY-MM-DD") from None
        if text not in ("true", "false"):
            raise ValueError("expected true or false")
        return text == "true"

    def value_problem(self, value) -> str | None:
        """What is wrong with a typed, non-empty value under the enum, pattern and range constraints."""
        if self.enum is not None and value not in self.enum:
            return f"expected one of {', '.join(map(str, self.enum))}; got {value!r}"
        if self.pattern is not None and not re.fullmatch(self.pattern, str(value)):
            return f"expected text matching {self.pattern}; got {value!r}"
        low, high = self.minimum, self.maximum
        if (low is not None and value < low) or (high is not None and value > high):
            bounds = (
                f"from {low} to {high}"
                if None not in (low, high)
                else (f"at least {low}" if high is None else f"at most {high}")
            )
            return f"expected a value {bounds}; got {value}"
        return None


def specs(res: dict) -> list[FieldSpec]:
    return [FieldSpec.of(f) for f in res["schema"]["fields"]]


# ---------------------------------------------------------------- constraints


def constraint_errors(frame: pd.DataFrame, res: dict, where: str) -> list[FactError]:
    """enum, pattern, range, unique and primaryKey of one typed table, and safe ids: one problem per cell."""
    found: dict[tuple[int, str], FactError] = {}

    def report(row, field_name, message):
        found.setdefault((row, field_name), FactError(where, message, row, field_name))

    for f in specs(res):
        ids = names_rows(res, f.name)
        first_row: dict[object, int] = {}
        for row, value in frame[f.name].items():
            if value is None or (not isinstance(value, str) and pd.isna(value)):
                continue
            value = value.date() if isinstance(value, pd.Timestamp) else value
            if ids and not SAFE_ID.fullmatch(str(value)):
                report(row, f.name, f"{str(value)[:60]!r} is not a safe id: use only letters, digits, '_' and '-'")
            problem = f.value_problem(value.item() if hasattr(value, "item") else value)
            if problem:
                report(row, f.name, problem)
            if f.unique and value in first_row:
                what = "id" if ids else "value"
                report(
                    row, f.name, f"duplicate {what} {value!r} (also on row {first_row[value]}); {f.name} must be unique"
                )
            first_row.setdefault(value, row)
    key = key_fields(res)
    if key:
        seen: dict[tuple, int] = {}
        for row, values in zip(frame.index, frame[key].itertuples(index=False, name=None), strict=True):
            if values in seen:
                report(
                    row, key[-1], f"duplicate key {values} (also on row {seen[values]}); {'+'.join(key)} must be unique"
                )
            seen.setdefault(values, row)
    return list(found.values())


def foreign_key_errors(tables: dict[str, pd.DataFrame], package: dict, labels: dict[str, str]) -> list[FactError]:
    """Every foreignKeys reference of every resource names a row of the referenced table."""
    problems = []
    for res in package["resources"]:
        for fk in res["schema"].get("foreignKeys", []):
            fields, ref = _as_list(fk["fields"]), fk["reference"]
            target = tables.get(ref["resource"])
            if res["name"] not in tables or target is None:
                continue
            known = set(target[_as_list(ref["fields"])].itertuples(index=False, name=None))
            listed = ", ".join(sorted("/".join(map(str, k)) for k in known))
            what = "+".join(f.removesuffix("_id") for f in fields)
            for row, values in zip(
                tables[res["name"]].index, tables[res["name"]][fields].itertuples(index=False, name=None), strict=True
            ):
                if values not in known and not any(v is None for v in values):
                    shown = values[0] if len(values) == 1 else values
                    problems.append(
                        FactError(
                            labels[res["name"]], f"unknown {what} {shown!r}; expected one of {listed}", row, fields[-1]
                        )
                    )
    return problems
