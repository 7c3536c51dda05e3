"""Relative dates resolve against the article's own calendar."""

import datetime as dt

import pytest

from tarifftalks.facts.dates import Period, basis_phrase, describe, resolve_phrase

D = dt.date


@pytest.mark.parametrize(
    ("phrase", "anchor", "expected"),
    [
        # a000 is dated Tuesday April 8, 2025
        ("last week", D(2025, 4, 8), Period(D(2025, 3, 31), D(2025, 4, 6), "week")),
        ("next week", D(2025, 4, 8), Period(D(2025, 4, 14), D(2025, 4, 20), "week")),
        ("introduced last month", D(2025, 4, 8), Period(D(2025, 3, 1), D(2025, 3, 31), "month")),
        ("in December", D(2025, 4, 8), Period(D(2024, 12, 1), D(2024, 12, 31), "month")),
        # a003 is dated Tuesday May 27, 2025
        ("yesterday", D(2025, 5, 27), Period(D(2025, 5, 26), D(2025, 5, 26), "day")),
        ("on Sunday", D(2025, 5, 27), Period(D(2025, 5, 25), D(2025, 5, 25), "day")),
        ("over the weekend", D(2025, 5, 27), Period(D(2025, 5, 24), D(2025, 5, 25), "range")),
        ("last year", D(2025, 5, 27), Period(D(2024, 1, 1), D(2024, 12, 31), "year")),
        ("in October last year", D(2025, 4, 23), Period(D(2024, 10, 1), D(2024, 10, 31), "month")),
        # said on Sunday April 20, 2025: 'this week' is the week that starts the next day
        ("this week", D(2025, 4, 20), Period(D(2025, 4, 21), D(2025, 4, 27), "week")),
        ("this week", D(2025, 4, 23), Period(D(2025, 4, 21), D(2025, 4, 27), "week")),
    ],
)
def test_first_reading(phrase, anchor, expected):
    assert resolve_phrase(phrase, anchor)[0] == expected


def test_a_weekday_reads_back_and_forward():
    back, ahead = resolve_phrase("on Thursday", D(2025, 4, 22))
    assert (back.start, ahead.start) == (D(2025, 4, 17), D(2025, 4, 24))


def test_an_explicit_day_without_year_takes_the_nearest_years():
    assert [p.start for p in resolve_phrase("the June 3 presidential election", D(2025, 4, 23))] == [
        D(2024, 6, 3),
        D(2025, 6, 3),
    ]


def test_unknown_phrases_resolve_to_nothing():
    assert resolve_phrase("soon", D(2025, 4, 8)) == []


def test_basis_phrase_convention():
    assert basis_phrase("'last week' in an article of Tuesday April 8, 2025: ...") == "last week"
    assert basis_phrase("Took effect 'just as' ...") is None
    assert basis_phrase(None) is None


def test_describe_shows_precision():
    assert describe(Period(D(2025, 3, 31), D(2025, 4, 6), "week")) == "week of Mar 31, 2025"
    assert describe(Period(D(2025, 5, 24), D(2025, 5, 25), "range")) == "May 24–25, 2025"
    assert describe(Period(D(2025, 3, 1), D(2025, 3, 31), "month")) == "Mar 2025"
