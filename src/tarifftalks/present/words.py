"""How the report writes numbers, dates, tariff states and hedges: the words, from plain values.

Every function takes plain values (a number, a date, a row of a tidy frame) and returns text; the
analysis never words anything, so a frame exported with `to_csv` holds values, not sentences.
"""

from __future__ import annotations

import datetime as dt
import re

import pandas as pd

from tarifftalks.facts.dates import PARTS, Period, describe, period_end
from tarifftalks.facts.hedges import ATTRIBUTION, CERTAINTY, cue_spans
from tarifftalks.present.tables import esc

CURRENCY_PREFIX = {"USD": "US$", "SGD": "S$"}
re_paren = __import__("re").compile(r"\s*\(([^()]*)\)")


def missing(value) -> bool:
    return value is None or (isinstance(value, float) and pd.isna(value)) or value is pd.NA or value is pd.NaT


def get(row, name: str):
    """A field of a row (Series, dict or namedtuple); None for missing or empty."""
    value = row.get(name) if hasattr(row, "get") else getattr(row, name, None)
    return None if missing(value) or value == "" else value


# ---------------------------------------------------------------- numbers


def number(value: float, decimals: int | None = None) -> str:
    """'1,234', '55.7', '1.1' (at most `decimals` places when given)."""
    if decimals is not None:
        value = round(value, decimals)
    if value == int(value):
        return f"{int(value):,}"
    return f"{value:,.{decimals if decimals is not None else 2}f}".rstrip("0").rstrip(".")


def money(value: float, currency: str, unit: str | None, decimals: int | None = None) -> str:
    """'US$55.7 billion', '10 trillion won', 'S$9.2 billion', 'EUR 3 million'."""
    amount = number(value, decimals) + (f" {unit}" if unit and unit != "none" else "")
    if currency == "KRW":
        return f"{amount} won"
    return f"{CURRENCY_PREFIX.get(currency, currency + ' ')}{amount}"


def unit_label(currency: str | None, unit: str | None) -> str:
    """An axis label for amounts: 'US$ billion', 'trillion won', 'percent'."""
    scale = unit if unit and unit != "none" else ""
    if currency == "KRW":
        return f"{scale} won".strip()
    return f"{CURRENCY_PREFIX.get(currency, (currency or '') + ' ')}{' ' if currency in CURRENCY_PREFIX and scale else ''}{scale}".strip()


def pct(value: float) -> str:
    return f"{value:g}%"


def day(d: dt.date) -> str:
    """'May 27, 2025'."""
    return describe(Period(d, d, "day"))


def part_of_month(start: dt.date, end: dt.date) -> str | None:
    """'early', 'mid' or 'late' for a range that is exactly that part of one month (the days an article's
    'in the middle of this month' is coded as), else None."""
    if start.month != end.month or start.year != end.year:
        return None
    last = period_end(start, "month").day
    for name, (first, final) in PARTS.items():
        if start.day == first and end.day == min(final, last):
            return name
    return None


def when(start: dt.date, end: dt.date, precision: str) -> str:
    """'Apr 24, 2025', 'week of Apr 21, 2025', 'Apr 2025', 'Apr 21–23, 2025'; a range that is the early, middle
    or late part of a month as such ('mid-May 2025'), no more precise than the article."""
    part = part_of_month(start, end) if precision == "range" else None
    if part:
        return f"{part}-{start:%B} {start.year}" if part == "mid" else f"{part} {start:%B} {start.year}"
    return describe(Period(start, end, precision))


def approximate(start: dt.date, end: dt.date, precision: str) -> bool:
    """A span that dates an event only roughly (a week, a month, part of a month): the event took place at
    some time within it, not over all of it."""
    return precision in ("week", "month", "year") or (precision == "range" and part_of_month(start, end) is not None)


def said_when(start: dt.date, end: dt.date) -> str:
    """When an article appeared, as a short date: 'Apr 8', 'late April' (a range of days: its part of the
    month), 'Apr 21 – May 3'."""
    if start == end:
        return f"{start:%b} {start.day}"
    if start.month == end.month:
        parts = [name for name, (first, final) in PARTS.items() if first <= start.day and end.day <= final]
        if parts:
            return f"mid-{start:%B}" if parts[0] == "mid" else f"{parts[0]} {start:%B}"
        return f"{start:%B}"
    return f"{start:%b} {start.day} – {end:%b} {end.day}"


