"""Bounds: a number the article prints with a bound ("as many as 450", "about 30", "more than 300", "will not
exceed 15 percent") is coded with that bound (`bound`), and a bound is coded only where the quote prints it.

The bound words are read just before the number, as the article writes it; `BOUND_CUES` is the one
vocabulary (the report words a bound with `BOUND_WORDS`). A tariff rate with the bound `at most` is a
ceiling, not a rate in force or announced (analysis.tariffs).
"""

from __future__ import annotations

import re

import pandas as pd

from tarifftalks.errors import FactError
from tarifftalks.facts.checks.base import Context, register
from tarifftalks.facts.schema import resource
from tarifftalks.facts.text import find_number_mentions, normalize_ws, same_number

# the words before a number that bound it, by the bound they give (matched case-insensitively, ending just
# before the number: "no more than US$20 billion", "will not exceed 15 percent")
BOUND_CUES = {
    "about": r"about|around|roughly|approximately|some|nearly|almost|an estimated|close to",
    "at most": r"as many as|as much as|up to|no more than|not more than|no higher than|not exceed|at most"
    r"|a maximum of|capped at|a ceiling of",
    "at least": r"at least|no less than|no fewer than|not less than|a minimum of",
    "more than": r"(?<!no )(?<!not )more than|above|in excess of|upwards of",
    "less than": r"(?<!no )(?<!not )(?:less|fewer) than|below",
}
# "over" and "under" are left out: "spread over two and a half years", "under 2019 rules" bound nothing
_BEFORE = {
    b: re.compile(rf"\b(?:{cues})\s+(?:(?:will|would|does|do|to|shall)\s+)?$", re.I) for b, cues in BOUND_CUES.items()
}
_REACH = 40  # characters before the number in which its bound is read


def bounded_field(res: dict) -> str | None:
    """The number field a table's `bound` qualifies: its `x-value`, else the first number marked x-in-quote."""
    names = [f["name"] for f in res["schema"]["fields"]]
    if "bound" not in names:
        return None
    if res.get("x-value") in names:
        return res["x-value"]
    return next((f["name"] for f in res["schema"]["fields"] if f.get("x-in-quote") and f["type"] == "number"), None)


def printed_bounds(quote: str, value: float) -> list[set[str]]:
    """For each place the quote prints the value (in any form the numbers check knows), the bounds printed
    just before it: an empty set where it is printed bare."""
    text = normalize_ws(quote)
    return [
        {b for b, pattern in _BEFORE.items() if pattern.search(text[max(0, m.start - _REACH) : m.start])}
        for m in find_number_mentions(text)
        if m.value is not None and same_number(m.value, value)
    ]


@register()
def bounds_printed(ctx: Context) -> list[FactError]:
    """A row's `bound` is the bound its quote prints before the number; a number printed with a bound is
    coded with it (a hedge on a figure is kept like any other)."""
    facts, problems = ctx.facts, []
    for name in facts.fact_tables:
        res = resource(facts.package, name)
        field = bounded_field(res)
        if field is None or "bound" not in facts[name].columns:
            continue
        for row, r in facts[name].iterrows():
            value, bound = r[field], r["bound"] if isinstance(r["bound"], str) else ""
            if value is None or pd.isna(value):
                if bound:
                    problems.append(FactError(facts.label(name), f"bound {bound!r} without a {field}", row, "bound"))
                continue
            printed = printed_bounds(r["quote"], float(value))
            if bound and not any(bound in b for b in printed):
                problems.append(
                    FactError(
                        facts.label(name),
                        f"bound {bound!r}: the quote does not print {value:g} with words such as "
                        f"{', '.join(repr(c) for c in BOUND_CUES[bound].split('|')[:3])}",
                        row,
                        "bound",
                    )
                )
            elif not bound and printed and all(printed):
                problems.append(
                    FactError(
                        facts.label(name),
                        f"the quote prints {value:g} with a bound ({' or '.join(sorted(set().union(*printed)))}): "
                        "code it in bound",
                        row,
                        "bound",
                    )
                )
    return problems
