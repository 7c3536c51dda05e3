"""Derived figures and views: checked against the rows they come from, not against their own code."""

import datetime as dt

import pytest

from tarifftalks.analysis import derive


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


# ---------------------------------------------------------------- one event, one row


def test_the_april_2plus2_talks_are_one_timeline_entry_with_all_their_sources(facts):
    tl = derive.timeline(facts)
    talks = tl[tl["event_key"] == "kr-us-2plus2-april"]
    assert len(talks) == 1
    entry = talks.iloc[0]
    assert entry["source_ids"] == ["a001", "a002", "a004"]  # publication order
    assert entry["source_id"] == "a004" and entry["status"] == "scheduled"
    assert (entry["start"], entry["precision"]) == (dt.date(2025, 4, 24), "day")  # a004's "on Thursday"
    assert (
        "Ahn Duk-geun expected to lead the delegation to Washington, to meet Jamieson Greer and Howard Lutnick"
        in (entry["also_reported"])
    )
    # no other row reports the same talks
    others = tl[tl["event_key"] != "kr-us-2plus2-april"]
    assert not any(set(ids) & {"e_a001_kr_talks", "e_a002_2plus2_week", "e_a002_ahn_trip"} for ids in others["row_ids"])


def test_an_event_takes_the_status_of_the_latest_article(facts):
    tl = derive.timeline(facts).set_index("event_key", drop=False)
    japan = tl.loc["us-japan-talks-round-1"]
    assert japan["source_ids"] == ["a001", "a004"]
    assert (japan["status"], japan["source_id"]) == ("happened", "a004")  # a001: scheduled; a004: held last week
    early = derive.timeline(facts.restrict(dt.date(2025, 4, 15))).set_index("event_key", drop=False)
    assert early.loc["us-japan-talks-round-1", "status"] == "scheduled"


def test_every_event_key_is_one_timeline_row(facts):
    tl = derive.timeline(facts)
    keys = tl["event_key"].dropna()
    assert sorted(keys) == sorted(set(facts["events"]["event_key"]))


def test_a_figure_reported_twice_with_the_same_value_is_one_fact(facts):
    figs = derive.figure_facts(facts)
    lineup = figs[figs["subject"] == "Korea-US 2+2 consultation"]
    assert len(lineup) == 1
    assert lineup.iloc[0]["source_ids"] == ["a002", "a004"]
    assert len(figs) == len(facts["figures"]) - 1


def test_the_election_constraint_is_one_claim_with_its_three_sources(facts):
    claims = derive.claims(facts)
    election = claims[claims["claim_key"] == "kr-election-limits-talks"]
    assert [ids for ids in election["source_ids"]] == [["a000", "a001", "a004"]]


# ---------------------------------------------------------------- disagreements and titles


def test_line_ups_that_merely_differ_are_no_disagreement(facts):
    """a001 has Ahn meet Greer and Lutnick; a002 and a004 a 2+2 with Bessent and Greer: no contradiction."""
    assert derive.meeting_disagreements(facts) == []


def test_line_ups_with_nobody_in_common_are_a_disagreement(workspace):
    rows = workspace.rows("events")
    index = next(i for i, r in enumerate(rows) if r["event_id"] == "e_a004_2plus2")
    workspace.edit("events", index, participants="Donald Trump")
    [versions] = derive.meeting_disagreements(workspace.facts())
    assert {"a004"} in [set(v["sources"]) for v in versions]
    assert ["Donald Trump"] in [v["people"] for v in versions]


def test_each_title_is_listed_with_the_articles_that_print_it(facts):
    people = facts["people"]
    printed = set(zip(people["name"], people["role"], people["source_id"], strict=True))
    differing = derive.differing_titles(facts)
    assert differing, "the articles do give some people different titles"
    for name, titles in differing:
        for title, ids in titles:
            assert all((name, title, sid) in printed for sid in ids), (name, title, ids)


def test_the_implied_cost_share_is_labelled_as_implied_at_the_inputs_precision(facts):
    [share] = derive.implied_current_cost_share(facts)
    assert "implied by the demand" in share.name and "current" not in share.name
    assert share.rounded == 1.1  # 10 / 9, to two significant figures: not 1.11


def test_an_announcement_several_articles_report_is_one_timeline_row(facts):
    """a000's 25% levy 'last week', a001's reciprocal tariffs 'earlier this month', a003's 24% on Japan."""
    tl = derive.timeline(facts)
    announced = tl[tl["what"].str.startswith("US announces") & tl["what"].str.contains("reciprocal")]
    assert len(announced) == 1
    entry = announced.iloc[0]
    assert entry["source_ids"] == ["a000", "a001", "a003"]
    assert (entry["start"], entry["precision"]) == (dt.date(2025, 3, 31), "week")  # the most precise: a000's week
    assert "South Korea (25%)" in entry["what"] and "Japan (24%)" in entry["what"]


def test_line_ups_that_differ_are_listed_but_a_subset_is_not(facts):
    """The April 2+2: a001 names Ahn with Greer and Lutnick, a002/a004 a 2+2 with Choi and Bessent; a002's
    'Ahn to travel' names a subset of the latter and adds nothing."""
    found = {x["event_key"]: x for x in derive.lineups(facts)}
    events = facts["events"]
    for key, rows in found.items():
        assert len(rows["versions"]) >= 2
        sets = [set(v["people"]) for v in rows["versions"]]
        assert not any(a < b for a in sets for b in sets), key
        keyed = set(events.loc[events["event_key"] == key, "event_id"])
        assert {r for v in rows["versions"] for r in v["rows"]} <= keyed
    assert found, "the articles' differing line-ups are found"