def dated(value, precision: str | None) -> str:
    """A date column and its precision as the report writes it ('week of Mar 31, 2025')."""
    start = value.date() if hasattr(value, "date") else value
    precision = precision or "day"
    end = period_end(start, precision) or start
    return when(start, end, precision if precision != "range" else "day")


PER = {"year": "a year", "month": "a month", "week": "a week", "day": "a day"}
BOUND_WORDS = {
    "about": "about",
    "at most": "up to",
    "at least": "at least",
    "more than": "more than",
    "less than": "less than",
}


def bounded(text: str, r) -> str:
    """A value with the bound the article prints: 'up to 450 people', 'more than 300 people'."""
    bound = get(r, "bound")
    return f"{BOUND_WORDS[bound]} {text}" if bound in BOUND_WORDS else text


def figure_value(r) -> str:
    """A figure as written: money with its scale, a percentage, a share, a rank, a multiple, a count;
    'a year' only when the row says it is per year (`per`)."""
    value, unit, currency = get(r, "value"), get(r, "unit"), get(r, "currency")
    if value is None:
        return "—"
    return bounded(_figure_value(r, value, unit, currency), r)


def _figure_value(r, value, unit, currency) -> str:
    per = f" {PER[get(r, 'per')]}" if get(r, "per") in PER else ""
    if currency:
        return money(value, currency, unit) + per
    if unit == "percent":
        return pct(value) + per
    if unit == "share":
        from tarifftalks.analysis.derived import as_fraction

        return f"{as_fraction(value)} of the total"
    if unit == "rank":
        return ordinal(int(value))
    if unit == "times":
        return f"{value:g}×"
    return f"{number(value)}" + (f" {unit}" if unit and unit != "none" else "") + per


def count_words(n: int) -> str:
    """'two', 'three' … 'nine'; digits from 10."""
    return ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"][n] if n < 10 else str(n)


def ordinal(n: int) -> str:
    """'1st', '2nd', '3rd', '4th', '11th'."""
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def derived_value(d, decimals: int | None = None) -> str:
    """A derived figure at the precision its inputs allow (`decimals`, else the analysis's): '≈ US$44 billion',
    '−24.8 percentage points'."""
    places = int(d["decimals"]) if decimals is None else decimals
    if d["unit"] == "percentage points":
        return f"{round(d['value'], places):+g} percentage points".replace("-", "−")
    return "≈ " + money(d["value"], d["currency"], d["unit"], places)


def period_text(start, end) -> str:
    """'2024', '2017–2020', '' for none."""
    if missing(start):
        return ""
    return f"{int(start)}" if missing(end) or start == end else f"{int(start)}–{int(end)}"


# ---------------------------------------------------------------- tariffs

STATE_WORDS = {
    "in_effect": "in effect",
    "paused": "paused",
    "pause_ended": "pause over",
    "announced": "announced",
    "due": "announced",
    "ceiling": "a ceiling",
}


def cap_text(r) -> str:
    """A ceiling on any future tariff, not a rate: 'capped at 15%' ('at most'), 'capped below 15%' ('less
    than'), then when it was announced."""
    cap = ("capped below " if get(r, "bound") == "less than" else "capped at ") + pct(r["rate_pct"])
    return cap + (f", announced {dated(r['announced'], r['announced_precision'])}" if get(r, "announced") else "")


def tariff_status(r) -> str:
    """A tariff's status as of the report date: 'in effect since week of Mar 31, 2025', 'paused for 90
    days', 'paused until Jul 2025', 'pause ended Jul 2025', 'announced Apr 2025', 'announced, to take
    effect Aug 1, 2025'."""
    state = r["state"]
    stale = f", as last reported {day(r['last_reported'])}" if get(r, "stale") and get(r, "last_reported") else ""
    if state == "ceiling":
        return "a ceiling" + (
            f", announced {dated(r['announced'], r['announced_precision'])}" if get(r, "announced") else ""
        )
    return _tariff_status(r, state) + stale


