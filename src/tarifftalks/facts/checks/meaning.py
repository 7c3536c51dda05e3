"""Checks of coded meaning: what the report reads from a row beyond its schema type, so that whatever
the validator accepts, the report can show.

- the subject (`x-subject` in datapackage.json) names the two sides of the talks;
- a position's `until_event` names an event the fact base holds;
- a figure's `per` is printed in its quote ('a year', 'annual', …);
- a surplus is an amount of money (currency, a scale); a change is a percentage against a base year;
- a cancelled or postponed event is reported by a row whose quote says so;
- an analyst's judgement rests on rows that exist, holds from no earlier than their articles, and writes no
  number they do not give.

Each problem is a FactError naming file, row and field.
"""

from __future__ import annotations

import re

import pandas as pd

from tarifftalks.errors import FactError
from tarifftalks.facts.checks.base import Context, register
from tarifftalks.facts.text import normalize_ws, numbers_in, same_number

PER_CUES = {
    "year": r"\b(?:a|per|each|every) year\b|\bannual(?:ly)?\b|\byearly\b|\bper annum\b|\ba-year\b",
    "month": r"\b(?:a|per|each|every) month\b|\bmonthly\b",
    "week": r"\b(?:a|per|each|every) week\b|\bweekly\b",
    "day": r"\b(?:a|per|each|every) day\b|\bdaily\b",
}
STATUS_CUES = {
    "cancelled": r"\b(?:cancel+(?:ed|led|s|ing)?|call(?:ed|s)? off|scrap+(?:ed|s)?|abandon(?:ed|s)?|not (?:take place|go ahead))\b",
    "postponed": r"\b(?:postpon(?:ed|es|ing|e)|delay(?:ed|s)?|put off|push(?:ed)? back|reschedul(?:ed|es|e)|extend(?:ed|s)?)\b"
    r"|\bmov(?:ed|es|e)\b.{0,80}\bto\b",
}


@register()
def subject_named(ctx: Context) -> list[FactError]:
    """The data package names the two sides of the talks once: `x-subject.sides`, two distinct names."""
    facts = ctx.facts
    label = str(facts.data_dir / "datapackage.json")
    sides = facts.package.get("x-subject", {}).get("sides")
    if (
        not isinstance(sides, list)
        or len(sides) != 2
        or len(set(sides)) != 2
        or not all(isinstance(s, str) and s for s in sides)
    ):
        return [
            FactError(
                label,
                "x-subject.sides must name the two sides of the talks: [the side the tariffs apply to, the side imposing them]",
            )
        ]
    return []


@register()
def until_event_known(ctx: Context) -> list[FactError]:
    """A position's until_event is the event_key of an event in the fact base."""
    facts = ctx.facts
    if "until_event" not in facts["positions"].columns:
        return []
    keys = set(facts["events"]["event_key"])
    pos = facts["positions"]
    return [
        FactError(facts.label("positions"), f"until_event {key!r} is no event_key of events.csv", row, "until_event")
        for row, key in pos["until_event"].items()
        if isinstance(key, str) and key and key not in keys
    ]


@register()
def per_printed(ctx: Context) -> list[FactError]:
    """A figure counted per year (or month, week, day) says so in its quote."""
    facts = ctx.facts
    fig = facts["figures"]
    if "per" not in fig.columns:
        return []
    problems = []
    for row, r in fig.iterrows():
        per = r["per"]
        if isinstance(per, str) and per in PER_CUES and not re.search(PER_CUES[per], normalize_ws(r["quote"]), re.I):
            problems.append(
                FactError(
                    facts.label("figures"),
                    f"per is {per!r} but the quote does not say so ('a {per}', …); leave it empty",
                    row,
                    "per",
                )
            )
        if isinstance(per, str) and per and pd.isna(r["value"]):
            problems.append(FactError(facts.label("figures"), "per is given for a figure without a value", row, "per"))
    return problems


