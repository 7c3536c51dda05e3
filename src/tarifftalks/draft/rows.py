"""Draft rows from one sentence: the table its figures belong in and every field its words determine.

A sentence about a tariff rate gives one tariffs row per rate and sector; a surplus or deficit gives
trade_balance rows; other figures give figures rows and dates give events rows. Each draft keeps the
sentence as its quote and names the fields it guessed rather than read.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from dataclasses import dataclass, field

from tarifftalks.draft.fields import (
    DATE_CLAUSE_EDGE,
    PAUSE_WORDS,
    TITLE_WORD,
    countries_in,
    event_type,
    looks_ahead,
    nearest_year,
    sectors_in,
    tariff_kind,
    tariff_status,
    tariff_targets,
)
from tarifftalks.facts.dates import Period, resolve_phrase
from tarifftalks.facts.hedges import cue_spans
from tarifftalks.facts.text import MONTH_ABBR, MONTHS, ORDINALS, WEEKDAYS, Mention

TARIFF_WORDS = re.compile(
    r"\btariffs?\b|\blev(?:y|ies)\b|\bduties\b|\bduty\b|\brate on\b|\brate at\b|['’]s rate\b|\btariff rate\b", re.I
)
# "car exports fell 16 percent": a change, not a rate
CHANGE_BEFORE = re.compile(
    r"\b(?:fell|fall|falls|rose|rise|rises|dropped|drop|declined|decline|increased|increase|jumped|grew|slid|plunged|"
    r"surged|soared|slumped|gained|lost|shrank|expanded|up|down|climbed)\s+(?:by\s+|nearly\s+|about\s+|some\s+)?$",
    re.I,
)
BALANCE_WORDS = re.compile(r"\bsurplus\b|\bdeficit\b|\btrade balance\b|\bimbalance\b", re.I)
NAMED_TARIFF = re.compile(r"\b(?:reciprocal|baseline)\b[^.]*\b(?:tariffs?|levy|levies|duties)\b", re.I)
YEAR = re.compile(r"^(?:19|20)\d\d$")
CALENDAR = re.compile(rf"^({'|'.join(MONTHS + list(MONTH_ABBR))})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?$")
UNIT_AFTER = [
    ("years", r"^\s*(?:-\s*)?years?\b"),
    ("days", r"^\s*(?:-\s*)?days?\b"),
    ("troops", r"^\s*(?:US |U\.S\. |American )?(?:troops|soldiers)\b"),
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
    skipped = not_facts(s, mentions)
    mentions = [m for m in mentions if all(m not in d.mentions for d in skipped)]
    numbers = [m for m in mentions if m.kind == "number" and not YEAR.match(m.text)]
    years = [m for m in mentions if m.kind == "number" and YEAR.match(m.text)]
    dates = [m for m in mentions if m.kind == "date"]
    if BALANCE_WORDS.search(s.text) and numbers:
        return skipped + balance_drafts(s, numbers, years, dates)
    if TARIFF_WORDS.search(s.text) and (any(is_rate(s, m) for m in numbers) or (dates and NAMED_TARIFF.search(s.text))):
        tariffs = tariff_drafts(s, numbers, dates)
        coded = {m for d in tariffs for m in d.mentions}
        return skipped + tariffs + figure_drafts(s, [m for m in numbers if m not in coded], years)
    figures = figure_drafts(s, numbers, years)
    weekdays = weekday_of(s, dates)
    dates = [d for d in dates if d not in weekdays.values()]
    periods = [d for d in dates if figures and names_a_period(s, d, dates)]
    if periods:  # "fell 8 per cent in August": the figures' period, not an event
        figures = date_the_figures(s, figures, periods)
    dates = [d for d in dates if d not in periods]
    ends = range_ends(s, dates)
    return (
        skipped
        + figures
        + [event_draft(s, m, dates, weekdays.get(m), ends.get(m)) for m in dates if m not in ends.values()]
    )


def names_a_period(s: Sentence, m: Mention, dates: list[Mention]) -> bool:
    """A month or year no event word of its own clause claims: the period of the sentence's figures."""
    readings = resolve_phrase(m.text, s.anchor)
    periodic = bool(readings) and readings[0].precision in ("month", "year")
    return periodic and not event_type(*_around(s, m, dates), own_clause=True)


