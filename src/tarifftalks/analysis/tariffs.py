"""Tariffs over time: the state of each tariff as of the report date, its changes, its dated actions.

A tariff is a measure: who it applies to, on what sector, of what kind (`applies_to`, `sector`, `kind`).
A later article that gives another rate or status for it reports a change over time, not a
disagreement; two articles of the same day that give different rates disagree (`conflicts`).
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from tarifftalks.analysis.scope import Scope, by_publication, is_group, join_ids, prominence
from tarifftalks.facts.dates import period_end

MEASURE = ["applies_to", "sector", "kind"]
DATES = [
    ("announced", "announced_precision"),
    ("effective", "effective_precision"),
    ("paused_until", "paused_until_precision"),
]


def history(scope: Scope) -> pd.DataFrame:
    """Every tariff row with its article's date, in the order the report reads them: by publication, and
    within one article's rows of a measure the one dated latest last (a rate 'from August 1' after the
    rate it replaces); background rows (context the analyst marked) before the others of the same day."""
    t = by_publication(scope.facts, scope.facts["tariffs"])
    t["prominence"] = prominence(t)
    t["row_date"] = t[[d for d, _ in DATES]].max(axis=1)
    t["is_background"] = t["prominence"] == "background"
    return t.sort_values(
        ["published", "is_background", "row_date", "row"],
        ascending=[True, False, True, True],
        na_position="first",
        kind="stable",
    ).reset_index(drop=True)


def measure_order(t: pd.DataFrame, focus: str, comparator: str | None) -> tuple[list[str], list[tuple[str, str]]]:
    """Who the tariffs apply to (the focus side, the comparator, groups of countries, other countries) and
    the (sector, kind) pairs in the order the articles first report them."""
    first = t.sort_values(["published", "row"], kind="stable").drop_duplicates(["applies_to"])["applies_to"].tolist()
    head = [focus] + ([comparator] if comparator else [])
    groups = [a for a in first if is_group(a) and a not in head]
    others = [a for a in first if not is_group(a) and a not in head]
    first_reports = t.sort_values(["published", "row"], kind="stable")
    pairs = list(dict.fromkeys(zip(first_reports["sector"], first_reports["kind"], strict=True)))
    return head + groups + others, pairs


def state_as_of(row: pd.Series, as_of: dt.date) -> str:
    """What a report says of a tariff on the report date: in_effect, paused, pause_ended (its end has
    passed), announced, or due (announced to take effect on a date that has passed, not yet reported as
    in effect)."""
    if row["status"] == "in_effect":
        return "in_effect"
    if row["status"] == "paused":
        until = row["paused_until"]
        ended = not pd.isna(until) and period_end(until.date(), row["paused_until_precision"] or "day") < as_of
        return "pause_ended" if ended else "paused"
    effective = row["effective"]
    return "due" if not pd.isna(effective) and effective.date() <= as_of else "announced"


STATE_COLUMNS = [
    "applies_to",
    "sector",
    "kind",
    "imposed_by",
    "rate_pct",
    "rate_row",
    "status",
    "state",
    "status_row",
    "announced",
    "announced_precision",
    "effective",
    "effective_precision",
    "paused_until",
    "paused_until_precision",
    "pause_days",
    "qualifiers",
    "in_force_rate",
    "in_force_row",
    "previous_rate",
    "previous_row",
    "changed_on",
    "row_ids",
    "source_ids",
]


def state(scope: Scope) -> pd.DataFrame:
    """One row per tariff (country or group, sector, kind), as of the report date: the latest rate an
    article gives (`rate_pct`, `rate_row`), the latest status (`status`, `state`, `status_row`, its dates),
    the rate last reported in force (`in_force_rate`), the rate before the latest change
    (`previous_rate`, `previous_row`, `changed_on`), and every row and article behind it. Sorted by
    sector and kind as the articles first report them, then the focus side, the comparator, groups of
    countries and other countries."""
    t = history(scope)
    if t.empty:
        return pd.DataFrame(columns=["order", *STATE_COLUMNS])
    focus, _ = scope.sides
    countries, pairs = measure_order(t, focus, scope.comparator)
    rows = []
    for (applies_to, sector, kind), g in t.groupby(MEASURE, sort=False):
        latest = g.iloc[-1]
        rated = g.dropna(subset=["rate_pct"])
        rate_row = rated.iloc[-1] if not rated.empty else None
        in_force = g[[state_as_of(r, scope.as_of) in ("in_effect", "due") for _, r in g.iterrows()]].dropna(
            subset=["rate_pct"]
        )
        before = rated[rated["rate_pct"] != rate_row["rate_pct"]] if rate_row is not None else rated
        previous = before.iloc[-1] if not before.empty else None
        changed_on = rated.loc[rated.index > previous.name, "published"].min() if previous is not None else None
        rows.append(
            dict(
                order=(pairs.index((sector, kind)), countries.index(applies_to)),
                applies_to=applies_to,
                sector=sector,
                kind=kind,
                imposed_by=latest["imposed_by"],
                rate_pct=None if rate_row is None else float(rate_row["rate_pct"]),
                rate_row=None if rate_row is None else rate_row["tariff_id"],
                status=latest["status"],
                state=state_as_of(latest, scope.as_of),
                status_row=latest["tariff_id"],
                **{d: latest[d] for pair in DATES for d in pair},
                pause_days=latest["pause_days"],
                qualifiers=" | ".join(dict.fromkeys(q for q in g["qualifier"] if isinstance(q, str) and q)),
                in_force_rate=None if in_force.empty else float(in_force["rate_pct"].iloc[-1]),
                in_force_row=None if in_force.empty else in_force["tariff_id"].iloc[-1],
                previous_rate=None if previous is None else float(previous["rate_pct"]),
                previous_row=None if previous is None else previous["tariff_id"],
                changed_on=changed_on,
                row_ids=join_ids(g["tariff_id"]),
                source_ids=join_ids(g["source_id"]),
            )
        )
    frame = pd.DataFrame(rows).sort_values("order", kind="stable").drop(columns="order")
    return frame.reset_index(drop=True)[STATE_COLUMNS]


def applying_to(grid: pd.DataFrame, who: str) -> pd.DataFrame:
    """The rows of `state` for one country or group."""
    return grid[grid["applies_to"] == who]


# ---------------------------------------------------------------- changes over time


CHANGE_COLUMNS = [
    *MEASURE,
    "field",
    "before",
    "after",
    "before_row",
    "after_row",
    "before_source",
    "after_source",
    "reported",
]


def changes(scope: Scope) -> pd.DataFrame:
    """One row per change over time of a tariff's rate or status: a later article's value against the last
    different one before it (rows of the same day that differ are a disagreement, not a change)."""
    t = history(scope)
    out = []
    for key, g in t.groupby(MEASURE, sort=False):
        for fld in ("rate_pct", "status"):
            known = g.dropna(subset=[fld])
            prev = None
            for _, r in known.iterrows():
                if prev is not None and r[fld] != prev[fld] and r["published"] > prev["published"]:
                    out.append(
                        dict(zip(MEASURE, key, strict=True))
                        | dict(
                            field="rate" if fld == "rate_pct" else "status",
                            before=prev[fld],
                            after=r[fld],
                            before_row=prev["tariff_id"],
                            after_row=r["tariff_id"],
                            before_source=prev["source_id"],
                            after_source=r["source_id"],
                            reported=r["published"],
                        )
                    )
                prev = r
    return pd.DataFrame(out, columns=CHANGE_COLUMNS)


def same_day_disagreements(scope: Scope) -> pd.DataFrame:
    """Tariff rates that articles of the same day give differently: one row per report, `group` numbering
    the disagreements."""
    t = history(scope).dropna(subset=["rate_pct"])
    out, group = [], 0
    for _key, g in t.groupby([*MEASURE, "published"], sort=False):
        if g["rate_pct"].nunique() > 1 and g["source_id"].nunique() > 1:
            group += 1
            out += [
                dict(
                    group=group,
                    table="tariffs",
                    row_id=r["tariff_id"],
                    source_id=r["source_id"],
                    value=r["rate_pct"],
                    published=r["published"],
                )
                for _, r in g.iterrows()
            ]
    return pd.DataFrame(out, columns=["group", "table", "row_id", "source_id", "value", "published"])


# ---------------------------------------------------------------- dated actions, for the timeline


ACTION_COLUMNS = ["action", "start", "end", "precision", "status", "kind", "row_ids", "source_ids", "prominence"]


def span(start: dt.date, precision: str | None) -> tuple[dt.date, dt.date, str]:
    """A date and its precision as a (start, end, precision) span; a range without its end is a day."""
    end = period_end(start, precision) if precision else None
    return (start, end, precision) if end is not None else (start, start, "day")


def actions(scope: Scope) -> pd.DataFrame:
    """Dated tariff actions: announced, took effect, pause ends. Rows of one article with the same action,
    date, rate and kind are one action (several countries or sectors); an announcement several articles
    report (one `announcement_key`) is one action with all its rows and its most precise date."""
    t = history(scope)
    if t.empty:
        return pd.DataFrame(columns=ACTION_COLUMNS)
    keyed = t["announcement_key"].notna()
    out = []
    for action, (date_f, prec_f) in zip(("announced", "effective", "paused_until"), DATES, strict=True):
        dated = t[t[date_f].notna() & ~(keyed & (action == "announced"))]
        for (_d, _p, _s, _r, kind), g in dated.groupby(
            [date_f, prec_f, "source_id", dated["rate_pct"].fillna(-1), "kind"], sort=False
        ):
            start, end, precision = span(g[date_f].iloc[0].date(), g[prec_f].iloc[0])
            out.append(_action(action, start, end, precision, kind, g, scope.as_of))
    for _key, g in t[keyed].groupby("announcement_key", sort=False):
        spans = [span(d.date(), p) for d, p in zip(g["announced"], g["announced_precision"], strict=True)]
        start, end, precision = min(reversed(spans), key=lambda s: s[1] - s[0])
        out.append(_action("announced", start, end, precision, "/".join(dict.fromkeys(g["kind"])), g, scope.as_of))
    return pd.DataFrame(out, columns=ACTION_COLUMNS)


def _action(action: str, start, end, precision, kind: str, g: pd.DataFrame, as_of: dt.date) -> dict:
    """An action is scheduled when it starts after the report date (a rate from a later day, a pause's end)."""
    return dict(
        action=action,
        start=start,
        end=end,
        precision=precision,
        status="scheduled" if action != "announced" and start > as_of else "happened",
        kind=kind,
        row_ids=join_ids(g["tariff_id"]),
        source_ids=join_ids(g["source_id"]),
        prominence="background" if (g["prominence"] == "background").all() else "body",
    )
