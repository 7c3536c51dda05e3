"""Dates: a date agrees with its precision (a week starts on a Monday, a month on day 1, an end follows from
the start), and a relative date whose date_basis quotes its phrase ("'last week' in an article of …") is
re-computed from the article's date. The date fields are those the schema gives an `x-precision` (and,
for a stored end, an `x-end`)."""

from __future__ import annotations

import pandas as pd

from tarifftalks.errors import FactError
from tarifftalks.facts.checks.base import Context, register
from tarifftalks.facts.dates import basis_phrase, period_end, resolve_phrase
from tarifftalks.facts.schema import resource


def date_fields(res: dict) -> list[tuple[str, str, str | None]]:
    """(date field, its precision field, its end field or None) of a table."""
    return [(f["name"], f["x-precision"], f.get("x-end")) for f in res["schema"]["fields"] if f.get("x-precision")]


@register()
def dates_and_bases(ctx: Context) -> list[FactError]:
    facts, problems = ctx.facts, []
    published = facts.sources.drop_duplicates("source_id").set_index("source_id")
    for name, table in facts.tables.items():
        specs = date_fields(resource(facts.package, name))
        for row, r in table.iterrows() if specs else ():
            for date_f, prec_f, end_f in specs:
                start, prec = r[date_f], r[prec_f]
                if pd.isna(start):
                    if prec is not None:
                        problems.append(
                            FactError(facts.label(name), f"precision given but {date_f} is empty", row, prec_f)
                        )
                    continue
                if prec is None:
                    problems.append(FactError(facts.label(name), f"{date_f} needs a precision", row, prec_f))
                    continue
                end = r[end_f].date() if end_f and not pd.isna(r[end_f]) else None
                problem = precision_problem(date_f, end_f, start.date(), end, prec)
                if problem:
                    problems.append(FactError(facts.label(name), problem[1], row, problem[0]))
            problems += basis_errors(facts.label(name), row, r, specs, published)
    return problems


def precision_problem(date_f, end_f, start, end, prec) -> tuple[str, str] | None:
    """(field, what is wrong) when a date does not fit its precision."""
    if end is not None and end < start:
        return end_f, f"ends before it starts ({end} < {start})"
    if prec == "week" and start.weekday() != 0:
        return date_f, f"a week starts on a Monday; {start} is a {start:%A}"
    if prec == "month" and start.day != 1:
        return date_f, f"a month starts on day 1; got {start}"
    expected_end = period_end(start, prec) if end_f else None
    if expected_end is not None and end != expected_end:
        return end_f, f"precision {prec} starting {start} ends on {expected_end}, got {end}"
    return None


def basis_errors(label, row, r, specs, published) -> list[FactError]:
    """A date_basis "'<phrase>' in an article of …" resolves, from the article's date, to the row's dates."""
    phrase = basis_phrase(r.get("date_basis"))
    if phrase is None or r["source_id"] not in published.index:
        return []  # an unknown source is reported by the schema's references
    src = published.loc[r["source_id"]]
    anchors = {src["published_earliest"].date(), src["published"].date()}
    periods = []
    for date_f, prec_f, end_f in specs:
        if not pd.isna(r[date_f]):
            end = r[end_f].date() if end_f else None
            periods.append((date_f, r[date_f].date(), end, r[prec_f]))
    for anchor in sorted(anchors):
        readings = resolve_phrase(phrase, anchor)
        if not readings:
            return [
                FactError(label, f"date_basis phrase {phrase!r} is not a date the resolver knows", row, "date_basis")
            ]
        ok = any(
            p.start == start and p.precision == prec and (end is None or p.end == end)
            for _, start, end, prec in periods
            for p in readings[:2]
        )
        if not ok:
            want = " or ".join(f"{p.start}..{p.end} ({p.precision})" for p in readings[:2])
            field_ = periods[0][0] if periods else "date_basis"
            return [FactError(label, f"{phrase!r} in an article of {anchor} resolves to {want}", row, field_)]
    return []
