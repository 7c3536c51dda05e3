"""What every check is given, and the registry each check adds itself to.

A check is a function `(ctx: Context) -> list[FactError]`, registered with `@register()` in the module of
its family; `@register(needs_articles=True)` marks one that reads the articles' text, skipped when an
article is missing or changed (that problem is reported instead). The families, and so the order the
checks run in, are listed in `facts.checks.FAMILIES`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

from tarifftalks.errors import FactError
from tarifftalks.facts.articles import Article, read_articles
from tarifftalks.facts.clauses import line_bounds
from tarifftalks.facts.load import Facts
from tarifftalks.facts.text import Mention, find_mentions


@dataclass(frozen=True)
class Check:
    family: str  # the module it is defined in
    name: str
    run: Callable[[Context], list[FactError]]
    needs_articles: bool


REGISTRY: list[Check] = []


def register(needs_articles: bool = False):
    """Add the decorated function to the checks of its family (its module), in the order defined."""

    def add(func: Callable[[Context], list[FactError]]):
        REGISTRY.append(Check(func.__module__.rsplit(".", 1)[-1], func.__name__, func, needs_articles))
        return func

    return add


class Context:
    """The fact base with its articles read once, and what several checks derive from their text once."""

    def __init__(self, facts: Facts, articles: dict[str, Article] | None = None):
        self.facts = facts
        if articles is None:
            articles, self.article_problems = read_articles(facts)
        else:
            self.article_problems = []
        self.articles = articles

    @cached_property
    def texts(self) -> dict[str, str]:
        """Normalised text of each readable article, by source_id."""
        return {sid: a.text for sid, a in self.articles.items()}

    @cached_property
    def mentions(self) -> dict[str, list[Mention]]:
        """Each article's numbers and dates, found once per distinct text (copies of a text share them)."""
        by_text = {text: find_mentions(text) for text in set(self.texts.values())}
        return {sid: by_text[text] for sid, text in self.texts.items()}

    @cached_property
    def lines(self) -> dict[str, tuple[set[int], set[int]]]:
        """Where each article's lines start a sentence and where they end, in its normalised text."""
        return {sid: line_bounds(a.raw) for sid, a in self.articles.items()}
