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
    """Every numeric value written in a passage, in digits or in words."""
    return [m.value for m in find_number_mentions(normalize_ws(text)) if m.value is not None] + [
        float(y) for y in re.findall(r"\b(\d{4})\b", text)
    ]


# ---------------------------------------------------------------- hedges and clauses

# A quote is a passage that carries a claim: it starts where a sentence or clause starts and ends
# where one ends. A clause starts after punctuation or one of these words, or with one of them.
CLAUSE_WORDS = frozenset(
    [
        "that",
        "which",
        "who",
        "whom",
        "whose",
        "when",
        "where",
        "while",
        "as",
        "because",
        "since",
        "after",
        "before",
        "although",
        "though",
        "if",
        "and",
        "but",
        "or",
        "so",
        "amid",
        "including",
        "said",
        "says",
    ]
)
_SENTENCE_END = tuple(".;:!?")
_OPENING = tuple(',(“"‘—–') + _SENTENCE_END
_CLOSING = tuple('.,;:!?—–)”"’')
MIN_QUOTE_WORDS = 4


def _words(text: str) -> list[str]:
    return re.findall(r"[\w’'$%+.-]+", text.lower())


def line_starts(raw: str) -> set[int]:
    """Offsets in normalize_ws(raw) where a line of the raw text starts with a capital or an opening quote.

    Headlines, datelines and paragraphs end without punctuation; such a line starts a sentence.
    """
    starts, offset = set(), 0
    for line in raw.splitlines():
        line = normalize_ws(line)
        if not line:
            continue
        if line[0].isupper() or line[0] in '“"‘':
            starts.add(offset)
        offset += len(line) + 1
    return starts


def _ends_clause(before: str) -> bool:
    """True when the text before a quote ends a sentence or clause, closing quotation marks aside."""
    return before.rstrip("”’\"'").endswith(_OPENING)


def clause_starts_at(text: str, start: int, quote: str, lines: set[int] = frozenset()) -> bool:
    before = text[:start].rstrip()
    if not before or start in lines or before.endswith(" -") or _ends_clause(before):
        return True
    first = _words(quote)[:1]
    previous = _words(before)[-1:]
    return bool(first and first[0] in CLAUSE_WORDS) or bool(previous and previous[0].strip(".") in CLAUSE_WORDS)


def clause_ends_at(text: str, end: int, quote: str) -> bool:
    after = text[end:].lstrip()
    if not after or quote.rstrip().endswith(_CLOSING) or after.startswith(_CLOSING):
        return True
    following = _words(after)[:1]
    return bool(following and following[0] in CLAUSE_WORDS)


def clause_problem(quote: str, article: str, lines: set[int] = frozenset()) -> str | None:
    """Why a quote is no whole sentence or clause of the (normalised) article, or None when it is one.

    `lines` are the offsets where the article's lines start a sentence (see line_starts).
    """
    quote = normalize_ws(quote)
    if len(quote.split()) < MIN_QUOTE_WORDS:
        return f"a quote of fewer than {MIN_QUOTE_WORDS} words carries no claim; quote the sentence or clause"
    starts = find_all(article, quote)
    if not starts:
        return None  # a quote not in its article is reported by the quote check
    if any(
        clause_starts_at(article, s, quote, lines) and clause_ends_at(article, s + len(quote), quote) for s in starts
    ):
        return None
    return "the quote cuts a sentence mid-clause; it must start and end where a sentence or clause does"


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


def names_in_quote(quote: str, names: list[str], terms: list[str]) -> bool:
    """True when the quote holds a word of the row's naming fields, or one of the table's terms."""
    quote_words = re.findall(r"[a-z]+", normalize_ws(quote).lower())
    stems = {w[:5] for w in quote_words}
    if any(naming_words(n) & stems for n in names):
        return True
    lowered = " " + " ".join(quote_words) + " "
    return any(f" {t.lower()} " in lowered for t in terms)
