"""The timeline: one entry per event (all the rows sharing an `event_key`) and per dated tariff action.

An event's status and wording come from the latest article that reports it, so a meeting reported as
scheduled and later as held is shown once, held; an article that only recalls an event as background keeps
the words and voice of the latest report of it in the foreground (`recalled_from`). Its rows fall into plans (`plans`): a row reported
`postponed` carries the dates the event was moved from and ends the plan it belongs to; a later article
that dates the event after every date of a plan not yet reported held has moved it too. The entry takes its dates from
the most precise report of the current plan; an event moved to new dates is `postponed` until reported
held (`postponed_from_*`: the dates it was moved from). Where the event sits (`track`) comes from its coded
`parties` and `event_type`: the two sides' talks, other countries' talks, tariff actions, politics, other
statements and reports. Tariff rows whose `announcement_key` is the event's key are listed with it
(`tariff_rows`). Other wordings of an event are `also_rows`, or `past_rows` when they belong to a plan since
moved, or when they looked ahead (scheduled, or expected, possible, floated) to what has since happened, been
moved or been cancelled.

An event scheduled whose date has passed with no later report is `overdue` (no article says whether it
took place), but a deadline: a deadline passes.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from tarifftalks.analysis import actions, tariffs
from tarifftalks.analysis.scope import Scope, by_publication, join_ids, prominence, split_ids

PROMINENCE_RANK = {"appendix": 0, "background": 1, "body": 2, "headline": 3}
RANKED = {rank: name for name, rank in PROMINENCE_RANK.items()}
TALK_TYPES = ("meeting", "trip", "agreement")
POLITICS_TYPES = ("election", "political")

COLUMNS = [
    "entry",
    "kind",
    "action",
    "start",
    "end",
    "precision",
    "draw_end",
    "status",
    "overdue",
    "postponed_from_start",
    "postponed_from_end",
    "postponed_from_precision",
    "track",
    "parties",
    "wording_row",
    "row_ids",
    "source_ids",
    "also_rows",
    "past_rows",
    "tariff_rows",
    "prominence",
    "attribution",
    "attributed_to",
    "certainty",
    "first_published",
    "last_published",
]


def track(kind: str, parties: list[str], sides: tuple[str, str], comparator: str | None) -> str:
    """talks (both sides take part), others (another country's talks), tariffs, politics, statements."""
    if kind == "tariff":
        return "tariffs"
    if set(sides) <= set(parties):
        return "talks"
    if kind in POLITICS_TYPES:
        return "politics"
    if (comparator and comparator in parties) or (len(parties) > 1 and kind in TALK_TYPES):
        return "others"
    return "statements"


def _narrowest(rows: pd.DataFrame, last: bool = True) -> pd.Series:
    """The row with the shortest span (the most precise date); among equals, the latest report (or, within
    one article, `last=False`, the first row the reviewer coded)."""
    length = rows["date_end"] - rows["date_start"]
    ties = length[length == length.min()].index
    return rows.loc[ties[-1] if last else ties[0]]


EXPECTING = ("scheduled", "expected", "possible", "floated")  # certainties that look ahead to the event


def plans(rows: pd.DataFrame) -> list[pd.DataFrame]:
    """The rows of one event key (by publication) as successive plans. A row `postponed` reports the dates
    the event was moved from: it belongs to the plan it ends. A row of a later article dated after every
    date of a plan not reported held starts a new plan (the event was moved, though no row says so); once
    held, other dates are a disagreement. Within one article, a postponed row comes before the rows of the
    new dates."""
    ordered = rows.assign(_moved=rows["status"] != "postponed").sort_values(
        ["published", "source_id", "_moved", "date_start"], kind="stable"
    )
    out: list[list] = [[]]
    for idx, r in ordered.iterrows():
        plan = rows.loc[out[-1]]
        if (
            not plan.empty
            and r["status"] != "postponed"
            and not (plan["status"] == "happened").any()
            and r["published"] > plan["published"].max()
            and r["date_start"] > plan["date_end"].max()
        ):
            out.append([])
        out[-1].append(idx)
        if r["status"] == "postponed":
            out.append([])
    return [rows.loc[p] for p in out if p]


def moved_from(plan: pd.DataFrame) -> pd.Series:
    """The dates a plan had the event at: its postponed row's, else its most precise report's."""
    postponed = plan[plan["status"] == "postponed"]
    return postponed.iloc[-1] if not postponed.empty else _narrowest(plan)


def recalled_from(current: pd.DataFrame, latest_rows: pd.DataFrame, latest: pd.Series) -> pd.Series:
    """The row whose words an entry keeps: the latest article's, unless that article only recalls the event as
    background and an earlier article of the same plan reported it in the foreground (headline or body) with
    the same status: then the latest such report (a recollection does not reword, date or voice the event)."""
    if not (prominence(latest_rows) == "background").all():
        return latest
    fore = current[prominence(current).isin(("headline", "body")) & (current["status"] == latest["status"])]
    return fore.iloc[-1] if not fore.empty else latest


def event_entry(rows: pd.DataFrame, scope: Scope, tariff_rows: pd.DataFrame | None = None) -> dict:
    """One timeline entry for the rows of one event key, sorted by publication."""
    steps = plans(rows)
    current = steps[-1]
    latest_source = current["source_id"].iloc[-1]
    own = current[current["source_id"] == latest_source]
    shown = own[prominence(own) != "appendix"]
    latest = _narrowest(shown if not shown.empty else own, last=False)
    worded = recalled_from(current, shown if not shown.empty else own, latest)
    dated = _narrowest(current)
    ended = (current["status"] == "postponed").any()  # the latest plan was dropped, no new date given
    status = latest["status"]
    earlier = moved_from(steps[-2]) if len(steps) > 1 and not ended else None
    if earlier is not None and status == "scheduled":
        status = "postponed"  # moved to new dates, not yet reported held
    if ended:
        status = "postponed"
    parties = list(dict.fromkeys(p for cell in rows["parties"] for p in split_ids(cell)))
    others = rows[rows["description"] != worded["description"]].drop_duplicates("description")
    old_plan = ~others.index.isin(current.index)
    looked_ahead = others["certainty"].isin(EXPECTING) | (others["status"] == "scheduled")
    expected_done = looked_ahead & (status != "scheduled")
    ranks = prominence(rows).map(PROMINENCE_RANK)
    tariff = tariff_rows if tariff_rows is not None else rows.iloc[0:0]
    return dict(
        entry=latest["event_key"],
        kind=latest["event_type"],
        action=None,
        start=dated["date_start"].date(),
        end=dated["date_end"].date(),
        precision=dated["date_precision"],
        status=status,
        overdue=False,
        postponed_from_start=None if earlier is None else earlier["date_start"].date(),
        postponed_from_end=None if earlier is None else earlier["date_end"].date(),
        postponed_from_precision=None if earlier is None else earlier["date_precision"],
        track=track(latest["event_type"], parties, scope.sides, scope.comparator),
        parties=join_ids(parties),
        wording_row=worded["event_id"],
        row_ids=join_ids(rows["event_id"]),
        source_ids=join_ids(rows["source_id"]),
        also_rows=join_ids(others.loc[~(old_plan | expected_done), "event_id"]),
        past_rows=join_ids(others.loc[old_plan | expected_done, "event_id"]),
        tariff_rows=join_ids(tariff.get("tariff_id", [])),
        prominence=RANKED[ranks.max()],
        attribution=worded["attribution"],
        attributed_to=worded["attributed_to"],
        certainty=worded["certainty"],
        first_published=rows["published"].min(),
        last_published=rows["published"].max(),
    )


def action_entry(action: pd.Series, scope: Scope) -> dict:
    published = [scope.published[s] for s in split_ids(action["source_ids"])]
    first_row = split_ids(action["row_ids"])[0]
    return dict(
        entry=f"tariff:{action['action']}:{first_row}",
        kind="tariff",
        action=action["action"],
        start=action["start"],
        end=action["end"],
        precision=action["precision"],
        status=action["status"],
        overdue=False,
        postponed_from_start=None,
        postponed_from_end=None,
        postponed_from_precision=None,
        track="tariffs",
        parties="",
        wording_row=first_row,
        row_ids=action["row_ids"],
        source_ids=action["source_ids"],
        also_rows="",
        past_rows="",
        tariff_rows="",
        prominence=action["prominence"],
        attribution=None,
        attributed_to=None,
        certainty=None,
        first_published=min(published),
        last_published=max(published),
    )


def timeline(scope: Scope) -> pd.DataFrame:
    """One row per event and per dated tariff action, oldest first, with its track and the rows behind it.

    `draw_end`: what an article reports as done is drawn no later than the article's own date ("earlier
    this month" ends at the article)."""
    ev = by_publication(scope.facts, scope.facts["events"])
    t = tariffs.history(scope)
    with_event = t[actions.keyed_to_events(scope, t)] if not t.empty else t
    entries = [
        event_entry(g, scope, with_event[with_event["announcement_key"] == key] if not t.empty else None)
        for key, g in ev.groupby("event_key", sort=False)
    ]
    entries += [action_entry(a, scope) for _, a in actions.actions(scope).iterrows()]
    frame = pd.DataFrame(entries, columns=COLUMNS)
    if frame.empty:
        return frame
    frame["overdue"] = overdue(frame, scope.as_of)
    frame["draw_end"] = [
        min(e, max(s, last)) if status == "happened" else e
        for s, e, status, last in zip(
            frame["start"], frame["end"], frame["status"], frame["last_published"], strict=True
        )
    ]
    return frame.sort_values(["start", "end", "wording_row"]).reset_index(drop=True)


def shown_entries(tl: pd.DataFrame) -> pd.DataFrame:
    """The entries the report's body shows (not the appendix-only ones)."""
    return tl[tl["prominence"] != "appendix"]


ROUND_TYPES = ("meeting", "agreement")


def latest_round(tl: pd.DataFrame, as_of: dt.date) -> pd.DataFrame:
    """The latest meeting or agreement of the two sides reported as held by the report date, not background
    (one row, or none)."""
    held = tl[(tl["track"] == "talks") & tl["kind"].isin(ROUND_TYPES) & (tl["status"] == "happened")]
    held = held[held["prominence"].isin(("headline", "body"))]
    held = held[held["start"] <= as_of].sort_values(["end", "start"])
    return held.tail(1)


def ahead(tl: pd.DataFrame, as_of: dt.date) -> pd.DataFrame:
    """What is ahead on the report date: entries scheduled (or postponed to a date) after it."""
    sel = tl[tl["status"].isin(["scheduled", "postponed"]) & (tl["start"] > as_of)]
    return shown_entries(sel).sort_values(["start", "end"])


def overdue(tl: pd.DataFrame, as_of: dt.date) -> pd.Series:
    """Events still reported as scheduled (or moved to new dates) whose dates have passed by the report date
    with no later report: no article in scope says whether they took place. A deadline is never overdue:
    its date passes."""
    ahead_status = (tl["status"] == "scheduled") | ((tl["status"] == "postponed") & tl["postponed_from_start"].notna())
    return ahead_status & (tl["end"] < as_of) & ~tl["kind"].isin(("tariff", "deadline"))


def happened_by(tl: pd.DataFrame, event_key: str, as_of: dt.date) -> bool:
    """True when the event has taken place by the report date: reported as held, or its (last reported)
    date is over and it was not cancelled, nor postponed without a new date."""
    rows = tl[tl["entry"] == event_key]
    if rows.empty:
        return False
    r = rows.iloc[0]
    moved_on = r["status"] == "postponed" and not pd.isna(r["postponed_from_start"])
    return r["status"] == "happened" or ((r["status"] == "scheduled" or moved_on) and r["end"] < as_of)
