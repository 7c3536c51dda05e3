"""Disagreements between articles: findings `make validate` lists, not errors. What is a disagreement is
defined once, by the report's analysis (`analysis.conflicts.disagreements`: two reports of one thing at
one time that cannot both be right, read with the bounds the articles print; a change over time is none);
this module runs it on every article and words each finding with the file's rows."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from tarifftalks.facts.load import Facts
from tarifftalks.facts.schema import resource


@dataclass
class Finding:
    """Two or more articles give values for the same measure that cannot all be right."""

    table: str
    measure: dict
    values: list[tuple[str, float, int]]  # (source_id, value, row)
    bounds: list[str] | None = None  # the bound printed with each value ('' for none)

    def describe(self) -> str:
        key = ", ".join(f"{k}={v}" for k, v in self.measure.items() if v is not None and not pd.isna(v))
        bounds = self.bounds or [""] * len(self.values)
        vals = "; ".join(
            f"{b + ' ' if b else ''}{v:g} in {s} (row {r})" for (s, v, r), b in zip(self.values, bounds, strict=True)
        )
        return f"{self.table}: {key}: {vals}"


@dataclass
class DateFinding:
    """Articles give dates that do not overlap for one plan of what they code as the same event (one key)."""

    table: str
    key: str
    dates: list[tuple[str, dt.date, dt.date, int]]  # (source_id, start, end, row)

    def describe(self) -> str:
        told = "; ".join(f"{s}..{e} in {sid} (row {r})" for sid, s, e, r in self.dates)
        return f"{self.table}: key {self.key}: {told}"


def _frame(facts: Facts) -> tuple[pd.DataFrame, object]:
    """The report's disagreements over every article, and the scope they were found in."""
    from tarifftalks.analysis.conflicts import disagreements as report_disagreements
    from tarifftalks.analysis.scope import make_scope

    if facts.sources.empty:
        return pd.DataFrame(), None
    scope = make_scope(facts, facts.sources["published"].max().date())
    return report_disagreements(scope), scope


def _rows(facts: Facts, scope, table: str, row_id: str) -> list[tuple[int, pd.Series]]:
    """The CSV rows of a row id, with the rows merged into it (the same sentence in several articles)."""
    t = facts[table]
    ids = scope.same_rows.get(row_id, [row_id])
    return [(int(i), r) for i, r in t[t[t.columns[0]].isin(ids)].iterrows()]


def disagreements(facts: Facts) -> list[Finding]:
    """Measures (same key, same period, or the same day) that articles give values for that cannot all be
    right."""
    frame, scope = _frame(facts)
    findings = []
    for _, g in frame[frame.get("table", pd.Series(dtype=str)) != "events"].groupby("group", sort=True):
        table = g["table"].iloc[0]
        key = list(resource(facts.package, table).get("x-measure-key", []))
        values, bounds, measure = [], [], {}
        for _, d in g.iterrows():
            for row, r in _rows(facts, scope, table, d["row_id"]):
                measure = measure or {k: r[k] for k in key}
                values.append((r["source_id"], float(d["value"]), row))
                bounds.append(d["bound"] if isinstance(d["bound"], str) else "")
        findings.append(Finding(table, measure, values, bounds))
    return findings


def date_disagreements(facts: Facts) -> list[DateFinding]:
    """Events whose reports of one plan, from more than one article, give dates that do not overlap."""
    frame, scope = _frame(facts)
    findings = []
    for _, g in frame[frame.get("table", pd.Series(dtype=str)) == "events"].groupby("group", sort=True):
        dates = [
            (r["source_id"], d["start"], d["end"], row)
            for _, d in g.iterrows()
            for row, r in _rows(facts, scope, "events", d["row_id"])
        ]
        key = facts["events"].set_index("event_id").loc[g["row_id"].iloc[0], "event_key"]
        findings.append(DateFinding("events", key, dates))
    return findings


@dataclass
class DuplicateFinding:
    """Two event keys that may be one event: the same type, the same parties, dates that overlap, and no
    article that reports both (an article naming both tells them apart)."""

    keys: tuple[str, str]
    kind: str
    parties: str
    sources: tuple[str, str]

    def describe(self) -> str:
        a, b = self.keys
        return (
            f"events: keys {a} ({self.sources[0]}) and {b} ({self.sources[1]}): one {self.kind} of {self.parties} "
            "on overlapping dates; if one event, give its rows one key"
        )


def possible_duplicates(facts: Facts) -> list[DuplicateFinding]:
    """Event keys that may name one event twice: of one type, the same parties (two or more), dates that
    overlap (each key's dates as the timeline gives them), and no article reporting both."""
    from tarifftalks.analysis.events import timeline
    from tarifftalks.analysis.scope import make_scope, split_ids

    if facts.sources.empty:
        return []
    scope = make_scope(facts, facts.sources["published"].max().date())
    tl = timeline(scope)
    tl = tl[(tl["kind"] != "tariff") & tl["status"].ne("cancelled")]
    entries = [
        (e, frozenset(split_ids(e["parties"])), set(scope.source_ids(e["row_ids"])))
        for _, e in tl.iterrows()
        if len(split_ids(e["parties"])) > 1
    ]
    found = []
    for i, (a, pa, sa) in enumerate(entries):
        for b, pb, sb in entries[i + 1 :]:
            if (
                a["kind"] == b["kind"]
                and pa == pb
                and not sa & sb
                and a["start"] <= b["end"]
                and b["start"] <= a["end"]
            ):
                found.append(
                    DuplicateFinding(
                        (a["entry"], b["entry"]),
                        a["kind"],
                        " and ".join(sorted(pa)),
                        (", ".join(sorted(sa)), ", ".join(sorted(sb))),
                    )
                )
    return found
