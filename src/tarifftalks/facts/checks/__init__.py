"""The checks of the fact base, one module per family; each check registers itself (`base.register`).

FAMILIES is the one place that says which families run, and in what order; within a family the checks
run in the order its module defines them. `run(facts)` runs them all and returns every error, each once.
"""

from __future__ import annotations

import importlib

from tarifftalks.errors import FactError
from tarifftalks.facts.checks.base import REGISTRY, Check, Context
from tarifftalks.facts.load import Facts

FAMILIES = ("schema", "provenance", "numbers", "bounds", "dates", "claims", "keys", "meaning", "coverage")


def checks() -> list[Check]:
    """Every registered check, in the order they run."""
    for family in FAMILIES:
        importlib.import_module(f"{__name__}.{family}")
    return sorted((c for c in REGISTRY if c.family in FAMILIES), key=lambda c: FAMILIES.index(c.family))


def run(facts: Facts) -> tuple[list[FactError], Context]:
    """The errors of every check, each once, in the order found; checks of the articles' text are skipped
    when an article is missing or changed. Returns the Context too (the articles read, their mentions)."""
    ctx = Context(facts)
    found: dict[tuple, FactError] = {}
    for check in checks():
        if check.needs_articles and ctx.article_problems:
            continue
        for error in check.run(ctx):
            found.setdefault((error.file, error.row, error.field, error.detail), error)
    return list(found.values()), ctx
