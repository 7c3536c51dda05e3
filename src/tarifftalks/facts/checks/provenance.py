"""Provenance: every article is present and unchanged, and every quote occurs in its article verbatim
(whitespace aside)."""

from __future__ import annotations

from tarifftalks.errors import FactError
from tarifftalks.facts.checks.base import Context, register
from tarifftalks.facts.text import normalize_ws


@register()
def articles_present_and_unchanged(ctx: Context) -> list[FactError]:
    """A plain file name in seeds/, readable, with the SHA-256 sources.csv gives (read by the Context)."""
    return ctx.article_problems


@register(needs_articles=True)
def quotes_verbatim(ctx: Context) -> list[FactError]:
    """Every quote occurs verbatim in its article (after whitespace normalisation)."""
    facts, problems = ctx.facts, []
    for name in facts.fact_tables:
        for row, r in facts[name].iterrows():
            text = ctx.texts.get(r["source_id"])
            quote = normalize_ws(r["quote"])
            if text is not None and quote not in text:
                hint = longest_prefix_found(quote, text)
                message = f"quote is not in article {r['source_id']}; it matches only up to {hint!r}"
                problems.append(FactError(facts.label(name), message, row, "quote"))
    return problems


def longest_prefix_found(quote: str, text: str) -> str:
    lo, hi = 0, len(quote)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if quote[:mid] in text:
            lo = mid
        else:
            hi = mid - 1
    return quote[:lo][-60:] + "…"
