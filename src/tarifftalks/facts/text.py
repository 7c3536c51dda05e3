"""Article text: whitespace normalisation and the numbers and dates mentioned in it."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

_WS = re.compile(r"\s+")


def normalize_ws(text: str) -> str:
    """Collapse every run of whitespace to one space and strip the ends."""
    return _WS.sub(" ", text).strip()


def find_all(haystack: str, needle: str) -> list[int]:
    """Start offsets of every occurrence of needle in haystack (overlapping allowed)."""
    starts, i = [], haystack.find(needle)
    while needle and i != -1:
        starts.append(i)
        i = haystack.find(needle, i + 1)
    return starts


@dataclass(frozen=True)
class Mention:
    """A number or date written in an article, with its place in the normalised text."""

    kind: str  # "number" or "date"
    text: str
    start: int
    end: int
    value: float | None = None  # numbers only: the value as written (55.7 for "US$55.7 billion")


CARDINALS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "hundred": 100,
    "thousand": 1000,
}
ORDINALS = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "fifth": 5,
    "sixth": 6,
    "seventh": 7,
    "eighth": 8,
    "ninth": 9,
    "tenth": 10,
}
FRACTIONS = {"a third": 1 / 3, "one third": 1 / 3, "a quarter": 0.25, "a half": 0.5, "half": 0.5}
MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
MONTH_ABBR = {m[:3]: i + 1 for i, m in enumerate(MONTHS)} | {"Sept": 9}
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
RELATIVE_DATES = [
    "later this month",
    "later this year",
    "early last month",
    "earlier this month",
    "in the middle of this month",
    "later this week",
    "last week",
    "this week",
    "next week",
    "last month",
    "this month",
    "next month",
    "last year",
    "this year",
    "next year",
    "yesterday",
    "today",
    "tomorrow",
    "over the weekend",
    "in the coming weeks",
    "in the coming days",
]

_word = "|".join(sorted(CARDINALS, key=len, reverse=True))
_ord = "|".join(ORDINALS)
_month = "|".join(MONTHS + [m[:3] for m in MONTHS] + ["Sept"])
# "within two weeks": a span from the article's date
_WITHIN = rf"within (?:the next )?(?:{_word}|\d+) (?:days|weeks|months)"
_DATE_RE = re.compile(
    rf"\b(?:(?:{_month})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+\d{{4}})?"
    rf"|(?:early|mid|late)[- ](?:{'|'.join(MONTHS)})"
    rf"|{_WITHIN}"
    rf"|\d{{1,2}}\s+(?:{'|'.join(MONTHS)})(?:,?\s+\d{{4}})?"
    rf"|(?:{'|'.join(MONTHS)})(?:\s+\d{{4}})?"
    rf"|(?:{'|'.join(WEEKDAYS)})"
    rf"|{'|'.join(re.escape(r) for r in RELATIVE_DATES)})\b"
)
_NUMBER_RE = re.compile(
    r"(?P<cur>US\$|S\$|\$|₩)?(?P<num>\d[\d,]*(?:\.\d+)?)(?P<suf>st|nd|rd|th)?"
    r"(?:\s*(?P<pct>%|per cent|percent))?(?:\s+(?P<scale>trillion|billion|million))?"
)
_WORD_NUMBER_RE = re.compile(
    rf"\b(?P<frac>a third|one third|a quarter|a half|half)(?= of\b)"
    rf"|\b(?P<fold>{_word})fold\b"
    rf"|\b(?P<ord>{_ord})\b"
    rf"|\b(?P<card>{_word})(?P<half>\s+and\s+a\s+half)?\b",
    re.IGNORECASE,
)


def find_date_mentions(text: str) -> list[Mention]:
    """Calendar dates, months, weekdays and relative dates ("last week") in normalised text."""
    return [Mention("date", m.group(0), m.start(), m.end()) for m in _DATE_RE.finditer(text)]


def _overlaps(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    return any(start < e and s < end for s, e in spans)


def find_number_mentions(text: str, exclude: list[tuple[int, int]] | None = None) -> list[Mention]:
    """Numbers written in digits or words, percentages and amounts of money in normalised text.

    Spans in `exclude` (the dates, whose day and year are numbers too) are skipped.
    """
    exclude = exclude or []
    found: list[Mention] = []
    for m in _NUMBER_RE.finditer(text):
        if _overlaps(m.start(), m.end(), exclude):
            continue
        # a digit glued to letters or another digit group is part of an identifier, not a number
        if m.start() > 0 and (text[m.start() - 1].isalnum() or text[m.start() - 1] == "_"):
            continue
        value = float(m.group("num").rstrip(",").replace(",", ""))
        found.append(Mention("number", m.group(0).rstrip(","), m.start(), m.end(), value))
    for m in _WORD_NUMBER_RE.finditer(text):
        if _overlaps(m.start(), m.end(), exclude):
            continue
        word = m.group(0).lower()
        if m.group("frac"):
            value = FRACTIONS[word]
        elif m.group("fold"):
            value = CARDINALS[m.group("fold").lower()]
        elif m.group("ord"):
            value = ORDINALS[word]
        else:  # "two and a half" is 2.5
            value = CARDINALS[m.group("card").lower()] + (0.5 if m.group("half") else 0)
        found.append(Mention("number", m.group(0), m.start(), m.end(), float(value)))
    return sorted(found, key=lambda x: x.start)


def find_mentions(text: str) -> list[Mention]:
    """Every date and number mentioned in normalised text, in order."""
    dates = find_date_mentions(text)
    numbers = find_number_mentions(text, [(d.start, d.end) for d in dates])
    return sorted(dates + numbers, key=lambda x: x.start)


def same_number(a: float, b: float) -> bool:
    """True when two values are the same figure (1/3 written as 0.3333... included)."""
    return math.isclose(a, b, rel_tol=1e-6, abs_tol=1e-9)


def numbers_in(text: str) -> list[float]:
    """Every numeric value written in a passage, in digits or in words, fractions as articles print them
    ("about a quarter" 0.25, "two-thirds", "one in five" 0.2) included."""
    text = normalize_ws(text)
    found = [m.value for m in find_number_mentions(text) if m.value is not None]
    return found + fractions_in(text) + [float(y) for y in re.findall(r"\b(\d{4})\b", text)]


# the denominators a fraction is written with: "a half", "two-thirds", "three quarters", "a fifth"
DENOMINATORS = {"half": 2, "quarter": 4} | {word: n for word, n in ORDINALS.items() if n >= 3}
_count = rf"a|an|one|{_word}|\d+"
_part = "|".join(["halves", *(f"{p}s?" for p in DENOMINATORS)])
_FRACTION_RE = re.compile(
    rf"\b(?:(?P<count>{_count})[\s-]+)?(?P<part>{_part})\b"
    rf"|\b(?P<num>{_count})\s+(?:in|out\s+of)\s+(?P<den>{_word}|\d+)\b",
    re.IGNORECASE,
)


def _amount(word: str) -> int:
    word = word.lower()
    return 1 if word in ("a", "an", "one") else CARDINALS.get(word) or int(word)


def fractions_in(text: str) -> list[float]:
    """The fractions a passage writes in words: "a quarter", "two-thirds", "three quarters", "half",
    "one in five". A bare ordinal ("third", "quarter") is no fraction; bare "half" is."""
    values = []
    for m in _FRACTION_RE.finditer(text):
        if m.group("part"):
            part = m.group("part").lower()
            if m.group("count") is None and part != "half":
                continue
            whole = 2 if part == "halves" else DENOMINATORS[part.removesuffix("s")]
            values.append(_amount(m.group("count") or "one") / whole)
        elif _amount(m.group("den")):
            values.append(_amount(m.group("num")) / _amount(m.group("den")))
    return values


NAME_STOPWORDS = frozenset(
    [
        "the",
        "and",
        "for",
        "with",
        "from",
        "per",
        "its",
        "their",
        "into",
        "than",
        "that",
        "this",
        "of",
        "at",
        "in",
        "on",
        "to",
        "by",
        "a",
        "an",
        "as",
        "us",
        "u.s.",
        "korea",
        "korean",
        "south",
        "japan",
        "japanese",
        "united",
        "states",
    ]
)


def naming_words(text: str) -> set[str]:
    """The content words of a row's naming field (subject, measure, name), as 5-letter stems."""
    return {w[:5] for w in re.findall(r"[a-z]+", text.lower()) if len(w) >= 3 and w not in NAME_STOPWORDS}
