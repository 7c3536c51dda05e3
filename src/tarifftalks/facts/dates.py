"""Resolving the relative dates of an article ("last week", "on Thursday") from its own date.

A resolved date is a period: its first and last day and a precision (day, range, week, month,
year). Weeks run Monday to Sunday. Where a phrase could point back or forward ("on Thursday",
"in July"), both readings are returned, nearest first; the row's tense decides.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from typing import NamedTuple

from tarifftalks.facts.text import CARDINALS, MONTH_ABBR, MONTHS, WEEKDAYS


class Period(NamedTuple):
    start: dt.date
    end: dt.date
    precision: str


def day(d: dt.date) -> Period:
    return Period(d, d, "day")


def week_of(d: dt.date) -> Period:
    """The Monday-to-Sunday week containing d."""
    monday = d - dt.timedelta(days=d.weekday())
    return Period(monday, monday + dt.timedelta(days=6), "week")


def month_of(year: int, month: int) -> Period:
    last = calendar.monthrange(year, month)[1]
    return Period(dt.date(year, month, 1), dt.date(year, month, last), "month")


def period_end(start: dt.date, precision: str) -> dt.date | None:
    """Last day of a period given its first day and precision; None for a range (its end is stored)."""
    if precision == "month":
        return month_of(start.year, start.month).end
    return {"day": start, "week": start + dt.timedelta(days=6), "year": dt.date(start.year, 12, 31)}.get(precision)


def shift_month(d: dt.date, months: int) -> tuple[int, int]:
    index = d.year * 12 + d.month - 1 + months
    return index // 12, index % 12 + 1


def weekday_readings(name: str, anchor: dt.date) -> list[Period]:
    """The same-named weekday on or before the anchor, and the one after it."""
    target = WEEKDAYS.index(name)
    back = (anchor.weekday() - target) % 7
    ahead = (target - anchor.weekday()) % 7 or 7
    return [day(anchor - dt.timedelta(days=back)), day(anchor + dt.timedelta(days=ahead))]


def month_readings(month: int, anchor: dt.date) -> list[Period]:
    """The named month before (or containing) the anchor, and the next one after it."""
    past_year = anchor.year if month <= anchor.month else anchor.year - 1
    future_year = anchor.year if month > anchor.month else anchor.year + 1
    return [month_of(past_year, month), month_of(future_year, month)]


def explicit_day_readings(month: int, day_of_month: int, year: int | None, anchor: dt.date) -> list[Period]:
    if year is not None:
        return [day(dt.date(year, month, day_of_month))]
    this_year = dt.date(anchor.year, month, day_of_month)
    if this_year <= anchor:
        return [day(this_year), day(this_year.replace(year=anchor.year + 1))]
    return [day(this_year.replace(year=anchor.year - 1)), day(this_year)]


_MONTH_NAME = "|".join(MONTHS + list(MONTH_ABBR))
_EXPLICIT = re.compile(rf"\b({_MONTH_NAME})\.?\s+(\d{{1,2}})(?:,?\s+(\d{{4}}))?\b")
_MONTH_LAST_YEAR = re.compile(rf"\b({'|'.join(MONTHS)})\s+last year\b")
_MONTH_ALONE = re.compile(rf"\b({'|'.join(MONTHS)})\b")
_WEEKDAY = re.compile(rf"\b({'|'.join(WEEKDAYS)})\b")
_PART_OF_MONTH = re.compile(rf"\b(early|mid|late)[- ]({'|'.join(MONTHS)})\b", re.I)
_WITHIN = re.compile(r"\bwithin (?:the next )?(\w+) (day|week|month)s\b", re.I)
PARTS = {"early": (1, 10), "mid": (11, 20), "late": (21, 31)}


def part_of_month(part: str, month: int, anchor: dt.date) -> list[Period]:
    """ "late October": days 21 to the end of the month (early 1-10, mid 11-20), either reading of the year."""
    first, last = PARTS[part.lower()]
    readings = []
    for whole in month_readings(month, anchor):
        end = min(last, whole.end.day)
        readings.append(Period(whole.start.replace(day=first), whole.start.replace(day=end), "range"))
    return readings


def within(count: str, unit: str, anchor: dt.date) -> Period | None:
    """ "within two weeks": from the article's date to that many days, weeks or months after it."""
    n = int(count) if count.isdigit() else CARDINALS.get(count.lower())
    if not n:
        return None
    if unit.lower() == "month":
        year, month = shift_month(anchor, n)
        end = dt.date(year, month, min(anchor.day, calendar.monthrange(year, month)[1]))
    else:
        end = anchor + dt.timedelta(days=n * (7 if unit.lower() == "week" else 1))
    return Period(anchor, end, "range")


