"""Loading the fact base: every table that data/datapackage.json lists, read and typed (facts.tables).

Every problem of every table is a FactError naming the file, the CSV line ("row") and the field; they are
raised together. Loading needs no article: it is what notebooks call. The full checks (constraints,
provenance, coverage) are the validator's (facts.validate). A table written in a previous schema (a
column with a default missing) loads with the default filled, and a note on stderr says once that
`make migrate` brings the tables up to date.
"""

from __future__ import annotations

import datetime as dt
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from tarifftalks.errors import FactError, FactErrors, ParameterError
from tarifftalks.facts.schema import label, read_package, resource
from tarifftalks.facts.tables import read_table
from tarifftalks.paths import DATA_DIR, SEEDS_DIR

__all__ = [  # resource and read_package are the schema engine's, importable from here as before
    "DATA_DIR",
    "SEEDS_DIR",
    "Facts",
    "is_group",
    "load_facts",
    "parse_as_of",
    "parse_comparator",
    "parse_since",
    "read_package",
    "resource",
]

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass
class Facts:
    """Every table of the fact base, typed; `tables["sources"]` lists the articles."""

    package: dict
    tables: dict[str, pd.DataFrame]
    data_dir: Path = DATA_DIR
    seeds_dir: Path = SEEDS_DIR
    as_of: dt.date | None = None
    paths: dict[str, Path] = field(default_factory=dict)
    filled: dict[str, list[str]] = field(default_factory=dict)  # columns a table lacked, filled by defaults

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
        return label(self.paths[name])

    def restrict(self, as_of: dt.date) -> Facts:
        """Only the articles published on or before as_of, and the rows they support."""
        keep = set(self.sources.loc[self.sources["published"].dt.date <= as_of, "source_id"])
        tables = {
            name: (t[t["source_id"].isin(keep)] if "source_id" in t.columns else t) for name, t in self.tables.items()
        }
        return Facts(self.package, tables, self.data_dir, self.seeds_dir, as_of, self.paths, self.filled)


def load_facts(data_dir: Path | str = DATA_DIR, seeds_dir: Path | str = SEEDS_DIR) -> Facts:
    """Read and type every table listed in data/datapackage.json; raise every problem found, together."""
    data_dir, seeds_dir = Path(data_dir), Path(seeds_dir)
    package = read_package(data_dir)
    tables, paths, filled, problems = {}, {}, {}, []
    for res in package["resources"]:
        paths[res["name"]] = data_dir / res["path"]
        try:
            table = read_table(paths[res["name"]], res)
        except FactError as exc:
            problems.append(exc)
            continue
        tables[res["name"]] = table.frame
        if table.filled:
            filled[res["name"]] = table.filled
    if problems:
        raise FactErrors(problems)
    facts = Facts(package, tables, data_dir, seeds_dir, None, paths, filled)
    if filled:
        note_once(migration_note(facts))
    return facts


def migration_note(facts: Facts) -> str:
    lacking = "; ".join(f"{facts.label(name)} lacks {', '.join(columns)}" for name, columns in facts.filled.items())
    return f"note: tables of a previous schema, read with the new columns' defaults ({lacking}): `make migrate` brings them up to date"


_NOTED: set[str] = set()


def note_once(message: str) -> None:
    """Print a note on stderr once per process; never into a notebook (a kernel's stderr is the cell's output)."""
    if message in _NOTED or type(sys.stderr).__module__.startswith("ipykernel"):
        return
    _NOTED.add(message)
    print(message, file=sys.stderr)


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


def is_group(name: object) -> bool:
    """A group of countries ('all countries', 'most nations') is written in lower case, a country capitalised
    (the schema's patterns hold the tables to it)."""
    return isinstance(name, str) and name[:1].islower()


def parse_comparator(value: object, facts: Facts) -> str | None:
    """The comparator country: one the tariff table names, or none."""
    if value is None or str(value).strip().lower() in ("", "none"):
        return None
    focus = facts.package.get("x-subject", {}).get("sides", [None])[0]  # the side the tariffs apply to
    known = sorted({name for name in facts["tariffs"]["applies_to"] if not is_group(name)} - {focus})
    text = str(value).strip()
    for country in known:
        if country.lower() == text.lower():
            return country
    raise ParameterError("comparator", value, f"one of {', '.join(known)}, or none")