MOVED = re.compile(r"\b(?:moved|postponed|extended|delayed|pushed|changed|shifted|brought forward)\b")
RANGE_BETWEEN = re.compile(r"^\s*(?:to|through|until|till|-|–|and)\s*$")


def range_ends(s: Sentence, dates: list[Mention]) -> dict[Mention, Mention]:
    """ "from Aug. 24 to Aug. 26", "between June 2 and June 4": the first date, with the date that ends its span."""
    ends = {}
    for a, b in itertools.pairwise(dates):
        between = s.text[a.end - s.start : b.start - s.start]
        if (
            RANGE_BETWEEN.match(between)
            and re.search(r"\b(?:from|between)\s+$", s.before(a))
            and not MOVED.search(s.before(a))
        ):
            ends[a] = b
    return ends


# "the two sides", "the two countries": a count of the parties, not a figure (as in a003's omissions)
PARTIES = re.compile(r"^\s+(?:sides|countries|nations|governments|leaders|allies)\b")


# "his first summit", "the first day of the month", "for the first time": an ordinal, no figure to code
ORDINAL_OF = re.compile(r"^\s+(?:summit|meeting|day|time|visit|trip|round|step|phase|half|deal|such|major)\b")


def not_facts(s: Sentence, mentions: list[Mention]) -> list[Draft]:
    """omissions rows for mentions that are no fact: the parties counted, a phrase that dates nothing."""
    drafts = []
    for m in mentions:
        if m.kind == "number" and PARTIES.match(s.after(m)):
            reason = f"'{m.text}{PARTIES.match(s.after(m)).group(0)}': the parties, not a figure."
        elif m.kind == "number" and m.text.lower() in ORDINALS and ORDINAL_OF.match(s.after(m)):
            reason = f"'{m.text}{ORDINAL_OF.match(s.after(m)).group(0)}': an ordinal, not a figure."
        elif m.kind == "date" and not resolve_phrase(m.text, s.anchor) and not CALENDAR.match(m.text):
            reason = f"'{m.text}': dates nothing that can be coded."
        else:
            continue
        drafts.append(Draft("omissions", {"source_id": s.source_id, "mention": m.text, "reason": reason}, [m]))
    return drafts


def weekday_of(s: Sentence, dates: list[Mention]) -> dict[Mention, Mention]:
    """Calendar dates printed after their weekday, "Wednesday (Sep 10)": the date, with its weekday."""
    return {b: a for a, b in itertools.pairwise(dates) if s.text[a.end - s.start : b.start - s.start] == " ("}


def _around(s: Sentence, m: Mention, dates: list[Mention]) -> tuple[str, str]:
    """The words before and after a date, up to the neighbouring dates."""
    i = dates.index(m)
    since = dates[i - 1].end - s.start if i else 0
    until = dates[i + 1].start - s.start if i + 1 < len(dates) else None
    return s.before(m, since), s.after(m, until)


def date_the_figures(s: Sentence, figures: list[Draft], dates: list[Mention]) -> list[Draft]:
    """A month or year that dates the figures of its sentence gives their year_start and year_end."""
    period, _, basis = resolve_date(s, dates[0], ahead=False)
    for f in figures:
        if period:
            f.row |= {"year_start": str(period.start.year), "year_end": str(period.end.year), "date_basis": basis}
        f.mentions += dates
    return figures


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
        if unit != "percent":  # "a record US$55.6 billion surplus, up 25 percent": the surplus is the record
            row["qualifier"] = next((q for q in QUALIFIERS if re.search(rf"\b{q}\b", s.text)), "")
        drafts.append(Draft("trade_balance", row, coded, guessed))
    return drafts


