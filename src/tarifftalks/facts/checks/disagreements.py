"""Disagreements between articles: findings the report shows, not errors. Two articles giving different
values for one measure (a resource's `x-measure-key`, its value `x-value`), and rows of different articles
under one key whose dates do not overlap (see keys)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from tarifftalks.facts.checks.keys import clashes, keyed_spans, overlap_keys
from tarifftalks.facts.load import Facts


@dataclass
class Finding:
    """Two or more articles give different values for the same measure."""

    table: str
    measure: dict
    values: list[tuple[str, float, int]]  # (source_id, value, row)

    def describe(self) -> str:
        key = ", ".join(f"{k}={v}" for k, v in self.measure.items() if v is not None and not pd.isna(v))
        vals = "; ".join(f"{v:g} in {s} (row {r})" for s, v, r in self.values)
        return f"{self.table}: {key}: {vals}"


@dataclass
class DateFinding:
    """Articles give dates that do not overlap for what they code as the same event or announcement (one key)."""

    table: str
    key: str
    dates: list[tuple[str, dt.date, dt.date, int]]  # (source_id, start, end, row)

    def describe(self) -> str:
        told = "; ".join(f"{s}..{e} in {sid} (row {r})" for sid, s, e, r in self.dates)
        return f"{self.table}: key {self.key}: {told}"


def disagreements(facts: Facts) -> list[Finding]:
    """Measures (same key, same period) that two articles give different values for."""
    findings = []
    for res in facts.package["resources"]:
        key, value = res.get("x-measure-key"), res.get("x-value")
        if not key or res["name"] not in facts.tables:
            continue
        table = facts[res["name"]].dropna(subset=[value])
        for group_key, group in table.groupby(key, dropna=False, sort=True):
            distinct = {round(float(v), 9) for v in group[value]}
            if len(distinct) > 1 and group["source_id"].nunique() > 1:
                values = [(r["source_id"], float(r[value]), int(row)) for row, r in group.iterrows()]
                findings.append(Finding(res["name"], dict(zip(key, group_key, strict=True)), values))
    return findings


def date_disagreements(facts: Facts) -> list[DateFinding]:
    """Keys whose rows, from more than one article, give dates that do not overlap."""
    findings = []
    for name in facts.tables:
        for spec in overlap_keys(facts, name):
            for key, spans in keyed_spans(facts, name, spec).items():
                if clashes(spans) and len({s.source_id for s in spans}) > 1:
                    findings.append(DateFinding(name, key, [(s.source_id, s.start, s.end, s.row) for s in spans]))
    return findings
