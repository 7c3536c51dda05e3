"""Drafts that repeat or contradict a row already in the tables.

`same_as`: the row of another article stating the same fact, so the reviewer adds a source instead of coding
it twice: the same tariff at the same rate (or the same pause), the same trade figure, an event on the same
dates, the same person, a figure of the same measure with the same value. `differs_from`: a row of another
article giving the same measure another value, marked for the reviewer: `disagreement:<id>` when both give it
for the same period (or the draft's article is not the later one), `change:<id>` for a later value of a current
measure (a figure that names no period). The same number alone never makes the same measure: a figure matches
only a row whose subject or measure is named by the words around the draft's number.
"""

from __future__ import annotations

import pandas as pd

from tarifftalks.draft.sentence import Draft
from tarifftalks.facts.load import Facts, resource
from tarifftalks.facts.text import naming_words, same_number

# the fields that name the same measure in each table, and the field holding its value
SAME_MEASURE = {
    "tariffs": (["applies_to", "sector", "kind"], "rate_pct"),
    "trade_balance": (["reporter", "partner", "measure", "year", "compared_to_year"], "value"),
    "figures": (["unit", "currency", "year_start", "year_end"], "value"),
    "events": (["date_start", "date_end", "event_type"], None),
    "people": (["name"], None),
}
DIFFERS = ("trade_balance", "figures")  # tables whose values other articles can revise or contradict


def _blank(value) -> bool:
    if isinstance(value, str):
        return value == ""
    return value is None or bool(pd.isna(value))


def _agrees(existing, drafted) -> bool:
    """A stored value and a drafted (text) value are the same: both blank, or equal as number, date or text."""
    if _blank(existing) or _blank(drafted):
        return _blank(existing) and _blank(drafted)
    if isinstance(existing, pd.Timestamp):
        return existing.date().isoformat() == str(drafted)
    if isinstance(existing, (int, float)):
        try:
            return same_number(float(existing), float(drafted))
        except ValueError:
            return False
    return str(existing) == str(drafted)


def _near_number(draft: Draft, width: int = 60) -> str:
    """The words around the draft's first number in its quote: what the number measures."""
    quote = draft.row.get("quote", "")
    value = draft.mentions[0].text if draft.mentions else ""
    at = quote.find(value)
    return quote[max(0, at - width) : at + len(value) + width] if at >= 0 else quote


# words of units and periods: they name no measure of their own
UNIT_WORDS = naming_words("year years percent per cent billion trillion million days times months weeks share rank")


def _names_the_measure(row, draft: Draft) -> bool:
    """A figure row is the same measure as a draft when the words around the draft's number name it."""
    words = naming_words(_near_number(draft)) - UNIT_WORDS
    return bool(words & (naming_words(f"{row['subject']} {row['measure']}") - UNIT_WORDS))


def same_measure(facts: Facts, draft: Draft) -> list:
    """Rows of other articles measuring what the draft measures (any value)."""
    keys, _ = SAME_MEASURE[draft.table]
    table = facts[draft.table]
    rows = [
        r
        for _, r in table.iterrows()
        if r["source_id"] != draft.row.get("source_id") and all(_agrees(r[k], draft.row.get(k)) for k in keys)
    ]
    if draft.table == "figures":
        rows = [r for r in rows if _names_the_measure(r, draft)]
    if draft.table == "tariffs" and _blank(draft.row.get("rate_pct")):  # a tariff named without a rate: its status
        rows = [r for r in rows if r["status"] == draft.row.get("status")]
    return rows


def _newest(facts: Facts, rows: list):
    return max(rows, key=lambda r: facts.published.get(r["source_id"]))


def same_as(facts: Facts, draft: Draft) -> str:
    """The id of the newest row of another article stating the draft's fact, or ''."""
    if draft.table not in SAME_MEASURE:
        return ""
    _, value = SAME_MEASURE[draft.table]
    rows = same_measure(facts, draft)
    if value and not (draft.table == "tariffs" and _blank(draft.row.get(value))):
        rows = [r for r in rows if not _blank(draft.row.get(value)) and _agrees(r[value], draft.row.get(value))]
    if not rows:
        return ""
    return _newest(facts, rows)[_id_field(facts, draft.table)]


def differs_from(facts: Facts, draft: Draft, published) -> str:
    """'disagreement:<id>' or 'change:<id>' for the newest row of another article giving the draft's measure
    another value ('' when none does)."""
    if draft.table not in DIFFERS or _blank(draft.row.get("value")):
        return ""
    rows = [r for r in same_measure(facts, draft) if not _agrees(r["value"], draft.row.get("value"))]
    if not rows:
        return ""
    other = _newest(facts, rows)
    dated = any(not _blank(draft.row.get(k)) for k in ("year", "year_start", "year_end"))
    later = published is not None and facts.published.get(other["source_id"]) < published
    kind = "change" if later and not dated else "disagreement"
    return f"{kind}:{other[_id_field(facts, draft.table)]}"


def _id_field(facts: Facts, table: str) -> str:
    return resource(facts.package, table)["schema"]["primaryKey"][0]


def mark_repeats(facts: Facts, drafts: list[Draft], published=None) -> None:
    """Fill `same_as` and `differs_from` of each draft; `published` is the draft's article's date."""
    for draft in drafts:
        draft.same_as = same_as(facts, draft)
        draft.differs_from = differs_from(facts, draft, published)
