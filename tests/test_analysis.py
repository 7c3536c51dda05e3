"""The analysis frames: checked against the rows they come from, not against their own code.

Tests named `..._in_the_shipped_articles` describe the five articles in seeds/; they keep passing when an
article is added (they restrict the facts to the shipped articles' last date, or look for the rows by id).
"""

import datetime as dt

import pandas as pd
import pytest

from tarifftalks.analysis import claims, conflicts, derived, events, people, tariffs
from tarifftalks.analysis.scope import make_scope, split_ids
from tarifftalks.present.report import Citer, source_date

SHIPPED_UNTIL = dt.date(2025, 5, 27)  # the newest of the five shipped articles


@pytest.fixture(scope="module")
def shipped(facts):
    return make_scope(facts, SHIPPED_UNTIL, "Japan")


def test_every_frame_is_tidy_plain_values_and_ids(shipped):
    """No Markdown, no list in a cell: a frame exported with to_csv is a clean table."""
    frames = {
        "tariffs": tariffs.state(shipped),
        "timeline": events.timeline(shipped),
        "claims": claims.claims(shipped),
        "figures": claims.figure_facts(shipped),
        "derived": derived.derived_figures(shipped),
        "disagreements": conflicts.disagreements(shipped),
        "lineups": people.lineups(shipped),
    }
    for name, frame in frames.items():
        assert not frame.empty, name
        for column in frame.columns:
            cells = frame[column].dropna()
            assert not any(isinstance(v, list | dict | tuple | set) for v in cells), (name, column)
            if column in ("row_ids", "source_ids"):
                assert all(isinstance(v, str) and "[" not in v for v in cells), (name, column)
        assert "](#" not in frame.to_csv() and "**" not in frame.to_csv(), name


def test_each_derived_figure_names_rows_that_exist_and_reproduces_them(shipped):
    facts = shipped.facts
    rows = {r: t for t in facts.fact_tables for r in facts[t].iloc[:, 0]}
    frame = derived.derived_figures(shipped)
    for _, d in frame.iterrows():
        assert split_ids(d["row_ids"]) and all(i in rows for i in split_ids(d["row_ids"])), d
    implied = frame[frame["derivation"] == "implied_previous_year"].iloc[0]
    tb = facts["trade_balance"].set_index("balance_id")
    level, change = (tb.loc[i] for i in split_ids(implied["row_ids"]))
    assert implied["value"] * (1 + change["value"] / 100) == pytest.approx(level["value"])
    share = frame[frame["derivation"] == "implied_share"].iloc[0]
    fig = facts["figures"].set_index("figure_id")
    target, multiple = (fig.loc[i] for i in split_ids(share["row_ids"]))
    assert share["value"] * multiple["value"] == pytest.approx(target["value"])


def test_a_derived_figure_keeps_the_precision_of_its_inputs_in_the_shipped_articles(shipped):
    share = derived.derived_figures(shipped).query("derivation == 'implied_share'").iloc[0]
    assert round(share["value"], int(share["decimals"])) == 1  # 10 / 9 from '$10 billion' and 'ninefold': not 1.1
    implied = derived.derived_figures(shipped).query("derivation == 'implied_previous_year'").iloc[0]
    assert round(implied["value"], int(implied["decimals"])) == 44  # 55.6 up '25 percent': not 44.5


def test_tariff_status_follows_the_latest_article_in_the_shipped_articles(facts):
    state = tariffs.state(make_scope(facts, SHIPPED_UNTIL)).set_index(tariffs.MEASURE)
    korea = state.loc[("South Korea", "all goods", "reciprocal")]
    assert (korea["rate_pct"], korea["rate_row"]) == (25.0, "t_a000_kr_reciprocal")  # a001 gives no rate
    assert korea["state"] == "paused" and korea["status_row"] == "t_a001_kr_reciprocal"
    early = tariffs.state(make_scope(facts, dt.date(2025, 4, 8))).set_index(tariffs.MEASURE)
    assert early.loc[("South Korea", "all goods", "reciprocal"), "state"] == "announced"


def test_the_timeline_is_ordered_and_keeps_spans(shipped):
    tl = events.timeline(shipped)
    assert list(tl["start"]) == sorted(tl["start"])
    weeks = tl[tl["precision"] == "week"]
    assert not weeks.empty and all(
        (e - s).days == 6 and s.weekday() == 0 for s, e in zip(weeks["start"], weeks["end"], strict=True)
    )
    days = tl[tl["precision"] == "day"]
    assert all(days["start"] == days["end"])


