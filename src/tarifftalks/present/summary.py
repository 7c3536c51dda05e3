"""Page one: a lead written from the data for any report date, the headline figures the analyst chose, and
the analyst's key judgements.

The lead says, in this order: the newest article; the tariffs on the side they apply to as of the report
date and the latest change; the latest round of the talks and what the articles report of it; what is ahead;
what the sources dispute. Every clause is chosen from coded meaning (tariff states, event types and parties,
prominence, disagreements) and cited.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from tarifftalks.analysis import claims, events, news
from tarifftalks.analysis.claims import judgements
from tarifftalks.analysis.scope import split_ids
from tarifftalks.present.evidence import measure_words, reported_value
from tarifftalks.present.grid import rate_text, status_rows
from tarifftalks.present.phrases import action_text, claim_groups, claim_sentence, event_notes, lower_first
from tarifftalks.present.report import Brief
from tarifftalks.present.tables import esc
from tarifftalks.present.timeline import RECENT_DAYS
from tarifftalks.present.words import bounded, capital, day, figure_value, hedge, money, pct, tariff_status, when

LEAD_AHEAD = 3  # what is ahead: at most this many entries
LEAD_CONTESTED = 3  # disagreements named in the lead
KEY_FIGURES = 8  # headline figures on page one: the latest reported


def scope_line(b: Brief) -> str:
    """What the report is built from, as of when (nothing of later articles)."""
    last = b.facts.sources["published"].max().date()
    n = b.n_articles
    text = f"From the {n} news article{'s' * (n != 1)} published up to {day(b.as_of)} (newest: {day(last)})."
    return text + (f" Compared with {esc(b.comparator)}." if b.comparator else "")


# ---------------------------------------------------------------- the lead


def tariff_clause(b: Brief, r) -> str:
    what = f"the {r['kind']} rate" if r["sector"] == "all goods" else f"{r['sector']}"
    return f"{esc(what)} {rate_text(b, r)}, {esc(tariff_status(r))} {b.cite(status_rows(r))}"


def tariffs_sentence(b: Brief) -> str:
    """'As of May 27, 2025, United States tariffs on South Korea: autos 25% [3], in effect [3]; …', then the
    latest change of a rate and any rate announced but not yet in effect."""
    focus, _ = b.sides
    st = b.tariff_state[b.tariff_state["applies_to"] == focus]
    if st.empty:
        return f"No article up to {day(b.as_of)} gives a tariff on {esc(focus)}."
    imposer = st["imposed_by"].iloc[0]
    text = (
        f"As of {day(b.as_of)}, {esc(imposer)} tariffs on {esc(focus)}: "
        + "; ".join(tariff_clause(b, r) for _, r in st.iterrows())
        + "."
    )
    changed = st[st["previous_rate"].notna()].sort_values("changed_on")
    if not changed.empty:
        r = changed.iloc[-1]
        what = r["kind"] if r["sector"] == "all goods" else r["sector"]
        text += f" The latest change of a rate: {esc(what)} from {pct(r['previous_rate'])} {b.cite(r['previous_row'])} to {pct(r['rate_pct'])} {b.cite(r['rate_row'])}."
    for _, r in st[st["pending_rate"].notna()].iterrows():
        what = r["kind"] if r["sector"] == "all goods" else r["sector"]
        text += f" {esc(capital(what))} at {pct(r['pending_rate'])} was announced {b.cite(r['pending_row'])} and is not yet reported in effect."
    return text


def round_sentence(b: Brief) -> str:
    """The latest round of the talks, and what the articles reporting it say was discussed there."""
    tl = b.timeline
    latest = events.latest_round(tl, b.as_of)
    if latest.empty:
        return "No round of the talks is reported held yet."
    e = latest.iloc[0]
    wording = b.row(e["wording_row"])["description"]
    text = f"The latest round reported: {esc(wording)}, {esc(when(e['start'], e['end'], e['precision']))}{hedge(e, *event_notes(b, e))} {b.cite(e['row_ids'])}."
    c = b.claims
    sources = set(split_ids(e["source_ids"]))
    there = c[(c["kind"] == "agenda") & c["source_ids"].map(lambda ids: bool(sources & set(split_ids(ids))))]
    return " ".join([text, *round_tariffs(b, e)] + [claim_sentence(b, g, holder=False) for g in claim_groups(there)])


def round_tariffs(b: Brief, e) -> list[str]:
    """The tariffs the articles report set at a round (`tariff_rows`: rows announced under its key)."""
    rows = [b.row(i) for i in split_ids(e.get("tariff_rows", ""))]
    parts = [
        f"{esc(r['applies_to'])} {esc(r['sector'] if r['sector'] != 'all goods' else r['kind'] + ' rate')} "
        f"{bounded(pct(r['rate_pct']), r)} {b.cite(r.iloc[0])}"
        for r in rows
        if not pd.isna(r["rate_pct"])
    ]
    return [f"Tariffs set there: {'; '.join(parts)}."] if parts else []


def ahead_sentence(b: Brief) -> str:
    ahead = events.ahead(b.timeline, b.as_of).head(LEAD_AHEAD)
    if ahead.empty:
        return ""
    parts = [
        f"{esc(when(e['start'], e['end'], e['precision']))}, {esc(entry_words(b, e))}{hedge(e, *event_notes(b, e))} {b.cite(e['row_ids'])}"
        for _, e in ahead.iterrows()
    ]
    return "Ahead: " + "; ".join(parts) + "."


def entry_words(b: Brief, e) -> str:
    """An entry's words inside a sentence: the event's description, or the tariff action's."""
    return lower_first(action_text(b, e), b.names) if e["kind"] == "tariff" else b.row(e["wording_row"])["description"]


