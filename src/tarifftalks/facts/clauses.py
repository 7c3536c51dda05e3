"""A quote carries its claim: it is a whole sentence or clause of its article, and names what its row is about.

A quote starts where a sentence or clause starts (after punctuation, at the start of a line, at or after a
clause word such as "that" or "while") and ends where one ends (at punctuation, before a clause word, or at
the end of a line it quotes whole, such as a headline). A quote cut mid-clause is refused with the nearest
cut that would pass, quoted.
"""

from __future__ import annotations

import re

from tarifftalks.facts.text import find_all, naming_words, normalize_ws

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
LONGEST_SUGGESTION = 200  # characters; a longer cut is given by its first and last words


def _words(text: str) -> list[str]:
    return re.findall(r"[\w’'$%+.-]+", text.lower())


def line_bounds(raw: str) -> tuple[set[int], set[int]]:
    """Offsets in normalize_ws(raw) where a line of the raw text starts with a capital or an opening quote
    (headlines, datelines and paragraphs end without punctuation: such a line starts a sentence), and where
    each line ends."""
    starts, ends, offset = set(), set(), 0
    for line in raw.splitlines():
        line = normalize_ws(line)
        if not line:
            continue
        if line[0].isupper() or line[0] in '“"‘':
            starts.add(offset)
        offset += len(line)
        ends.add(offset)
        offset += 1
    return starts, ends


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


def _whole(text: str, start: int, end: int, lines: set[int], ends: set[int]) -> bool:
    quote = text[start:end]
    return (clause_starts_at(text, start, quote, lines) and clause_ends_at(text, end, quote)) or (
        start in lines and end in ends
    )


def nearest_clause(text: str, start: int, end: int, lines: set[int] = frozenset(), ends: set[int] = frozenset()):
    """The nearest whole clause around text[start:end]: its start moved back and its end moved on, a word
    at a time, until each is where a sentence or clause starts or ends. Returns (start, end)."""
    while not (clause_starts_at(text, start, text[start:end], lines) or (start in lines and end in ends)):
        start = text.rfind(" ", 0, start - 1) + 1
    while not _whole(text, start, end, lines, ends):
        following = text.find(" ", end + 1)
        end = len(text) if following == -1 else following
    return start, end


def clause_problem(quote: str, article: str, lines: set[int] = frozenset(), ends: set[int] = frozenset()) -> str | None:
    """Why a quote is no whole sentence or clause of the (normalised) article, or None when it is one.

    `lines` and `ends` are the offsets where the article's lines start a sentence and where they end (see
    line_bounds). A quote cut mid-clause is told the nearest cut that passes.
    """
    quote = normalize_ws(quote)
    if len(quote.split()) < MIN_QUOTE_WORDS:
        return f"a quote of fewer than {MIN_QUOTE_WORDS} words carries no claim; quote the sentence or clause"
    starts = find_all(article, quote)
    if not starts:
        return None  # a quote not in its article is reported by the quote check
    if any(_whole(article, s, s + len(quote), lines, ends) for s in starts):
        return None
    cuts = [nearest_clause(article, s, s + len(quote), lines, ends) for s in starts]
    start, end = min(cuts, key=lambda c: c[1] - c[0])
    return "the quote cuts a sentence mid-clause; it must start and end where a sentence or clause does: " + suggest(
        article[start:end]
    )


def suggest(cut: str) -> str:
    if len(cut) <= LONGEST_SUGGESTION:
        return f"quote {cut!r}"
    words = cut.split()
    return f"start at {' '.join(words[:6])!r} and end at {' '.join(words[-6:])!r}"


# ---------------------------------------------------------------- a quote names what its row is about


def names_in_quote(quote: str, names: list[str], terms: list[str]) -> bool:
    """True when the quote holds a word of the row's naming fields, or one of the table's terms."""
    quote_words = re.findall(r"[a-z]+", normalize_ws(quote).lower())
    stems = {w[:5] for w in quote_words}
    if any(naming_words(n) & stems for n in names):
        return True
    lowered = " " + " ".join(quote_words) + " "
    return any(f" {t.lower()} " in lowered for t in terms)