def test_citations_are_numbered_by_date_and_stable_under_as_of_in_the_shipped_articles(facts):
    full = Citer(facts.sources)
    assert full.ref("a000") == "[1]" and full.ref("a003") == "[5]"
    assert full.ref(["a003", "a000", "a000"]) == "[1, 5]"
    assert "unnamed newspaper (editorial), Apr 21–23, 2025" in full.line(["a004"])
    assert source_date(facts.sources.set_index("source_id").loc["a001"]) == "Apr 15, 2025"


# ---------------------------------------------------------------- one event, one row


def test_the_april_2plus2_talks_are_one_timeline_entry_in_the_shipped_articles(shipped):
    tl = events.timeline(shipped)
    talks = tl[tl["entry"] == "kr-us-2plus2-april"]
    assert len(talks) == 1
    entry = talks.iloc[0]
    assert split_ids(entry["source_ids"]) == ["a001", "a002", "a004"]  # publication order
    assert entry["wording_row"] == "e_a004_2plus2" and entry["status"] == "scheduled"
    assert (entry["start"], entry["precision"]) == (dt.date(2025, 4, 24), "day")  # a004's "on Thursday"
    assert "e_a001_ahn_lead" in split_ids(entry["also_rows"])
    assert entry["track"] == "talks"  # coded parties: both sides


def test_an_event_takes_the_status_of_the_latest_article_in_the_shipped_articles(facts):
    tl = events.timeline(make_scope(facts, SHIPPED_UNTIL)).set_index("entry", drop=False)
    japan = tl.loc["us-japan-talks-round-1"]
    assert split_ids(japan["source_ids"]) == ["a001", "a004"]
    assert japan["status"] == "happened" and japan["wording_row"] == "e_a004_us_japan"
    early = events.timeline(make_scope(facts, dt.date(2025, 4, 15))).set_index("entry")
    assert early.loc["us-japan-talks-round-1", "status"] == "scheduled"


def test_every_event_key_is_one_timeline_row(shipped):
    tl = events.timeline(shipped)
    keys = tl.loc[tl["kind"] != "tariff", "entry"]
    assert sorted(keys) == sorted(set(shipped.facts["events"]["event_key"]))


def test_the_latest_round_and_what_is_ahead_come_from_parties_and_types(shipped):
    tl = events.timeline(shipped)
    [latest] = events.latest_round(tl, shipped.as_of).to_dict("records")
    assert latest["track"] == "talks" and latest["kind"] == "meeting" and latest["status"] == "happened"
    held = tl[(tl["track"] == "talks") & (tl["kind"] == "meeting") & (tl["status"] == "happened")]
    assert latest["end"] == held["end"].max()
    ahead = events.ahead(tl, shipped.as_of)
    assert (ahead["start"] > shipped.as_of).all() and set(ahead["status"]) <= {"scheduled", "postponed"}


def test_a_figure_reported_twice_with_the_same_value_is_one_fact_in_the_shipped_articles(shipped):
    figs = claims.figure_facts(shipped)
    lineup = figs[figs["subject"] == "Korea-US 2+2 consultation"]
    assert len(lineup) == 1 and split_ids(lineup.iloc[0]["source_ids"]) == ["a002", "a004"]


def test_the_election_constraint_is_one_claim_past_once_the_election_is_in_the_shipped_articles(facts, workspace):
    election = claims.claims(make_scope(facts, SHIPPED_UNTIL)).query("claim_key == 'kr-election-limits-talks'")
    assert [split_ids(ids) for ids in election["source_ids"]] == [["a000", "a001", "a004"]]
    assert not election["past"].iloc[0]  # as of May 27 the June 3 election is ahead
    # the same fact base a week after the election (a later article registered): the constraint is past
    later = make_scope(facts, SHIPPED_UNTIL)
    later.as_of = dt.date(2025, 6, 10)
    assert claims.claims(later).query("claim_key == 'kr-election-limits-talks'")["past"].iloc[0]


# ---------------------------------------------------------------- time is not disagreement


def test_the_2024_surplus_is_the_one_disagreement_in_the_shipped_articles(shipped):
    d = conflicts.disagreements(shipped)
    assert set(d["table"]) == {"trade_balance"} and set(d["row_id"]) == {"tb_a000_2024", "tb_a003_2024"}


def test_a_later_rate_is_a_change_not_a_disagreement(workspace):
    """A tariff rate a later article gives differently is a change over time; the same change given by two
    articles of one day is a disagreement."""
    row = next(i for i, r in enumerate(workspace.rows("tariffs")) if r["tariff_id"] == "t_a003_jp_reciprocal")
    workspace.edit("tariffs", row, rate_pct="25")  # a003 (May 27) now gives 25% where a001 (Apr 15) gave none
    facts = workspace.facts()
    scope = make_scope(facts, SHIPPED_UNTIL)
    assert conflicts.disagreements(scope).query("table == 'tariffs'").empty
    # another article of the same day giving 24%: a disagreement
    workspace.append(
        "tariffs",
        **(workspace.rows("tariffs")[row] | {"tariff_id": "t_a004_jp_24", "source_id": "a004", "rate_pct": "24"}),
    )
    sources = workspace.rows("sources")
    workspace.edit(
        "sources", next(i for i, r in enumerate(sources) if r["source_id"] == "a004"), published="2025-05-27"
    )
    same_day = conflicts.disagreements(make_scope(workspace.facts(), SHIPPED_UNTIL))
    assert set(same_day.query("table == 'tariffs'")["row_id"]) == {"t_a003_jp_reciprocal", "t_a004_jp_24"}


