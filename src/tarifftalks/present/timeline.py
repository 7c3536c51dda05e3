"""The timeline: a numbered table of the entries the body shows and a chart of them by track."""

from __future__ import annotations

import datetime as dt
import textwrap

import pandas as pd

from tarifftalks.analysis import events
from tarifftalks.analysis.scope import split_ids
from tarifftalks.present import charts
from tarifftalks.present.phrases import and_list, entry_text
from tarifftalks.present.report import Brief
from tarifftalks.present.tables import esc
from tarifftalks.present.words import when


def track_labels(b: Brief) -> dict[str, str]:
    """The chart's row names, from the sides and the comparator."""
    focus, counterpart = b.sides
    return {
        "talks": textwrap.fill(f"{focus}–{counterpart} talks", 18),
        "others": textwrap.fill(
            f"{counterpart}–{b.comparator}, others" if b.comparator else "Other countries' talks", 18
        ),
        "tariffs": "Tariff actions",
        "politics": "Politics",
        "statements": "Statements, reports",
    }


RECENT_DAYS = 45  # the body's table: the entries of about six weeks before the report date, and what is ahead
TABLE_ROWS = 15  # and no more than this many (the latest)


def items(b: Brief) -> pd.DataFrame:
    """The entries of the body (`in_body`), the chart's; those of the table (recent, and ahead) numbered,
    `number` 0 for the others, which Appendix B lists."""
    tl = events.shown_entries(b.timeline)
    tl = tl[in_body(tl)].reset_index(drop=True)
    recent = (tl["end"] >= b.as_of - dt.timedelta(days=RECENT_DAYS)) | (tl["start"] > b.as_of)
    listed = tl.index[recent][-TABLE_ROWS:]
    numbers = pd.Series(0, index=tl.index)
    numbers.loc[listed] = range(1, len(listed) + 1)
    return tl.assign(number=numbers)


def in_body(tl: pd.DataFrame) -> pd.Series:
    """Entries of the body: the two sides' talks, other countries' rounds and agreements, tariff actions,
    politics; not background."""
    others_round = (tl["track"] == "others") & tl["kind"].isin(events.ROUND_TYPES)
    return (tl["track"].isin(("talks", "tariffs", "politics")) | others_round) & (tl["prominence"] != "background")


def other_items(b: Brief) -> pd.DataFrame:
    """The entries the body's table leaves out: statements and reports, background, earlier events."""
    tl = events.shown_entries(b.timeline)
    listed = set(items(b).query("number > 0")["entry"])
    return tl[~tl["entry"].isin(listed)].reset_index(drop=True)


def timeline_table(b: Brief, entries: pd.DataFrame, numbered: bool = True) -> pd.DataFrame:
    """When and what, each entry with its hedge and citation (the latest article's status and words); with
    `numbered`, only the numbered entries, with their number."""
    entries = entries[entries["number"] > 0] if numbered else entries
    rows = [
        ([str(e["number"])] if numbered else [])
        + [esc(when(e["start"], e["end"], e["precision"])), change_mark(b, e) + entry_text(b, e)]
        for _, e in entries.iterrows()
    ]
    return pd.DataFrame(rows, columns=(["#"] if numbered else []) + ["When", "What"])


def called_off(e) -> bool:
    """An entry that did not, or will not, take place on its dates: cancelled, replaced or superseded before it
    took effect, or postponed without new dates."""
    moved_to_new_dates = e["status"] == "postponed" and not pd.isna(e.get("postponed_from_start"))
    return e["status"] in ("cancelled", "replaced", "superseded", "postponed") and not moved_to_new_dates


def passed_deadline(e, as_of: dt.date) -> bool:
    """A deadline whose (last reported) date is over: it passed, whether or not an article says so."""
    return (
        e["kind"] == "deadline" and e["status"] in ("scheduled", "postponed") and not called_off(e) and e["end"] < as_of
    )


def updated(b: Brief, e) -> bool:
    """An entry the report as of the `since` date had, whose status or dates an article after it changed."""
    if b.before is None:
        return False
    old = b.before.timeline[b.before.timeline["entry"] == e["entry"]]
    return not old.empty and (
        old["status"].iloc[0] != e["status"] or (old["start"].iloc[0], old["end"].iloc[0]) != (e["start"], e["end"])
    )


def change_mark(b: Brief, e) -> str:
    """'*New:* ' for an entry first reported after the `since` date, '*Changed:* ' for one whose status or dates
    an article after it first gave."""
    return b.new_mark(e["first_published"]) or ("*Changed:* " if updated(b, e) else "")


def timeline_chart(b: Brief, entries: pd.DataFrame):
    if entries.empty:
        return None
    # the axis opens the month before the first article; older context is listed under the chart
    first_article = b.scope.facts_all.sources["published"].min().date() - dt.timedelta(days=30)
    start = max(min(entries["start"]), first_article)
    start = dt.date(start.year, start.month, 1)
    end = max([*list(entries["end"]), b.as_of]) + dt.timedelta(days=10)
    drawn = [
        dict(
            key=i,
            label=str(e["number"]) if e["number"] else "",
            track=e["track"],
            start=max(e["start"], start),
            end=e["draw_end"],
            precision=e["precision"],
            scheduled=e["status"] != "happened" and not passed_deadline(e, b.as_of),
            off=called_off(e),
        )
        for i, e in entries.iterrows()
        if e["end"] >= start
    ]
    notes = []
    earlier = entries[entries["end"] < start]
    if not earlier.empty:
        notes.append(
            f"Before the axis, not drawn: {len(earlier)} earlier entr{'y' if len(earlier) == 1 else 'ies'} (Appendix B)."
        )
    if (entries["number"] == 0).any():
        notes.append("Unnumbered: entries the table leaves to Appendix B.")
    st = b.tariff_state
    undated = st[
        st["pause_days"].notna()
        & st["paused_until"].isna()
        & (st["state"] == "paused")
        & st["applies_to"].isin((*b.sides, b.comparator))
    ]
    if not undated.empty:
        whom = and_list(dict.fromkeys(undated["applies_to"]))
        notes.append(
            f"Not drawn: the end of the pause on {whom} {b.citer.ref(b.source_ids(list(undated['status_row'])))}, which has no start date."
        )
    title = "Timeline of the talks"
    ids = [i for ids in entries["row_ids"] for i in split_ids(ids)]
    fig = charts.timeline_chart(
        drawn, track_labels(b), start, end, b.as_of, title, b.source_line(ids), note=" ".join(notes) or None
    )
    fig.set_label("timeline")  # its files: charts/<label>.svg and .png
    return fig
