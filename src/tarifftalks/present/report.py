"""The report's context: the facts in scope, the parameters, and how figures and citations are written.

`build_brief` loads the facts, checks the parameters and restricts the facts to the articles published
up to `as_of`; everything the notebook shows is computed from `brief.facts` (never from later
articles). `brief.cite(ids)` writes a citation as inline Markdown: the article's reference number,
linked to the evidence entry of the row (its verbatim quote) in the report's Evidence section.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import pandas as pd

from tarifftalks.analysis import derive
from tarifftalks.analysis.derive import Citer, Derived
from tarifftalks.facts.dates import Period, describe
from tarifftalks.facts.hedges import ATTRIBUTION, CERTAINTY
from tarifftalks.facts.load import DATA_DIR, SEEDS_DIR, Facts, load_facts, parse_as_of, parse_comparator, parse_since
from tarifftalks.facts.validate import Finding, disagreements
from tarifftalks.present.tables import esc

# ---------------------------------------------------------------- numbers as the report writes them

CURRENCY_PREFIX = {"USD": "US$", "SGD": "S$"}


def money(value: float, currency: str, unit: str) -> str:
    """'US$55.7 billion', '10 trillion won', 'S$9.2 billion'."""
    number = f"{value:,.2f}".rstrip("0").rstrip(".") if value != int(value) else f"{int(value):,}"
    if currency == "KRW":
        return f"{number} {unit} won"
    return f"{CURRENCY_PREFIX.get(currency, currency + ' ')}{number} {unit}"


def pct(value: float) -> str:
    return f"{value:g}%"


def count(value: float) -> str:
    return f"{int(value):,}"


def day(d: dt.date) -> str:
    """'May 27, 2025'."""
    return describe(Period(d, d, "day"))


# ---------------------------------------------------------------- who says it, how firmly


def hedge(row) -> str:
    """Who asserts a claim and how firmly, as the report writes it after the claim, e.g.
    '*(reported, per The Wall Street Journal)*', '*(signalled willingness, per Han Duck-soo)*',
    '*(per Donald Trump, as a candidate)*'; empty for the article's own plain statement. Every section
    words claims with this one function, so no hedge is dropped in one place and kept in another."""
    attribution, certainty = _get(row, "attribution"), _get(row, "certainty")
    if attribution is None and certainty is None:
        return ""
    who = _get(row, "attributed_to") or ATTRIBUTION.get(attribution, "")
    if attribution == "candidate":
        who += ", as a candidate"
    how = CERTAINTY[certainty].words if certainty in CERTAINTY else certainty or ""
    parts = [how] + ([f"per {who}"] if who and attribution != "article" else [])
    if attribution == "unattributed" and not who:
        parts.append("source not named")
    text = ", ".join(p for p in parts if p)
    return f" *({esc(text)})*" if text else ""


def _get(row, name: str):
    value = row.get(name) if hasattr(row, "get") else getattr(row, name, None)
    return None if value is None or (isinstance(value, float) and pd.isna(value)) or value == "" else value


def id_column(table: pd.DataFrame) -> str:
    """The row-id column of a fact table: its first column (event_id, tariff_id, …)."""
    return table.columns[0]


# ---------------------------------------------------------------- the brief


@dataclass
class Brief:
    """Everything a section needs: the facts up to as_of, the parameters, citations, findings."""

    facts_all: Facts
    facts: Facts
    as_of: dt.date
    comparator: str | None
    since: dt.date | None
    citer: Citer
    findings: list[Finding]
    derived: list[Derived]
    same_rows: dict[str, list[str]] = field(default_factory=dict)  # a kept row id: the ids of the rows it merges
    row_source: dict[str, str] = field(default_factory=dict)  # every row id (merged ones too): its article

    def __post_init__(self):
        if not self.row_source:
            self.row_source = row_sources(self.facts)

    @cached_property
    def timeline(self) -> pd.DataFrame:
        """derive.timeline of the facts in scope, computed once (sections read it, none changes it)."""
        return derive.timeline(self.facts)

    @cached_property
    def claims(self) -> pd.DataFrame:
        """derive.claims of the facts in scope, computed once."""
        return derive.claims(self.facts)

    @cached_property
    def figure_facts(self) -> pd.DataFrame:
        """derive.figure_facts of the facts in scope, computed once."""
        return derive.figure_facts(self.facts)

    @property
    def n_articles(self) -> int:
        return len(self.facts.sources)

    def source_ids(self, ids) -> list[str]:
        """Article ids of row ids or article ids; a merged row gives the articles of all its rows."""
        ids = [ids] if isinstance(ids, str) else list(ids)
        return [self.row_source.get(j, j) for i in ids for j in self.same_rows.get(i, [i])]

    def cite(self, ids) -> str:
        """`[[1](#ev-row), [3](#ev-row)]`: one number per article, linked to the first row's evidence;
        beyond five articles, runs of numbers: `[[1](#ev-row)–[40](#ev-row)]`."""
        ids = [ids] if isinstance(ids, str) else list(ids)
        targets: dict[int, str] = {}
        for i in ids:
            for sid in self.source_ids(i):
                anchor = f"ev-{i}" if i in self.row_source else f"src-{sid}"
                targets.setdefault(self.citer.numbers[sid], anchor)
        if not targets:
            return ""
        if len(targets) <= derive.NAMED_SOURCES:
            return "[" + ", ".join(f"[{n}](#{targets[n]})" for n in sorted(targets)) + "]"
        number_runs = derive.runs(targets)
        marks = [
            f"[{a}](#{targets[a]})" + (f"–[{z}](#{targets[z]})" if z > a else "")
            for a, z in number_runs[: derive.MAX_RUNS]
        ]
        more = ", …" if len(number_runs) > derive.MAX_RUNS else ""
        return "[" + ", ".join(marks) + more + "]"

    def source_line(self, ids) -> str:
        """'Sources: [1] Bloomberg, Apr 8, 2025; …' for the articles behind rows or articles."""
        return self.citer.line(self.source_ids(ids))

    def sources_of(self, frame: pd.DataFrame) -> str:
        """The source line of a table: the articles its citations link to."""
        cells = " ".join(str(v) for v in frame.to_numpy().ravel())
        ids = re.findall(r"\(#(?:ev|src)-([^)\s]+)\)", cells)
        return self.source_line([i for i in ids if i in self.row_source or i in self.citer.numbers])

    def name(self, sid: str) -> str:
        return self.citer.name(sid)

    def when(self, period_start, period_end, precision) -> str:
        return describe(Period(period_start, period_end, precision))

    def e(self, text) -> str:
        return esc(text)


def row_sources(facts: Facts) -> dict[str, str]:
    """Every row id of the fact tables (omissions have none): its article."""
    out: dict[str, str] = {}
    for name in facts.fact_tables:
        table = facts[name]
        if name != "omissions":
            out.update(zip(table[id_column(table)], table["source_id"], strict=True))
    return out


def build_brief(
    as_of: object = None,
    comparator: object = "Japan",
    since: object = None,
    data_dir: str | Path | None = None,
    seeds_dir: str | Path | None = None,
) -> Brief:
    """Load the facts and check the parameters; a bad value raises ParameterError naming it."""
    facts_all = load_facts(data_dir or DATA_DIR, seeds_dir or SEEDS_DIR)
    as_of_date = parse_as_of(as_of, facts_all)
    since_date = parse_since(since, as_of_date)
    comparator_name = parse_comparator(comparator, facts_all)
    facts_in_scope = facts_all.restrict(as_of_date)
    facts, same_rows = derive.merge_same_rows(facts_in_scope)
    return Brief(
        facts_all=facts_all,
        facts=facts,
        as_of=as_of_date,
        comparator=comparator_name,
        since=since_date,
        citer=Citer(facts_all.sources),
        findings=disagreements(facts),
        derived=derive.derived_figures(facts),
        same_rows=same_rows,
        row_source=row_sources(facts_in_scope),
    )
