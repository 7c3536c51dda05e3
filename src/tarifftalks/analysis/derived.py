"""Figures computed from others, never printed in the articles: each with its formula, its inputs (row ids)
and no more precision than its inputs allow.

One row per derived figure: `derivation` names the rule, `value` (unrounded) and `decimals` (the
precision to show), `currency`/`unit` of the result, `formula` in numbers, `row_ids` of the inputs.
"""

from __future__ import annotations

import itertools
import math

import pandas as pd

from tarifftalks.analysis.scope import Scope, join_ids, shown

COLUMNS = ["derivation", "value", "decimals", "currency", "unit", "year", "formula", "row_ids", "source_ids"]


def decimals_of(value: float) -> int:
    """Decimals written in a figure: 55.6 -> 1, 25 -> 0."""
    text = f"{value:g}"
    return len(text.split(".")[1]) if "." in text else 0


def significant_decimals(value: float, inputs: list[float], least: int = 1) -> int:
    """Decimals that show `value` with as many significant figures as its least precise input (at least `least`).

    $10 billion and ninefold are round figures: their quotient is about 1, not 1.1 or 1.11; 55.6 up
    "25 percent" gives about 44, not 44.5.
    """
    digits = max(least, min(len(f"{v:g}".replace(".", "").lstrip("0").rstrip("0") or "0") for v in inputs))
    magnitude = math.floor(math.log10(abs(value))) if value else 0
    return max(0, digits - 1 - magnitude)


def as_fraction(value: float) -> str:
    """1/3 for 0.3333…, the number itself when it is no simple fraction."""
    from fractions import Fraction

    frac = Fraction(value).limit_denominator(12)
    return (
        f"{frac.numerator}/{frac.denominator}"
        if abs(float(frac) - value) < 1e-6 and frac.denominator > 1
        else f"{value:g}"
    )


def _row(derivation, value, decimals, currency, unit, formula, inputs, sources, year=None) -> dict:
    return dict(
        derivation=derivation,
        value=value,
        decimals=decimals,
        currency=currency,
        unit=unit,
        year=year,
        formula=formula,
        row_ids=join_ids(inputs),
        source_ids=join_ids(sources),
    )


def implied_previous_year(scope: Scope) -> list[dict]:
    """The surplus of the base year implied by 'surplus in Y, up X percent from Y-1' in the same article."""
    tb = shown(scope.facts["trade_balance"])
    out = []
    for _, change in tb[tb["measure"] == "change_pct"].iterrows():
        same = (tb["source_id"] == change["source_id"]) & (tb["year"] == change["year"])
        for _, level in tb[(tb["measure"] == "surplus") & same & (tb["reporter"] == change["reporter"])].iterrows():
            value = level["value"] / (1 + change["value"] / 100)
            out.append(
                _row(
                    "implied_previous_year",
                    value,
                    significant_decimals(value, [level["value"], change["value"]]),
                    level["currency"],
                    level["unit"],
                    f"{level['value']:g} / (1 + {change['value']:g}/100)",
                    [level["balance_id"], change["balance_id"]],
                    [change["source_id"]],
                    year=change["compared_to_year"],
                )
            )
    return out


def figure_pairs(fig: pd.DataFrame, first: pd.Series, second: pd.Series):
    """(a, b) rows of the figures table: a matching `first`, b matching `second`, same article and subject."""
    for _, a in fig[first].iterrows():
        partners = fig[second & (fig["source_id"] == a["source_id"]) & (fig["subject"] == a["subject"])]
        for _, b in partners.iterrows():
            yield a, b


def implied_share(scope: Scope) -> list[dict]:
    """What 'increase N-fold to X' implies the amount was before: X / N, at the inputs' precision."""
    fig = shown(scope.facts["figures"])
    return [
        _row(
            "implied_share",
            target["value"] / mult["value"],
            significant_decimals(target["value"] / mult["value"], [target["value"], mult["value"]]),
            target["currency"],
            target["unit"],
            f"{target['value']:g} / {mult['value']:g}",
            [target["figure_id"], mult["figure_id"]],
            [mult["source_id"]],
        )
        for mult, target in figure_pairs(fig, fig["unit"] == "times", fig["currency"].notna())
    ]


def earmarked_amount(scope: Scope) -> list[dict]:
    """The amount of a total that an article gives a share of: total × share."""
    fig = shown(scope.facts["figures"])
    return [
        _row(
            "earmarked_amount",
            total["value"] * share["value"],
            1,
            total["currency"],
            total["unit"],
            f"{total['value']:g} × {as_fraction(share['value'])}",
            [total["figure_id"], share["figure_id"]],
            [share["source_id"]],
        )
        for share, total in figure_pairs(
            fig, fig["unit"] == "share", fig["currency"].notna() & (fig["unit"] != "share")
        )
    ]


def period_change(scope: Scope) -> list[dict]:
    """The change between consecutive periods of the same percentage measure in one article."""
    fig = shown(scope.facts["figures"])
    pct = fig[(fig["unit"] == "percent") & fig["year_start"].notna()].sort_values("year_start")
    out = []
    for (_sid, _measure), group in pct.groupby(["source_id", "measure"]):
        for a, b in itertools.pairwise(group.itertuples()):
            out.append(
                _row(
                    "period_change",
                    b.value - a.value,
                    max(decimals_of(a.value), decimals_of(b.value)),
                    None,
                    "percentage points",
                    f"{b.value:g} − {a.value:g}",
                    [a.figure_id, b.figure_id],
                    [a.source_id],
                )
            )
    return out


def derived_figures(scope: Scope) -> pd.DataFrame:
    rows = implied_previous_year(scope) + implied_share(scope) + earmarked_amount(scope) + period_change(scope)
    return pd.DataFrame(rows, columns=COLUMNS)