def test_a_figure_without_a_period_changes_one_with_a_period_disagrees(facts):
    scope = make_scope(facts, SHIPPED_UNTIL)
    fig = scope.facts["figures"].copy()
    later = fig[fig["figure_id"] == "f_a002_troops"].assign(figure_id="f_a004_troops", source_id="a004", value=30000.0)
    scope.facts.tables["figures"] = pd.concat([fig, later])
    assert conflicts.disagreements(scope).query("table == 'figures'").empty
    [change] = conflicts.changes(scope).to_dict("records")
    assert (change["before"], change["after"], change["after_row"]) == (28500.0, 30000.0, "f_a004_troops")
    fixed = pd.concat([fig, later])
    fixed.loc[fixed["figure_id"].isin(["f_a002_troops", "f_a004_troops"]), ["year_start", "year_end"]] = 2025
    scope.facts.tables["figures"] = fixed
    assert set(conflicts.disagreements(scope)["row_id"]) >= {"f_a002_troops", "f_a004_troops"}


# ---------------------------------------------------------------- people


def test_line_ups_that_merely_differ_are_no_disagreement_in_the_shipped_articles(shipped):
    """a001 has Ahn meet Greer and Lutnick; a002 and a004 a 2+2 with Bessent and Greer: no contradiction."""
    lineups = people.lineups(shipped)
    assert not lineups.empty and not lineups["disjoint"].any()


def test_line_ups_with_nobody_in_common_are_a_disagreement(workspace):
    rows = workspace.rows("events")
    index = next(i for i, r in enumerate(rows) if r["event_id"] == "e_a004_2plus2")
    workspace.edit("events", index, participants="Donald Trump")
    lineups = people.lineups(make_scope(workspace.facts(), SHIPPED_UNTIL))
    assert lineups["disjoint"].all() and "Donald Trump" in set(lineups["people"])


def test_each_title_is_listed_with_the_articles_that_print_it(shipped):
    printed = set(
        zip(
            shipped.facts["people"]["name"],
            shipped.facts["people"]["role"],
            shipped.facts["people"]["source_id"],
            strict=True,
        )
    )
    differing = people.differing_titles(shipped)
    assert not differing.empty, "the articles do give some people different titles"
    for _, r in differing.iterrows():
        assert all((r["name"], r["role"], sid) in printed for sid in split_ids(r["source_ids"])), r.to_dict()


def test_an_announcement_several_articles_report_is_one_timeline_row_in_the_shipped_articles(shipped):
    """a000's 25% levy 'last week', a001's reciprocal tariffs 'earlier this month', a003's 24% on Japan."""
    tl = events.timeline(shipped)
    announced = tl[(tl["kind"] == "tariff") & (tl["action"] == "announced")]
    assert len(announced) == 1
    entry = announced.iloc[0]
    assert split_ids(entry["source_ids"]) == ["a000", "a001", "a003"]
    assert (entry["start"], entry["precision"]) == (dt.date(2025, 3, 31), "week")  # the most precise: a000's week


def test_tables_of_the_previous_schema_load_with_the_new_columns_defaults(workspace, facts):
    """A user's tables written before parties, prominence, per and until_event existed still validate and give
    the analysis: every event and figure in the body, no event on the two sides' track (no parties coded)."""
    from tarifftalks.facts.validate import validate

    new = {"events": ["parties", "prominence"], "positions": ["until_event", "prominence"],
           "figures": ["per", "prominence"], "tariffs": ["prominence"], "trade_balance": ["prominence"]}  # fmt: skip
    for table, columns in new.items():
        workspace.write_rows(table, [{k: v for k, v in r.items() if k not in columns} for r in workspace.rows(table)])
    old = workspace.facts()
    assert validate(old).errors == []
    scope = make_scope(old, SHIPPED_UNTIL)
    tl = events.timeline(scope)
    assert set(tl["prominence"]) == {"body"} and "talks" not in set(tl["track"])
    assert not claims.claims(scope)["past"].any()
    assert len(claims.figure_facts(scope)) == len(claims.figure_facts(make_scope(facts, SHIPPED_UNTIL)))
