"""Draft rows from one sentence: the table its figures belong in and every field its words determine.

A sentence about a tariff rate gives one tariffs row per rate and sector; a surplus or deficit gives
trade_balance rows; other figures give figures rows and dates give events rows. Each draft keeps the
sentence as its quote and names the fields it guessed rather than read.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from tarifftalks.dates import Period, resolve_phrase
from tarifftalks.draft_fields import (
    countries_in,
    event_type,
    looks_ahead,
    nearest_year,
    sectors_in,
    tariff_kind,
    tariff_status,
    tariff_target,
)
from tarifftalks.text import MONTH_ABBR, MONTHS, Mention

TARIFF_WORDS = re.compile(r"\btariffs?\b|\blev(?:y|ies)\b|\bduties\b|\bduty\b|\brate on\b", re.I)
BALANCE_WORDS = re.compile(r"\bsurplus\b|\bdeficit\b|\btrade balance\b|\bimbalance\b", re.I)
PAUSE_WORDS = re.compile(r"\bpaus\w*|\bsuspend\w*", re.I)
YEAR = re.compile(r"^(?:19|20)\d\d$")
CALENDAR = re.compile(rf"^({'|'.join(MONTHS + list(MONTH_ABBR))})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?$")
UNIT_AFTER = [
    ("years", r"^\s*(?:-\s*)?years?\b"),
    ("days", r"^\s*(?:-\s*)?days?\b"),
    ("troops", r"^\s*(?:US |American )?(?:troops|soldiers)\b"),
    ("times", r"^\s*times\b"),
]
QUALIFIERS = ("record",)


@dataclass
class Draft:
    """A draft row for one table, the mentions it codes and the fields it guessed."""

    table: str
    row: dict
    mentions: list[Mention]
    guessed: set[str] = field(default_factory=set)
    same_as: str = ""


@dataclass
class Sentence:
    text: str
    start: int
    source_id: str
    anchor: dt.date

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
    for unit, pattern in UNIT_AFTER:
        if re.match(pattern, after, re.I):
            return unit, currency
    return "", currency


def resolve_date(s: Sentence, m: Mention, ahead: bool) -> tuple[Period | None, bool, str]:
    """(period, guessed, basis) of a date mention: a yearless calendar date nearest the article's
    date (forward when the sentence looks ahead), a relative phrase by the project's resolver."""
    a = s.anchor
    when = f"{a:%A} {a:%B} {a.day}, {a.year}"
    if cal := CALENDAR.match(m.text):
        month = MONTHS.index(cal.group(1)) + 1 if cal.group(1) in MONTHS else MONTH_ABBR[cal.group(1)]
        d = nearest_year(month, int(cal.group(2)), a, forward=ahead)
        how = "the next one after" if ahead else "the one nearest"
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


def sentence_drafts(s: Sentence, mentions: list[Mention]) -> list[Draft]:
    """Every draft row the sentence gives, from the mentions in it."""
    numbers = [m for m in mentions if m.kind == "number" and not YEAR.match(m.text)]
    years = [m for m in mentions if m.kind == "number" and YEAR.match(m.text)]
    dates = [m for m in mentions if m.kind == "date"]
    if BALANCE_WORDS.search(s.text) and numbers:
        return balance_drafts(s, numbers, years, dates)
    if TARIFF_WORDS.search(s.text) and any(number_unit(m, "")[0] == "percent" for m in numbers):
        return tariff_drafts(s, numbers, years, dates)
    return figure_drafts(s, numbers, years) + [event_draft(s, m, dates) for m in dates]


def _year_after(s: Sentence, years: list[Mention], word: str) -> Mention | None:
    return next((y for y in years if re.search(rf"\b{word}\s+$", s.text[: y.start - s.start])), None)


def balance_drafts(s: Sentence, numbers: list[Mention], years: list[Mention], dates: list[Mention]) -> list[Draft]:
    """trade_balance rows: a surplus in money, or its change in per cent from a base year."""
    countries = countries_in(s.text.split("surplus")[0]) or ["South Korea"]
    reporter = countries[0]
    partner_text = re.search(r"\bwith (?:the )?([^,.]+)", s.text)
    partner = (countries_in(partner_text.group(1)) if partner_text else []) or ["United States"]
    base_year = _year_after(s, years, "from") or _year_after(s, years, "than")
    year_mention = next((y for y in years if y is not base_year), None)
    drafts = []
    for m in numbers:
        unit, currency = number_unit(m, s.after(m))
        if unit not in ("billion", "percent"):
            continue
        row = s.base() | {"reporter": reporter, "partner": partner[0], "value": f"{m.value:g}", "unit": unit}
        row |= {"currency": currency, "measure": "change_pct" if unit == "percent" else "surplus"}
        guessed = set() if countries_in(s.text) else {"reporter", "partner"}
        coded = [m]
        if year_mention:
            row["year"], coded = year_mention.text, [*coded, year_mention]
        elif relative := next((d for d in dates if "year" in d.text), None):
            period = resolve_phrase(relative.text, s.anchor)[0]
            row["year"], row["date_basis"] = (
                str(period.start.year),
                f"'{relative.text}' in an article of {s.anchor:%B} {s.anchor.day}, {s.anchor.year} is {period.start.year}.",
            )
            coded.append(relative)
        if base_year and unit == "percent":
            row["compared_to_year"], coded = base_year.text, [*coded, base_year]
        if data := re.search(r",\s+([\w ]*?\bdata)\s+show", s.text):
            row["data_cited"] = data.group(1)
        row["qualifier"] = next((q for q in QUALIFIERS if re.search(rf"\b{q}\b", s.text)), "")
        drafts.append(Draft("trade_balance", row, coded, guessed))
    return drafts