@register()
def balance_is_money_or_change(ctx: Context) -> list[FactError]:
    """A surplus is money (a currency, not percent); a change is a percentage against a base year."""
    facts = ctx.facts
    tb, label = facts["trade_balance"], facts.label("trade_balance")
    problems = []
    for row, r in tb.iterrows():
        if r["measure"] == "surplus":
            if not isinstance(r["currency"], str) or not r["currency"]:
                problems.append(FactError(label, "a surplus is an amount of money: give its currency", row, "currency"))
            if r["unit"] == "percent":
                problems.append(FactError(label, "a surplus is an amount of money, not a percentage", row, "unit"))
        elif r["measure"] == "change_pct":
            if r["unit"] != "percent":
                problems.append(FactError(label, "a change_pct row is a percentage: unit percent", row, "unit"))
            if pd.isna(r["compared_to_year"]):
                problems.append(
                    FactError(label, "a change_pct row needs the year it is compared to", row, "compared_to_year")
                )
    return problems


@register()
def money_has_a_scale(ctx: Context) -> list[FactError]:
    """A figure with a currency has a value and a scale ('billion'), not a count unit."""
    facts = ctx.facts
    fig, label = facts["figures"], facts.label("figures")
    counting = {"percent", "troops", "times", "years", "days", "rank", "share", "ministers per side"}
    return [
        FactError(
            label,
            f"a figure with a currency is an amount: its unit is a scale (billion, trillion, none), not {r['unit']!r}",
            row,
            "unit",
        )
        for row, r in fig.iterrows()
        if isinstance(r["currency"], str) and r["currency"] and r["unit"] in counting
    ]


@register()
def status_said_by_quote(ctx: Context) -> list[FactError]:
    """An event coded cancelled or postponed is reported so by its quote."""
    facts = ctx.facts
    ev, label = facts["events"], facts.label("events")
    return [
        FactError(
            label,
            f"status is {r['status']!r} but the quote does not say so ('{r['status']}', 'called off', 'delayed', …)",
            row,
            "status",
        )
        for row, r in ev.iterrows()
        if r["status"] in STATUS_CUES and not re.search(STATUS_CUES[r["status"]], normalize_ws(r["quote"]), re.I)
    ]


# ---------------------------------------------------------------- the analyst's judgements


def fact_rows(facts) -> dict[str, tuple[str, pd.Series]]:
    """Every fact row by its id: (table, row)."""
    out = {}
    for name in facts.fact_tables:
        table = facts[name]
        if name != "omissions":
            out.update({r.iloc[0]: (name, r) for _, r in table.iterrows()})
    return out


def row_numbers(row: pd.Series) -> list[float]:
    """The numbers a row gives: its values, the parts of its dates, and those printed in its quote."""
    out = numbers_in(row["quote"])
    for value in row.values:
        if isinstance(value, bool) or value is None:
            continue
        if isinstance(value, pd.Timestamp):
            out += [float(value.day), float(value.year)]
        elif isinstance(value, int | float) and not pd.isna(value):
            out.append(float(value))
    return out


@register()
def judgements_rest_on_facts(ctx: Context) -> list[FactError]:
    """A judgement rests on fact rows that exist, holds from no earlier than their articles, names an event
    that exists as its end, and writes no number its rows do not give."""
    facts = ctx.facts
    if "judgements" not in facts.tables:
        return []
    label, rows = facts.label("judgements"), fact_rows(facts)
    published, keys = facts.published, set(facts["events"]["event_key"])
    problems = []
    for line, j in facts["judgements"].iterrows():
        ids = [i.strip() for i in str(j["rests_on"]).split(";") if i.strip()]
        unknown = [i for i in ids if i not in rows]
        if unknown:
            problems.append(
                FactError(label, f"rests on {unknown[0]!r}, which is no row of the fact tables", line, "rests_on")
            )
            continue
        dates = [published[rows[i][1]["source_id"]] for i in ids if rows[i][1]["source_id"] in published]
        newest = max(dates, default=j["holds_from"].date())  # an unknown source is the foreign-key check's
        if j["holds_from"].date() < newest:
            problems.append(
                FactError(
                    label,
                    f"holds from {j['holds_from'].date()}, before the article of a row it rests on ({newest})",
                    line,
                    "holds_from",
                )
            )
        if isinstance(j["until_event"], str) and j["until_event"] and j["until_event"] not in keys:
            problems.append(
                FactError(label, f"until_event {j['until_event']!r} is no event_key of events.csv", line, "until_event")
            )
        given = [n for i in ids for n in row_numbers(rows[i][1])]
        for n in numbers_in(j["judgement"]):
            if not any(same_number(n, g) for g in given):
                problems.append(
                    FactError(label, f"the number {n:g} is in none of the rows it rests on", line, "judgement")
                )
    return problems