IMPOSED_BY_NAMED = re.compile(r"\b(?:US|U\.S\.|United States|Washington|Trump|America\w*)\b")


def is_rate(s: Sentence, m: Mention) -> bool:
    """A percentage that is a tariff rate, not a change ("exports fell 16 percent")."""
    return number_unit(m, "")[0] == "percent" and not CHANGE_BEFORE.search(s.before(m))


def tariff_drafts(s: Sentence, numbers: list[Mention], dates: list[Mention]) -> list[Draft]:
    """One tariffs row per rate, sector and country; each rate's clause gives its sector, country,
    status and dates; a pause length goes into every row. A sentence naming a tariff without a rate
    ("announced reciprocal tariffs on ... South Korea, Japan, and Vietnam") gives rows without one."""
    rates = [m for m in numbers if is_rate(s, m)]
    pause = next((m for m in numbers if m not in rates and number_unit(m, s.after(m))[0] == "days"), None)
    pause = pause if PAUSE_WORDS.search(s.text) else None
    date_fields, other_dates = tariff_dates(s, dates)
    owner = {id(f): rate_of_date(s, rates, f) for f in date_fields}
    drafts = []
    for i, rate in enumerate(rates or [None]):
        since = rates[i - 1].end - s.start if i else 0
        until = rates[i + 1].start - s.start if i + 1 < len(rates) else None
        own_dates = [f for f in date_fields if owner[id(f)] is rate]
        own = rate_clause(s, rate, since, until)
        if i and FROM_RATE_BEFORE.search(s.before(rate)):  # "fall to 15 percent from 25 percent": the same tariff
            own = rate_clause(s, rates[i - 1], rates[i - 2].end - s.start if i > 1 else 0, rate.start - s.start) + own
        drafts += tariff_rows(s, rate, own, own_dates, pause, len(rates) < 2)
    drafts += same_rate_rows(s, drafts)
    return drafts + [event_draft(s, d, dates) for d in other_dates]


SAME_RATE = re.compile(r"\b(?:the same|an equal|a similar|the identical) (?:rate|tariff|levy|level|duty)\b", re.I)


def same_rate_rows(s: Sentence, drafts: list[Draft]) -> list[Draft]:
    """ "..., while Japanese cars face the same rate": the last row's rate again, for the other country."""
    m = SAME_RATE.search(s.text)
    if not m or not drafts:
        return []
    clause = CLAUSE_BREAK.split(s.text[: m.start()])[-1]
    last = drafts[-1]
    targets = [c for c in tariff_targets(clause) if c != last.row["applies_to"]]
    status = tariff_status(clause) or last.row["status"]
    rows = []
    for target in targets:
        row = last.row | {
            "applies_to": target,
            "status": status,
            "sector": (sectors_in(clause) or [last.row["sector"]])[0],
        }
        for name in ("effective", "effective_precision", "announced", "announced_precision", "date_basis"):
            row.pop(name, None)
        rows.append(Draft("tariffs", row, list(last.mentions[:1]), set(last.guessed)))
    return rows


def rate_of_date(s: Sentence, rates: list[Mention], date_field) -> Mention | None:
    """The rate a date belongs to: the nearest one in the date's clause; the new rate of "falls to 15 percent
    from 25 percent, backdated to Nov. 1", not the one it falls from."""
    d = date_field[0]
    if not rates:
        return None
    same_clause = [
        r
        for r in rates
        if not CLAUSE_BREAK.search(s.text[min(r.end, d.end) - s.start : max(r.start, d.start) - s.start])
    ]
    candidates = same_clause or rates
    nearest = min(candidates, key=lambda r: abs(r.start - d.start))
    i = rates.index(nearest)
    if i and FROM_RATE_BEFORE.search(s.before(nearest)):
        return rates[i - 1]
    return nearest


FROM_RATE_BEFORE = re.compile(r"\bfrom\s+(?:the\s+)?$")


