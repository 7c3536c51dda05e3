"""What the drafter reads from a sentence's structure: who asserts a claim and how firmly (draft.voice), the
positions a sentence takes (draft.positions), the article's date from every date-line form (draft.source), and
repeats and differences against the coded rows (draft.match). Each case is a construction real outlets print."""

from __future__ import annotations

import datetime as dt

import pytest
from conftest import ROOT

from tarifftalks.draft.candidates import draft_article, sentences
from tarifftalks.draft.source import publication_date
from tarifftalks.draft.voice import Speakers, voice_of
from tarifftalks.facts.dates import resolve_phrase

FIXTURES = ROOT / "tests" / "fixtures" / "candidates"
PEOPLE = Speakers(
    people={"Howard Lutnick": "negotiator", "Kim Yong-beom": "official", "Donald Trump": "head of government"},
    last="Kim Yong-beom",
)


def voice(sentence: str, word: str, speakers: Speakers = PEOPLE) -> tuple[str, str]:
    v = voice_of(sentence, sentence.index(word), speakers)
    return v.attribution, v.certainty


@pytest.mark.parametrize(
    ("sentence", "word", "expected"),
    [
        ("Commerce Secretary Howard Lutnick said 90 percent of the profits would go to Americans.", "90", ("named_official", "scheduled")),
        ("Seoul will invest US$350 billion in the United States, the presidential office said.", "US$350", ("government_statement", "scheduled")),
        ("Tariffs on Korean steel and aluminum stay at 50 percent, he said.", "50", ("named_official", "stated")),
        ("Seoul kept its rice and beef markets closed, according to the presidential office.", "rice", ("government_statement", "reported")),
        ("Trump warned that the rate could go higher if Seoul retaliates.", "rate", ("named_official", "possible")),
        ("Yeo Han-koo, the trade minister, is expected to meet Jamieson Greer later this month, officials said.", "later", ("unnamed_official", "expected")),
        ("South Korea's trade surplus hit a record US$55.7 billion last year, customs data showed.", "US$55.7", ("official_data", "stated")),
        ("Industry Minister Seo Ji-hoon said on Monday that Seoul would hold talks with Washington next week.", "Monday", ("article", "stated")),
        ("Industry Minister Seo Ji-hoon said on Monday that Seoul would hold talks with Washington next week.", "next week", ("named_official", "scheduled")),
        ("Korean firms are reportedly reconsidering new projects in the United States.", "projects", ("unattributed", "reported")),
        ("Analysts said the deal leaves the terms of the fund to be negotiated.", "fund", ("analyst", "stated")),
        ("The US demanded that Seoul resolve the imbalance, South Korean media reported yesterday.", "imbalance", ("media_reports", "reported")),
    ],
)  # fmt: skip
def test_who_asserts_a_claim_comes_from_the_speech_frame(sentence, word, expected):
    assert voice(sentence, word) == expected


def test_an_editorial_speaks_in_its_own_voice_and_advises():
    editorial = Speakers(editorial=True)
    assert voice("Washington should fix its visa system so that engineers can work.", "visa", editorial) == (
        "editorial",
        "advised",
    )
    assert voice("Only last month, Lee held his first summit with Trump, on Aug. 25.", "Aug. 25", editorial) == (
        "editorial",
        "stated",
    )


def test_a_quotation_over_two_sentences_stays_with_its_speaker():
    text = '"We had Vietnam in last week. We have the Japanese in on Wednesday," Bessent said. Talks follow.'
    first, _ = sentences(text)
    assert text[first[0] : first[1]].endswith("Bessent said.")
    text = '"This is a deal that protects our exporters," Trade Minister Yeo Han-koo told reporters. Next.'
    assert len(sentences(text)) == 2


@pytest.fixture(scope="module")
def drafts(facts):
    names = ("t_0708_letter", "t_0731_posted", "t_0907_editorial", "t_1114_factsheet", "r_1203_notice")
    return {n: draft_article(facts, FIXTURES / f"{n}.txt") for n in names}


def rows(result, table: str) -> list[dict]:
    return [d.row | {"same_as": d.same_as, "differs_from": d.differs_from} for d in result.drafts if d.table == table]


def test_positions_are_drafted_with_actor_kind_topic_and_hedge(drafts):
    offers = {(r["actor"], r["kind"], r["topic"], r["certainty"]) for r in rows(drafts["t_0731_posted"], "positions")}
    assert {("South Korea", "offer", t, "stated") for t in ("investment", "shipbuilding", "energy")} <= offers
    editorial = rows(drafts["t_0907_editorial"], "positions")
    advice = [r for r in editorial if r["quote"].startswith("Washington should")]
    assert [(r["actor"], r["addressed_to"], r["attribution"], r["certainty"]) for r in advice] == [
        ("Korean commentators", "United States", "editorial", "advised")
    ]


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        (["SEOUL, Sept. 5 (Test Wire) -- Agents raided a plant."], "2025-09-05"),
        (["Headline", "By Test Desk Posted : 2025-09-22 17:05 Updated : 2025-09-22 18:00"], "2025-09-22"),
        (["Nov. 14, 2025", "Headline"], "2025-11-14"),
        (
            ["Headline", "Seoul said on Sept. 7 that it had reached an agreement.", "Trump will visit on Oct. 29."],
            "2025-09-07",
        ),
    ],
)
def test_the_article_s_date_from_every_date_line_form(lines, expected):
    published, basis, _ = publication_date(lines, dt.date(2025, 5, 27))
    assert published == dt.date.fromisoformat(expected), basis


