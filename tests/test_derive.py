"""Derived figures and views: checked against the rows they come from, not against their own code."""

import datetime as dt

import pytest

from tarifftalks import derive


def test_each_derived_figure_names_rows_that_exist_and_reproduces_them(facts):
    rows = {r: (t, facts[t]) for t in facts.fact_tables for r in facts[t].iloc[:, 0]}
    for d in derive.derived_figures(facts):
        assert d.inputs and all(i in rows for i in d.inputs), d
        assert d.formula and d.sources
    implied = derive.implied_previous_year_surplus(facts)[0]
    tb = facts["trade_balance"].set_index("balance_id")
    level, change = (tb.loc[i] for i in implied.inputs)
    assert implied.value * (1 + change["value"] / 100) == pytest.approx(level["value"])
    share = derive.implied_current_cost_share(facts)[0]
    fig = facts["figures"].set_index("figure_id")
    demand, multiple = (fig.loc[i] for i in share.inputs)
    assert share.value * multiple["value"] == pytest.approx(demand["value"])


def test_tariff_status_follows_the_latest_article(facts):
    _, _, cells = derive.tariff_grid(facts, "Japan")
    korea = cells[("South Korea", "all goods", "reciprocal")]
    assert (korea.rate, korea.rate_sources) == (25.0, ["a000"])  # a001 gives no rate
    assert korea.status.startswith("paused") and korea.status_sources == ["a001"]
    _, _, early = derive.tariff_grid(facts.restrict(dt.date(2025, 4, 8)), "Japan")
    assert early[("South Korea", "all goods", "reciprocal")].status.startswith("announced")


def test_the_timeline_is_ordered_and_keeps_spans(facts):
    tl = derive.timeline(facts)
    assert list(tl["start"]) == sorted(tl["start"])
    weeks = tl[tl["precision"] == "week"]
    assert not weeks.empty and all(
        (e - s).days == 6 and s.weekday() == 0 for s, e in zip(weeks["start"], weeks["end"], strict=True)
    )
    days = tl[tl["precision"] == "day"]
    assert all(days["start"] == days["end"])


def test_citations_are_numbered_by_date_and_stable_under_as_of(facts):
    full = derive.Citer(facts.sources)
    assert full.ref("a000") == "[1]" and full.ref("a003") == "[5]"
    assert full.ref(["a003", "a000", "a000"]) == "[1, 5]"
    assert "unnamed newspaper (editorial), Apr 21–23, 2025" in full.line(["a004"])
    assert derive.source_date(facts.sources.set_index("source_id").loc["a001"]) == "Apr 15, 2025"
