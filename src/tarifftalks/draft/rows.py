"""Draft rows from one sentence: the table its figures belong in and every field its words determine.

A sentence about a tariff rate gives tariffs rows (draft.tariffs); a surplus or deficit gives trade_balance
rows; other figures give figures rows and dates give events rows. Each draft keeps the sentence as its quote
and names the fields it guessed rather than read.
"""

from __future__ import annotations

import itertools
import re

from tarifftalks.draft.fields import DATE_CLAUSE_EDGE, TITLE_WORD, countries_in, event_type, looks_ahead
from tarifftalks.draft.sentence import CALENDAR, YEAR, Draft, Sentence, number_unit, resolve_date
from tarifftalks.draft.tariffs import is_tariff_sentence, tariff_drafts
from tarifftalks.facts.dates import Period, resolve_phrase
from tarifftalks.facts.hedges import cue_spans
from tarifftalks.facts.text import MONTHS, ORDINALS, WEEKDAYS, Mention

BALANCE_WORDS = re.compile(r"\bsurplus\b|\bdeficit\b|\btrade balance\b|\bimbalance\b", re.I)
QUALIFIERS = ("record",)


def sentence_drafts(s: Sentence, mentions: list[Mention]) -> list[Draft]:
    """Every draft row the sentence gives, from the mentions in it."""
    skipped = not_facts(s, mentions)
    mentions = [m for m in mentions if all(m not in d.mentions for d in skipped)]
    numbers = [m for m in mentions if m.kind == "number" and not YEAR.match(m.text)]
    years = [m for m in mentions if m.kind == "number" and YEAR.match(m.text)]
    dates = [m for m in mentions if m.kind == "date"]
    if BALANCE_WORDS.search(s.text) and numbers:
        return skipped + balance_drafts(s, numbers, years, dates)
    if is_tariff_sentence(s, numbers, dates):
        tariffs, other_dates = tariff_drafts(s, numbers, dates)
        coded = {m for d in tariffs for m in d.mentions}
        figures = figure_drafts(s, [m for m in numbers if m not in coded], years)
        return skipped + tariffs + figures + [event_draft(s, d, dates) for d in other_dates]
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


# "one of Japan's bargaining chips", "one thing", "second from right" (a photo caption): no figure to code
IDIOM_AFTER = {
    "one": re.compile(r"^\s+(?:of|thing)\b"),
    "second": re.compile(r"^\s+(?:from|to) (?:the )?(?:left|right)\b"),
    "2nd": re.compile(r"^\s+(?:from|to) (?:the )?(?:left|right)\b"),
}


def not_facts(s: Sentence, mentions: list[Mention]) -> list[Draft]:
    """omissions rows for mentions that are no fact: the parties counted, an ordinal, a number word that is
    part of a name ("the Group of Seven summit") or of an idiom ("one of", "second from right"), a phrase that
    dates nothing."""
    drafts = []
    for m in mentions:
        words = m.kind == "number" and not re.search(r"\d", m.text)
        if words and m.text[:1].isupper() and m.start > s.start and s.text[: m.start - s.start].strip():
            reason = f"'{s.text[: m.start - s.start].split()[-1]} {m.text}': part of a name, not a figure."
        elif (idiom := IDIOM_AFTER.get(m.text.lower())) and idiom.match(s.after(m)):
            reason = f"'{m.text}{idiom.match(s.after(m)).group(0)}': an idiom, not a figure."
        elif m.kind == "number" and PARTIES.match(s.after(m)):
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
