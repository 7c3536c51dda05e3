"""Coverage and omissions: every number and date an article prints is coded by a row quoting it, or listed
in the omissions table with a reason; an omission names a mention its article has. Coverage is a finding
(`make validate` prints it, `--strict-coverage` fails on a gap); a wrong omission is an error."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

import pandas as pd

from tarifftalks.errors import FactError
from tarifftalks.facts.checks.base import Context, register
from tarifftalks.facts.dates import resolve_phrase
from tarifftalks.facts.load import Facts
from tarifftalks.facts.text import Mention, find_all, find_mentions, normalize_ws, same_number

OMISSIONS = "omissions"


@dataclass
class ArticleCoverage:
    source_id: str
    mentions: int
    coded: int
    omitted: int
    missing: list[Mention] = field(default_factory=list)

    @property
    def share(self) -> float:
        return 1.0 if self.mentions == 0 else (self.coded + self.omitted) / self.mentions


def row_codes(r: pd.Series, mention: Mention, anchor: dt.date) -> bool:
    """True when the row codes the mention.

    A number written in digits must be one of the row's values; a number written as a word ("first",
    "ninefold") may instead appear in the row's own words (description, statement, note). A date must be
    one of the row's dates, or a relative phrase that the row's date_basis resolves.
    """
    if mention.kind == "date":
        readings = {p.start for p in resolve_phrase(mention.text, anchor)[:2] if p.precision == "day"}
        if any(isinstance(v, pd.Timestamp) and v.date() in readings for v in r.values):
            return True
        basis = r.get("date_basis")
        return isinstance(basis, str) and mention.text.lower() in basis.lower()
    for value in r.values:
        if isinstance(value, bool) or value is None:
            continue
        if isinstance(value, (int, float)) and not pd.isna(value) and same_number(float(value), mention.value):
            return True
        if isinstance(value, pd.Timestamp) and same_number(float(value.year), mention.value):
            return True
    if any(ch.isdigit() for ch in mention.text):
        return False
    needle = mention.text.lower()
    return any(
        isinstance(value, str) and needle in value.lower()
        for col, value in r.items()
        if col not in ("quote", "source_id", "date_basis")
    )


def coverage(facts: Facts, texts: dict[str, str], mentions: dict[str, list] | None = None) -> list[ArticleCoverage]:
    """For each article: how many of its numbers and dates are coded or deliberately omitted."""
    quotes: dict[str, list[tuple[int, int, pd.Series]]] = {sid: [] for sid in texts}
    for name in facts.fact_tables:
        for _, r in facts[name].iterrows():
            if r["source_id"] in texts:
                q = normalize_ws(r["quote"])
                for start in find_all(texts[r["source_id"]], q):
                    quotes[r["source_id"]].append((start, start + len(q), r))
    omissions = facts.tables.get(OMISSIONS, pd.DataFrame(columns=["source_id", "mention", "occurrence"]))
    omitted = {(o.source_id, o.mention, o.occurrence) for o in omissions.itertuples()}
    anchors = facts.published
    mentions = mentions or {sid: find_mentions(text) for sid, text in texts.items()}
    result = []
    for sid in texts:
        seen: Counter = Counter()
        cov = ArticleCoverage(sid, 0, 0, 0)
        for m in mentions[sid]:
            seen[m.text] += 1
            cov.mentions += 1
            if any(s <= m.start and m.end <= e and row_codes(r, m, anchors[sid]) for s, e, r in quotes[sid]):
                cov.coded += 1
            elif (sid, m.text, seen[m.text]) in omitted:
                cov.omitted += 1
            else:
                cov.missing.append(m)
        result.append(cov)
    return result


@register(needs_articles=True)
def omissions_name_mentions(ctx: Context) -> list[FactError]:
    """An omission names a mention its article has, as often as its occurrence says."""
    facts, problems = ctx.facts, []
    counts = {sid: Counter(m.text for m in found) for sid, found in ctx.mentions.items()}
    for row, o in facts.tables.get(OMISSIONS, pd.DataFrame()).iterrows():
        if o["source_id"] not in counts:
            continue
        count = counts[o["source_id"]][o["mention"]]
        if o["occurrence"] > count:
            message = f"article {o['source_id']} has {count} mention(s) {o['mention']!r}, not {o['occurrence']}"
            problems.append(FactError(facts.label(OMISSIONS), message, row, "occurrence" if count else "mention"))
    return problems
