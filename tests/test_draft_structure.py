"""Round 2 of the drafter: readings taken from a sentence's structure rather than from one article. Each case
is a construction that real outlets print (an undated reprint's weekday news, a position in each clause of a
sentence, the verb a date hangs on, a percentage paid without the word tariff, a title after a comma)."""

from __future__ import annotations

import datetime as dt

import pytest

from tarifftalks.draft.fields import event_type, role_of, side_of
from tarifftalks.draft.people import names_in
from tarifftalks.draft.positions import position_drafts
from tarifftalks.draft.rows import sentence_drafts
from tarifftalks.draft.sentence import Sentence
from tarifftalks.draft.source import outlet_and_byline, publication_date
from tarifftalks.draft.voice import Speakers, voice_of
from tarifftalks.facts.text import find_mentions

NEWEST = dt.date(2025, 5, 27)  # the newest shipped article: what an undated or yearless date is read against


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        # the claim is told in the future, the frame that dates it in the past
        (["Seoul and Washington will begin talks this week, Seoul officials said on April 20."], "2025-04-20"),
        # a weekday reported after the latest dated news, in a reprint that prints no date
        (
            [
                "[SEOUL] The US cut the tariff in a notice posted on the Federal Register on Wednesday.",
                "Lutnick said on Dec. 1 that Washington would lower the tariff.",
                "TEST NEWS SERVICE (written for tests)",
            ],
            "2025-12-03",
        ),
        (["Sep 26, 2025, 08:15 am", "Headline"], "2025-09-26"),  # a date line with the time
        (["Published: 07 Oct. 2025, 09:10 Updated: 07 Oct. 2025, 09:42", "Headline"], "2025-10-07"),
    ],
)
def test_the_date_of_an_article_from_its_structure(lines, expected):
    published, basis, _ = publication_date(lines, NEWEST)
    assert published == dt.date.fromisoformat(expected), basis


def test_bylines_and_credits_as_printed():
    assert (
        outlet_and_byline(["Headline", "By Test Desk (written for tests)", "Text."])[1]
        == "Test Desk (written for tests)"
    )
    outlet, byline, _, _ = outlet_and_byline(["Text.", "TEST NEWS SERVICE (written for tests)"])
    assert (outlet, byline) == ("Test News Service", "TEST NEWS SERVICE (written for tests)")
    assert outlet_and_byline(["Text.", "Copyright © Test Desk. All rights reserved."])[0] == "Test Desk"


def sentence(text: str, anchor: dt.date = dt.date(2025, 10, 7)) -> Sentence:
    return Sentence(text, 0, "a9", anchor)


def positions(text: str, editorial: bool = False, sides: dict[str, str] | None = None) -> list[tuple]:
    speakers = Speakers(people={n: "official" for n in sides or {}}, sides=sides or {}, editorial=editorial)
    drafts = position_drafts(sentence(text), lambda at: voice_of(text, at, speakers), sides or {})
    return [(d.row["actor"], d.row["kind"], d.row["topic"]) for d in drafts]


def test_each_clause_holds_a_position_of_its_own():
    text = "Seoul wants to provide much of the money through loans, while Washington is pressing for more direct cash."
    assert positions(text) == [("South Korea", "offer", "investment"), ("United States", "demand", "investment")]


def test_what_a_side_says_without_a_verb_of_a_kind_is_a_stance():
    sides = {"Lee Jae-myung": "South Korea"}
    text = "Lee said the agreement puts Korean exporters on terms at least as good as those of their rivals."
    assert positions(text, sides=sides) == [("South Korea", "stance", "tariffs")]
    assert positions("Lee said on Thursday that the talks would resume on Oct. 9.", sides=sides) == []  # a fact to code


def test_an_editorial_advises_as_commentators_and_an_offer_is_the_giver_s():
    advice = "The government should not let the car tariff become hostage to the fund."
    assert positions(advice, editorial=True) == [("Korean commentators", "stance", "investment")]
    deal = (
        "Washington agreed to lower its tariff in return for US$350 billion of Korean investment in the United States."
    )
    assert positions(deal)[0][:2] == ("South Korea", "offer")


@pytest.mark.parametrize(
    ("before", "after", "expected"),
    [
        ("Korean Air agreed on ", " to buy 103 Boeing aircraft, as Lee held his first summit", "announcement"),
        ("Trump is expected to visit Korea for the APEC summit in Gyeongju in ", ".", "trip"),
        ("The ruling party on ", " submitted a special bill to the National Assembly.", "political"),
        ("Trump announced the deal on ", " after meeting Korean ministers.", "announcement"),
        ("public anger over the ", " immigration raid on the plant site.", "political"),
    ],
)
def test_an_event_s_type_comes_from_the_verb_its_date_hangs_on(before, after, expected):
    assert event_type(before, after) == expected


def drafted(text: str, anchor: dt.date) -> list[dict]:
    s = sentence(text, anchor)
    return [d.row | {"table": d.table} for d in sentence_drafts(s, find_mentions(text))]


def test_a_rate_paid_without_the_word_tariff_and_the_same_rate_for_another_country():
    rows = drafted(
        "Korean carmakers have paid the 25 percent rate since April 3, while their Japanese rivals have paid 15 percent "
        "since mid-September.",
        dt.date(2025, 12, 3),
    )
    tariffs = {(r["applies_to"], r["sector"], r["rate_pct"], r["status"], r.get("effective")) for r in rows}
    assert ("South Korea", "autos", "25", "in_effect", "2025-04-03") in tariffs  # "since": the past April 3
    rows = drafted(
        "The US tariff on Korean cars will be cut to 15 percent from 25 percent, the rate that Japan already pays.",
        dt.date(2025, 10, 30),
    )
    assert {(r["applies_to"], r["rate_pct"], r["status"]) for r in rows} == {
        ("South Korea", "15", "announced"),
        ("South Korea", "25", "in_effect"),  # the rate a change starts from
        ("Japan", "15", "in_effect"),
    }


def test_further_tariffs_named_by_sector_without_a_rate():
    rows = drafted(
        "Japan is subject to the same 10 percent baseline tariffs imposed on most nations, plus steeper levies on cars.",
        dt.date(2025, 5, 27),
    )
    assert {(r["applies_to"], r["sector"], r["rate_pct"]) for r in rows} == {
        ("Japan", "all goods", "10"),
        ("most nations", "all goods", "10"),
        ("Japan", "autos", ""),
    }


def test_number_words_in_names_and_idioms_are_omitted():
    rows = drafted("Lee will attend the Group of Seven summit, one of the year's main meetings.", dt.date(2025, 6, 11))
    assert {r["mention"] for r in rows if r["table"] == "omissions"} == {"Seven", "one"}


def test_names_and_roles_around_titles():
    text = "Industry Minister Kim Jung-kwan and Foreign Minister Cho Hyun met Chinese President Xi Jinping."
    assert [n for n, _ in names_in(text)] == ["Kim Jung-kwan", "Cho Hyun", "Xi Jinping"]
    before = "Trump will meet Chinese President "
    role, _ = role_of(before, " on Thursday.")
    assert (role, side_of(role, before, "Xi Jinping")[0]) == ("Chinese President", "other")
    assert role_of("South Korea's industry minister, ", ", said.")[0] == "Industry minister"
    assert role_of("South Korean Minister of Industry, Trade and Energy ", " said.")[0] == (
        "Minister of Industry, Trade and Energy"
    )
    assert side_of("", "", "Huh Young") == ("South Korea", True)  # a common Korean family name
