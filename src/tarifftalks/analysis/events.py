"""The timeline: one entry per event (all the rows sharing an `event_key`) and per dated tariff action.

An event's status and wording come from the latest article that reports it, so a meeting reported as
scheduled and later as held is shown once, held. Its dates come from the most precise report since the
last postponement (before one, reports of other dates are the plan it replaced). Where the event sits
(`track`) comes from its coded `parties` and `event_type`: the two sides' talks, other countries' talks,
tariff actions, politics, other statements and reports.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from tarifftalks.analysis import tariffs
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
    "track",
    "parties",
    "wording_row",
    "row_ids",
    "source_ids",
    "also_rows",
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


def event_entry(rows: pd.DataFrame, scope: Scope) -> dict:
    """One timeline entry for the rows of one event key, sorted by publication."""
    latest_source = rows["source_id"].iloc[-1]
    latest = _narrowest(rows[rows["source_id"] == latest_source], last=False)
    postponed = rows.index[rows["status"] == "postponed"]
    current_plan = rows.loc[postponed[-1] :] if len(postponed) else rows
    dated = _narrowest(current_plan)
    parties = list(dict.fromkeys(p for cell in rows["parties"] for p in split_ids(cell)))
    others = rows[rows["description"] != latest["description"]].drop_duplicates("description")
    ranks = prominence(rows).map(PROMINENCE_RANK)
    return dict(
        entry=latest["event_key"],
        kind=latest["event_type"],
        action=None,
        start=dated["date_start"].date(),
        end=dated["date_end"].date(),
        precision=dated["date_precision"],
        status=latest["status"],
        track=track(latest["event_type"], parties, scope.sides, scope.comparator),
        parties=join_ids(parties),
        wording_row=latest["event_id"],
        row_ids=join_ids(rows["event_id"]),
        source_ids=join_ids(rows["source_id"]),
        also_rows=join_ids(others["event_id"]),
        prominence=RANKED[ranks.max()],
        attribution=latest["attribution"],
        attributed_to=latest["attributed_to"],
        certainty=latest["certainty"],
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
        track="tariffs",
        parties="",
        wording_row=first_row,
        row_ids=action["row_ids"],
        source_ids=action["source_ids"],
        also_rows="",
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
    entries = [event_entry(g, scope) for _, g in ev.groupby("event_key", sort=False)]
    entries += [action_entry(a, scope) for _, a in tariffs.actions(scope).iterrows()]
    frame = pd.DataFrame(entries, columns=COLUMNS)
    if frame.empty:
        return frame
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
    """Entries last reported as scheduled whose dates have passed by the report date: no article in scope
    says whether they took place."""
    return (tl["status"] == "scheduled") & (tl["end"] < as_of) & (tl["kind"] != "tariff")


def happened_by(tl: pd.DataFrame, event_key: str, as_of: dt.date) -> bool:
    """True when the event has taken place by the report date: reported as held, or its (last reported)
    date is over and it was neither cancelled nor postponed."""
    rows = tl[tl["entry"] == event_key]
    if rows.empty:
        return False
    r = rows.iloc[0]
    return r["status"] == "happened" or (r["status"] == "scheduled" and r["end"] < as_of)
