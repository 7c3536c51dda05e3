"""What a draft row is made of: the sentence it comes from (with the article's date and dateline place), the
row with the mentions it codes and the fields it guessed, and the reading of one number's unit or one date's
span that every table's drafting shares."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from tarifftalks.draft.fields import nearest_year
from tarifftalks.facts.dates import Period, resolve_phrase
from tarifftalks.facts.text import MONTH_ABBR, MONTHS, Mention

YEAR = re.compile(r"^(?:19|20)\d\d$")
CALENDAR = re.compile(rf"^({'|'.join(MONTHS + list(MONTH_ABBR))})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?$")
UNIT_AFTER = [
    ("years", r"^\s*(?:-\s*)?years?\b"),
    ("days", r"^\s*(?:-\s*)?days?\b"),
    ("troops", r"^\s*(?:US |U\.S\. |American )?(?:troops|soldiers)\b"),
    ("times", r"^\s*times\b"),
    ("rank", r"^-(?:largest|biggest|highest|lowest)\b|^\s+(?:largest|biggest)\b"),  # "Asia's fourth-largest economy"
]


@dataclass
class Draft:
    """A draft row for one table, the mentions it codes and the fields it guessed."""

    table: str
    row: dict
    mentions: list[Mention]
    guessed: set[str] = field(default_factory=set)
    same_as: str = ""
    differs_from: str = ""  # "disagreement:<id>" or "change:<id>": another article gives the measure another value


@dataclass
class Sentence:
    text: str
    start: int
    source_id: str
    anchor: dt.date
    here: str = ""  # the place of the article's dateline, where "here" is

    def before(self, m: Mention, since: int = 0) -> str:
        return self.text[since : m.start - self.start]

    def after(self, m: Mention, until: int | None = None) -> str:
        return self.text[m.end - self.start : until]

    def base(self) -> dict:
        return {"source_id": self.source_id, "quote": self.text}


def number_unit(m: Mention, after: str) -> tuple[str, str]:
    """(unit, currency) of a number as printed: per cent, a scale word, or the noun after it."""
    currency = "USD" if m.text.startswith(("US$", "$")) else "SGD" if m.text.startswith("S$") else ""
    if re.match(r"^\s*won\b", after):
        currency = "KRW"
    if re.search(r"%|per ?cent", m.text):
        return "percent", currency
    for scale in ("trillion", "billion", "million"):
        if scale in m.text:
            return scale, currency
    if m.text.lower().endswith("fold"):
        return "times", currency
    if m.value is not None and 0 < m.value < 1 and not re.search(r"\d", m.text):
        return "share", currency  # "a third of the total amount"
    for unit, pattern in UNIT_AFTER:
        if re.match(pattern, after, re.I):
            return unit, currency
    return "", currency


def resolve_date(s: Sentence, m: Mention, ahead: bool, back: bool = False) -> tuple[Period | None, bool, str]:
    """(period, guessed, basis) of a date mention: a yearless calendar date nearest the article's
    date (forward when the sentence looks ahead), a relative phrase by the project's resolver."""
    a = s.anchor
    when = f"{a:%A} {a:%B} {a.day}, {a.year}"
    if cal := CALENDAR.match(m.text):
        month = MONTHS.index(cal.group(1)) + 1 if cal.group(1) in MONTHS else MONTH_ABBR[cal.group(1)]
        d = nearest_year(month, int(cal.group(2)), a, forward=ahead, back=back)
        how = "the last one before" if back else "the next one after" if ahead and d > a else "the one nearest"
        return (
            Period(d, d, "day"),
            True,
            f"'{m.text}' without a year, {how} an article of {when}: {d:%B} {d.day}, {d.year}.",
        )
    readings = resolve_phrase(m.text, a)
    if not readings:
        return None, True, f"'{m.text}': not resolved (DRAFT)."
    p = readings[0]
    if len(readings) > 1 and ahead:
        p = next((r for r in readings if r.start >= a), p)
    guessed = len(readings) > 1
    span = f"{p.start:%B} {p.start.day}, {p.start.year}" + (
        f" to {p.end:%B} {p.end.day}, {p.end.year}" if p.end != p.start else ""
    )
    return p, guessed, f"'{m.text}' in an article of {when}: {span}."
