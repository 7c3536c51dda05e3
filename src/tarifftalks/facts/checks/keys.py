"""Keys: rows that share a key report one thing. Rows sharing a key marked `x-dates-overlap` (an event, a
tariff announcement) have dates that overlap, within one article (between articles, dates that do not
overlap are a disagreement the report shows); rows sharing a key marked `x-same-claim` (a claim) agree on
the fields it lists. Ids and keys are checked for safe characters with the schema."""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass

import pandas as pd

from tarifftalks.errors import FactError
from tarifftalks.facts.checks.base import Context, register
from tarifftalks.facts.checks.dates import date_fields
from tarifftalks.facts.dates import period_end
from tarifftalks.facts.load import Facts
from tarifftalks.facts.schema import resource


@dataclass(frozen=True)
class KeyedSpan:
    """One row's dates under a shared key (an event, a tariff announcement)."""

    row: int
    source_id: str
    start: dt.date
    end: dt.date
    moved: bool = False  # the row reports the thing postponed from these dates


def overlap_keys(facts: Facts, name: str) -> list[tuple[str, str, str, str | None]]:
    """(key field, start field, precision field, end field or None) of each key of a table whose rows' dates
    must overlap; the end follows from the precision when none is stored."""
    res = resource(facts.package, name)
    dates = {d: (p, e) for d, p, e in date_fields(res)}
    return [
        (f["name"], f["x-dates-overlap"], *dates[f["x-dates-overlap"]])
        for f in res["schema"]["fields"]
        if f.get("x-dates-overlap") in dates
    ]


def keyed_spans(facts: Facts, name: str, spec: tuple[str, str, str, str | None]) -> dict[str, list[KeyedSpan]]:
    """The dated rows of a table grouped by their shared key."""
    key_f, start_f, prec_f, end_f = spec
    by_key: dict[str, list[KeyedSpan]] = {}
    for row, r in facts[name].iterrows():
        if not r[key_f] or pd.isna(r[start_f]):
            continue
        start = r[start_f].date()
        end = r[end_f].date() if end_f and not pd.isna(r[end_f]) else period_end(start, r[prec_f]) or start
        moved = r.get("status") == "postponed"
        by_key.setdefault(r[key_f], []).append(KeyedSpan(int(row), r["source_id"], start, end, moved))
    return by_key


def clashes(spans: list[KeyedSpan]) -> list[tuple[KeyedSpan, KeyedSpan]]:
    return [(a, b) for a, b in itertools.combinations(spans, 2) if a.start > b.end or b.start > a.end]


def moved_on(a: KeyedSpan, b: KeyedSpan) -> bool:
    """One row reports the thing postponed from its dates, the other dates it after them: an article that
    reports a move gives both the old date and the new one."""
    return (a.moved and b.start > a.end) or (b.moved and a.start > b.end)


@register()
def key_dates_overlap(ctx: Context) -> list[FactError]:
    """Within one article, rows sharing a key have dates that overlap (two dates: two events, two keys), but
    for a move: a row `postponed` from its dates and rows of the new dates after them."""
    facts, problems = ctx.facts, []
    for name in facts.tables:
        for spec in overlap_keys(facts, name):
            key_f = spec[0]
            for key, spans in keyed_spans(facts, name, spec).items():
                problems += [
                    FactError(
                        facts.label(name),
                        f"{key_f} {key!r} is also on row {a.row} with dates that do not overlap "
                        f"({a.start}..{a.end}); one article, one date per {key_f.split('_')[0]}",
                        b.row,
                        key_f,
                    )
                    for a, b in clashes(spans)
                    if a.source_id == b.source_id and not moved_on(a, b)
                ]
    return problems


@register()
def claim_keys_make_one_claim(ctx: Context) -> list[FactError]:
    """Rows sharing a claim key agree, with the key's first row, on every field its `x-same-claim` lists."""
    facts, problems = ctx.facts, []
    for name, table in facts.tables.items():
        for f in resource(facts.package, name)["schema"]["fields"]:
            identity = f.get("x-same-claim")
            if not identity:
                continue
            for key, group in table[table[f["name"]].notna()].groupby(f["name"], sort=True):
                first_row, first = next(group.iterrows())
                for row, r in group.iloc[1:].iterrows():
                    problems += [
                        FactError(
                            facts.label(name),
                            f"{f['name']} {key!r} is on row {first_row} with {i} {first[i]!r}, here {r[i]!r}; "
                            f"one claim, one {i}",
                            row,
                            i,
                        )
                        for i in identity
                        if r[i] != first[i]
                    ]
    return problems
