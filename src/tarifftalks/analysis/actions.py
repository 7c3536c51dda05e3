"""Tariff actions for the timeline: each dated step of a tariff (announced, takes effect, paused until, pause
ends), one row per action, with its status as of the report date.

- A pause end is `postponed` when a later article gives the measure a later date to take effect or end its
  pause.
- A tariff announcement whose `announcement_key` is an event's key is that event: the timeline lists it
  with the event (`events.timeline`, `tariff_rows`), not as an action of its own; a rate that takes effect
  before it is announced (backdated) is listed with its announcement.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from tarifftalks.analysis.scope import Scope, join_ids
from tarifftalks.analysis.tariffs import DATES, decided, history, is_backdated, state
from tarifftalks.facts.dates import period_end

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


def replaced_before_due(t: pd.DataFrame, r: pd.Series) -> str | None:
    """A rate due to take effect on a date and another rate of the same measure (not superseded) decided
    after the row's own decision and before its effective date: `replaced` (it never took effect) when a row
    reports that other rate in effect, `overtaken` when the other rate is only announced (whether the first
    took effect no article says); None when no such rate."""
    same = t[
        (t["applies_to"] == r["applies_to"])
        & (t["sector"] == r["sector"])
        & (t["kind"] == r["kind"])
        & (t["status"] != "superseded")
        & t["rate_pct"].notna()
        & (t["rate_pct"] != r["rate_pct"])
    ]
    due, own = r["effective"].date(), decided(r)
    rivals = [o for _, o in same.iterrows() if own < decided(o) < due]
    if not rivals:
        return None
    in_effect = set(same.loc[same["status"] == "in_effect", "rate_pct"])
    return "replaced" if any(o["rate_pct"] in in_effect for o in rivals) else "overtaken"


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
    is `replaced` (it never took effect) when a row reports the other rate in effect, `overtaken`
    when that rate is only announced; a pause end a later article moves is `postponed`; an action still
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
                (replaced_before_due(t, r) or "")
                if action == "effective"
                else ("postponed" if moved_later(t, r) else "")
                if action == "paused_until"
                else ""
            )
            for _, r in dated.iterrows()
        ]
        dated = dated.assign(moved=moved)
        for (_d, _p, _r, _b, kind, was_moved), g in dated.groupby(
            [date_f, prec_f, dated["rate_pct"].fillna(-1), "bound", "kind", "moved"], sort=False
        ):
            start, end, precision = span(g[date_f].iloc[0].date(), g[prec_f].iloc[0])
            moved_status = was_moved or None
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
    """An action is `replaced`, `overtaken` or `postponed` when a later rate or date moved it (`moved`); scheduled when
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
