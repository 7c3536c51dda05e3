"""The coding rules the validator checks for the analysis (bounds, moves, one event under one key, one
definition of a disagreement), each on a scratch copy of the shipped fact base with one row added or
changed: the rule's error or finding, and the analysis frame it gives."""

from __future__ import annotations

import datetime as dt

import growth
import pandas as pd

from tarifftalks.analysis import claims, conflicts, events, people, tariffs
from tarifftalks.analysis.scope import make_scope
from tarifftalks.facts.validate import validate

SHIPPED_UNTIL = dt.date(2025, 5, 27)


def index_of(ws, table: str, row_id: str) -> int:
    rows = ws.rows(table)
    return next(i for i, r in enumerate(rows) if next(iter(r.values())) == row_id)


def errors_of(ws) -> list[tuple[int, str, str]]:
    return [(e.row, e.field, e.detail) for e in validate(ws.facts()).errors]


# ---------------------------------------------------------------- bounds


def test_a_bound_the_quote_does_not_print_is_refused(workspace):
    row = workspace.edit("tariffs", index_of(workspace, "tariffs", "t_a002_kr_autos"), bound="at most")
    [(line, field, detail)] = errors_of(workspace)
    assert (line, field) == (row, "bound") and "does not print 25" in detail


def test_a_number_printed_with_a_bound_must_carry_it(workspace):
    """The growth article of the raid prints 'as many as 450': coded without its bound, the row is refused."""
    for stem in growth.stems()[:5]:
        growth.add(workspace, stem)
    i = index_of(workspace, "figures", "f_a009_detained")
    assert workspace.rows("figures")[i]["bound"] == "at most" and errors_of(workspace) == []
    row = workspace.edit("figures", i, bound="")
    [(line, field, detail)] = errors_of(workspace)
    assert (line, field) == (row, "bound") and "at most" in detail


def test_two_readings_that_admit_a_common_number_agree():
    assert conflicts.compatible((450, "at most"), (400, None))
    assert not conflicts.compatible((450, "at most"), (475, None))
    assert not conflicts.compatible((30, "about"), (300, "more than"))
    assert conflicts.compatible((300, "more than"), (317, None))
    assert not conflicts.compatible((300, "more than"), (300, None))  # more than 300 is not 300
    assert conflicts.compatible((15, "at most"), (15, None))  # a ceiling of 15 admits 15


# ---------------------------------------------------------------- a ceiling is no rate


def test_a_ceiling_is_not_the_rate_of_a_tariff(workspace):
    """'will not exceed' coded as a bound at most: the state is `ceiling`; beside a rate, the rate stays."""
    rows = workspace.rows("tariffs")
    cap = rows[index_of(workspace, "tariffs", "t_a002_kr_autos")] | dict(
        tariff_id="t_a003_kr_autos_cap", source_id="a003", rate_pct="10", bound="at most"
    )
    workspace.append("tariffs", **cap)
    scope = make_scope(workspace.facts(), SHIPPED_UNTIL)
    autos = tariffs.state(scope).set_index(tariffs.MEASURE).loc[("South Korea", "autos", "sectoral")]
    assert (autos["rate_pct"], autos["state"], autos["ceiling_rate"]) == (25, "in_effect", 10)


