"""The opening of the report: its scope, the key figures, where the talks stand, what changed since a date.

Everything is chosen from coded meaning (the analyst's `prominence`, event types and parties, the
tariffs' state as of the report date) and worded here from the analysis frames.
"""

from __future__ import annotations

import pandas as pd

from tarifftalks.analysis import events, news
from tarifftalks.analysis.scope import split_ids
from tarifftalks.present.grid import history_notes, rate_text
from tarifftalks.present.phrases import claim_holder, claim_text, entry_text
from tarifftalks.present.report import Brief
from tarifftalks.present.tables import bullets, esc
from tarifftalks.present.words import capital, day, figure_value, hedge, money, tariff_status, when

SIDE_KINDS = ("demand", "offer", "goal", "complaint")


def scope_line(b: Brief) -> str:
    """What the report is built from, as of when."""
    last = b.facts.sources["published"].max().date()
    parts = [
        f"Facts from the {b.n_articles} news article{'s' * (b.n_articles != 1)} published up to {day(b.as_of)} (newest: {day(last)})."
    ]
    if b.comparator:
        parts.append(f"Comparator: {esc(b.comparator)}.")
    if b.since:
        parts.append(f"Changes since {day(b.since)} are listed first.")
    return " ".join(parts)


# ---------------------------------------------------------------- key figures


def balance_label(r) -> str:
    what = "surplus" if r["measure"] == "surplus" else "change in the surplus"
    return f"{r['reporter']}'s {what} with {r['partner']}, {r['year']}"


def balance_value(r) -> str:
    if r["measure"] == "change_pct":
        return f"{r['value']:+g}% against {r['compared_to_year']}"
    return money(r["value"], r["currency"], r["unit"])


def key_figures(b: Brief) -> pd.DataFrame:
    """The summary box: the analyst's headline facts, and the tariffs on the focus side as of the report date."""
    items = []
    tb = b.facts["trade_balance"]
    head = tb[tb["prominence"] == "headline"]
    for _, g in head.groupby(["reporter", "partner", "measure", "year"], sort=False):
        values = " / ".join(f"{balance_value(r)} {b.cite(r['balance_id'])}" for _, r in g.iterrows())
        differ = " (sources differ)" if g["value"].nunique() > 1 else ""
        items.append((esc(balance_label(g.iloc[0])), values + differ))
    focus, _ = b.sides
    for _, r in b.tariff_state[b.tariff_state["applies_to"] == focus].iterrows():
        label = f"{r['imposed_by']} {r['kind']} tariff on {focus}" + (
            "" if r["sector"] == "all goods" else f": {r['sector']}"
        )
        notes = history_notes(b, r)
        value = f"{rate_text(b, r)}, {esc(tariff_status(r))} {b.cite(r['status_row'])}"
        items.append((esc(label), value + "".join(f"; {n}" for n in notes)))
    figs = b.figure_facts
    for _, r in figs[figs["prominence"] == "headline"].iterrows():
        items.append((esc(capital(r["measure"])), f"{esc(figure_value(r))}{hedge(r)} {b.cite(r['row_ids'])}"))
    tl = b.timeline
    for _, e in tl[(tl["prominence"] == "headline") & (tl["kind"] != "tariff")].iterrows():
        items.append(
            (
                esc(capital(b.row(e["wording_row"])["description"])),
                f"{esc(when(e['start'], e['end'], e['precision']))}{hedge(e)} {b.cite(e['row_ids'])}",
            )
        )
    return pd.DataFrame(items, columns=["Figure", "Value"])


# ---------------------------------------------------------------- where the talks stand


def newest_points(b: Brief) -> list[str]:
    """What the newest article reports of the talks: its events on the two sides' track and the sides'
    demands, offers, goals and complaints, each with its hedge."""
    newest = news.newest_articles(b.scope).iloc[0]
    sid = newest["source_id"]
    head = f"Newest article, {b.citer.ref(sid)} {esc(b.name(sid))}"
    tl = events.shown_entries(b.timeline)
    mine = tl[
        tl["source_ids"].map(lambda ids: sid in split_ids(ids))
        & (tl["track"] == "talks")
        & (tl["prominence"] != "background")
    ]
    points = [
        f"{head}: **{esc(when(e['start'], e['end'], e['precision']))}**, {entry_text(b, e)}" for _, e in mine.iterrows()
    ]
    sides = set(b.sides)
    c = b.claims
    said = c[
        (c["source_id"] == sid) & c["kind"].isin(SIDE_KINDS) & c["actor"].isin(sides) & c["addressed_to"].isin(sides)
    ]
    points += [
        f"{head}, {claim_holder(r)}: {claim_text(b, r)}" for _, r in said.iterrows() if r["prominence"] != "background"
    ]
    return points


def tariff_points(b: Brief) -> list[str]:
    """The tariffs on the focus side as of the report date, each with what it replaced or what is pending."""
    focus, _ = b.sides
    state = b.tariff_state[b.tariff_state["applies_to"] == focus]
    if state.empty:
        return []
    parts = []
    for _, r in state.iterrows():
        what = r["kind"] if r["sector"] == "all goods" else f"{r['sector']} ({r['kind']})"
        notes = history_notes(b, r)
        parts.append(
            f"{esc(what)} {rate_text(b, r)}, {esc(tariff_status(r))} {b.cite(r['status_row'])}"
            + (f" ({'; '.join(notes)})" if notes else "")
        )
    return [f"Tariffs on {esc(focus)} as of {day(b.as_of)}: " + "; ".join(parts) + "."]


def summary_points(b: Brief) -> str:
    """Where the talks stand, as bullets: the newest article, the tariffs, the latest round, what is ahead,
    the constraints, what the sources dispute."""
    tl = b.timeline
    points = newest_points(b) + tariff_points(b)
    for _, e in events.latest_round(tl, b.as_of).iterrows():
        points.append(
            f"Latest round of the talks reported: **{esc(when(e['start'], e['end'], e['precision']))}**, {entry_text(b, e)}."
        )
    for _, e in events.ahead(tl, b.as_of).iterrows():
        points.append(f"Ahead: **{esc(when(e['start'], e['end'], e['precision']))}**, {entry_text(b, e)}.")
    c = b.claims
    for _, r in c[c["kind"] == "constraint"].iterrows():
        points.append(f"Constraint on {esc(r['actor'])}: {claim_text(b, r)}")
    groups = b.disagreements["group"].nunique()
    if groups:
        points.append(
            ("One fact differs" if groups == 1 else f"{groups} facts differ")
            + " between articles reporting it for the same time; every value is shown (see Where the sources disagree)."
        )
    lineups = b.lineups["event_key"].nunique()
    if lineups:
        points.append(
            ("Reports of one meeting name" if lineups == 1 else f"Reports of {lineups} meetings name")
            + " different line-ups (see Who negotiates)."
        )
    return bullets(points)
