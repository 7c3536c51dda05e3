"""Tariffs over time: the state of each tariff as of the report date and its changes (its dated actions, for
the timeline: `analysis.actions`).

A tariff is a measure: who it applies to, on what sector, of what kind (`applies_to`, `sector`, `kind`).
A later article that gives another rate or status for it reports a change over time, not a
disagreement; two articles of the same day that give different rates disagree (`conflicts`).

Rules, each for any fact base:
- A rate coded with the bound `at most` (or `less than`) is a ceiling ("will not exceed 15 percent"): never a
  rate in force or announced; a measure reported only with a ceiling has the state `ceiling`.
- A rate took effect when a row reports it in effect; a rate announced to take effect on a date (or paused
  until one) and replaced by another rate decided before that date and reported in effect never took effect
  (`previous_took_effect` False; its "takes effect" action is `replaced`); when the other rate is only
  announced, the articles do not say (None; the action is `overtaken`).
- The current rate carries the start date any report of it gives (`effective`, from `effective_row`), and the
  date it was announced (`announced`, from `announced_row`); `backdated` when the row giving its start date
  announced it after that date (a cut applied retroactively): then `announced` is that row's.
- A state is `stale` when an article later than its latest report gives a different rate, not a ceiling and
  not superseded, on the same sector for what it covers (the same country; for a rate of a group of
  countries, any country or group): it is shown as last reported (`last_reported`), not as in force beside
  the newer rates.
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
CEILING_BOUNDS = ("at most", "less than")  # a rate coded with one of these bounds is a ceiling, not a rate


def is_backdated(r: pd.Series) -> bool:
    """A row whose rate took effect before the row's own announcement of it (a cut applied retroactively)."""
    return not pd.isna(r["effective"]) and not pd.isna(r["announced"]) and r["effective"] < r["announced"]


def ceiling(t: pd.DataFrame) -> pd.Series:
    """Rows that give a ceiling ("will not exceed 15 percent"), not a rate."""
    if "bound" not in t.columns:
        return pd.Series(False, index=t.index)
    return t["bound"].isin(CEILING_BOUNDS)


def history(scope: Scope) -> pd.DataFrame:
    """Every tariff row with its article's date, in the order the report reads them: by publication; within
    one article, what it reports as replaced (superseded) or as background first, then what is in effect
    or paused, then what is announced, each by the date it was decided (announced, else effective)."""
    t = by_publication(scope.facts, scope.facts["tariffs"])
    t["prominence"] = prominence(t)
    t["row_date"] = t["announced"].fillna(t["effective"]).fillna(t["paused_until"])  # when it was decided
    t["rank"] = t["status"].map(STATUS_RANK).fillna(1).where(t["prominence"] != "background", 0)
    t["ceiling"] = ceiling(t)
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
PENDING = ("announced", "due")

STATE_COLUMNS = [
    "applies_to", "sector", "kind", "imposed_by", "via", "rate_pct", "bound", "rate_row", "status", "state",
    "status_row", "announced", "announced_precision", "announced_row", "effective", "effective_precision", "effective_row",
    "backdated", "paused_until", "paused_until_precision", "pause_days", "qualifier", "before_rate", "before_row", "before_state",
    "previous_rate", "previous_row", "previous_took_effect", "previous_replaced_row", "pending_rate", "pending_row",
    "in_force_rate", "in_force_row", "ceiling_rate", "ceiling_row", "changed_on", "last_reported", "stale",
    "row_ids", "source_ids",
]  # fmt: skip


def _latest(rows: pd.DataFrame, keep) -> pd.Series | None:
    sel = rows[[bool(keep(r)) for _, r in rows.iterrows()]] if not rows.empty else rows
    return None if sel.empty else sel.iloc[-1]


def block_of(rated: pd.DataFrame, last: pd.Series) -> pd.DataFrame:
    """The reports of one rate up to `last` (rows of `rated`, oldest first): going back from it, the rows of
    the same rate, past rates announced meanwhile and not in force (a pending cut beside the rate in force),
    up to a row in force at another rate."""
    keep = []
    for idx in reversed(list(rated.loc[: last.name].index)):
        r = rated.loc[idx]
        if r["rate_pct"] == last["rate_pct"]:
            keep.append(idx)
        elif r["state"] not in PENDING:
            break
    return rated.loc[list(reversed(keep))]


def decided(r: pd.Series) -> dt.date:
    """When a row's rate was decided, at the latest: the end of its announced period, else its article's date."""
    if pd.isna(r["announced"]):
        return r["published"]
    return period_end(r["announced"].date(), r["announced_precision"] or "day") or r["announced"].date()


