"""Time is not disagreement: which different values are a change over time and which a disagreement.

Two articles disagree when they give values for the same thing at the same time that cannot both be right:
a figure of a fixed period (a measure whose period columns, `x-period` in datapackage.json, are filled: the
2024 surplus), a figure without one reported differently on the same day, two reports of one plan of an
event (`events.plans`: the dates an event had before it was moved) whose dates do not overlap. A value
is read with the bound the article prints (`bound`): "as many as 450" is at most 450, "about 30" within a
tenth of 30, "more than 300" above 300; two values disagree when no number fits both. A later article
that gives another value for a measure without a fixed period reports a change: the report shows the
current value and the change, both cited.

This is the one definition: `make validate` lists the same disagreements (facts.checks.disagreements).
Each report of a disagreement is one row; reports that give the same value (the same `reading`) agree
with each other.
"""

from __future__ import annotations

import pandas as pd

from tarifftalks.analysis import events, tariffs
from tarifftalks.analysis.scope import Scope, by_publication
from tarifftalks.facts.dates import period_end

DISAGREEMENT_COLUMNS = [
    "group",
    "reading",
    "table",
    "row_id",
    "source_id",
    "value",
    "bound",
    "start",
    "end",
    "published",
]
ABOUT = 0.1  # "about 30" is read as 27 to 33


def interval(value: float, bound) -> tuple[float, float, bool, bool]:
    """The numbers a value with its printed bound admits: (low, high, low included, high included)."""
    inf = float("inf")
    bound = bound if isinstance(bound, str) else ""
    return {
        "about": (value * (1 - ABOUT), value * (1 + ABOUT), True, True),
        "at most": (-inf, value, True, True),
        "at least": (value, inf, True, True),
        "more than": (value, inf, False, True),
        "less than": (-inf, value, True, False),
    }.get(bound, (value, value, True, True))


def compatible(a: tuple[float, object], b: tuple[float, object]) -> bool:
    """Whether two (value, bound) readings admit a common number."""
    lo1, hi1, li1, hi_in1 = interval(*a)
    lo2, hi2, li2, hi_in2 = interval(*b)
    lo, lo_in = max((lo1, li1), (lo2, li2), key=lambda x: (x[0], not x[1]))
    hi, hi_in = min((hi1, hi_in1), (hi2, hi_in2), key=lambda x: (x[0], x[1]))
    return lo < hi - 1e-9 or (abs(lo - hi) <= 1e-9 and lo_in and hi_in)


def readings(g: pd.DataFrame, value: str) -> list[int]:
    """Number each row by the distinct (value, bound) it gives, in order of first report: rows with the
    same number agree."""
    keys = list(zip(g[value].round(9), g["bound"].fillna("") if "bound" in g.columns else [""] * len(g), strict=True))
    first = {k: i + 1 for i, k in enumerate(dict.fromkeys(keys))}
    return [first[k] for k in keys]


def clash(g: pd.DataFrame, value: str) -> bool:
    """Two rows of different articles whose readings admit no common number."""
    bounds = g["bound"] if "bound" in g.columns else pd.Series("", index=g.index)
    rows = list(zip(g["source_id"], g[value], bounds, strict=True))
    return any(
        s1 != s2 and not compatible((v1, b1), (v2, b2))
        for i, (s1, v1, b1) in enumerate(rows)
        for s2, v2, b2 in rows[i + 1 :]
    )


CHANGE_COLUMNS = ["table", "before_row", "after_row", "before", "after", "before_source", "after_source", "reported"]


def measure_tables(scope: Scope) -> list[tuple[str, list[str], str, list[str]]]:
    """(table, measure key, value column, period columns) of each table with an x-measure-key, but tariffs
    (a tariff has no fixed period: see `tariffs.changes`)."""
    out = []
    for res in scope.facts.package["resources"]:
        if res.get("x-measure-key") and res["name"] != "tariffs" and res["name"] in scope.facts.tables:
            out.append((res["name"], list(res["x-measure-key"]), res["x-value"], list(res.get("x-period", []))))
    return out


def _value_groups(scope: Scope, table: str, key: list[str], value: str):
    rows = by_publication(scope.facts, scope.facts[table]).dropna(subset=[value])
    for _, g in rows.groupby(key, dropna=False, sort=False):
        if g[value].round(9).nunique() > 1 and g["source_id"].nunique() > 1 and clash(g, value):
            yield g


