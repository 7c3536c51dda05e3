"""How good the drafts are: `make candidates-score` drafts each test article of
tests/fixtures/candidates/ (an article <stem>.txt, and in <stem>/ the rows a careful reviewer coded for
it, one CSV per table, with `same_as` where the fact is already in data/) and counts, per field, the
drafted values that are right, wrong or missing.

A field counts only where the reviewer or the draft filled it: right (the same value), wrong (a
different value, or a value the reviewer left empty), missing (the reviewer's value, no draft value).
Free-text fields (description, note, label, the bases) are not scored. The five shipped articles are
scored the same way, each drafted as if new (its own rows removed) against the rows coded for it. A reviewer's row is paired with
the draft of the same table quoting the same sentence that agrees with it on most fields.
"""

from __future__ import annotations

import csv
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from tarifftalks.draft.candidates import ArticleDrafts, draft_article
from tarifftalks.facts.load import Facts
from tarifftalks.facts.text import normalize_ws

HEDGE_FIELDS = ["attribution", "certainty"]  # who asserts a claim, and how firmly
SCORED = {
    "sources": ["file", "sha256", "outlet", "byline", "published", "published_earliest", "headline"],
    "omissions": ["mention", "occurrence"],
    "tariffs": [
        "imposed_by", "applies_to", "sector", "kind", "rate_pct", "status", "announced", "announced_precision",
        "effective", "effective_precision", "paused_until", "paused_until_precision", "pause_days", "same_as",
        *HEDGE_FIELDS,
    ],
    "events": ["date_start", "date_end", "date_precision", "event_type", "status", "location", "same_as", *HEDGE_FIELDS],
    "trade_balance": [
        "reporter", "partner", "measure", "year", "compared_to_year", "value", "currency", "unit", "data_cited",
        "qualifier", "same_as", "differs_from", *HEDGE_FIELDS,
    ],
    "figures": ["value", "unit", "currency", "year_start", "year_end", "same_as", "differs_from", *HEDGE_FIELDS],
    "people": ["name", "side", "role", "organisation", "talks_role", "same_as"],
    "positions": ["actor", "addressed_to", "kind", "topic", "speaker", *HEDGE_FIELDS],
}  # fmt: skip


@dataclass
class Score:
    """right / wrong / missing / extra (filled where the reviewer left it empty) per (table, field),
    and rows left unpaired on either side."""

    counts: Counter = field(default_factory=Counter)
    extra_rows: Counter = field(default_factory=Counter)
    unmatched_rows: Counter = field(default_factory=Counter)
    misses: list[str] = field(default_factory=list)  # one line per value not right

    def add(self, other: Score) -> None:
        self.counts.update(other.counts)
        self.extra_rows.update(other.extra_rows)
        self.unmatched_rows.update(other.unmatched_rows)
        self.misses += other.misses

    def total(self, outcome: str) -> int:
        return sum(n for (_, _, o), n in self.counts.items() if o == outcome)

    @property
    def precision(self) -> float:
        """Of the values drafted, the share that is right."""
        drafted = self.total("right") + self.total("wrong") + self.total("extra")
        return self.total("right") / drafted if drafted else 1.0

    @property
    def filled(self) -> float:
        """Of the reviewer's values, the share the drafts filled in right."""
        wanted = self.total("right") + self.total("wrong") + self.total("missing")
        return self.total("right") / wanted if wanted else 1.0

    def of(self, keep) -> Score:
        """The counts of the (table, field) pairs `keep(table, field)` accepts."""
        part = Score()
        part.counts = Counter({k: n for k, n in self.counts.items() if keep(k[0], k[1])})
        return part


def _same(expected: str, drafted: str) -> bool:
    try:
        return float(expected) == float(drafted)
    except ValueError:
        return expected == drafted


def compare(table: str, expected: dict, drafted: dict | None, score: Score) -> None:
    for name in SCORED[table]:
        if name not in expected:  # a column the reviewer's rows do not have (same_as in another corpus) is not scored
            continue
        want, got = str(expected.get(name) or ""), str((drafted or {}).get(name) or "")
        if not want and not got:
            continue
        outcome = "missing" if not got else "extra" if not want else "right" if _same(want, got) else "wrong"
        score.counts[(table, name, outcome)] += 1
        if outcome != "right":
            where = expected.get("quote") or expected.get("mention") or ""
            score.misses.append(f"{outcome:<8}{table}.{name}: reviewer {want!r}, draft {got!r}  [{where[:70]}]")


def agreement(table: str, expected: dict, drafted: dict) -> int:
    return sum(_same(str(expected.get(n) or ""), str(drafted.get(n) or "")) for n in SCORED[table])


def _pairs_quote(expected: dict, drafted: dict) -> bool:
    if "quote" not in expected:  # omissions: paired by the mention
        return expected.get("mention") == drafted.get("mention")
    a, b = normalize_ws(expected["quote"]), normalize_ws(drafted.get("quote", ""))
    return bool(b) and (a in b or b in a)


def drafted_rows(result: ArticleDrafts) -> dict[str, list[dict]]:
    rows: dict[str, list[dict]] = {}
    for d in result.drafts:
        rows.setdefault(d.table, []).append(d.row | {"same_as": d.same_as, "differs_from": d.differs_from})
    if result.source is not None:
        rows["sources"] = [result.source.row]
    return rows