def test_a_rate_in_effect_before_it_was_announced_is_backdated(workspace):
    """A cut announced on May 20 that applies from May 1: `backdated`, worded as retroactive; the same cut
    announced before it applies is not."""
    from tarifftalks.present.words import tariff_status

    rows = workspace.rows("tariffs")
    cut = rows[index_of(workspace, "tariffs", "t_a002_kr_autos")] | dict(
        tariff_id="t_a003_kr_autos_cut", source_id="a003", rate_pct="20", status="in_effect",
        announced="2025-05-20", announced_precision="day", effective="2025-05-01", effective_precision="day",
    )  # fmt: skip
    workspace.append("tariffs", **cut)
    measure = ("South Korea", "autos", "sectoral")
    autos = tariffs.state(make_scope(workspace.facts(), SHIPPED_UNTIL)).set_index(tariffs.MEASURE).loc[measure]
    assert (autos["rate_pct"], autos["backdated"]) == (20, True)
    assert tariff_status(autos).startswith("in effect retroactively from May 1, 2025")
    workspace.edit("tariffs", len(rows), effective="2025-05-25")
    autos = tariffs.state(make_scope(workspace.facts(), SHIPPED_UNTIL)).set_index(tariffs.MEASURE).loc[measure]
    assert not autos["backdated"] and tariff_status(autos) == "in effect since May 25, 2025"
    # a later report that announces the same rate again (a fact sheet keeping it) dates nothing back
    workspace.append("tariffs", **(cut | dict(tariff_id="t_a003_kr_autos_kept", effective="", announced="2025-05-26")))
    autos = tariffs.state(make_scope(workspace.facts(), SHIPPED_UNTIL)).set_index(tariffs.MEASURE).loc[measure]
    assert not autos["backdated"] and tariff_status(autos) == "in effect since May 25, 2025"


# ---------------------------------------------------------------- moves and plans


def moved_scope(facts, *rows: dict):
    """The shipped facts as of May 27 with event rows changed or added (in memory: the quotes are the
    shipped ones, which do not say 'postponed'; the validator's part is tested on the growth corpus)."""
    scope = make_scope(facts, SHIPPED_UNTIL)
    ev = scope.facts["events"].copy()
    for row in map(dict, rows):
        hit = ev["event_id"] == row["event_id"]
        if hit.any():
            for k, v in row.items():
                ev.loc[hit, k] = v
        else:
            base = ev[ev["event_id"] == row.pop("like")].iloc[0].to_dict()
            ev = pd.concat([ev, pd.DataFrame([base | row])], ignore_index=True)
    scope.facts.tables["events"] = ev
    return scope


def test_a_move_gives_the_old_date_postponed_and_the_new_one_scheduled(facts):
    """a004 reports the April talks moved to May 8: its row is postponed from April 24, a row of the new date
    shares the key; the entry is postponed to the new date, moved from the old one, and the old plan's dates
    (a001, a002: the week of April 21) are no disagreement with the new date."""
    scope = moved_scope(
        facts,
        dict(event_id="e_a004_2plus2", status="postponed"),
        dict(like="e_a004_2plus2", event_id="e_a004_2plus2_new", status="scheduled",
             date_start=pd.Timestamp("2025-05-08"), date_end=pd.Timestamp("2025-05-08")),
    )  # fmt: skip
    talks = events.timeline(scope).set_index("entry").loc["kr-us-2plus2-april"]
    assert (talks["status"], str(talks["start"]), str(talks["postponed_from_start"])) == (
        "postponed",
        "2025-05-08",
        "2025-04-24",
    )
    assert conflicts.disagreements(scope).query("table == 'events'").empty


def test_a_later_article_dating_a_planned_event_later_has_moved_it(facts):
    """a003 dates the talks on May 8, after every date of the plan a001, a002 and a004 gave: a move no row
    names, not a disagreement; a later article dating it earlier disagrees."""
    later = dict(like="e_a004_2plus2", event_id="e_a003_2plus2", source_id="a003",
                 date_start=pd.Timestamp("2025-05-08"), date_end=pd.Timestamp("2025-05-08"))  # fmt: skip
    scope = moved_scope(facts, later)
    talks = events.timeline(scope).set_index("entry").loc["kr-us-2plus2-april"]
    assert talks["status"] == "postponed" and str(talks["postponed_from_start"]) == "2025-04-24"
    assert conflicts.disagreements(scope).query("table == 'events'").empty
    earlier = later | dict(date_start=pd.Timestamp("2025-04-14"), date_end=pd.Timestamp("2025-04-14"))
    scope = moved_scope(facts, earlier)
    assert "e_a003_2plus2" in set(conflicts.disagreements(scope)["row_id"])


