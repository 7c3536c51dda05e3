"""'What changed since <date>': the articles after it, what they first report, the changes over time
they report, and the figures they dispute."""

from __future__ import annotations

import pandas as pd

from tarifftalks.analysis import claims, conflicts, news
from tarifftalks.analysis.scope import same_text_groups
from tarifftalks.present.evidence import describe_disagreement, group_ref
from tarifftalks.present.figures import balance_text
from tarifftalks.present.phrases import claim_holder, claim_text, entry_text
from tarifftalks.present.report import Brief
from tarifftalks.present.tables import bullets, esc
from tarifftalks.present.words import day, figure_value, hedge, pct, when


def what_changed(b: Brief) -> str:
    """The 'What changed since' section as Markdown (its heading included), or '' without a since date."""
    if b.since is None:
        return ""
    since = b.since
    parts = [f"## What changed since {day(since)}"]
    after = news.articles_after(b.scope, since)
    if after.empty:
        return "\n\n".join([*parts, f"No article in the fact base appeared after {day(since)}."])
    parts.append(
        f"Articles after {day(since)}: "
        + "; ".join(f"{esc(group_ref(b, g))} {esc(b.name(g[0]))}" for g in same_text_groups(after))
        + "."
    )
    tl = news.first_reported_after(b.timeline, since)
    if not tl.empty:
        parts += [
            "### Events first reported since then",
            "Dated as the articles report them; events an earlier article already gave are left out.",
            bullets(
                [f"**{esc(when(e['start'], e['end'], e['precision']))}**: {entry_text(b, e)}" for _, e in tl.iterrows()]
            ),
        ]
    figs = news.first_reported_after(b.figure_facts.dropna(subset=["value"]), since)
    items = [f"{esc(r['note'])}: {esc(figure_value(r))}{hedge(r)} {b.cite(r['row_ids'])}" for _, r in figs.iterrows()]
    balances = news.first_reported_after(claims.balance_facts(b.scope), since)
    items += [f"{balance_text(r)} {b.cite(r['row_ids'])}" for _, r in balances.iterrows()]
    if items:
        parts += ["### New figures", "Figures no earlier article gave with the same value:", bullets(items)]
    moved = news.reported_after(b.tariff_changes, since)
    new_tariffs = b.tariff_state[
        b.tariff_state["row_ids"].map(lambda ids: min(b.scope.published[s] for s in b.source_ids(ids))) > since
    ]
    if not new_tariffs.empty or not moved.empty:
        items = [
            f"{esc(r['applies_to'])}, {esc(r['kind'])} ({esc(r['sector'])}): "
            + (pct(r["rate_pct"]) if not pd.isna(r["rate_pct"]) else "rate not given")
            + f" {b.cite(r['row_ids'])}"
            for _, r in new_tariffs.iterrows()
        ]
        items += [
            f"{esc(c['applies_to'])}, {esc(c['kind'])} ({esc(c['sector'])}): {change_value(c, 'before')} "
            f"{b.cite(c['before_row'])} → {change_value(c, 'after')} {b.cite(c['after_row'])}"
            for _, c in moved.iterrows()
        ]
        parts += ["### Tariffs reported since then", "New tariffs, and rates or statuses that changed:", bullets(items)]
    pos = news.first_reported_after(b.claims, since)
    if not pos.empty:
        parts += [
            "### Demands, offers and stances first reported since then",
            bullets([f"{claim_holder(r)}: {claim_text(b, r)}" for _, r in pos.iterrows()]),
        ]
    figure_changes = news.reported_after(conflicts.changes(b.scope), since)
    revised = news.revised_after(b.disagreements, since)
    parts.append("### Revised or contradicted")
    lines = [describe_disagreement(b, g) for _, g in revised.groupby("group")]
    lines += [
        f"{esc(b.row(c['after_row'])['note'] if c['table'] == 'figures' else c['table'])}: {c['before']:g} {b.cite(c['before_row'])} → "
        f"{c['after']:g} {b.cite(c['after_row'])}"
        for _, c in figure_changes.iterrows()
    ]
    parts.append(bullets(lines) if lines else "No figure was revised or contradicted by a later article.")
    return "\n\n".join(parts)


def change_value(c, side: str) -> str:
    value = c[side]
    return pct(value) if c["field"] == "rate" else esc(str(value).replace("_", " "))