def due_date(block: pd.DataFrame) -> dt.date | None:
    """The date a rate was last reported due to apply: the latest report's effective date or pause end."""
    for _, r in block.iloc[::-1].iterrows():
        for col in ("effective", "paused_until"):
            if not pd.isna(r[col]):
                return r[col].date()
    return None


def took_effect(block: pd.DataFrame, replaced_on: dt.date | None, replacement_in_effect: bool = True) -> bool | None:
    """Whether a rate took effect: True when a row reports it in effect; False when none does and the rate
    replacing it, itself reported in effect, was decided before the date it was last reported due; None when
    the articles do not say (a replacing rate only announced says nothing of whether the first took effect)."""
    if (block["status"] == "in_effect").any():
        return True
    due = due_date(block)
    if due is not None and replaced_on is not None and replaced_on < due and replacement_in_effect:
        return False
    return None


def replaced_later(g: pd.DataFrame, r: pd.Series) -> bool:
    """A later row reports the row's rate as replaced (superseded)."""
    later = g.loc[r.name :].iloc[1:]
    return bool(((later["status"] == "superseded") & (later["rate_pct"] == r["rate_pct"])).any())


def ceiling_state(ceilings: pd.DataFrame, as_of: dt.date) -> dict:
    """A measure reported only with a ceiling: the state `ceiling`, at the latest ceiling's rate."""
    c = ceilings.iloc[-1]
    out = {col: None for col in STATE_COLUMNS}
    return out | dict(
        imposed_by=c["imposed_by"], via=c["applies_to"], rate_pct=float(c["rate_pct"]), bound=c["bound"],
        rate_row=c["tariff_id"], status=c["status"], state="ceiling", status_row=c["tariff_id"],
        **{d: c[d] for pair in DATES for d in pair}, pause_days=c["pause_days"], qualifier=c["qualifier"],
        effective_row=c["tariff_id"] if not pd.isna(c["effective"]) else None,
        announced_row=c["tariff_id"] if not pd.isna(c["announced"]) else None,
        ceiling_rate=float(c["rate_pct"]), ceiling_row=c["tariff_id"],
        row_ids=join_ids(ceilings["tariff_id"]), source_ids=join_ids(ceilings["source_id"]),
    )  # fmt: skip


