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
from tarifftalks.facts.schema import resource

MEASURE = ["applies_to", "sector", "kind"]
DATES = [
    ("announced", "announced_precision"),
    ("effective", "effective_precision"),
    ("paused_until", "paused_until_precision"),
]


STATUS_RANK = {"superseded": 0, "in_effect": 1, "paused": 1, "announced": 2}


def history(scope: Scope) -> pd.DataFrame:
    """Every tariff row with its article's date, in the order the report reads them: by publication; within
    one article, what it reports as replaced (superseded) or as background first, then what is in effect
    or paused, then what is announced, each by the date it was decided (announced, else effective)."""
    t = by_publication(scope.facts, scope.facts["tariffs"])
    t["prominence"] = prominence(t)
    t["row_date"] = t["announced"].fillna(t["effective"]).fillna(t["paused_until"])  # when it was decided
    t["rank"] = t["status"].map(STATUS_RANK).fillna(1).where(t["prominence"] != "background", 0)
    return t.sort_values(["published", "rank", "row_date", "row"], na_position="first", kind="stable").reset_index(
        drop=True
    )


def everyone(scope: Scope) -> str | None:
    """The applies_to value that covers every country ('all countries'), as the schema names it (x-all)."""
    return next(
        (
            f.get("x-all")
            for f in resource(scope.facts.package, "tariffs")["schema"]["fields"]
            if f["name"] == "applies_to"
        ),
        None,
    )


def measure_order(t: pd.DataFrame, focus: str, comparator: str | None) -> tuple[list[str], list[tuple[str, str]]]:
    """Who the tariffs apply to (the focus side, the comparator, groups of countries, other countries) and
    the (sector, kind) pairs in the order the articles first report them."""
    first_reports = t.sort_values(["published", "row"], kind="stable")
    first = first_reports.drop_duplicates(["applies_to"])["applies_to"].tolist()
    head = [focus] + ([comparator] if comparator else [])
    groups = [a for a in first if is_group(a) and a not in head]
    others = [a for a in first if not is_group(a) and a not in head]
    pairs = list(dict.fromkeys(zip(first_reports["sector"], first_reports["kind"], strict=True)))
    return head + groups + others, pairs


def state_as_of(row: pd.Series, as_of: dt.date) -> str:
    """What a report says of a tariff on the report date: in_effect, paused, pause_ended (its end has
    passed), announced, due (announced to take effect on a date that has passed, not yet reported as in
    effect), or superseded."""
    if row["status"] in ("in_effect", "superseded"):
        return row["status"]
    if row["status"] == "paused":
        until = row["paused_until"]
        ended = (
            not pd.isna(until)
            and (period_end(until.date(), row["paused_until_precision"] or "day") or until.date()) < as_of
        )
        return "pause_ended" if ended else "paused"
    effective = row["effective"]
    return "due" if not pd.isna(effective) and effective.date() <= as_of else "announced"


IN_FORCE = ("in_effect", "paused", "pause_ended")

STATE_COLUMNS = [
    "applies_to", "sector", "kind", "imposed_by", "via", "rate_pct", "rate_row", "status", "state", "status_row",
    "announced", "announced_precision", "effective", "effective_precision", "paused_until", "paused_until_precision",
    "pause_days", "qualifier", "before_rate", "before_row", "before_state", "previous_rate", "previous_row",
    "pending_rate", "pending_row", "in_force_rate", "in_force_row", "changed_on", "row_ids", "source_ids",
]  # fmt: skip


def _latest(rows: pd.DataFrame, keep) -> pd.Series | None:
    sel = rows[[bool(keep(r)) for _, r in rows.iterrows()]] if not rows.empty else rows
    return None if sel.empty else sel.iloc[-1]


def measure_state(g: pd.DataFrame, as_of: dt.date) -> dict:
    """The state of one tariff from its reports (oldest first): the latest report not superseded (`status`,
    `state`, its rate or the latest rate given before); for an announced rate, the one in force before it
    (`before_*`); for a rate in force, the one it replaced (`previous_*`) and a different rate announced
    and not yet reported in effect (`pending_*`)."""
    states = [state_as_of(r, as_of) for _, r in g.iterrows()]
    g = g.assign(state=states)
    live = g[g["state"] != "superseded"]
    current = live.iloc[-1] if not live.empty else g.iloc[-1]
    earlier = g.loc[: current.name]
    rated = earlier[(earlier["state"] != "superseded")].dropna(subset=["rate_pct"])
    rate_row = rated.iloc[-1] if not rated.empty else None
    rate = None if rate_row is None else float(rate_row["rate_pct"])
    in_force = current["state"] in IN_FORCE
    before = (
        None if in_force else _latest(earlier.iloc[:-1], lambda r: r["state"] in IN_FORCE and r["rate_pct"] != rate)
    )
    previous = (
        _latest(
            earlier,
            lambda r: r["state"] in (*IN_FORCE, "superseded") and not pd.isna(r["rate_pct"]) and r["rate_pct"] != rate,
        )
        if in_force
        else None
    )

    def applied_later(r) -> bool:
        later = g.loc[r.name :].iloc[1:]
        return bool(((later["rate_pct"] == r["rate_pct"]) & later["state"].isin(["in_effect", "superseded"])).any())

    pending = (
        _latest(
            earlier,
            lambda r: (
                r["state"] in ("announced", "due")
                and not pd.isna(r["rate_pct"])
                and r["rate_pct"] != rate
                and not applied_later(r)
            ),
        )
        if in_force
        else None
    )
    force_row = rate_row if in_force else before
    changed_on = None
    if previous is not None:
        same = rated[(rated.index > previous.name) & (rated["rate_pct"] == rate)]
        changed_on = same["published"].min() if not same.empty else current["published"]
    return dict(
        imposed_by=current["imposed_by"], via=current["applies_to"], rate_pct=rate,
        rate_row=None if rate_row is None else rate_row["tariff_id"], status=current["status"], state=current["state"],
        status_row=current["tariff_id"], **{d: current[d] for pair in DATES for d in pair},
        pause_days=current["pause_days"], qualifier=current["qualifier"],
        before_rate=None if before is None else before["rate_pct"], before_row=None if before is None else before["tariff_id"],
        before_state=None if before is None else before["state"],
        previous_rate=None if previous is None else float(previous["rate_pct"]),
        previous_row=None if previous is None else previous["tariff_id"],
        pending_rate=None if pending is None else float(pending["rate_pct"]),
        pending_row=None if pending is None else pending["tariff_id"],
        in_force_rate=None if force_row is None or pd.isna(force_row["rate_pct"]) else float(force_row["rate_pct"]),
        in_force_row=None if force_row is None else force_row["tariff_id"],
        changed_on=changed_on,
        row_ids=join_ids(g["tariff_id"]), source_ids=join_ids(g["source_id"]),
    )  # fmt: skip