def _tariff_status(r, state: str) -> str:
    if state in ("paused", "pause_ended"):
        if get(r, "paused_until"):
            until = dated(r["paused_until"], r["paused_until_precision"])
            return ("paused until " if state == "paused" else "pause ended ") + until
        if get(r, "pause_days"):
            return f"paused for {int(r['pause_days'])} days"
        return "paused"
    if state == "in_effect":
        if get(r, "backdated"):
            return (
                f"in effect retroactively from {dated(r['effective'], r['effective_precision'])}, "
                f"announced {dated(r['announced'], r['announced_precision'])}"
            )
        if get(r, "effective"):
            return f"in effect since {dated(r['effective'], r['effective_precision'])}"
        return "in effect" + (
            f", announced {dated(r['announced'], r['announced_precision'])}" if get(r, "announced") else ""
        )
    text = "announced" + (f" {dated(r['announced'], r['announced_precision'])}" if get(r, "announced") else "")
    if get(r, "effective"):
        verb = "due to take effect" if state == "due" else "to take effect"
        text += f", {verb} {dated(r['effective'], r['effective_precision'])}"
    return text


# ---------------------------------------------------------------- who says it, how firmly


def hedge_words(row, named_in: str = "") -> str:
    """Who asserts a claim and how firmly, in words: 'reported, per The Wall Street Journal', 'signalled
    willingness, per Han Duck-soo', 'per Donald Trump, as a candidate'; '' for the article's own plain
    statement. What the text it follows (`named_in`) already says is left out: 'per …' after 'Tokyo says …',
    'expected' after 'expected to lead'."""
    attribution, certainty = get(row, "attribution"), get(row, "certainty")
    if attribution is None and certainty is None:
        return ""
    who = get(row, "attributed_to") or ATTRIBUTION.get(attribution, "")
    if attribution == "candidate":
        who += ", as a candidate"
    how = CERTAINTY[certainty].words if certainty in CERTAINTY else certainty or ""
    if named_in and carries_hedge(named_in, certainty):
        how = ""  # 'Ahn expected to lead …' needs no '(expected)'
    named = bool(who) and re.search(rf"\b{re.escape(who)}\b", named_in) is not None
    parts = [how] + ([f"per {who}"] if who and attribution != "article" and not named else [])
    if attribution == "unattributed" and not who:
        parts.append("source not named")
    return ", ".join(p for p in parts if p)


def flat(text: str) -> str:
    """Text to be put in parentheses, with its own parentheses turned into commas, so that none is nested:
    'South Korean media (YTN, Yonhap)' -> 'South Korean media: YTN, Yonhap'."""
    return re_paren.sub(lambda m: ": " + m.group(1), text)


def hedge(row, *notes: str, named_in: str = "") -> str:
    """The hedge as the report writes it after a claim, with any notes in the same parentheses:
    ' *(reported, per The Wall Street Journal)*'; '' when there is nothing to say. Every section words
    claims with this one function, so no hedge is dropped in one place and kept in another, and none is
    stacked on another."""
    text = flat("; ".join(p for p in (hedge_words(row, named_in), *notes) if p))
    return f" *({esc(text)})*" if text else ""


def hedged(text: str, row, *notes: str) -> str:
    """Escaped text with its hedge: 'US$10 billion *(per Donald Trump, as a candidate)*'; when the text ends
    in a parenthesis, the hedge goes inside it, so that no two parentheses stand side by side."""
    words = flat("; ".join(p for p in (hedge_words(row, text), *notes) if p))
    if not words:
        return esc(text)
    if text.endswith(")"):
        return f"{esc(text[:-1])}; *{esc(words)}*)"
    return f"{esc(text)} *({esc(words)})*"


