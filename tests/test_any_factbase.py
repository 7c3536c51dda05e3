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
    # reference numbers, list numbers, counts
    small = max(len(brief.timeline), len(facts.sources), len(brief.claims), 9)
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
        elif table == "events":  # reports of one plan: no postponement of the event falls between them
            ev = brief.facts["events"]
            moved = ev[(ev["event_key"] == rows[0]["event_key"]) & (ev["status"] == "postponed")]
            for _, m in moved[~moved["event_id"].isin(g["row_id"])].iterrows():
                when = brief.scope.published[m["source_id"]]
                assert (g["published"] < when).all() or (g["published"] >= when).all(), g
            spans = [(r["date_start"], r["date_end"], r["source_id"]) for r in rows]
            assert any(a[2] != b[2] and (a[0] > b[1] or b[0] > a[1]) for a in spans for b in spans), g
        else:
            assert g["published"].nunique() == 1, g


# ---------------------------------------------------------------- the analysis rules, for any fact base


RANGES = {"about": (0.9, 1.1), "at most": (None, 1.0), "more than": (1.0, None), "at least": (1.0, None), "less than": (None, 1.0)}  # fmt: skip


def admits(value: float, bound) -> tuple[float, float, bool, bool]:
    """The numbers a printed value admits (low, high, low open, high open), read as data/README.md says."""
    low, high = RANGES.get(bound if isinstance(bound, str) else "", (1.0, 1.0))
    return (
        -1e18 if low is None else value * low,
        1e18 if high is None else value * high,
        bound == "more than",
        bound == "less than",
    )


def can_both_be_right(a, b) -> bool:
    lo = max(admits(*a)[0], admits(*b)[0])
    hi = min(admits(*a)[1], admits(*b)[1])
    return lo < hi or (lo == hi and not any(admits(*x)[2] or admits(*x)[3] for x in (a, b)))


def assert_disagreements_cannot_both_be_right(brief) -> None:
    """Each disagreement has two reports of different articles no number satisfies; reports with the same
    reading give the same value and bound."""
    for _, g in brief.disagreements[brief.disagreements["table"] != "events"].groupby("group"):
        rows = [brief.row(i) for i in g["row_id"]]
        for _, same in g.groupby("reading"):
            assert same["value"].nunique() == 1 and same["bound"].fillna("").nunique() == 1, g
        reads = [(r.get("rate_pct", r.get("value")), r.get("bound"), r["source_id"]) for r in rows]
        assert any(a[2] != b[2] and not can_both_be_right(a[:2], b[:2]) for a in reads for b in reads), g


def assert_a_ceiling_is_no_rate(brief) -> None:
    for _, st in brief.tariff_state.iterrows():
        capped = (
            brief.row(st["rate_row"]).get("bound") in ("at most", "less than")
            if isinstance(st["rate_row"], str)
            else False
        )
        assert capped == (st["state"] == "ceiling"), st


def assert_no_replaced_rate_took_effect(brief) -> None:
    """A rate announced to take effect on a date, replaced by another rate of the same tariff announced
    after its own announcement (the end of its announced period) and before that date, is never shown as
    having taken effect."""
    t = brief.facts["tariffs"]
    happened = brief.timeline[(brief.timeline["action"] == "effective") & (brief.timeline["status"] == "happened")]
    took = {i for ids in happened["row_ids"] for i in ids.split(";")}
    for _, r in t[t["effective"].notna() & t["announced"].notna() & (t["status"] != "superseded")].iterrows():
        own = pd.Timestamp(period_end(r["announced"].date(), r["announced_precision"] or "day"))  # at the latest
        rivals = t[
            (t["applies_to"] == r["applies_to"]) & (t["sector"] == r["sector"]) & (t["kind"] == r["kind"])
            & (t["rate_pct"] != r["rate_pct"]) & t["rate_pct"].notna() & (t["status"] != "superseded")
            & (t["announced"] > own) & (t["announced"] < r["effective"])
        ]  # fmt: skip
        if not rivals.empty:
            assert r["tariff_id"] not in took, r


def assert_each_event_once(brief) -> None:
    """One entry per event key; a tariff announcement keyed to an event is listed with it, not again as an
    announcement of its own."""
    tl = brief.timeline
    keys = tl.loc[tl["kind"] != "tariff", "entry"]
    assert keys.is_unique
    t = brief.facts["tariffs"]
    actions = {i for ids in tl.loc[tl["action"] == "announced", "row_ids"] for i in ids.split(";")}
    for _, r in t[t["announcement_key"].isin(set(keys))].iterrows():
        entry = tl[tl["entry"] == r["announcement_key"]].iloc[0]
        assert r["tariff_id"] in entry["tariff_rows"].split(";") and r["tariff_id"] not in actions, r


def assert_claims_settled_by_agreements(brief) -> None:
    """A claim between the two sides, without an until_event, is past once an agreement of both sides took
    place after its latest article; a claim of the newest article is not past unless its event says so."""
    tl = brief.timeline
    deals = tl[(tl["kind"] == "agreement") & (tl["status"] == "happened") & (tl["start"] <= brief.as_of)]
    both = [set(brief.sides) <= set(p.split(";")) for p in deals["parties"]]
    starts = list(deals.loc[both, "start"]) if both else []
    newest = max(brief.scope.published.values())
    for _, c in brief.claims.iterrows():
        if isinstance(c["until_event"], str) or not {c["actor"], c["addressed_to"]} <= set(brief.sides):
            continue
        assert c["past"] == any(start > c["last_published"] for start in starts), c
        if c["last_published"] == newest:
            assert not c["past"], c


def assert_the_validator_finds_the_report_s_disagreements(brief, facts) -> None:
    """`make validate` and the report use one definition: the same rows, when the report covers every article."""
    found = validate(facts)
    listed = {(f.table, sid, v) for f in found.findings for sid, v, _row in f.values}
    listed |= {("events", sid, s) for f in found.date_findings for sid, s, _e, _row in f.dates}
    d = brief.disagreements
    shown = {
        (r["table"], sid, r["value"] if r["table"] != "events" else r["start"])
        for _, r in d.iterrows()
        for sid in brief.scope.source_ids([r["row_id"]])
    }
    assert listed == shown


def assert_rules_hold(brief, facts) -> None:
    assert_disagreements_cannot_both_be_right(brief)
    assert_a_ceiling_is_no_rate(brief)
    assert_no_replaced_rate_took_effect(brief)
    assert_each_event_once(brief)
    assert_claims_settled_by_agreements(brief)


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
            assert_rules_hold(brief, facts)
            if as_of == published[-1]:
                assert_the_validator_finds_the_report_s_disagreements(brief, facts)
            if brief.disagreements.empty:
                assert "The sources disagree" not in text and "differs between" not in text
    finally:
        import matplotlib.pyplot as plt

        plt.close("all")
        shutil.rmtree(folder, ignore_errors=True)
