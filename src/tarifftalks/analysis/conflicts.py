"""Time is not disagreement: which different values are a change over time and which a disagreement.

Two articles disagree when they give different values for the same thing at the same time: a figure
of a fixed period (a measure whose period columns, `x-period` in datapackage.json, are filled: the
2024 surplus), a figure without one reported differently on the same day, two reports of one event's
dates that do not overlap (unless the event was reported postponed in between). A later article that
gives another value for a measure without a fixed period reports a change: the report shows the
current value and the change, both cited.
"""

from __future__ import annotations

import pandas as pd

from tarifftalks.analysis import tariffs
from tarifftalks.analysis.scope import Scope, by_publication
from tarifftalks.facts.dates import period_end

DISAGREEMENT_COLUMNS = ["group", "table", "row_id", "source_id", "value", "start", "end", "published"]
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
        if g[value].round(9).nunique() > 1 and g["source_id"].nunique() > 1:
            yield g


def disagreements(scope: Scope) -> pd.DataFrame:
    """One row per report in a disagreement (`group` numbers them): figures of a fixed period that articles
    give differently, values of one day that differ, event dates that cannot all be right."""
    out: list[dict] = []
    for table, key, value, period in measure_tables(scope):
        id_col = scope.facts[table].columns[0]
        for g in _value_groups(scope, table, key, value):
            fixed = bool(period) and g[period].notna().any(axis=None)
            clashes = [g] if fixed else [d for _, d in g.groupby("published") if d[value].round(9).nunique() > 1]
            for clash in clashes:
                group = len({r["group"] for r in out}) + 1
                out += [
                    _report(group, table, r[id_col], r["source_id"], r[value], r["published"])
                    for _, r in clash.iterrows()
                ]
    frame = pd.DataFrame(out, columns=DISAGREEMENT_COLUMNS)
    rest = [tariffs.same_day_disagreements(scope), event_date_disagreements(scope)]
    for extra in rest:
        if not extra.empty:
            extra = extra.assign(group=extra["group"] + (frame["group"].max() if not frame.empty else 0))
            frame = pd.concat([frame, extra.reindex(columns=DISAGREEMENT_COLUMNS)], ignore_index=True)
    return frame


def _report(group, table, row_id, source_id, value, published, start=None, end=None) -> dict:
    return dict(
        group=group,
        table=table,
        row_id=row_id,
        source_id=source_id,
        value=value,
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
                    and round(r[value], 9) != round(prev[value], 9)
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
    """Reports of one event (one event_key) from different articles whose dates do not overlap, with no
    postponement reported between them: one row per report of such an event."""
    ev = by_publication(scope.facts, scope.facts["events"])
    out, group = [], 0
    for _key, g in ev.groupby("event_key", sort=False):
        postponed = g.index[g["status"] == "postponed"]
        plan = g.loc[postponed[-1] :] if len(postponed) else g
        spans = [
            (
                r,
                r["date_start"].date(),
                r["date_end"].date()
                if not pd.isna(r["date_end"])
                else period_end(r["date_start"].date(), r["date_precision"]) or r["date_start"].date(),
            )
            for _, r in plan.iterrows()
        ]
        clash = any(
            a[0]["source_id"] != b[0]["source_id"] and (a[1] > b[2] or b[1] > a[2]) for a in spans for b in spans
        )
        if clash:
            group += 1
            out += [
                _report(group, "events", r["event_id"], r["source_id"], None, r["published"], start, end)
                for r, start, end in spans
            ]
    return pd.DataFrame(out, columns=DISAGREEMENT_COLUMNS)
