"""The report's context: the scope (facts in scope and parameters), its analysis frames computed once,
and how citations are written.

`build_brief` loads the facts, checks the parameters and restricts the facts to the articles published
up to `as_of`; everything the notebook shows is computed from `brief.scope` (never from later articles).
`brief.cite(ids)` writes a citation as inline Markdown: the article's reference number, linked to the
evidence entry of the row (its verbatim quote) in the report's Evidence section.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import pandas as pd

from tarifftalks.analysis import claims, conflicts, derived, events, people, tariffs
from tarifftalks.analysis.scope import Scope, make_scope, reference_numbers, split_ids
from tarifftalks.facts.dates import Period, describe
from tarifftalks.facts.load import DATA_DIR, SEEDS_DIR, Facts, load_facts, parse_as_of, parse_comparator, parse_since

NAMED_SOURCES = 5  # a source line names at most this many articles, else gives their reference numbers
MAX_RUNS = 4  # and at most this many runs of consecutive numbers


def runs(numbers) -> list[tuple[int, int]]:
    """Consecutive numbers as (first, last) runs: [1, 2, 3, 7] -> [(1, 3), (7, 7)]."""
    out: list[tuple[int, int]] = []
    for n in sorted(set(numbers)):
        if out and n == out[-1][1] + 1:
            out[-1] = (out[-1][0], n)
        else:
            out.append((n, n))
    return out


def run_marks(number_runs) -> list[str]:
    """'[1]–[40]' for a run, '[7]' for a single number, '[7], [8]' for two."""
    marks = []
    for first, last in number_runs:
        marks += [f"[{first}]–[{last}]"] if last > first + 1 else [f"[{n}]" for n in range(first, last + 1)]
    return marks


def outlet_short(outlet: str) -> str:
    """The outlet as a short citation: 'Bloomberg', 'unnamed newspaper (editorial)', 'unnamed outlet'."""
    if outlet.lower().startswith("unknown"):
        return "unnamed newspaper (editorial)" if "editorial" in outlet.lower() else "unnamed outlet"
    return outlet.split(" (")[0]


def source_date(src: pd.Series) -> str:
    """The article's date as the report shows it: a range where only a range is known."""
    early, late = src["published_earliest"].date(), src["published"].date()
    if early == late:
        return describe(Period(late, late, "day"))
    return describe(Period(early, late, "range"))


@dataclass
class Citer:
    """Turns source ids into reference marks like [1] and source lines for tables and charts."""

    sources: pd.DataFrame  # all sources, so numbers do not change with as_of

    def __post_init__(self):
        self.numbers = reference_numbers(self.sources)
        self.by_id = self.sources.set_index("source_id")

    def ref(self, source_ids) -> str:
        ids = split_ids(source_ids) if isinstance(source_ids, str) else list(source_ids)
        nums = sorted({self.numbers[s] for s in ids})
        if len(nums) > NAMED_SOURCES:
            return "[" + ", ".join(str(a) if a == z else f"{a}–{z}" for a, z in runs(nums)) + "]"
        return "[" + ", ".join(str(n) for n in nums) + "]" if nums else ""

    def name(self, sid: str) -> str:
        src = self.by_id.loc[sid]
        return f"{outlet_short(src['outlet'])}, {source_date(src)}"

    def line(self, source_ids) -> str:
        """'Source: [1] Bloomberg, Apr 8, 2025; [5] Reuters, May 27, 2025.'; beyond a few articles
        'Sources: [1]–[200]: 200 articles; see Sources.', so a chart's footer keeps its height."""
        ids = sorted(set(source_ids), key=lambda s: self.numbers[s])
        if not ids:
            return "Source: none of the articles up to the report date."
        if len(ids) > NAMED_SOURCES:
            number_runs = runs([self.numbers[s] for s in ids])
            more = "" if len(number_runs) <= MAX_RUNS else ", …"
            return f"Sources: {', '.join(run_marks(number_runs)[:MAX_RUNS])}{more}: {len(ids)} articles; see Sources."
        plural = "s" if len(ids) > 1 else ""
        return f"Source{plural}: " + "; ".join(f"[{self.numbers[s]}] {self.name(s)}" for s in ids) + "."