def tariff_drafts(s: Sentence, numbers: list[Mention], years: list[Mention], dates: list[Mention]) -> list[Draft]:
    """One tariffs row per rate and sector; the sentence's dates and pause length go into those rows."""
    rates = [m for m in numbers if number_unit(m, "")[0] == "percent"]
    extra_days = [m for m in numbers if m not in rates and number_unit(m, s.after(m))[0] == "days"]
    date_fields, deadline_events = tariff_dates(s, dates)
    drafts = []
    for i, m in enumerate(rates):
        since = rates[i - 1].end - s.start if i else 0
        until = rates[i + 1].start - s.start if i + 1 < len(rates) else None
        own = s.text[since:until]
        sectors, guessed = sectors_in(own) or sectors_in(s.text), set()
        if not sectors:
            sectors, guessed = ["all goods"], {"sector"}
        target = tariff_target(own) or tariff_target(s.text)
        status = tariff_status(s.before(m, since), s.before(m)) or tariff_status(s.text)
        for sector in sectors:
            kind, kind_guessed = tariff_kind(s.text, sector)
            row = s.base() | {"imposed_by": "United States", "sector": sector, "kind": kind, "rate_pct": f"{m.value:g}"}
            row |= {"applies_to": target or "South Korea", "status": status or "announced"}
            row_guessed = guessed | ({"kind"} if kind_guessed else set()) | ({"applies_to"} if not target else set())
            row_guessed |= {"status"} if not status else set()
            if not re.search(r"\b(?:US|U\.S\.|United States|Washington|Trump|America\w*)\b", s.text):
                row_guessed.add("imposed_by")
            coded = [m] + [d for d, _, _ in date_fields]
            for _, values, date_guessed in date_fields:
                row |= values
                row_guessed |= date_guessed
            if extra_days and PAUSE_WORDS.search(s.text):
                row["pause_days"] = f"{extra_days[0].value:g}"
                coded += extra_days[:1]
            drafts.append(Draft("tariffs", row, coded, row_guessed))
    return drafts + [event_draft(s, d, dates) for d in deadline_events]


EVENT_NOT_TARIFF = {"statement", "meeting", "trip", "election", "report", "deadline"}


def tariff_dates(s: Sentence, dates: list[Mention]) -> tuple[list[tuple[Mention, dict, set]], list[Mention]]:
    """Which date field of a tariff each date fills ("from" -> effective, "until" -> paused_until,
    otherwise announced). A date of something else said in the sentence (a statement, a meeting,
    a "by <date>" deadline) is drafted as an event instead."""
    fields, events = [], []
    for i, d in enumerate(dates):
        before = s.before(d)
        if re.search(r"\buntil\s+$", before) and PAUSE_WORDS.search(s.text):
            name = "paused_until"
        elif re.search(r"\b(?:from|effective|starting|take effect on|took effect on)\s+$", before):
            name = "effective"
        else:
            since = dates[i - 1].end - s.start if i else 0
            until = dates[i + 1].start - s.start if i + 1 < len(dates) else None
            if event_type(s.before(d, since), s.after(d, until)) in EVENT_NOT_TARIFF:
                events.append(d)
                continue
            name = "announced"
        period, guessed, basis = resolve_date(s, d, ahead=name != "announced")
        if period:
            values = {name: period.start.isoformat(), f"{name}_precision": period.precision, "date_basis": basis}
            fields.append((d, values, {name} if guessed else set()))
    return fields, events


def figure_drafts(s: Sentence, numbers: list[Mention], years: list[Mention]) -> list[Draft]:
    """figures rows: the value and unit as printed; the years of the sentence as its span."""
    drafts = []
    for m in numbers:
        unit, currency = number_unit(m, s.after(m))
        row = s.base() | {"value": f"{m.value:g}", "unit": unit, "currency": currency}
        guessed = {"unit"} if not unit else set()
        if years:
            row["year_start"], row["year_end"] = years[0].text, years[-1].text
        drafts.append(Draft("figures", row, [m, *years], guessed))
    return drafts


def event_draft(s: Sentence, m: Mention, dates: list[Mention]) -> Draft:
    """An events row for one date: its span, type and status from the words around it."""
    i = dates.index(m)
    since = dates[i - 1].end - s.start if i else 0
    until = dates[i + 1].start - s.start if i + 1 < len(dates) else None
    before, after = s.before(m, since), s.after(m, until)
    kind = event_type(before, after)
    ahead = kind == "deadline" or looks_ahead(before)
    period, date_guessed, basis = resolve_date(s, m, ahead)
    row = s.base() | {"event_type": kind or "", "date_basis": basis}
    guessed = {"event_type"} if not kind else set()
    if period:
        row |= {
            "date_start": period.start.isoformat(),
            "date_end": period.end.isoformat(),
            "date_precision": period.precision,
        }
        row["status"] = "scheduled" if period.start > s.anchor or ahead else "happened"
        guessed |= {"date_start", "date_end"} if date_guessed else set()
    if place := re.search(
        r"\b(?:in|at) ((?:Washington|Seoul|Tokyo|Beijing|Hanoi|Brussels)(?: [A-Z][a-z]+)*)\b", before + m.text + after
    ):
        row["location"] = place.group(1)
    return Draft("events", row, [m], guessed | {"status"})
