"""Drafts that repeat a row already in the tables: the same tariff at the same rate, the same trade
figure, an event on the same dates, the same person. The draft gets that row's id (`same_as`), so the
reviewer adds the new article as a further source of the fact instead of coding it twice."""

from __future__ import annotations

import pandas as pd

from tarifftalks.draft.rows import Draft
from tarifftalks.facts.load import Facts, resource
from tarifftalks.facts.text import same_number

# the fields that name the same fact in each table; the value field must agree as well
SAME_FACT = {
    "tariffs": (["applies_to", "sector", "kind"], "rate_pct"),
    "trade_balance": (["reporter", "partner", "measure", "year", "compared_to_year"], "value"),
    "figures": (["unit", "currency", "year_start", "year_end"], "value"),
    "events": (["date_start", "date_end", "event_type"], None),
    "people": (["name"], None),
}


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


def same_as(facts: Facts, draft: Draft) -> str:
    """The id of the newest row of another article stating the draft's fact, or ''."""
    if draft.table not in SAME_FACT:
        return ""
    keys, value = SAME_FACT[draft.table]
    if value and _blank(draft.row.get(value)):
        return ""
    table = facts[draft.table]
    id_field = resource(facts.package, draft.table)["schema"]["primaryKey"][0]
    published = facts.published
    matches = [
        r
        for _, r in table.iterrows()
        if r["source_id"] != draft.row.get("source_id")
        and all(_agrees(r[k], draft.row.get(k)) for k in keys + ([value] if value else []))
    ]
    if not matches:
        return ""
    return max(matches, key=lambda r: published.get(r["source_id"]))[id_field]


def mark_repeats(facts: Facts, drafts: list[Draft]) -> None:
    for draft in drafts:
        draft.same_as = same_as(facts, draft)