@dataclass
class Brief:
    """Everything a section needs: the scope, its analysis frames (computed once, read by every section,
    changed by none) and the citations."""

    scope: Scope
    citer: Citer

    @property
    def facts(self) -> Facts:
        return self.scope.facts

    @property
    def as_of(self) -> dt.date:
        return self.scope.as_of

    @property
    def comparator(self) -> str | None:
        return self.scope.comparator

    @property
    def since(self) -> dt.date | None:
        return self.scope.since

    @property
    def sides(self) -> tuple[str, str]:
        return self.scope.sides

    @property
    def n_articles(self) -> int:
        return len(self.facts.sources)

    @cached_property
    def timeline(self) -> pd.DataFrame:
        return events.timeline(self.scope)

    @cached_property
    def claims(self) -> pd.DataFrame:
        return claims.claims(self.scope, self.timeline)

    @cached_property
    def figure_facts(self) -> pd.DataFrame:
        return claims.figure_facts(self.scope, self.timeline, self.disagreements)

    @cached_property
    def tariff_state(self) -> pd.DataFrame:
        return tariffs.state(self.scope)

    @cached_property
    def tariff_changes(self) -> pd.DataFrame:
        return tariffs.changes(self.scope)

    @cached_property
    def disagreements(self) -> pd.DataFrame:
        return conflicts.disagreements(self.scope)

    @cached_property
    def derived(self) -> pd.DataFrame:
        return derived.derived_figures(self.scope)

    @cached_property
    def lineups(self) -> pd.DataFrame:
        return people.lineups(self.scope)

    @cached_property
    def before(self) -> Brief | None:
        """The same report as of the `since` date (what its reader had), or None without one."""
        if self.since is None:
            return None
        return Brief(make_scope(self.scope.facts_all, self.since, self.comparator), self.citer)

    def new_mark(self, first_published) -> str:
        """'*New:* ' for a fact no article up to the `since` date reported (the day itself counts as before)."""
        return "*New:* " if self.since is not None and first_published > self.since else ""

    @cached_property
    def names(self) -> frozenset[str]:
        """Words the data writes capitalised inside a sentence (names, places, nationalities): never lower-cased
        when a statement continues a list."""
        texts = [t for name in ("positions", "events", "figures") for col in ("statement", "description", "note")
                 if col in self.facts[name].columns for t in self.facts[name][col].dropna()]  # fmt: skip
        return frozenset(w for t in texts for w in re.findall(r"(?<=[a-z,;:] )([A-Z][A-Za-z-]+)", t))

    def row(self, row_id: str) -> pd.Series:
        """A fact row in scope by its id (a merged row's id: the row kept)."""
        for name in self.facts.fact_tables:
            table = self.facts[name]
            if name != "omissions":
                hit = table[table[table.columns[0]] == row_id]
                if not hit.empty:
                    return hit.iloc[0]
        raise KeyError(row_id)

    def source_ids(self, ids) -> list[str]:
        return self.scope.source_ids(ids)

    def cite(self, ids) -> str:
        """`[[1](#ev-row), [3](#ev-row)]`: one number per article, linked to the first row's evidence;
        beyond five articles, runs of numbers: `[[1](#ev-row)–[40](#ev-row)]`."""
        ids = split_ids(ids) if isinstance(ids, str) else list(ids)
        targets: dict[int, str] = {}
        for i in ids:
            for sid in self.source_ids([i]):
                anchor = f"ev-{i}" if i in self.scope.row_source else f"src-{sid}"
                targets.setdefault(self.citer.numbers[sid], anchor)
        if not targets:
            return ""
        if len(targets) <= NAMED_SOURCES:
            return "[" + ", ".join(f"[{n}](#{targets[n]})" for n in sorted(targets)) + "]"
        number_runs = runs(targets)
        marks = [
            f"[{a}](#{targets[a]})" + (f"–[{z}](#{targets[z]})" if z > a else "") for a, z in number_runs[:MAX_RUNS]
        ]
        return "[" + ", ".join(marks) + (", …" if len(number_runs) > MAX_RUNS else "") + "]"

    def source_line(self, ids) -> str:
        """'Sources: [1] Bloomberg, Apr 8, 2025; …' for the articles behind rows or articles."""
        return self.citer.line(self.source_ids(ids))

    def sources_of(self, frame: pd.DataFrame) -> str:
        """The source line of a presented table: the articles its citations link to."""
        cells = " ".join(str(v) for v in frame.to_numpy().ravel())
        ids = re.findall(r"\(#(?:ev|src)-([^)\s]+)\)", cells)
        return self.source_line([i for i in ids if i in self.scope.row_source or i in self.citer.numbers])

    def name(self, sid: str) -> str:
        return self.citer.name(sid)


def build_brief(
    as_of: object = None,
    comparator: object = None,
    since: object = None,
    data_dir: str | Path | None = None,
    seeds_dir: str | Path | None = None,
) -> Brief:
    """Load the facts and check the parameters; a bad value raises ParameterError naming it."""
    facts_all = load_facts(data_dir or DATA_DIR, seeds_dir or SEEDS_DIR)
    as_of_date = parse_as_of(as_of, facts_all)
    scope = make_scope(facts_all, as_of_date, parse_comparator(comparator, facts_all), parse_since(since, as_of_date))
    return Brief(scope, Citer(facts_all.sources))
