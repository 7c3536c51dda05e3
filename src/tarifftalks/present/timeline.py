"""The timeline: a numbered table of the entries the body shows and a chart of them by track."""

from __future__ import annotations

import datetime as dt
import textwrap

import pandas as pd

from tarifftalks.analysis import events
from tarifftalks.analysis.scope import split_ids
from tarifftalks.present import charts
from tarifftalks.present.phrases import entry_text
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


def items(b: Brief) -> pd.DataFrame:
    """The entries of the body (`in_body`), numbered: the data behind the timeline's table and chart."""
    tl = events.shown_entries(b.timeline)
    return tl[in_body(tl)].reset_index(drop=True).assign(number=lambda t: range(1, len(t) + 1))


def in_body(tl: pd.DataFrame) -> pd.Series:
    """Entries of the body: the two sides' talks, other countries' rounds and agreements, tariff actions,
    politics; not background."""
    others_round = (tl["track"] == "others") & tl["kind"].isin(events.ROUND_TYPES)
    return (tl["track"].isin(("talks", "tariffs", "politics")) | others_round) & (tl["prominence"] != "background")


def other_items(b: Brief) -> pd.DataFrame:
    """The other entries (statements and reports, background), for the appendix."""
    tl = events.shown_entries(b.timeline)
    return tl[~in_body(tl)].reset_index(drop=True)


def timeline_table(b: Brief, entries: pd.DataFrame, numbered: bool = True) -> pd.DataFrame:
    """When and what, each entry with its hedge and citation (the latest article's status and words)."""
    rows = [
        ([str(e["number"])] if numbered else [])
        + [esc(when(e["start"], e["end"], e["precision"])), entry_text(b, e, also=False)]
        for _, e in entries.iterrows()
    ]
    return pd.DataFrame(rows, columns=(["#"] if numbered else []) + ["When", "What"])


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
            number=e["number"],
            track=e["track"],
            start=max(e["start"], start),
            end=e["draw_end"],
            precision=e["precision"],
            scheduled=e["status"] != "happened",
        )
        for _, e in entries.iterrows()
        if e["end"] >= start
    ]
    notes = []
    earlier = entries[entries["end"] < start]
    if not earlier.empty:
        notes.append(
            "Before the axis, not drawn: "
            + "; ".join(f"{e['number']}. {when(e['start'], e['end'], e['precision'])}" for _, e in earlier.iterrows())
            + "."
        )
    st = b.tariff_state
    undated = st[
        st["pause_days"].notna()
        & st["paused_until"].isna()
        & (st["state"] == "paused")
        & st["applies_to"].isin((*b.sides, b.comparator))
    ]
    if not undated.empty:
        whom = ", ".join(dict.fromkeys(undated["applies_to"]))
        notes.append(
            f"Not drawn: the end of the pause on {whom} {b.citer.ref(b.source_ids(list(undated['status_row'])))}, which has no start date."
        )
    title = "Timeline of the talks"
    ids = [i for ids in entries["row_ids"] for i in split_ids(ids)]
    fig = charts.timeline_chart(
        drawn, track_labels(b), start, end, b.as_of, title, b.source_line(ids), note=" ".join(notes) or None
    )
    return charts.named(fig, "timeline", title)
