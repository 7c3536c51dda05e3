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
    """The entries the body shows (not the appendix-only ones), numbered: the data behind table and chart."""
    tl = events.shown_entries(b.timeline).reset_index(drop=True)
    return tl.assign(number=range(1, len(tl) + 1))


def timeline_table(b: Brief, entries: pd.DataFrame) -> pd.DataFrame:
    rows = [
        [
            str(e["number"]),
            esc(when(e["start"], e["end"], e["precision"])),
            esc(e["precision"]),
            entry_text(b, e),
            b.cite(e["row_ids"]),
        ]
        for _, e in entries.iterrows()
    ]
    return pd.DataFrame(rows, columns=["#", "When", "Precision", "What", "Sources"])


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
    for _, r in st[st["pause_days"].notna() & st["paused_until"].isna() & (st["state"] == "paused")].iterrows():
        notes.append(
            f"The {int(r['pause_days'])}-day pause of the {r['kind']} tariff on {r['applies_to']} {b.citer.ref(b.source_ids([r['status_row']]))} has no start date in the articles, so its end is not drawn."
        )
    title = "Timeline of the talks"
    ids = [i for ids in entries["row_ids"] for i in split_ids(ids)]
    fig = charts.timeline_chart(
        drawn, track_labels(b), start, end, b.as_of, title, b.source_line(ids), note=" ".join(notes) or None
    )
    fig.set_label("timeline")  # its files: charts/<label>.svg and .png
    return fig