def test_an_undated_editorial_says_where_its_date_comes_from(drafts):
    source = drafts["t_0907_editorial"].source
    assert source.row["published"] == "2025-09-07"
    assert "latest news it reports" in source.row["date_basis"] and "published" in source.guessed


def test_page_furniture_gives_omissions_not_figures(drafts):
    posted = drafts["t_0731_posted"]
    assert not [r for r in rows(posted, "figures") if "Posted" in r["quote"]]
    assert {r["mention"] for r in rows(posted, "omissions")} >= {"2025", "07", "31", "17", "05"}


def test_tariffs_statuses_dates_and_countries(drafts):
    letter = rows(drafts["t_0708_letter"], "tariffs")
    japan = [r for r in letter if r["applies_to"] == "Japan"]  # "setting Japan's rate at 25 percent"
    assert [(r["rate_pct"], r["status"], r["announced"]) for r in japan] == [("25", "announced", "2025-07-07")]
    paused = [r for r in letter if r["status"] == "paused"]  # "the pause ... was due to run out on July 9"
    assert [(r["paused_until"], r["pause_days"]) for r in paused] == [("2025-07-09", "90")]
    cars = [r for r in letter if r["sector"] == "autos"]  # "have been subject to ... since April 3"
    assert [(r["status"], r["effective"]) for r in cars] == [("in_effect", "2025-04-03")]
    assert not [r for r in letter if r["rate_pct"] == "16"]  # "car exports fell 16 percent" is no tariff
    fact_sheet = rows(drafts["t_1114_factsheet"], "tariffs")
    backdated = [r for r in fact_sheet if r["rate_pct"] == "15" and r["applies_to"] == "South Korea"]
    assert [r["effective"] for r in backdated] == ["2025-11-01"]  # "backdated to Nov. 1"
    notice = rows(
        drafts["r_1203_notice"], "tariffs"
    )  # "has cut … to 15 percent from 25 percent, backdating … to Nov. 1"
    cut = [(r["rate_pct"], r["status"], r.get("effective", "")) for r in notice if r["quote"].startswith("[SEOUL]")]
    assert cut == [("15", "in_effect", "2025-11-01"), ("25", "in_effect", "")]
    paid = {(r["applies_to"], r["rate_pct"], r["status"]) for r in notice if "carmakers have paid" in r["quote"]}
    assert paid == {("South Korea", "25", "in_effect"), ("Japan", "15", "in_effect")}  # no word "tariff" in it


def test_events_tense_type_and_place(drafts):
    editorial = {r["date_start"]: r for r in rows(drafts["t_0907_editorial"], "events")}
    assert (editorial["2025-09-04"]["event_type"], editorial["2025-09-04"]["location"]) == ("political", "Georgia")
    visit = editorial["2025-10-21"]  # "is expected to visit ... in late October"
    assert (visit["date_end"], visit["status"], visit["certainty"]) == ("2025-10-31", "scheduled", "expected")
    posted = [r for r in rows(drafts["t_0731_posted"], "events") if r["event_type"] == "meeting"]
    assert [(r["date_start"], r["date_end"], r["status"]) for r in posted] == [
        ("2025-07-31", "2025-08-14", "scheduled")
    ]


def test_relative_spans_resolve_from_the_article_s_date():
    anchor = dt.date(2025, 11, 14)
    assert resolve_phrase("later this month", anchor)[0][:2] == (anchor, dt.date(2025, 11, 30))
    assert resolve_phrase("within two weeks", anchor)[0][:2] == (anchor, dt.date(2025, 11, 28))
    assert resolve_phrase("late October", anchor)[0][:2] == (dt.date(2025, 10, 21), dt.date(2025, 10, 31))


def test_people_roles_in_apposition_and_us_titles(drafts):
    people = {r["name"]: r for r in rows(drafts["t_0708_letter"], "people")}
    assert (people["Yeo Han-koo"]["role"], people["Yeo Han-koo"]["side"]) == ("Trade minister", "South Korea")
    assert people["Jamieson Greer"]["side"] == "United States"


def test_same_as_needs_the_same_measure_and_differences_are_marked(drafts):
    surplus = rows(drafts["t_0708_letter"], "trade_balance")
    assert [(r["same_as"], r["differs_from"]) for r in surplus] == [("tb_a000_2024", "disagreement:tb_a003_2024")]
    figures = {r["value"]: r for r in rows(drafts["t_0731_posted"], "figures")}
    assert figures["13"]["differs_from"] == "change:f_a000_fta_years"  # the FTA's years, a later value
    assert figures["350"]["same_as"] == "" and figures["150"]["same_as"] == ""  # no coded measure of these
