"""The report as the news comes in: the eight growth articles (tests/fixtures/growth/, June–November 2025,
written for tests) added one by one to the five shipped ones, as README's "Add an article" does. At each
step the fact base validates, the report runs as of the new article's date, leads with it, gives the
tariffs on the focus side as the articles then stand, prints only numbers and dates of the data, and calls
no change over time a disagreement. The expected rates describe the growth fixtures, and say so."""

from __future__ import annotations

import re

import growth
import pytest
from conftest import Workspace, render_into
from factbase import figure_text, run_report
from test_any_factbase import assert_from_data, assert_no_change_called_a_disagreement, without_links

from tarifftalks.facts.validate import validate
from tarifftalks.present import summary
from tarifftalks.present.report import build_brief

# (sector, kind) -> (current rate, state) of the tariffs on South Korea, as of each growth article
EXPECTED_IN_THE_GROWTH_ARTICLES = {
    "a005": {("all goods", "reciprocal"): (25, "paused"), ("autos", "sectoral"): (25, "in_effect"), ("steel", "sectoral"): (50, "in_effect")},
    "a006": {("all goods", "reciprocal"): (25, "announced"), ("steel", "sectoral"): (50, "in_effect")},
    "a007": {("all goods", "reciprocal"): (15, "announced"), ("autos", "sectoral"): (15, "announced"), ("aluminium", "sectoral"): (50, "in_effect")},
    "a008": {("all goods", "reciprocal"): (15, "in_effect"), ("autos", "sectoral"): (15, "announced")},
    "a009": {("all goods", "reciprocal"): (15, "in_effect"), ("autos", "sectoral"): (25, "in_effect")},
    "a010": {("autos", "sectoral"): (25, "in_effect")},
    "a011": {("all goods", "reciprocal"): (15, "in_effect"), ("autos", "sectoral"): (15, "announced")},
    "a012": {("autos", "sectoral"): (15, "in_effect"), ("pharmaceuticals", "sectoral"): (15, "announced")},
}  # fmt: skip
# the rates in force on South Korea's cars while the July deal's 15% waited to be applied
IN_FORCE_IN_THE_GROWTH_ARTICLES = {"a007": 25, "a008": 25, "a011": 25, "a012": 15}


@pytest.fixture(scope="module")
def grown(tmp_path_factory):
    """A workspace with the shipped articles, to which each test step adds the next growth article."""
    return Workspace(tmp_path_factory.mktemp("growth"))


@pytest.mark.parametrize("stem", growth.stems())
def test_each_growth_article_gives_a_current_report(grown, stem):
    sid = growth.add(grown, stem)
    facts = grown.facts()
    assert validate(facts).errors == []
    as_of = facts.published[sid].isoformat()
    params = dict(as_of=as_of, comparator="Japan", since=None, data_dir=str(grown.data), seeds_dir=str(grown.seeds))
    text, figures = run_report(params)
    brief = build_brief(**params)
    # leads with the newest article
    assert summary.lead(brief).startswith(f"**Newest article: {brief.citer.ref(sid)} "), stem
    # the tariffs on the focus side, as the articles stand on that day
    focus, _ = brief.sides
    state = brief.tariff_state[brief.tariff_state["applies_to"] == focus].set_index(["sector", "kind"])
    for measure, (rate, status) in EXPECTED_IN_THE_GROWTH_ARTICLES[sid].items():
        assert (state.loc[measure, "rate_pct"], state.loc[measure, "state"]) == (rate, status), (sid, measure)
    if sid in IN_FORCE_IN_THE_GROWTH_ARTICLES:
        assert state.loc[("autos", "sectoral"), "in_force_rate"] == IN_FORCE_IN_THE_GROWTH_ARTICLES[sid]
    # no change over time called a disagreement, every number and date from the data
    assert "tariffs" not in set(brief.disagreements["table"])
    assert_no_change_called_a_disagreement(brief)
    assert_from_data(without_links(text + "\n" + "\n".join(figure_text(f) for f in figures)), brief, facts)
    # the election's constraint is past once the election is held (a005 reports it)
    election = brief.claims[brief.claims["until_event"] == "kr-presidential-election"]
    assert not election.empty and election["past"].all()


def test_the_grown_report_renders_as_a_pdf_that_leads_with_the_newest_article(grown, tmp_path):
    for stem in growth.stems():
        if not (grown.seeds / f"{stem}.txt").exists():
            growth.add(grown, stem)
    folder = render_into(tmp_path, data_dir=grown.data, seeds_dir=grown.seeds)
    html = (folder / "report.html").read_text(encoding="utf-8")
    text = re.sub(
        r"\s+", " ", re.sub(r"<[^>]+>", " ", re.sub(r"<style.*?</style>|<svg.*?</svg>", " ", html, flags=re.S))
    )
    lead = text[text.index("Newest article:") :][:1500]
    assert lead.startswith("Newest article: [13] Test Daily, Nov 27, 2025"), lead
    cars = lead[lead.index("autos 15% [ 13 ]") :][:250]  # the cars' rate, its qualifier, then its date, backdated
    assert "in effect since Nov 1, 2025" in cars, lead
    assert (folder / "report.pdf").stat().st_size > 0