def contested_sentence(b: Brief) -> str:
    d = b.disagreements
    if d.empty:
        return "No two articles give different values for the same thing at the same time."
    parts, groups = [], d.groupby("group")
    for _, g in list(groups)[:LEAD_CONTESTED]:
        rows = [b.row(i) for i in g["row_id"]]
        values = " against ".join(
            f"{esc(reported_value(b, g['table'].iloc[0], b.row(same['row_id'].iloc[0])))} {b.cite(list(same['row_id']))}"
            for _, same in g.groupby("reading", sort=False)
        )
        parts.append(f"{esc(measure_words(g['table'].iloc[0], rows[0]))}: {values}")
    more = groups.ngroups - LEAD_CONTESTED
    return "The sources differ on " + "; ".join(parts) + (f"; and {more} more (Appendix A)." if more > 0 else ".")


def lead(b: Brief) -> str:
    """Where the talks stand, in a few sentences written from the data (Markdown)."""
    newest = news.newest_articles(b.scope).iloc[0]
    sid = newest["source_id"]
    opening = f"The newest article is {b.citer.ref(sid)} {esc(b.name(sid))}."
    parts = [opening, tariffs_sentence(b), round_sentence(b), ahead_sentence(b), contested_sentence(b)]
    return " ".join(p for p in parts if p)


# ---------------------------------------------------------------- headline figures and judgements


def balance_label(r) -> str:
    what = "surplus" if r["measure"] == "surplus" else "change in the surplus"
    return f"{r['reporter']}'s {what} with {r['partner']}, {r['year']}"


def balance_value(r) -> str:
    if r["measure"] == "change_pct":
        return f"{r['value']:+g}% against {r['compared_to_year']}"
    return money(r["value"], r["currency"], r["unit"])


def key_figures(b: Brief) -> pd.DataFrame:
    """The figures the analyst marked `headline`, in the report's words, each cited; the readings of a
    disagreement in one row, "(sources differ)"."""
    items = []
    balances = claims.balance_facts(b.scope, b.disagreements)
    balances = balances[balances["prominence"] == "headline"]
    for _, g in balances.groupby(["reporter", "partner", "measure", "year"], sort=False):
        values = " or ".join(f"{balance_value(r)} {b.cite(r['row_ids'])}" for _, r in g.iterrows())
        items.append((esc(balance_label(g.iloc[0])), values + (" (sources differ)" if len(g) > 1 else "")))
    figs = b.figure_facts
    figs = figs[figs["prominence"] == "headline"].sort_values("last_published", ascending=False)
    shown: set = set()
    for _, r in figs.iterrows():
        group = r["disagreement"]
        if len(shown) >= KEY_FIGURES or (not pd.isna(group) and group in shown):
            continue
        readings = figs[figs["disagreement"] == group].sort_values("first_published") if not pd.isna(group) else None
        shown.add(group if not pd.isna(group) else r["figure_id"])
        rows = [r] if readings is None else [x for _, x in readings.iterrows()]
        values = " or ".join(f"{esc(figure_value(x))}{hedge(x)} {b.cite(x['row_ids'])}" for x in rows)
        items.append(
            (esc(capital(f"{r['subject']}: {r['measure']}")), values + (" (sources differ)" if len(rows) > 1 else ""))
        )
    tl = b.timeline
    recent = (tl["end"] >= b.as_of - dt.timedelta(days=RECENT_DAYS)) | (tl["start"] > b.as_of)
    for _, e in tl[(tl["prominence"] == "headline") & (tl["kind"] != "tariff") & recent].iterrows():
        label = capital(b.row(e["wording_row"])["description"])
        items.append(
            (
                esc(label),
                f"{esc(when(e['start'], e['end'], e['precision']))}{hedge(e, *event_notes(b, e))} {b.cite(e['row_ids'])}",
            )
        )
    return pd.DataFrame(items, columns=["Figure", "Value"])


def key_judgements(b: Brief) -> pd.DataFrame:
    """The analyst's judgements in scope: the likelihood, the judgement, the articles it rests on."""
    j = judgements(b.scope, b.timeline)
    rows = [
        [f"**{esc(capital(r['likelihood']))}**", esc(r["judgement"]), b.cite(r["row_ids"])] for _, r in j.iterrows()
    ]
    return pd.DataFrame(rows, columns=["Likelihood", "The analyst's judgement", "Rests on"])
