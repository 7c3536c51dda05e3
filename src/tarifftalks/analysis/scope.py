"""What a report is about and which facts it stands on: the two sides of the talks, the articles up to
`as_of`, one row per fact.

The sides are named once, in data/datapackage.json (`x-subject`); every other country comes from the
tables. Every analysis function takes a `Scope` (or its facts) and returns a tidy DataFrame: one row
per fact or entry, plain values, the ids of the rows and articles behind it in their own columns as
`;`-joined text (`row_ids`, `source_ids`), no Markdown and no English.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pandas as pd

from tarifftalks.facts.load import Facts, is_group  # noqa: F401 (is_group re-exported for analysis and present)

ID_SEP = ";"


def join_ids(ids) -> str:
    """Ids as one cell: 'a000;a003', each once, in the order given."""
    return ID_SEP.join(dict.fromkeys(str(i) for i in ids if isinstance(i, str) and i))


def split_ids(cell) -> list[str]:
    """The ids of a `row_ids`/`source_ids`/`parties` cell (empty or missing: none)."""
    if not isinstance(cell, str) or not cell:
        return []
    return [part.strip() for part in cell.split(ID_SEP) if part.strip()]


def sides(package: dict) -> tuple[str, str]:
    """The two sides of the talks: (the side the tariffs apply to, the side imposing them)."""
    focus, counterpart = package["x-subject"]["sides"]
    return focus, counterpart


def prominence(table: pd.DataFrame) -> pd.Series:
    """Each row's prominence; an empty cell is body."""
    if "prominence" not in table.columns:
        return pd.Series("body", index=table.index)
    return table["prominence"].where(table["prominence"].notna(), "body")


def shown(table: pd.DataFrame) -> pd.DataFrame:
    """The rows the report's body shows: all but those the analyst put in the appendix only."""
    return table[prominence(table) != "appendix"]


# ---------------------------------------------------------------- one row per fact


def merge_same_rows(facts: Facts) -> tuple[Facts, dict[str, list[str]]]:
    """One row per fact: rows of a fact table that differ only in their row id and article (several
    articles printing the same sentence, coded the same way) become the first of them. Returns the
    merged facts and, for each kept row id, the ids of all the rows it stands for."""
    tables: dict[str, pd.DataFrame] = dict(facts.tables)
    same: dict[str, list[str]] = {}
    for name in facts.fact_tables:
        table = facts[name]
        id_col = table.columns[0]
        if name == "omissions" or id_col == "source_id" or table.empty:
            continue
        key = pd.util.hash_pandas_object(table.drop(columns=[id_col, "source_id"]).astype(str), index=False)
        groups = table[id_col].groupby(key, sort=False).agg(list)
        same.update({ids[0]: ids for ids in groups if len(ids) > 1})
        tables[name] = table[~key.duplicated()]
    return Facts(facts.package, tables, facts.data_dir, facts.seeds_dir, facts.as_of, facts.paths), same


def row_sources(facts: Facts) -> dict[str, str]:
    """Every row id of the fact tables (omissions have none): its article."""
    out: dict[str, str] = {}
    for name in facts.fact_tables:
        table = facts[name]
        if name != "omissions":
            out.update(zip(table[table.columns[0]], table["source_id"], strict=True))
    return out


def by_publication(facts: Facts, table: pd.DataFrame) -> pd.DataFrame:
    """Rows with their article's date (`published`), oldest article first (then source id and CSV line)."""
    published = facts.sources[["source_id", "published"]]
    merged = table.rename_axis("row").reset_index().merge(published, on="source_id", how="left")
    merged["published"] = merged["published"].dt.date
    return merged.sort_values(["published", "source_id", "row"], kind="stable").reset_index(drop=True)


def reference_numbers(sources: pd.DataFrame) -> dict[str, int]:
    """[1], [2], … by publication date; stable whatever the as_of date."""
    ordered = sources.sort_values(["published", "source_id"])
    return {sid: i + 1 for i, sid in enumerate(ordered["source_id"])}


def same_text_groups(sources: pd.DataFrame) -> list[list[str]]:
    """Articles with the same text (the same SHA-256), each group in publication order."""
    ordered = sources.sort_values(["published", "source_id"])
    return [list(g) for _, g in ordered.groupby("sha256", sort=False)["source_id"]]


# ---------------------------------------------------------------- the scope of a report


@dataclass
class Scope:
    """The facts a report stands on: every article (`facts_all`, for stable reference numbers), those
    published up to `as_of` with one row per fact (`facts`), and the parameters."""

    facts_all: Facts
    facts: Facts
    as_of: dt.date
    comparator: str | None = None
    since: dt.date | None = None
    same_rows: dict[str, list[str]] = field(default_factory=dict)  # a kept row id: the ids of the rows it merges
    row_source: dict[str, str] = field(default_factory=dict)  # every row id in scope (merged ones too): its article

    @property
    def sides(self) -> tuple[str, str]:
        return sides(self.facts.package)

    @property
    def published(self) -> dict[str, dt.date]:
        return self.facts.published

    def source_ids(self, ids) -> list[str]:
        """Article ids of row ids or article ids, in publication order; a merged row gives all its articles."""
        ids = split_ids(ids) if isinstance(ids, str) else list(ids)
        found = {self.row_source.get(j, j) for i in ids for j in self.same_rows.get(i, [i])}
        found = {s for s in found if s in self.published}
        return sorted(found, key=lambda s: (self.published[s], s))


def make_scope(facts_all: Facts, as_of: dt.date, comparator: str | None = None, since: dt.date | None = None) -> Scope:
    """The scope of a report as of a date: the articles published by then, their rows merged one per fact."""
    in_scope = facts_all.restrict(as_of)
    facts, same = merge_same_rows(in_scope)
    return Scope(facts_all, facts, as_of, comparator, since, same, row_sources(in_scope))