CLAUSE_BREAK = re.compile(r",\s+plus\b|;\s+|\s+as well as\b|,\s+(?:yet|while|but|whereas|although)\b")


def rate_clause(s: Sentence, rate: Mention | None, since: int, until: int | None) -> str:
    """The words that go with a rate: between the neighbouring rates, and within its clause ("10 percent
    baseline tariffs imposed on most nations, plus steeper levies on cars": not the cars)."""
    text = s.text[since:until]
    if rate is None:
        return text
    at = rate.start - s.start - since
    cuts = [m for m in CLAUSE_BREAK.finditer(text)]
    start = max([m.end() for m in cuts if m.end() <= at], default=0)
    end = min([m.start() for m in cuts if m.start() >= at], default=len(text))
    return text[start:end]


def tariff_rows(
    s: Sentence, rate: Mention | None, own: str, date_fields: list, pause: Mention | None, alone: bool = True
) -> list[Draft]:
    """The rows of one rate (or of a tariff named without one), one per sector and country; a rate that
    shares its sentence with others takes no sector from their clauses."""
    sectors, guessed = sectors_in(own) or (sectors_in(s.text) if alone else []), set()
    if not sectors:
        sectors, guessed = ["all goods"], {"sector"}
    targets = tariff_targets(own) or tariff_targets(s.text)
    if not targets:
        targets, guessed = ["all countries"], guessed | {"applies_to"}
    before = s.text[: rate.start - s.start] if rate else s.text
    clause = before[len(before) - len(own) :] if rate else own
    status = tariff_status(own if PAUSE_WORDS.search(own) else clause, before) or tariff_status(s.text)
    guessed |= {"status"} if not status else set()
    guessed |= {"imposed_by"} if not IMPOSED_BY_NAMED.search(s.text) else set()
    coded = ([rate] if rate else []) + [d for d, _, _ in date_fields] + ([pause] if pause else [])
    rows = []
    for sector in sectors:
        kind, kind_guessed = tariff_kind(s.text, sector)
        for target in targets:
            row = s.base() | {"imposed_by": "United States", "applies_to": target, "sector": sector, "kind": kind}
            row |= {"rate_pct": f"{rate.value:g}" if rate else "", "status": status or "announced"}
            row_guessed = guessed | ({"kind"} if kind_guessed else set())
            for _, values, date_guessed in date_fields:
                row |= values
                row_guessed |= date_guessed
            if pause:
                row["pause_days"] = f"{pause.value:g}"
            rows.append(Draft("tariffs", row, coded, row_guessed))
    return rows


TOOK_EFFECT = re.compile(r"\b(?:introduced|imposed|took effect|came into effect|in effect)\b[^,;–]{0,20}$")
EVENT_NOT_TARIFF = {"statement", "meeting", "trip", "election", "report", "deadline", "political"}
EFFECTIVE_BEFORE = re.compile(
    r"\b(?:from|since|effective|starting|as of|take effect on|took effect on|takes effect on|backdated to|"
    r"retroactive(?:ly)? (?:to|from)|applies from|applied from)\s+$",
    re.I,
)
PAUSE_END_BEFORE = re.compile(
    r"\b(?:until|till|to|through|runs? out on|run out on|ran out on|expires? on|expired on|ends? on|ended on|lapses? on)\s+$",
    re.I,
)
ANNOUNCED_BEFORE = re.compile(
    r"\b(?:announced|unveiled|threatened|proposed)\s+(?:on\s+|in\s+|early\s+|late\s+)?$", re.I
)
# a date of the tariff's announcement that is also an event of its own ("reached a deal on Wednesday")
DEAL_EVENT = re.compile(
    r"\b(?:deal|agreement|fact sheet|letters?|order|memorandum|notice|publication|bill)\b|\b(?:signed|posted|agreed)\s+$",
    re.I,
)


