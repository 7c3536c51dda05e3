"""Any valid fact base renders: generated fact bases (tests/factbase.py: invented countries and sides, rates
that change, events held, cancelled or postponed, figures with and without periods) pass the validator, and
the report made from them runs, prints no number and no date that is not in the data, and calls no change
over time a disagreement."""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import tempfile
from pathlib import Path

import pandas as pd
from factbase import fact_bases, figure_text, run_report, write
from hypothesis import HealthCheck, Phase, given, settings

from tarifftalks.analysis.derived import decimals_of
from tarifftalks.facts.dates import period_end
from tarifftalks.facts.load import load_facts
from tarifftalks.facts.validate import validate
from tarifftalks.present.report import build_brief
from tarifftalks.present.words import number

SETTINGS = settings(
    max_examples=int(os.environ.get("TT_EXAMPLES", "6")),
    deadline=None,
    phases=[Phase.explicit, Phase.reuse, Phase.generate]
    + ([Phase.shrink] if os.environ.get("TT_SHRINK", "1") == "1" else []),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
DATE = re.compile(r"\b(" + "|".join(MONTHS) + r")[a-z]* (\d{1,2})(?:–(\d{1,2}))?, (\d{4})\b")
MONTH = re.compile(r"\b(" + "|".join(MONTHS) + r")[a-z]* (\d{4})\b")
NUMBER = re.compile(r"(?<![\w.])\d[\d,]*(?:\.\d+)?")
ID_COLUMNS = ("sha256", "file")


def without_links(text: str) -> str:
    """The text a reader reads: citation targets and anchors (row ids hold digits) taken out."""
    return re.sub(r"\]\(#[^)]*\)|\{#[^}]*\}", "]", text)


def data_values(facts) -> tuple[set[str], set[dt.date]]:
    """Every number written in any cell of the fact base (ids and checksums aside), and every date with the
    last day of its period."""
    numbers: set[str] = set()
    dates: set[dt.date] = set()
    for name, table in facts.tables.items():
        id_col = table.columns[0]
        for column in table.columns:
            if column in ID_COLUMNS or (column == id_col and name != "sources") or column.endswith("_id"):
                continue
            for value in table[column].dropna():
                if hasattr(value, "date"):
                    day = value.date()
                    dates.add(day)
                    for precision in ("week", "month"):
                        dates.add(period_end(day, precision))
                    numbers.update({str(day.day), str(day.year)})
                elif isinstance(value, float):
                    numbers.update({f"{value:g}", number(value)})
                else:
                    numbers.update(n.replace(",", "") for n in NUMBER.findall(str(value)))
    return numbers, dates


def assert_from_data(text: str, brief, facts) -> None:
    numbers, dates = data_values(facts)
    dates |= {brief.as_of} | ({brief.since} if brief.since else set())
    for _, d in brief.derived.iterrows():
        numbers.add(number(abs(d["value"]), int(d["decimals"])).replace(",", ""))
    for _, g in brief.disagreements.groupby("group"):
        values = g["value"].dropna()
        if len(values):
            gap = max(values) - min(values)
            numbers.update({f"{gap:g}", number(gap, 2), number(gap, max(map(decimals_of, values)))})
    small = max(len(brief.timeline), len(facts.sources), 9)  # reference numbers, list numbers, counts
    numbers.update(str(i) for i in range(small + 1))
    for match in DATE.finditer(text):
        month, first, last, year = MONTHS.index(match.group(1)) + 1, *match.group(2, 3, 4)
        for day in [first] + ([last] if last else []):
            assert dt.date(int(year), month, int(day)) in dates, (
                match.group(0),
                text[max(0, match.start() - 80) : match.end()],
            )
    months = {(d.year, d.month) for d in dates}
    for match in MONTH.finditer(text):
        assert (int(match.group(2)), MONTHS.index(match.group(1)) + 1) in months, match.group(0)
    for found in NUMBER.findall(DATE.sub(" ", text)):
        value = found.replace(",", "")
        assert value in numbers or value.rstrip("0").rstrip(".") in numbers, (found, sorted(numbers)[:50])


def assert_no_change_called_a_disagreement(brief) -> None:
    """Each disagreement is two reports of one thing at one time: a figure of a fixed period, values of one
    day, or an event's dates with no postponement between them."""
    for _, g in brief.disagreements.groupby("group"):
        table = g["table"].iloc[0]
        rows = [brief.row(i) for i in g["row_id"]]
        if table == "trade_balance":
            assert len({r["year"] for r in rows}) == 1
        elif table == "figures" and not any(pd.isna(r["year_start"]) for r in rows):
            assert len({(int(r["year_start"]), int(r["year_end"])) for r in rows}) == 1
        elif table == "events":  # reports of the dates since the last postponement, not the plan it replaced
            ev = brief.facts["events"]
            moved = ev[(ev["event_key"] == rows[0]["event_key"]) & (ev["status"] == "postponed")]
            if not moved.empty:
                last_move = max(brief.scope.published[s] for s in moved["source_id"])
                assert (g["published"] >= last_move).all(), g
        else:
            assert g["published"].nunique() == 1, g


@SETTINGS
@given(base=fact_bases())
def test_any_valid_fact_base_makes_a_report_from_its_data_alone(base):
    folder = Path(tempfile.mkdtemp(prefix="tt-base-"))
    try:
        data, seeds = write(base, folder)
        facts = load_facts(data, seeds)
        assert validate(facts).errors == []
        published = sorted(set(facts.sources["published"].dt.date))
        for as_of in {published[0], published[len(published) // 2], published[-1]}:
            since = (
                (as_of - dt.timedelta(days=10)).isoformat() if as_of > published[0] + dt.timedelta(days=10) else None
            )
            comparator = base.comparator if base.comparator in set(facts["tariffs"]["applies_to"]) else None
            params = dict(
                as_of=as_of.isoformat(), comparator=comparator, since=since, data_dir=str(data), seeds_dir=str(seeds)
            )
            text, figures = run_report(params)
            brief = build_brief(**params)
            assert base.sides[0] in text
            assert_from_data(without_links(text + "\n" + "\n".join(figure_text(f) for f in figures)), brief, facts)
            assert_no_change_called_a_disagreement(brief)
            if brief.disagreements.empty:
                assert "The sources disagree" not in text and "differs between" not in text
    finally:
        import matplotlib.pyplot as plt

        plt.close("all")
        shutil.rmtree(folder, ignore_errors=True)
