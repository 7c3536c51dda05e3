"""Numbers in quotes: every number of a row (the fields marked `x-in-quote`) is written in its quote, in
some form: digits, words, a fraction ("about a quarter"), a percentage, an amount of money. A field
marked "or-basis" may instead be resolved as the row's date_basis says."""

from __future__ import annotations

import pandas as pd

from tarifftalks.errors import FactError
from tarifftalks.facts.checks.base import Context, register
from tarifftalks.facts.schema import resource
from tarifftalks.facts.text import numbers_in, same_number


def quoted_number_fields(res: dict) -> list[tuple[str, object]]:
    return [(f["name"], f["x-in-quote"]) for f in res["schema"]["fields"] if f.get("x-in-quote")]


@register()
def numbers_in_quotes(ctx: Context) -> list[FactError]:
    facts, problems = ctx.facts, []
    for name in facts.fact_tables:
        fields = quoted_number_fields(resource(facts.package, name))
        for row, r in facts[name].iterrows():
            written = numbers_in(r["quote"])
            for fname, rule in fields:
                value = r[fname]
                if value is None or pd.isna(value) or any(same_number(float(value), w) for w in written):
                    continue
                if rule == "or-basis" and r.get("date_basis"):
                    continue
                expected = "the quote" + (" (or a date_basis saying how it was resolved)" if rule == "or-basis" else "")
                problems.append(
                    FactError(facts.label(name), f"number {value:g} does not appear in {expected}", row, fname)
                )
    return problems