def test_the_old_date_two_articles_give_differently_is_a_disagreement(facts):
    """a003 reports the talks postponed from May 2, a date the plan a001, a002 and a004 gave (the week of
    April 21) does not hold: a disagreement about the old plan."""
    moved = dict(like="e_a004_2plus2", event_id="e_a003_2plus2", source_id="a003", status="postponed",
                 date_start=pd.Timestamp("2025-05-02"), date_end=pd.Timestamp("2025-05-02"))  # fmt: skip
    scope = moved_scope(facts, moved)
    report = conflicts.disagreements(scope).query("table == 'events'")
    assert "e_a003_2plus2" in set(report["row_id"])


def test_a_deadline_passes_and_is_never_overdue(workspace):
    rows = workspace.rows("events")
    i = index_of(workspace, "events", "e_a004_2plus2")
    scope = make_scope(workspace.facts(), dt.date(2025, 5, 27))
    assert events.timeline(scope).set_index("entry").loc["kr-us-2plus2-april", "overdue"]
    workspace.edit("events", i, event_type="deadline")
    for j, r in enumerate(rows):
        if r["event_key"] == "kr-us-2plus2-april":
            workspace.edit("events", j, event_type="deadline")
    scope = make_scope(workspace.facts(), dt.date(2025, 5, 27))
    assert not events.timeline(scope).set_index("entry").loc["kr-us-2plus2-april", "overdue"]


# ---------------------------------------------------------------- one event, one key


def test_one_meeting_under_two_keys_of_two_articles_is_a_finding(workspace):
    """a004 reports the 2+2 under another key: one meeting of the same parties on overlapping dates, two keys,
    no article naming both: `make validate` asks the reviewer to give its rows one key."""
    workspace.edit("events", index_of(workspace, "events", "e_a004_2plus2"), event_key="kr-us-two-plus-two")
    [dup] = validate(workspace.facts()).duplicates
    assert set(dup.keys) == {"kr-us-2plus2-april", "kr-us-two-plus-two"} and dup.kind == "meeting"


def test_meetings_one_article_reports_apart_are_no_finding(facts):
    """a003 reports the ministerial round and the technical consultations, whose dates overlap: two events."""
    assert validate(facts).duplicates == []


# ---------------------------------------------------------------- claims settled by an agreement


def test_an_agreement_of_the_sides_makes_earlier_claims_past_unless_the_analyst_names_an_event(workspace):
    rows = workspace.rows("events")
    deal = rows[index_of(workspace, "events", "e_a003_technical")] | dict(
        event_id="e_a003_deal", event_key="kr-us-test-deal", event_type="agreement"
    )
    workspace.append("events", **deal)
    scope = make_scope(workspace.facts(), SHIPPED_UNTIL)
    c = claims.claims(scope).set_index("position_id")
    # a claim between the sides from April: settled by the May agreement
    assert (c.loc["pos_a000_us_deficit", "past_reason"], c.loc["pos_a000_us_deficit", "past_event"]) == (
        "agreement",
        "kr-us-test-deal",
    )
    # a claim of the article that reports the agreement (published after it) still holds
    assert not c.loc["pos_a003_us_imbalance", "past"]
    # the election constraint names its event: that link decides alone (the election is ahead on May 27)
    assert not c.loc["pos_a004_election_constraint", "past"]
    # a claim of Japan's talks is not settled by an agreement of Korea and the US
    assert not c.loc["pos_a003_jp_fund", "past"]


def test_a_judgement_written_before_an_agreement_of_the_sides_is_not_shown_after_it(workspace):
    """Judgements read the talks: one held from before an agreement of the two sides is past once it took
    place; one held from after it stays; one naming its own event is decided by that event alone."""
    before = {j["judgement_id"] for j in workspace.rows("judgements")}
    rows = workspace.rows("events")
    deal = rows[index_of(workspace, "events", "e_a003_technical")] | dict(
        event_id="e_a003_deal", event_key="kr-us-test-deal", event_type="agreement"
    )
    workspace.append("events", **deal)
    scope = make_scope(workspace.facts(), SHIPPED_UNTIL)
    shown = set(claims.judgements(scope)["judgement_id"])
    held_from = {j["judgement_id"]: dt.date.fromisoformat(j["holds_from"]) for j in workspace.rows("judgements")}
    named = {j["judgement_id"] for j in workspace.rows("judgements") if j["until_event"]}
    deal_day = dt.date.fromisoformat(deal["date_start"])
    assert named and {i for i in before if held_from[i] < deal_day} - named  # the fact base tries both rules
    assert shown == {i for i in before if held_from[i] >= deal_day or i in named}
    # without the agreement every judgement of the shipped base is shown on its last day
    assert set(claims.judgements(make_scope(without_the_deal(workspace), SHIPPED_UNTIL))["judgement_id"]) == before


