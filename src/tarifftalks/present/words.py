"""How the report writes numbers, dates, tariff states and hedges: the words, from plain values.

Every function takes plain values (a number, a date, a row of a tidy frame) and returns text; the
analysis never words anything, so a frame exported with `to_csv` holds values, not sentences.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from tarifftalks.facts.dates import Period, describe, period_end
from tarifftalks.facts.hedges import ATTRIBUTION, CERTAINTY
from tarifftalks.present.tables import esc

CURRENCY_PREFIX = {"USD": "US$", "SGD": "S$"}


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


def when(start: dt.date, end: dt.date, precision: str) -> str:
    """'Apr 24, 2025', 'week of Apr 21, 2025', 'Apr 2025', 'May 11–20, 2025'."""
    return describe(Period(start, end, precision))


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
        return f"rank {int(value)}"
    if unit == "times":
        return f"{value:g}×"
    return f"{number(value)}" + (f" {unit}" if unit and unit != "none" else "") + per


def derived_value(d) -> str:
    """A derived figure at the precision its inputs allow: '≈ US$44.5 billion', '−24.8 percentage points'."""
    if d["unit"] == "percentage points":
        return f"{round(d['value'], int(d['decimals'])):+g} percentage points".replace("-", "−")
    return "≈ " + money(d["value"], d["currency"], d["unit"], int(d["decimals"]))


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
        return "in effect" + (
            f" since {dated(r['effective'], r['effective_precision'])}" if get(r, "effective") else ""
        )
    text = "announced" + (f" {dated(r['announced'], r['announced_precision'])}" if get(r, "announced") else "")
    if get(r, "effective"):
        verb = "due to take effect" if state == "due" else "to take effect"
        text += f", {verb} {dated(r['effective'], r['effective_precision'])}"
    return text


# ---------------------------------------------------------------- who says it, how firmly


def hedge_words(row) -> str:
    """Who asserts a claim and how firmly, in words: 'reported, per The Wall Street Journal', 'signalled
    willingness, per Han Duck-soo', 'per Donald Trump, as a candidate'; '' for the article's own plain
    statement."""
    attribution, certainty = get(row, "attribution"), get(row, "certainty")
    if attribution is None and certainty is None:
        return ""
    who = get(row, "attributed_to") or ATTRIBUTION.get(attribution, "")
    if attribution == "candidate":
        who += ", as a candidate"
    how = CERTAINTY[certainty].words if certainty in CERTAINTY else certainty or ""
    parts = [how] + ([f"per {who}"] if who and attribution != "article" else [])
    if attribution == "unattributed" and not who:
        parts.append("source not named")
    return ", ".join(p for p in parts if p)


def hedge(row, *notes: str) -> str:
    """The hedge as the report writes it after a claim, with any notes in the same parentheses:
    ' *(reported, per The Wall Street Journal)*'; '' when there is nothing to say. Every section words
    claims with this one function, so no hedge is dropped in one place and kept in another, and none is
    stacked on another."""
    text = "; ".join(p for p in (hedge_words(row), *notes) if p)
    return f" *({esc(text)})*" if text else ""


def hedged(text: str, row, *notes: str) -> str:
    """Escaped text with its hedge: 'US$10 billion *(per Donald Trump, as a candidate)*'; when the text ends
    in a parenthesis, the hedge goes inside it, so that no two parentheses stand side by side."""
    words = "; ".join(p for p in (hedge_words(row), *notes) if p)
    if not words:
        return esc(text)
    if text.endswith(")"):
        return f"{esc(text[:-1])}; *{esc(words)}*)"
    return f"{esc(text)} *({esc(words)})*"


def capital(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text


# how a claim is voiced in a sentence, in plain words, after the claim: "…, South Korean media reported"
VOICE = {
    "stated": "{who} said",
    "reported": "{who} reported",
    "expected": "{who} expects it",
    "scheduled": "{who} said it is planned",
    "willing": "{who} signalled a willingness",
    "floated": "{who} floated it",
    "possible": "{who} called it possible",
    "advised": "{who} advised",
    "suggested": "in {whose} reading",
}
OWN_VOICE = {"reported": "reportedly", "expected": "expected, by the article's account", "scheduled": "planned, by the article's account",
             "possible": "a possibility, by the article's account", "willing": "a willingness, by the article's account",
             "floated": "floated, by the article's account", "advised": "the article's advice", "suggested": "the article's reading"}  # fmt: skip


def voice(row) -> str:
    """Who asserts a claim and how firmly, as the end of a sentence in plain words: 'South Korean media
    reported', 'Han Duck-soo signalled a willingness', 'the editorial advised', 'Donald Trump said as a
    candidate', 'in the editorial's reading', 'reportedly'; '' for the article's own plain statement."""
    attribution, certainty = get(row, "attribution"), get(row, "certainty") or "stated"
    who = get(row, "attributed_to") or ATTRIBUTION.get(attribution, "")
    if attribution in ("article", "unattributed") or not who:
        return OWN_VOICE.get(certainty, "")
    if attribution == "official_data":
        return f"according to {who}"
    who = who + ("," if "," in who else "")
    said = VOICE.get(certainty, "{who} said").format(who=who, whose=who.rstrip(",") + "'s")
    return said + (" as a candidate" if attribution == "candidate" else "")