def _month_number(name: str) -> int:
    return MONTHS.index(name) + 1 if name in MONTHS else MONTH_ABBR[name]


def resolve_phrase(phrase: str, anchor: dt.date) -> list[Period]:
    """Every reasonable reading of a date phrase written on the anchor date, likeliest first.

    An empty list means the phrase holds no date this module knows.
    """
    text = phrase.lower()
    if m := _EXPLICIT.search(phrase):
        return explicit_day_readings(
            _month_number(m.group(1)), int(m.group(2)), int(m.group(3)) if m.group(3) else None, anchor
        )
    if m := _PART_OF_MONTH.search(phrase):
        return part_of_month(m.group(1), _month_number(m.group(2).capitalize()), anchor)
    if (m := _WITHIN.search(phrase)) and (period := within(m.group(1), m.group(2), anchor)):
        return [period]
    if m := _MONTH_LAST_YEAR.search(phrase):
        return [month_of(anchor.year - 1, _month_number(m.group(1)))]
    week = week_of(anchor)
    this_month = month_of(anchor.year, anchor.month)
    last_month = month_of(*shift_month(anchor, -1))
    relative = [
        ("in the middle of this month", Period(anchor.replace(day=11), anchor.replace(day=20), "range")),
        ("later this month", Period(anchor, this_month.end, "range")),
        ("later this year", Period(anchor, dt.date(anchor.year, 12, 31), "range")),
        ("earlier this month", this_month),
        ("early last month", last_month),
        ("last month", last_month),
        ("this month", this_month),
        ("next month", month_of(*shift_month(anchor, 1))),
        ("last week", Period(week.start - dt.timedelta(days=7), week.end - dt.timedelta(days=7), "week")),
        ("next week", Period(week.start + dt.timedelta(days=7), week.end + dt.timedelta(days=7), "week")),
        ("this week", week),
        ("yesterday", day(anchor - dt.timedelta(days=1))),
        ("today", day(anchor)),
        ("tomorrow", day(anchor + dt.timedelta(days=1))),
        ("last year", Period(dt.date(anchor.year - 1, 1, 1), dt.date(anchor.year - 1, 12, 31), "year")),
        ("this year", Period(dt.date(anchor.year, 1, 1), dt.date(anchor.year, 12, 31), "year")),
    ]
    for key, period in relative:
        if key in text:
            if key == "this week" and anchor.weekday() >= 5:
                # said at the weekend, "this week" may mean the week that starts on Monday
                following = Period(week.start + dt.timedelta(days=7), week.end + dt.timedelta(days=7), "week")
                return [following, period]
            return [period]
    if "weekend" in text:
        saturday = anchor - dt.timedelta(days=(anchor.weekday() - 5) % 7 or 7)
        return [Period(saturday, saturday + dt.timedelta(days=1), "range")]
    if m := _WEEKDAY.search(phrase):
        return weekday_readings(m.group(1), anchor)
    if m := _MONTH_ALONE.search(phrase):
        return month_readings(_month_number(m.group(1)), anchor)
    return []


_BASIS = re.compile(r"^'(?P<phrase>[^']+)' in an article of")


def basis_phrase(date_basis: str | None) -> str | None:
    """The relative phrase a date_basis resolves from the article's date, if it says so.

    The convention: a basis that starts "'<phrase>' in an article of <date>" resolves the phrase
    from the article's own publication date, and the validator re-computes it.
    """
    if not date_basis:
        return None
    m = _BASIS.match(date_basis)
    return m.group("phrase") if m else None


def describe(period: Period) -> str:
    """A period as a reader should see it: 'Apr 24, 2025', 'week of Apr 21, 2025', 'Apr 2025'."""
    s, e = period.start, period.end
    if period.precision == "day":
        return f"{s:%b} {s.day}, {s.year}"
    if period.precision == "week":
        return f"week of {s:%b} {s.day}, {s.year}"
    if period.precision == "month":
        return f"{s:%b %Y}"
    if period.precision == "year":
        return f"{s.year}"
    if s.month == e.month:
        return f"{s:%b} {s.day}–{e.day}, {s.year}"
    return f"{s:%b} {s.day} – {e:%b} {e.day}, {e.year}"