def measure_state(g: pd.DataFrame, as_of: dt.date) -> dict:
    """The state of one tariff from its reports (oldest first): the latest report not superseded (`status`,
    `state`, its rate or the latest rate given before, the start date any report of that rate gives); for an
    announced rate, the one in force before it (`before_*`, not one a later row reports replaced); for a rate
    in force, or an announced one with none in force before it, the rate it replaced (`previous_*`: its first
    report, whether it took effect, the report that it was replaced); a different rate announced and not yet
    reported in effect (`pending_*`); a ceiling reported beside the rate (`ceiling_*`)."""
    states = [state_as_of(r, as_of) for _, r in g.iterrows()]
    g = g.assign(state=states)
    ceilings = g[g["ceiling"]]
    if ceilings.shape[0] == g.shape[0]:
        return ceiling_state(ceilings, as_of)
    all_rows, g = g, g[~g["ceiling"]]
    live = g[g["state"] != "superseded"]
    current = live.iloc[-1] if not live.empty else g.iloc[-1]
    earlier = g.loc[: current.name]
    rated = earlier[(earlier["state"] != "superseded")].dropna(subset=["rate_pct"])
    rate_row = rated.iloc[-1] if not rated.empty else None
    rate = None if rate_row is None else float(rate_row["rate_pct"])
    in_force = current["state"] in IN_FORCE
    before = (
        None
        if in_force
        else _latest(
            earlier.iloc[:-1],
            lambda r: (
                r["state"] in IN_FORCE
                and not pd.isna(r["rate_pct"])
                and r["rate_pct"] != rate
                and not replaced_later(g, r)
            ),
        )
    )
    current_block = block_of(rated, rate_row) if rate_row is not None else rated
    last_other = (
        _latest(rated.loc[: current_block.index[0]].iloc[:-1], lambda r: r["rate_pct"] != rate)
        if not current_block.empty
        else None
    )
    previous_block = block_of(rated, last_other) if last_other is not None else None
    previous = previous_block.iloc[0] if previous_block is not None and (in_force or before is None) else None
    replaced_on = decided(current_block.iloc[0]) if not current_block.empty else None
    replaced_rows = (
        g[(g["status"] == "superseded") & (g["rate_pct"] == previous["rate_pct"])]
        if previous is not None
        else g.iloc[0:0]
    )
    dated = current_block[current_block["effective"].notna()]
    effective_row = current if not pd.isna(current["effective"]) else (dated.iloc[-1] if not dated.empty else None)
    own_ceiling = ceilings.iloc[-1] if not ceilings.empty else None

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
        changed_on = current_block["published"].min() if not current_block.empty else current["published"]
    dates = {d: current[d] for pair in DATES for d in pair}
    if effective_row is not None:
        dates |= dict(effective=effective_row["effective"], effective_precision=effective_row["effective_precision"])
    announced = current_block[current_block["announced"].notna()]
    announced_row = (
        current if not pd.isna(current["announced"]) else (announced.iloc[-1] if not announced.empty else None)
    )
    if announced_row is not None:
        dates |= dict(announced=announced_row["announced"], announced_precision=announced_row["announced_precision"])
    backdated = effective_row is not None and is_backdated(effective_row)
    if backdated:  # the decision that set the start date: the row giving it
        announced_row = effective_row
        dates |= dict(announced=effective_row["announced"], announced_precision=effective_row["announced_precision"])
    return dict(
        imposed_by=current["imposed_by"], via=current["applies_to"], rate_pct=rate, backdated=backdated,
        bound=None if rate_row is None else (rate_row.get("bound") or None),
        rate_row=None if rate_row is None else rate_row["tariff_id"], status=current["status"], state=current["state"],
        status_row=current["tariff_id"], **dates,
        effective_row=None if effective_row is None else effective_row["tariff_id"],
        announced_row=None if announced_row is None else announced_row["tariff_id"],
        pause_days=current["pause_days"], qualifier=current["qualifier"],
        before_rate=None if before is None else before["rate_pct"], before_row=None if before is None else before["tariff_id"],
        before_state=None if before is None else before["state"],
        previous_rate=None if previous is None else float(previous["rate_pct"]),
        previous_row=None if previous is None else previous["tariff_id"],
        previous_took_effect=None
        if previous is None
        else took_effect(previous_block, replaced_on, bool((current_block["status"] == "in_effect").any())),
        previous_replaced_row=None if replaced_rows.empty else replaced_rows.iloc[0]["tariff_id"],
        pending_rate=None if pending is None else float(pending["rate_pct"]),
        pending_row=None if pending is None else pending["tariff_id"],
        in_force_rate=None if force_row is None or pd.isna(force_row["rate_pct"]) else float(force_row["rate_pct"]),
        in_force_row=None if force_row is None else force_row["tariff_id"],
        ceiling_rate=None if own_ceiling is None else float(own_ceiling["rate_pct"]),
        ceiling_row=None if own_ceiling is None else own_ceiling["tariff_id"],
        changed_on=changed_on,
        row_ids=join_ids(all_rows["tariff_id"]), source_ids=join_ids(all_rows["source_id"]),
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
        last = g["published"].max()
        st = measure_state(g, scope.as_of)
        where = dict(applies_to=applies_to, sector=sector, kind=kind)
        covers = t.loc[t["tariff_id"] == st["rate_row"], "applies_to"].iloc[0] if st["rate_row"] else applies_to
        stale = moved_since(t, sector, covers, last, st["rate_pct"])
        order = (pairs.index((sector, kind)), countries.index(applies_to))
        rows.append(dict(order=order) | st | where | dict(last_reported=last, stale=stale))
    frame = pd.DataFrame(rows).sort_values("order", kind="stable").drop(columns="order")
    return frame.reset_index(drop=True)[STATE_COLUMNS]


def moved_since(t: pd.DataFrame, sector: str, covers: str, last: dt.date, rate) -> bool:
    """Whether an article later than `last` gives a different rate (not a ceiling, not superseded) on the
    same sector for what a state covers: the same country, or, for a rate of a group of countries, any
    country or group. The rates around a state reported only before have moved."""
    later = t[
        (t["sector"] == sector)
        & (t["published"] > last)
        & (t["status"] != "superseded")
        & ~t["ceiling"]
        & t["rate_pct"].notna()
        & (t["applies_to"] == covers if not is_group(covers) else True)
    ]
    return bool((later["rate_pct"] != rate).any()) if not pd.isna(rate) else not later.empty


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


# ---------------------------------------------------------------- dated actions, for the timeline
