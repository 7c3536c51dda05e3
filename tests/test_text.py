"""Numbers and dates are found in article text in the forms the articles use."""

from tarifftalks.facts.text import find_mentions, normalize_ws, numbers_in


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
