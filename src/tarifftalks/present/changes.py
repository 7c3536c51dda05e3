"""'What changed since <date>': the articles after it, what they first report, the changes over time
they report, and the figures they dispute."""

from __future__ import annotations

import pandas as pd

from tarifftalks.analysis import claims, conflicts, news
from tarifftalks.analysis.scope import same_text_groups
from tarifftalks.present.evidence import describe_disagreement, group_ref
from tarifftalks.present.figures import balance_text, figure_label
from tarifftalks.present.phrases import entry_text
from tarifftalks.present.report import Brief
from tarifftalks.present.tables import esc
from tarifftalks.present.timeline import in_body
from tarifftalks.present.words import day, figure_value, hedged, pct, when


def what_changed(b: Brief) -> str:
    """The 'What changed since' section as Markdown (its heading included), or '' without a since date: the
    articles after the date; the events of the talks, figures and tariff moves they first report, one
    paragraph each; the two sides' new claims as sentences (commentary and the comparator are counted and
    left to their sections); figures a later article contradicted."""
    if b.since is None:
        return ""
    since = b.since
    parts = [f"## What changed since {day(since)}"]
    after = news.articles_after(b.scope, since)
    if after.empty:
        return "\n\n".join([*parts, f"No article in the fact base appeared after {day(since)}."])
    articles = "; ".join(f"{esc(group_ref(b, g))} {esc(b.name(g[0]))}" for g in same_text_groups(after))
    lines = [f"**Articles.** {articles}."]
    tl = news.first_reported_after(b.timeline, since)
    tl = tl[in_body(tl)]
    if not tl.empty:
        lines.append(
            "**Events first reported.** "
            + "; ".join(
                f"{esc(when(e['start'], e['end'], e['precision']))}: {entry_text(b, e, also=False)}"
                for _, e in tl.iterrows()
            )
            + "."
        )
    figs = news.first_reported_after(b.figure_facts.dropna(subset=["value"]), since)
    items = [f"{hedged(figure_label(r), r)}: {esc(figure_value(r))} {b.cite(r['row_ids'])}" for _, r in figs.iterrows()]
    balances = news.first_reported_after(claims.balance_facts(b.scope), since)
    items += [f"{balance_text(r)} {b.cite(r['row_ids'])}" for _, r in balances.iterrows()]
    if items:
        lines.append("**New figures.** " + "; ".join(items) + ".")
    moved = news.reported_after(b.tariff_changes, since)
    first = b.tariff_state["row_ids"].map(lambda ids: min(b.scope.published[s] for s in b.source_ids(ids)))
    items = [
        f"{esc(r['applies_to'])}, {esc(r['kind'])} ({esc(r['sector'])}) "
        + (pct(r["rate_pct"]) if not pd.isna(r["rate_pct"]) else "rate not given")
        + f" {b.cite(r['row_ids'])}"
        for _, r in b.tariff_state[first > since].iterrows()
    ]
    items += [
        f"{esc(c['applies_to'])}, {esc(c['kind'])} ({esc(c['sector'])}): {change_value(c, 'before')} "
        f"{b.cite(c['before_row'])} to {change_value(c, 'after')} {b.cite(c['after_row'])}"
        for _, c in moved.iterrows()
    ]
    if items:
        lines.append("**Tariffs new or changed.** " + "; ".join(items) + ".")
    revised = news.revised_after(b.disagreements, since)
    figure_changes = news.reported_after(conflicts.changes(b.scope), since)
    contradicted = [describe_disagreement(b, g).rstrip(".") for _, g in revised.groupby("group")]
    contradicted += [
        f"{esc(b.row(c['after_row'])['note'] if c['table'] == 'figures' else c['table'])}: {c['before']:g} "
        f"{b.cite(c['before_row'])} to {c['after']:g} {b.cite(c['after_row'])}"
        for _, c in figure_changes.iterrows()
    ]
    lines.append("**Revised or contradicted.** " + ("; ".join(contradicted) + "." if contradicted else "Nothing."))
    parts.append("\n\n".join(lines))
    pos = news.first_reported_after(b.claims, since)
    pos = pos[~pos["past"]]
    if not pos.empty:
        n = len(pos)
        lines[-1:-1] = [
            f"**New claims.** {n} demand{'s' * (n != 1)}, offer{'s' * (n != 1)} and stances, marked *New* under Positions."
        ]
        parts[-1] = "\n\n".join(lines)
    return "\n\n".join(parts)


def change_value(c, side: str) -> str:
    value = c[side]
    return pct(value) if c["field"] == "rate" else esc(str(value).replace("_", " "))