def without_the_deal(workspace):
    rows = [r for r in workspace.rows("events") if r["event_id"] != "e_a003_deal"]
    workspace.write_rows("events", rows)
    return workspace.facts()


# ---------------------------------------------------------------- a disagreement is shown whole


def test_the_readings_of_a_disagreement_share_its_highest_prominence(workspace):
    """A headline figure that a later article of the same period gives differently, coded as a mere
    appendix figure there: both readings are one disagreement, both headline, in one row of page one."""
    rows = workspace.rows("figures")
    first = rows[index_of(workspace, "figures", "f_a004_jobs_rank")]
    workspace.edit("figures", index_of(workspace, "figures", "f_a004_jobs_rank"), prominence="headline")
    workspace.append(
        "figures", **(first | dict(figure_id="f_a003_rank", source_id="a003", value="2", prominence="appendix"))
    )
    workspace.edit("trade_balance", index_of(workspace, "trade_balance", "tb_a003_2024"), prominence="appendix")
    scope = make_scope(workspace.facts(), SHIPPED_UNTIL)
    found = conflicts.disagreements(scope)
    figs = claims.figure_facts(scope, disagreements=found).set_index("figure_id")
    pair = figs.loc[["f_a004_jobs_rank", "f_a003_rank"]]
    assert pair["disagreement"].nunique() == 1 and not pair["disagreement"].isna().any()
    assert set(pair["prominence"]) == {"headline"}
    balances = claims.balance_facts(scope, found).set_index("balance_id")
    assert set(balances.loc[["tb_a000_2024", "tb_a003_2024"], "prominence"]) == {"headline"}
    # a figure in no disagreement keeps its own prominence
    assert figs.loc["f_a004_reinvest_2017", "prominence"] == "body" and pd.isna(
        figs.loc["f_a004_reinvest_2017", "disagreement"]
    )

    from tarifftalks.present.report import build_brief
    from tarifftalks.present.summary import key_figures

    box = key_figures(build_brief(SHIPPED_UNTIL.isoformat(), data_dir=workspace.data, seeds_dir=workspace.seeds))
    [rank] = [v for v in box["Value"] if "f_a003_rank" in v]
    assert "f_a004_jobs_rank" in rank and "sources differ" in rank
    [surplus] = [v for v in box["Value"] if "tb_a000_2024" in v]
    assert "tb_a003_2024" in surplus


# ---------------------------------------------------------------- a title is as of its article


def test_a_title_a_later_article_gives_another_person_is_as_of_its_date(workspace):
    """A later article that prints another person of the same side with the same title (in other words
    order): the earlier holder's title is as of its last report, held later by the other."""
    rows = workspace.rows("people")
    first = rows[0]
    workspace.append(
        "people",
        **(first | dict(person_row_id="p_a003_successor", source_id="a003", name="Test Successor",
                        role=" ".join(reversed(first["role"].split())))),
    )  # fmt: skip
    scope = make_scope(workspace.facts(), SHIPPED_UNTIL)
    roles = people.roles(scope).set_index(["name", "role"])
    earlier = roles.loc[(first["name"], first["role"])]
    assert "Test Successor" in earlier["held_later_by"].split(";")
    assert earlier["last_published"] < scope.published["a003"]
    assert roles.loc["Test Successor", "held_later_by"].iloc[0] == ""