def disagreements(scope: Scope) -> pd.DataFrame:
    """One row per report in a disagreement (`group` numbers them): figures of a fixed period that articles
    give differently, values of one day that differ, event dates that cannot all be right."""
    out: list[dict] = []
    for table, key, value, period in measure_tables(scope):
        id_col = scope.facts[table].columns[0]
        for g in _value_groups(scope, table, key, value):
            fixed = bool(period) and g[period].notna().any(axis=None)
            clashes = [g] if fixed else [d for _, d in g.groupby("published") if clash(d, value)]
            for found in clashes:
                group = len({r["group"] for r in out}) + 1
                out += [
                    _report(group, reading, table, r[id_col], r["source_id"], r[value], r["published"], r.get("bound"))
                    for reading, (_, r) in zip(readings(found, value), found.iterrows(), strict=True)
                ]
    frame = pd.DataFrame(out, columns=DISAGREEMENT_COLUMNS)
    rest = [tariff_disagreements(scope), event_date_disagreements(scope)]
    for extra in rest:
        if not extra.empty:
            extra = extra.assign(group=extra["group"] + (frame["group"].max() if not frame.empty else 0))
            frame = pd.concat([frame, extra.reindex(columns=DISAGREEMENT_COLUMNS)], ignore_index=True)
    return frame


def tariff_disagreements(scope: Scope) -> pd.DataFrame:
    """Tariff rates that articles of the same day give so that both cannot be right (a rate reported as
    replaced aside): one row per report. A later article's rate is a change (`tariffs.changes`)."""
    t = tariffs.history(scope).dropna(subset=["rate_pct"])
    t = t[t["status"] != "superseded"]
    out, group = [], 0
    for _key, g in t.groupby([*tariffs.MEASURE, "published"], sort=False):
        if g["source_id"].nunique() > 1 and clash(g, "rate_pct"):
            group += 1
            out += [
                _report(
                    group,
                    reading,
                    "tariffs",
                    r["tariff_id"],
                    r["source_id"],
                    r["rate_pct"],
                    r["published"],
                    r.get("bound"),
                )
                for reading, (_, r) in zip(readings(g, "rate_pct"), g.iterrows(), strict=True)
            ]
    return pd.DataFrame(out, columns=DISAGREEMENT_COLUMNS)


def _report(group, reading, table, row_id, source_id, value, published, bound=None, start=None, end=None) -> dict:
    return dict(
        group=group,
        reading=reading,
        table=table,
        row_id=row_id,
        source_id=source_id,
        value=value,
        bound=bound if isinstance(bound, str) and bound else None,
        start=start,
        end=end,
        published=published,
    )


def changes(scope: Scope) -> pd.DataFrame:
    """Values of a measure without a fixed period that a later article reports differently: one row per
    change, the last different value before it and the new one. Tariffs: `tariffs.changes`."""
    out = []
    for table, key, value, period in measure_tables(scope):
        id_col = scope.facts[table].columns[0]
        for g in _value_groups(scope, table, key, value):
            if period and g[period].notna().any(axis=None):
                continue
            prev = None
            for _, r in g.iterrows():
                if (
                    prev is not None
                    and not compatible((r[value], r.get("bound")), (prev[value], prev.get("bound")))
                    and r["published"] > prev["published"]
                ):
                    out.append(
                        dict(
                            table=table,
                            before_row=prev[id_col],
                            after_row=r[id_col],
                            before=prev[value],
                            after=r[value],
                            before_source=prev["source_id"],
                            after_source=r["source_id"],
                            reported=r["published"],
                        )
                    )
                prev = r
    return pd.DataFrame(out, columns=CHANGE_COLUMNS)


def event_date_disagreements(scope: Scope) -> pd.DataFrame:
    """Reports of one plan of an event (`events.plans`: one event_key, before or after a move) from
    different articles whose dates do not overlap: one row per report of that plan."""
    ev = by_publication(scope.facts, scope.facts["events"])
    out, group = [], 0
    for _key, g in ev.groupby("event_key", sort=False):
        for plan in events.plans(g):
            spans = [(r, r["date_start"].date(), span_end(r)) for _, r in plan.iterrows()]
            if any(
                a[0]["source_id"] != b[0]["source_id"] and (a[1] > b[2] or b[1] > a[2]) for a in spans for b in spans
            ):
                group += 1
                days = {(s, e): i + 1 for i, (s, e) in enumerate(dict.fromkeys((s, e) for _, s, e in spans))}
                out += [
                    _report(
                        group, days[(s, e)], "events", r["event_id"], r["source_id"], None, r["published"], None, s, e
                    )
                    for r, s, e in spans
                ]
    return pd.DataFrame(out, columns=DISAGREEMENT_COLUMNS)


def span_end(r: pd.Series):
    if not pd.isna(r["date_end"]):
        return r["date_end"].date()
    return period_end(r["date_start"].date(), r["date_precision"]) or r["date_start"].date()