def state(scope: Scope) -> pd.DataFrame:
    """One row per tariff (country or group, sector, kind) as of the report date, from `measure_state`. A
    country's tariff also reads the rows for every country (x-all) of the same sector and kind, so a later
    rate on all countries is the country's current one (`via` names whose row it is). Sorted by sector and
    kind as the articles first report them, then the focus side, the comparator, groups of countries and
    other countries."""
    t = history(scope)
    if t.empty:
        return pd.DataFrame(columns=STATE_COLUMNS)
    focus, _ = scope.sides
    countries, pairs = measure_order(t, focus, scope.comparator)
    everybody = everyone(scope)
    rows = []
    for (applies_to, sector, kind), own in t.groupby(MEASURE, sort=False):
        shared = t[(t["applies_to"] == everybody) & (t["sector"] == sector) & (t["kind"] == kind)]
        g = own if is_group(applies_to) or shared.empty else t.loc[sorted(set(own.index) | set(shared.index))]
        rows.append(
            dict(
                order=(pairs.index((sector, kind)), countries.index(applies_to)),
                applies_to=applies_to,
                sector=sector,
                kind=kind,
            )
            | measure_state(g, scope.as_of)
        )
    frame = pd.DataFrame(rows).sort_values("order", kind="stable").drop(columns="order")
    return frame.reset_index(drop=True)[STATE_COLUMNS]


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
    report (one `announcement_key`) is one action with all its dated rows and its most precise date. A rate
    an article reports as replaced (superseded) takes no effect; an action still ahead whose rows no longer
    give any tariff's current state is `superseded` (a later report replaced it)."""
    t = history(scope)
    if t.empty:
        return pd.DataFrame(columns=ACTION_COLUMNS)
    keyed = t["announcement_key"].notna()
    live = live_rows(scope)
    out = []
    for action, (date_f, prec_f) in zip(("announced", "effective", "paused_until"), DATES, strict=True):
        dated = t[
            t[date_f].notna()
            & ~(keyed & (action == "announced"))
            & ((t["status"] != "superseded") | (action == "announced"))
        ]
        for (_d, _p, _s, _r, kind), g in dated.groupby(
            [date_f, prec_f, "source_id", dated["rate_pct"].fillna(-1), "kind"], sort=False
        ):
            start, end, precision = span(g[date_f].iloc[0].date(), g[prec_f].iloc[0])
            out.append(_action(action, start, end, precision, kind, g, scope.as_of, live))
    for _key, g in t[keyed & t["announced"].notna()].groupby("announcement_key", sort=False):
        spans = [span(d.date(), p) for d, p in zip(g["announced"], g["announced_precision"], strict=True)]
        start, end, precision = min(reversed(spans), key=lambda s: s[1] - s[0])
        out.append(
            _action("announced", start, end, precision, "/".join(dict.fromkeys(g["kind"])), g, scope.as_of, live)
        )
    return pd.DataFrame(out, columns=ACTION_COLUMNS)


def live_rows(scope: Scope) -> set[str]:
    """The rows that give some tariff's current state: its status, rate, rate in force or pending rate."""
    st = state(scope)
    columns = ["status_row", "rate_row", "in_force_row", "pending_row", "before_row"]
    return {i for c in columns for i in st[c] if isinstance(i, str)}


def _action(action: str, start, end, precision, kind: str, g: pd.DataFrame, as_of: dt.date, live: set[str]) -> dict:
    """An action is scheduled when it starts after the report date (a rate from a later day, a pause's end),
    superseded when it is still ahead but none of its rows gives a tariff's current state."""
    ahead = action != "announced" and start > as_of
    status = ("scheduled" if set(g["tariff_id"]) & live else "superseded") if ahead else "happened"
    return dict(
        action=action,
        start=start,
        end=end,
        precision=precision,
        status=status,
        kind=kind,
        row_ids=join_ids(g["tariff_id"]),
        source_ids=join_ids(g["source_id"]),
        prominence="background" if (g["prominence"] == "background").all() else "body",
    )