def capital(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text


# how a claim is voiced in a sentence, in plain words, after the claim: "…, South Korean media reported". The
# statement keeps the article's own hedge word ("may", "could", "likely", "willing to"); where it does, the
# voice says only who: "…, Ahn Duk-geun said"; where it does not, the voice says how firmly.
VERB = {"stated": "said", "reported": "reported", "advised": "advised"}
HOW = {
    "expected": "expects it",
    "scheduled": "said it is planned",
    "willing": "signalled a willingness",
    "floated": "floated it",
    "possible": "called it possible",
}
OWN_VOICE = {"expected": "expected, by the article's account", "scheduled": "planned, by the article's account",
             "possible": "a possibility, by the article's account", "willing": "a willingness, by the article's account",
             "floated": "floated, by the article's account", "advised": "the article's advice", "suggested": "the article's reading"}  # fmt: skip


def carries_hedge(statement: str | None, certainty: str) -> bool:
    """True when the statement's own words say how firmly (a cue or modal of this certainty)."""
    return bool(statement) and any(cue.certainty == certainty for _, _, cue in cue_spans(statement))


def voice(row, outlet: str = "the article", said: str | None = None) -> str:
    """Who asserts a claim and how firmly, as the end of a sentence in plain words: 'South Korean media
    reported', 'Han Duck-soo said, in a Financial Times interview', 'the editorial advised', 'Donald Trump
    said as a candidate', 'in the editorial's reading', 'the editorial reports, naming no source' (a claim
    the article relays without a source: `outlet` names the article); '' for the article's own plain
    statement. A kind of claim that says how firmly by itself (a willingness, an offer that could be made)
    and a statement that keeps its hedge word need only who.

    `said` ('on Apr 8', 'in late April') dates a claim made weeks before the report where the voice is the
    article's own or a medium's ('the editorial advised in late April', 'The Wall Street Journal reported on
    Apr 15'); anyone else's words were reported then, not necessarily said then: the caller dates those
    apart ('the minister said (Apr 8)')."""
    attribution, certainty = get(row, "attribution"), get(row, "certainty") or "stated"
    who = get(row, "attributed_to") or ATTRIBUTION.get(attribution, "")
    hedged_in_words = carries_hedge(get(row, "statement"), certainty) or certainty in label_hedges(row)
    own = f" {said}" if said else ""
    relayed = ""  # a relayed claim's date is the caller's note
    if attribution == "unattributed" or (attribution == "article" and certainty == "reported"):
        return f"{outlet} reported{own}, naming no source" if said else f"{outlet} reports, naming no source"
    if attribution == "article" or not who:
        words = "" if hedged_in_words else OWN_VOICE.get(certainty, "")
        return (words + relayed) if words else relayed.removeprefix(", ")
    if attribution == "official_data":
        return f"according to {who}{relayed}"
    name, _, context = who.partition(", ")
    context = f", {context}" if context else ""
    if attribution == "media_reports" and certainty == "reported":
        return f"{name} reported{own}{context}"
    if attribution == "editorial":
        return (
            f"in {name}'s reading{own}" if certainty == "suggested" else f"{name} {verb_of(row, hedged_in_words)}{own}"
        ) + context
    if certainty == "suggested":
        return f"in {name}'s reading{context}{relayed}"
    candidate = " as a candidate" if attribution == "candidate" else ""
    return f"{name} {verb_of(row, hedged_in_words)}{candidate}{context}{relayed}"


def verb_of(row, hedged_in_words: bool) -> str:
    """'said', 'reported' (media), 'advised', or a verb that says how firmly ('signalled a willingness')."""
    certainty = get(row, "certainty") or "stated"
    if certainty == "reported":
        return "reported" if get(row, "attribution") == "media_reports" else "said"
    if hedged_in_words:
        return "said"
    return VERB.get(certainty) or HOW.get(certainty, "said")


def label_hedges(row) -> tuple[str, ...]:
    """The certainties the label before a claim already says ('is willing', 'could offer')."""
    return ("willing",) + (("floated",) if get(row, "kind") == "bargaining_chip" else ())


# words of a country's name that, in English, take the article: "the United States", "the European Union"
ARTICLE_WORDS = {
    "united",
    "republic",
    "kingdom",
    "union",
    "states",
    "emirates",
    "islands",
    "netherlands",
    "philippines",
}


def with_the(name: str) -> str:
    """A country in running text: 'the United States', 'South Korea'; a group in lower case as it is."""
    if not name or name[:1].islower() or name.lower().startswith("the "):
        return name
    return f"the {name}" if ARTICLE_WORDS & set(name.lower().split()) else name