def tariff_dates(s: Sentence, dates: list[Mention]) -> tuple[list[tuple[Mention, dict, set]], list[Mention]]:
    """Which date field of a tariff each date fills, by the words before it ("from", "since", "backdated
    to" -> effective; "until", "runs out on" in a sentence about a pause -> paused_until; otherwise announced).
    A date of something else said in the sentence (a statement, a meeting, a "by <date>" deadline) is
    drafted as an event instead, and a deal's or letter's date as both."""
    fields, events = [], []
    for i, d in enumerate(dates):
        before = s.before(d)
        if PAUSE_END_BEFORE.search(before) and PAUSE_WORDS.search(s.text):
            name = "paused_until"
        elif EFFECTIVE_BEFORE.search(before) or TOOK_EFFECT.search(before):
            name = "effective"
        elif ANNOUNCED_BEFORE.search(before):
            name = "announced"
        else:
            since = dates[i - 1].end - s.start if i else 0
            until = dates[i + 1].start - s.start if i + 1 < len(dates) else None
            kind = event_type(s.before(d, since), s.after(d, until))
            if kind in EVENT_NOT_TARIFF:
                events.append(d)
                continue
            if kind == "announcement" and DEAL_EVENT.search(s.before(d, since)):
                events.append(d)
            name = "announced"
        period, guessed, basis = resolve_date(s, d, ahead=name == "paused_until" or looks_ahead(before))
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


def planned(before: str) -> bool:
    """True when the clause before a date is a plan or an expectation ("is expected to visit", "will hold")."""
    clause = DATE_CLAUSE_EDGE.split(before)[-1]
    return any(c.certainty in ("scheduled", "expected") for _, _, c in cue_spans(clause))


PLACE = re.compile(r"\b(?:in|at|to)\s+(?:the\s+)?(?P<place>[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){0,2})")
NOT_PLACES = re.compile(
    rf"^(?:{'|'.join(MONTHS + WEEKDAYS)}|United States|U\.S|US|Korea|South Korea|Japan|China|The|This|April)\b"
)


def location(before: str, after: str, here: str = "") -> str:
    """Where an event took place: "in Gyeongju", "at the White House", "travel to Washington", read in the date's
    own clause; "here" is the place of the dateline."""
    clause = re.split(r",\s+(?:after|before|while|but|yet|as|when)\b|;\s", before)[-1] + re.split(r"[,;]", after)[0]
    for m in PLACE.finditer(clause):
        if not NOT_PLACES.match(m.group("place")) and not TITLE_WORD.search(m.group("place")):
            return m.group("place")
    return here if here and re.search(r"\bhere\b", clause) else ""


def event_draft(
    s: Sentence, m: Mention, dates: list[Mention], weekday: Mention | None = None, until: Mention | None = None
) -> Draft:
    """An events row for one date (or the span from it `until` another): its span, type and status from the
    words around it."""
    lead = weekday or m
    before, after = _around(s, m, dates)
    if until:
        after = _around(s, until, dates)[1]
    before = before[: len(before) - (m.start - lead.start)] if weekday else before
    kind = event_type(before, after)
    ahead = kind == "deadline" or looks_ahead(before) or planned(before)
    period, date_guessed, basis = resolve_date(s, m, ahead)
    if until and period and (last := resolve_date(s, until, ahead))[0]:
        period, basis = Period(period.start, last[0].end, "range"), f"{basis} {last[2]}".replace(" (DRAFT).", "")
    row = s.base() | {"event_type": kind or "", "date_basis": basis}
    guessed = {"event_type"} if not kind else set()
    if period:
        row |= {
            "date_start": period.start.isoformat(),
            "date_end": period.end.isoformat(),
            "date_precision": period.precision,
        }
        row["status"] = (
            "scheduled" if period.start > s.anchor or ahead or period.start == s.anchor < period.end else "happened"
        )
        guessed |= {"date_start", "date_end"} if date_guessed else set()
    if place := location(before, after, s.here):
        row["location"] = place
    coded = ([lead] if weekday else []) + [m] + ([until] if until else [])
    return Draft("events", row, coded, guessed | {"status"})
