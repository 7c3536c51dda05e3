"""Tariffs over time: the state of each tariff as of the report date, its changes, its dated actions.

A tariff is a measure: who it applies to, on what sector, of what kind (`applies_to`, `sector`, `kind`).
A later article that gives another rate or status for it reports a change over time, not a
disagreement; two articles of the same day that give different rates disagree (`conflicts`).

Rules, each for any fact base:
- A rate coded with the bound `at most` (or `less than`) is a ceiling ("will not exceed 15 percent"): never a
  rate in force or announced; a measure reported only with a ceiling has the state `ceiling`.
- A rate took effect when a row reports it in effect; a rate announced to take effect on a date (or paused
  until one) and replaced by another rate decided before that date never took effect
  (`previous_took_effect` False; its "takes effect" action is `replaced`).
- The current rate carries the start date any report of it gives (`effective`, from `effective_row`), and the
  date it was announced (`announced`, from `announced_row`); `backdated` when the row giving its start date
  announced it after that date (a cut applied retroactively): then `announced` is that row's.
- A state is `stale` when an article later than its latest report gives a different rate, not a ceiling and
  not superseded, on the same sector for what it covers (the same country; for a rate of a group of
  countries, any country or group): it is shown as last reported (`last_reported`), not as in force beside
  the newer rates.
- A pause end is `postponed` when a later article gives the measure a later date to take effect or end its
  pause.
- A tariff announcement whose `announcement_key` is an event's key is that event: the timeline lists it
  with the event (`events.timeline`, `tariff_rows`), not as an action of its own; a rate that takes effect
  before it is announced (backdated) is listed with its announcement.
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


def took_effect(block: pd.DataFrame, replaced_on: dt.date | None) -> bool | None:
    """Whether a rate took effect: True when a row reports it in effect; False when none does and the rate
    replacing it was decided before the date it was last reported due; None when the articles do not say."""
    if (block["status"] == "in_effect").any():
        return True
    due = due_date(block)
    if due is not None and replaced_on is not None and replaced_on < due:
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
        previous_took_effect=None if previous is None else took_effect(previous_block, replaced_on),
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


ACTION_COLUMNS = ["action", "start", "end", "precision", "status", "kind", "row_ids", "source_ids", "prominence"]


def span(start: dt.date, precision: str | None) -> tuple[dt.date, dt.date, str]:
    """A date and its precision as a (start, end, precision) span; a range without its end is a day."""
    end = period_end(start, precision) if precision else None
    return (start, end, precision) if end is not None else (start, start, "day")


def event_keys(scope: Scope) -> set[str]:
    return set(scope.facts["events"]["event_key"]) if "events" in scope.facts.tables else set()


def keyed_to_events(scope: Scope, t: pd.DataFrame) -> pd.Series:
    """Rows whose announcement_key is the key of an event: the timeline lists them with that event."""
    return t["announcement_key"].isin(event_keys(scope))


def replaced_before_due(t: pd.DataFrame, r: pd.Series) -> bool:
    """A rate due to take effect on a date, replaced before it: another rate of the same measure (not
    superseded) was decided after the row's own decision and before its effective date."""
    same = t[
        (t["applies_to"] == r["applies_to"])
        & (t["sector"] == r["sector"])
        & (t["kind"] == r["kind"])
        & (t["status"] != "superseded")
        & t["rate_pct"].notna()
        & (t["rate_pct"] != r["rate_pct"])
    ]
    due, own = r["effective"].date(), decided(r)
    return any(own < decided(o) < due for _, o in same.iterrows())


def moved_later(t: pd.DataFrame, r: pd.Series) -> bool:
    """A pause end that a later article moves: it gives the same measure a later date to take effect or end
    its pause."""
    until = period_end(r["paused_until"].date(), r["paused_until_precision"] or "day") or r["paused_until"].date()
    later = t[
        (t["applies_to"] == r["applies_to"])
        & (t["sector"] == r["sector"])
        & (t["kind"] == r["kind"])
        & (t["published"] > r["published"])
    ]
    dates = pd.concat([later["effective"], later["paused_until"]]).dropna()
    return bool((dates.dt.date > until).any())


def actions(scope: Scope) -> pd.DataFrame:
    """Dated tariff actions: announced, took effect, pause ends. Rows reporting the same action on the same
    date, at the same rate, bound and kind are one action, whatever the article (several countries or
    sectors); an announcement several articles report (one `announcement_key`) is one action with all its
    dated rows and its most precise date; one whose key is an event's is listed with that event, not here.
    A rate an article reports as replaced (superseded) takes no effect; a rate that takes effect before it
    is announced (backdated) is listed with its announcement; a rate replaced before the date it was due
    is `replaced` (it never took effect); a pause end a later article moves is `postponed`; an action still
    ahead whose rows no longer give any tariff's current state is `superseded`."""
    t = history(scope)
    if t.empty:
        return pd.DataFrame(columns=ACTION_COLUMNS)
    t["bound"] = t["bound"].fillna("") if "bound" in t.columns else ""
    keyed = t["announcement_key"].notna() & (t["announcement_key"] != "")
    with_event = keyed_to_events(scope, t)
    backdated = t.apply(is_backdated, axis=1).astype(bool)
    live = live_rows(scope)
    out = []
    for action, (date_f, prec_f) in zip(("announced", "effective", "paused_until"), DATES, strict=True):
        dated = t[t[date_f].notna()]
        if action == "announced":
            dated = dated[~keyed.loc[dated.index]]
        else:
            dated = dated[(dated["status"] != "superseded") & ~(backdated.loc[dated.index] & (action == "effective"))]
        if dated.empty:
            continue
        moved = [
            (
                replaced_before_due(t, r)
                if action == "effective"
                else moved_later(t, r)
                if action == "paused_until"
                else False
            )
            for _, r in dated.iterrows()
        ]
        dated = dated.assign(moved=moved)
        for (_d, _p, _r, _b, kind, was_moved), g in dated.groupby(
            [date_f, prec_f, dated["rate_pct"].fillna(-1), "bound", "kind", "moved"], sort=False
        ):
            start, end, precision = span(g[date_f].iloc[0].date(), g[prec_f].iloc[0])
            moved_status = ("replaced" if action == "effective" else "postponed") if was_moved else None
            out.append(_action(action, start, end, precision, kind, g, scope.as_of, live, moved_status))
    own = t[keyed & ~with_event & t["announced"].notna()]
    for _key, g in own.groupby("announcement_key", sort=False):
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


def _action(
    action: str, start, end, precision, kind: str, g: pd.DataFrame, as_of: dt.date, live: set[str], moved=None
) -> dict:
    """An action is `replaced` or `postponed` when a later rate or date moved it (`moved`); scheduled when
    it starts after the report date (a rate from a later day, a pause's end), superseded when it is still
    ahead but none of its rows gives a tariff's current state."""
    ahead = action != "announced" and start > as_of
    status = moved or (("scheduled" if set(g["tariff_id"]) & live else "superseded") if ahead else "happened")
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
