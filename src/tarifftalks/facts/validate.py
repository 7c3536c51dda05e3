"""Validating the fact base: every registered check (facts.checks), the coverage of every article, and the
disagreements between articles.

`validate(facts)` returns a Validation: the errors (FactErrors, each naming file, row and field, each
once), the coverage of every article and, when there is no error, the disagreements (findings, not errors,
as the report finds them). `check(facts)` raises
them as one FactErrors, whose message is the first problem and the count of the others.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from tarifftalks.errors import FactError, FactErrors
from tarifftalks.facts import checks, schema
from tarifftalks.facts.checks.base import Context
from tarifftalks.facts.checks.coverage import ArticleCoverage, coverage
from tarifftalks.facts.checks.disagreements import (
    DateFinding,
    DuplicateFinding,
    Finding,
    date_disagreements,
    disagreements,
    possible_duplicates,
)
from tarifftalks.facts.load import Facts

__all__ = ["Finding", "Validation", "check", "coverage", "disagreements", "validate"]


@dataclass
class Validation:
    errors: list[FactError]
    coverage: list[ArticleCoverage]
    findings: list[Finding]
    date_findings: list[DateFinding] = field(default_factory=list)
    duplicates: list[DuplicateFinding] = field(default_factory=list)  # event keys that may be one event

    @property
    def ok(self) -> bool:
        return not self.errors

    def raise_errors(self) -> None:
        if self.errors:
            raise FactErrors(self.errors)


def validate(facts: Facts) -> Validation:
    """Run every check; errors are collected, not raised."""
    errors, ctx = checks.run(facts)
    covered = [] if ctx.article_problems else coverage(facts, ctx.texts, ctx.mentions)
    if errors:  # disagreements are read from a fact base the checks accept
        return Validation(errors, covered, [], [])
    return Validation(errors, covered, disagreements(facts), date_disagreements(facts), possible_duplicates(facts))


def check(facts: Facts) -> Validation:
    """Validate and raise FactErrors on any error."""
    result = validate(facts)
    result.raise_errors()
    return result


# ---------------------------------------------------------------- for build.render's quick_check
# It calls these checks by their former names, with the facts and the articles' text, before the
# notebook runs; now that the whole validation takes a fraction of a second, `check(facts)` can replace it.


def article_texts(facts: Facts) -> dict[str, str]:
    """Normalised text of each article; raises FactErrors when an article is missing or changed."""
    ctx = Context(facts)
    if ctx.article_problems:
        raise FactErrors(ctx.article_problems)
    return ctx.texts


def _run_named(facts: Facts, names: set[str]) -> list[FactError]:
    ctx = Context(facts)
    return [
        e
        for c in checks.checks()
        if c.name in names and not (c.needs_articles and ctx.article_problems)
        for e in c.run(ctx)
    ]


def foreign_key_errors(facts: Facts) -> list[FactError]:
    labels = {name: facts.label(name) for name in facts.tables}
    return schema.foreign_key_errors(facts.tables, facts.package, labels)


def quote_errors(facts: Facts, _texts=None) -> list[FactError]:
    return _run_named(facts, {"quotes_verbatim"})


def number_errors(facts: Facts) -> list[FactError]:
    return _run_named(facts, {"numbers_in_quotes"})


def date_errors(facts: Facts) -> list[FactError]:
    return _run_named(facts, {"dates_and_bases"})


def omission_errors(facts: Facts, _texts=None) -> list[FactError]:
    return _run_named(facts, {"omissions_name_mentions"})