def test_the_latest_round_says_the_tariffs_set_there(workspace):
    """A tariff announced under the key of the latest round (its `announcement_key`) is named with it."""
    from tarifftalks.present.report import build_brief
    from tarifftalks.present.summary import round_paragraph

    rows = workspace.rows("events")
    deal = rows[index_of(workspace, "events", "e_a003_technical")] | dict(
        event_id="e_a003_deal", event_key="kr-us-test-deal", event_type="agreement", date_precision="day",
        date_start="2025-05-26", date_end="2025-05-26",
    )  # fmt: skip
    workspace.append("events", **deal)
    t = workspace.rows("tariffs")[index_of(workspace, "tariffs", "t_a002_kr_autos")]
    workspace.append(
        "tariffs",
        **(t | dict(tariff_id="t_a003_deal_autos", source_id="a003", rate_pct="12", status="announced",
                    announced=deal["date_start"], announced_precision="day", announcement_key="kr-us-test-deal")),
    )  # fmt: skip
    brief = build_brief(SHIPPED_UNTIL.isoformat(), data_dir=workspace.data, seeds_dir=workspace.seeds)
    text = round_paragraph(brief)
    assert "e_a003_deal" in text and "Tariffs set there: South Korea autos 12%" in text and "t_a003_deal_autos" in text


def test_the_chart_crosses_out_what_did_not_take_place_on_its_dates(facts):
    """A move without new dates and a cancellation are crossed out; a move to new dates is drawn at them."""
    from tarifftalks.present.timeline import called_off

    old = {"event_id": "e_a003_japan_round3", "status": "postponed"}
    new = {"event_id": "e_a003_japan_round3_new", "like": "e_a003_japan_round3", "status": "scheduled",
           "date_start": pd.Timestamp("2025-06-20"), "date_end": pd.Timestamp("2025-06-20"), "date_precision": "day"}  # fmt: skip
    moved = events.timeline(moved_scope(facts, old, new)).set_index("entry")
    dropped = events.timeline(moved_scope(facts, old)).set_index("entry")
    cancelled = events.timeline(moved_scope(facts, old | {"status": "cancelled"})).set_index("entry")
    key = facts["events"].set_index("event_id").loc["e_a003_japan_round3", "event_key"]
    assert not called_off(moved.loc[key]) and called_off(dropped.loc[key]) and called_off(cancelled.loc[key])


def test_a_deadline_whose_date_is_over_is_drawn_as_passed(facts):
    from tarifftalks.present.timeline import passed_deadline

    row = {"event_id": "e_a003_akazawa_return", "event_type": "deadline", "status": "scheduled"}
    key = facts["events"].set_index("event_id").loc["e_a003_akazawa_return", "event_key"]
    entry = events.timeline(moved_scope(facts, row)).set_index("entry").loc[key]
    assert entry["end"] > SHIPPED_UNTIL and not passed_deadline(entry, SHIPPED_UNTIL)
    assert passed_deadline(entry, entry["end"] + dt.timedelta(days=1))
    cancelled = events.timeline(moved_scope(facts, row | {"status": "cancelled"})).set_index("entry").loc[key]
    assert not passed_deadline(cancelled, cancelled["end"] + dt.timedelta(days=1))


def test_past_claims_leave_the_body_for_appendix_b(workspace):
    """Claims an agreement made past are not shown as background in the body: every one is in Appendix B."""
    from tarifftalks.present import positions
    from tarifftalks.present.report import build_brief

    rows = workspace.rows("events")
    deal = rows[index_of(workspace, "events", "e_a003_technical")] | dict(
        event_id="e_a003_deal", event_key="kr-us-test-deal", event_type="agreement"
    )
    workspace.append("events", **deal)
    brief = build_brief(SHIPPED_UNTIL.isoformat(), data_dir=workspace.data, seeds_dir=workspace.seeds)
    c = brief.claims
    past = c[c["past"] & (c["prominence"] != "appendix")]
    assert len(past) > 1
    body = positions.by_topic(brief) + positions.security(brief) + positions.background(brief)
    appendix = positions.earlier(brief)
    for statement in past["statement"]:
        words = statement.lower()[:25]
        assert words not in body.lower() and words in appendix.lower(), statement
