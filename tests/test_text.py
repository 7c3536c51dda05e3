"""Numbers and dates are found in article text in the forms the articles use."""

import pytest

from tarifftalks.facts.text import find_mentions, normalize_ws, numbers_in, same_number


def texts(sentence: str) -> list[tuple[str, str]]:
    return [(m.kind, m.text) for m in find_mentions(normalize_ws(sentence))]


def test_money_percent_and_words():
    found = texts("a surplus of US$55.7 billion, a 25 per cent levy, a ninefold rise and a third of it")
    assert found == [
        ("number", "US$55.7 billion"),
        ("number", "25 per cent"),
        ("number", "ninefold"),
        ("number", "a third"),
    ]


def test_dates_are_not_counted_again_as_numbers():
    assert texts("on Tuesday (Apr 8), 2025 figures") == [("date", "Tuesday"), ("date", "Apr 8"), ("number", "2025")]


def test_relative_dates():
    assert texts("last week and in the middle of this month") == [
        ("date", "last week"),
        ("date", "in the middle of this month"),
    ]


def test_numbers_in_a_passage():
    assert numbers_in("28,500 U.S. troops and 96.2 percent") == [28500.0, 96.2]


@pytest.mark.parametrize(
    ("passage", "value"),
    [
        ("exports dropped by about a quarter", 0.25),
        ("a third of the budget", 1 / 3),
        ("two-thirds of exports", 2 / 3),
        ("three quarters of the firms", 0.75),
        ("one in five cars", 0.2),
        ("nine out of ten firms", 0.9),
        ("half the cars", 0.5),
        ("a fifth", 0.2),
    ],
)
def test_a_fraction_in_words_is_a_number_of_its_passage(passage, value):
    assert any(same_number(v, value) for v in numbers_in(passage)), numbers_in(passage)


def test_an_ordinal_is_no_fraction():
    assert not {0.25, 1 / 3} & set(numbers_in("the third round in the first quarter"))


def test_a_fraction_a_quote_may_hold_is_not_a_mention_to_code():
    """Coverage counts what must be coded as before: "about a quarter" may support a row, not demand one."""
    assert texts("sales dropped by about a quarter") == []