def score_table(table: str, expected: list[dict], drafted: list[dict], score: Score) -> None:
    free = list(drafted)
    for want in expected:
        options = [d for d in free if _pairs_quote(want, d)]
        best = max(options, key=lambda d: agreement(table, want, d), default=None)
        if best is None:
            score.unmatched_rows[table] += 1
        else:
            free.remove(best)
        compare(table, want, best, score)
    score.extra_rows[table] += len(free)


def read_expected(folder: Path) -> dict[str, list[dict]]:
    expected = {}
    for path in sorted(folder.glob("*.csv")):
        with open(path, newline="", encoding="utf-8") as fh:
            expected[path.stem] = list(csv.DictReader(fh))
    return expected


def score_article(facts: Facts, article: Path) -> Score:
    """The drafts of one test article against the rows its reviewer coded (in <stem>/ beside it)."""
    expected = read_expected(article.with_suffix(""))
    drafted = drafted_rows(draft_article(facts, article))
    score = Score()
    for table in sorted(set(expected) | set(drafted)):
        if table in SCORED:
            score_table(table, expected.get(table, []), drafted.get(table, []), score)
    return score


def _as_text(value) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    if isinstance(value, pd.Timestamp):
        return value.date().isoformat()
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def without_article(facts: Facts, sid: str) -> Facts:
    """The fact base as it was before the article was coded: no sources row, no rows of its own."""
    tables = {n: t[t["source_id"] != sid] if "source_id" in t.columns else t for n, t in facts.tables.items()}
    return Facts(facts.package, tables, facts.data_dir, facts.seeds_dir, None, facts.paths)


REVIEW = {"same_as", "differs_from"}  # the shipped rows do not say which repeat or contradict another article


def score_seed(facts: Facts, sid: str) -> Score:
    """A shipped article drafted as if new, against the rows its reviewer coded (same_as and differs_from
    not scored: the shipped rows do not say which repeat or contradict another article)."""
    article = facts.seeds_dir / facts.sources.loc[facts.sources["source_id"] == sid, "file"].iloc[0]
    drafted = drafted_rows(draft_article(without_article(facts, sid), article))
    score = Score()
    for table in SCORED:
        shipped = facts[table][facts[table]["source_id"] == sid]
        expected = [{k: _as_text(v) for k, v in r.items() if k not in REVIEW} for r in shipped.to_dict("records")]
        rows = [{k: v for k, v in d.items() if k not in REVIEW} | {"source_id": sid} for d in drafted.get(table, [])]
        if expected or rows:
            score_table(table, expected, rows, score)
    return score


def score_seeds(facts: Facts) -> tuple[dict[str, Score], Score]:
    """Each shipped article drafted as if it were new, against the rows coded for it."""
    per_article, total = {}, Score()
    for sid in facts.sources["source_id"]:
        per_article[sid] = score_seed(facts, sid)
        total.add(per_article[sid])
    return per_article, total


def score_fixtures(facts: Facts, folder: Path) -> tuple[dict[str, Score], Score]:
    per_article, total = {}, Score()
    for article in sorted(folder.glob("*.txt")):
        per_article[article.name] = score_article(facts, article)
        total.add(per_article[article.name])
    return per_article, total


def format_score(per_article: dict[str, Score], total: Score) -> str:
    """The table `make candidates-score` prints: per field, then per article and overall."""
    lines = [f"{'table':<14}{'field':<24}{'right':>6}{'wrong':>6}{'missing':>8}"]
    for table, names in SCORED.items():
        for name in names:
            r, w, m = (total.counts[(table, name, o)] for o in ("right", "wrong", "missing"))
            w += total.counts[(table, name, "extra")]
            if r or w or m:
                lines.append(f"{table:<14}{name:<24}{r:>6}{w:>6}{m:>8}")
    lines += [f"{name}: {_line(s)}" for name, s in [*per_article.items(), ("all articles", total)]]
    lines += [f"  {label}: {_line(total.of(keep), rows=False)}" for label, keep in MEASURES]
    dated = sum(1 for s in per_article.values() if s.counts[("sources", "published", "right")])
    lines.append(f"  the article's date found (right) for {dated} of {len(per_article)} articles")
    return "\n".join(lines)


MEASURES = [
    ("who says it (attribution)", lambda table, name: name == "attribution"),
    ("how firmly (certainty)", lambda table, name: name == "certainty"),
    ("hedges (both)", lambda table, name: name in HEDGE_FIELDS),
    ("positions", lambda table, name: table == "positions"),
    ("repeats and differences (same_as, differs_from)", lambda table, name: name in REVIEW),
]


def _line(s: Score, rows: bool = True) -> str:
    text = (
        f"{s.total('right')} right, {s.total('wrong') + s.total('extra')} wrong, {s.total('missing')} missing; "
        f"right of drafted {s.precision:.1%}, filled {s.filled:.1%}"
    )
    if rows:
        text += (
            f"; reviewer rows not drafted {sum(s.unmatched_rows.values())}, "
            f"drafts the reviewer did not keep {sum(s.extra_rows.values())}"
        )
    return text
