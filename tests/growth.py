"""The growth corpus (tests/fixtures/growth/): eight follow-up articles, June–November 2025, written for
tests, each with the rows a reviewer coded. `add(workspace, stem)` adds one as README's "Add an article"
does: the text into seeds/, its rows appended to the tables of data/ (by column name, so the fixture's
own column order does not matter)."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

GROWTH = Path(__file__).resolve().parent / "fixtures" / "growth"


def stems() -> list[str]:
    """The articles in date order (their file names start with their order)."""
    return sorted(p.stem for p in GROWTH.glob("*.txt"))


def rows_of(stem: str) -> dict[str, list[dict]]:
    out = {}
    for path in sorted((GROWTH / stem).glob("*.csv")):
        with open(path, newline="", encoding="utf-8") as fh:
            out[path.stem] = list(csv.DictReader(fh))
    return out


def add(ws, stem: str) -> str:
    """Add one growth article to a workspace; returns its source_id.

    A position may hold until an event that only a later article reports (`until_event`): the reviewer
    links it when that article comes. So a link to an event not yet in the tables is left empty, and
    filled in once the event arrives."""
    shutil.copy(GROWTH / f"{stem}.txt", ws.seeds / f"{stem}.txt")
    tables = rows_of(stem)
    for table, rows in tables.items():
        for row in rows:
            ws.append(table, **row)
    link_until_events(ws)
    return tables["sources"][0]["source_id"]


def wanted_links() -> dict[str, str]:
    """Every position of the corpus tied to an event: position_id -> event_key."""
    return {
        r["position_id"]: r["until_event"]
        for stem in stems()
        for r in rows_of(stem).get("positions", [])
        if r.get("until_event")
    }


def link_until_events(ws) -> None:
    keys = {r["event_key"] for r in ws.rows("events")}
    wanted = wanted_links()
    rows = ws.rows("positions")
    for r in rows:
        key = wanted.get(r["position_id"])
        if key:
            r["until_event"] = key if key in keys else ""
    ws.write_rows("positions", rows)
