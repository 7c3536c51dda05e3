"""Page one: a lead written from the data for any report date, the headline figures the analyst chose, and
the analyst's key judgements.

The lead is a few short paragraphs, in this order: the news of the newest article (the claims and events of
it the analyst marked `headline`; without any, its claims between the two sides, demands first); the
tariffs on the side they apply to as of the report date; the latest round of the talks reported held (or,
before any, the latest contact) and what the articles report was discussed there; what is ahead; what the
sources dispute that the headline figures do not already show. Every clause is chosen from coded meaning
(prominence, tariff states, event types and parties, disagreements) and cited.
"""

from __future__ import annotations

import pandas as pd

from tarifftalks.analysis import claims, events, news
from tarifftalks.analysis.claims import judgements
from tarifftalks.analysis.scope import same_text_groups, split_ids
from tarifftalks.present.evidence import measure_words, reported_value
from tarifftalks.present.grid import between, pause_window, qualified, state_rows, undated_pauses
from tarifftalks.present.phrases import (
    and_list,
    claim_groups,
    claim_sentence,
    entry_text,
    event_notes,
    lower_first,
    same_wording,
)
from tarifftalks.present.positions import between_sides, ordered
from tarifftalks.present.report import Brief
from tarifftalks.present.tables import esc
from tarifftalks.present.words import (
    bounded,
    cap_text,
    capital,
    day,
    figure_value,
    get,
    hedge,
    hedged,
    money,
    pct,
    tariff_status,
    when,
    with_the,
)

LEAD_AHEAD = 3  # what is ahead: at most this many entries
LEAD_CONTESTED = 3  # disagreements named in the lead
LEAD_NEWS = 4  # sentences of the newest article's claims, then its events
KEY_FIGURES = 8  # headline figures on page one: the latest reported
DIFFER = " (the sources differ; see Figures)"


def scope_line(b: Brief) -> str:
    """What the report is built from, as of when (nothing of later articles)."""
    last = b.facts.sources["published"].max().date()
    n = b.n_articles
    text = f"From the {n} news article{'s' * (n != 1)} published up to {day(b.as_of)} (newest: {day(last)})."
    return text + (f" Compared with {esc(b.comparator)}." if b.comparator else "")


# ---------------------------------------------------------------- the news of the newest article


def newest_group(b: Brief) -> list[str]:
    """The newest article and the articles with the same text."""
    sid = news.newest_articles(b.scope).iloc[0]["source_id"]
    return next(g for g in same_text_groups(b.facts.sources) if sid in g)


def headline_rows(b: Brief, table: str, sources: list[str]) -> set[str]:
    t = b.facts[table]
    return set(t.loc[t["source_id"].isin(sources) & (t["prominence"] == "headline"), t.columns[0]])


def news_claims(b: Brief, sources: list[str]) -> pd.DataFrame:
    """The claims of the newest article the analyst marked headline; without any, its claims between the two
    sides, demands first."""
    c = b.claims[~b.claims["past"]]
    mine = c["row_ids"].map(lambda ids: bool(set(split_ids(ids)) & headline_rows(b, "positions", sources)))
    if not mine.any():
        of_newest = c["source_ids"].map(lambda ids: bool(set(split_ids(ids)) & set(sources)))
        mine = of_newest & between_sides(b, c) & c["prominence"].isin(("headline", "body"))
    return ordered(c[mine], b.sides)


def news_events(b: Brief, sources: list[str]) -> pd.DataFrame:
    """The events of the newest article the analyst marked headline, but those ahead (the lead says them under
    Ahead)."""
    tl = b.timeline
    rows = headline_rows(b, "events", sources)
    mine = tl["row_ids"].map(lambda ids: bool(set(split_ids(ids)) & rows))
    ahead = tl["entry"].isin(events.ahead(tl, b.as_of)["entry"])
    return tl[(tl["kind"] != "tariff") & mine & ~ahead]


def news_paragraph(b: Brief) -> str:
    """'**Newest article: [5] Reuters, May 27, 2025.** <its news as sentences>'."""
    sources = newest_group(b)
    head = f"**Newest article: {b.citer.ref(sources[0])} {esc(b.name(sources[0]))}.**"
    sentences = [claim_sentence(b, g, also=False) for g in claim_groups(b, news_claims(b, sources))][:LEAD_NEWS]
    sentences += [
        f"{esc(capital(when(e['start'], e['end'], e['precision'])))}: {entry_text(b, e, also=False)}."
        for _, e in news_events(b, sources).iterrows()
    ]
    return " ".join([head, *sentences])


# ---------------------------------------------------------------- tariffs


def tariffs_paragraph(b: Brief) -> str:
    """'**Tariffs on South Korea** as of May 27, 2025: the reciprocal rate 25% [1], paused for 90 days [2];
    autos, steel and aluminium 25% [3], in effect [3].', then the latest change of a rate and any rate
    announced but not yet in effect. Sectors with the same rate, status and sources are one clause."""
    focus, _ = b.sides
    st = state_rows(b)
    st = st[st["applies_to"] == focus]
    if st.empty:
        return f"**Tariffs:** no article up to {day(b.as_of)} gives a tariff on {esc(focus)}."
    imposer = st["imposed_by"].iloc[0]
    caps = st[st["state"] == "ceiling"]  # a cap on any future tariff is not a rate: said after the rates
    st = st[st["state"] != "ceiling"]
    clauses: dict[tuple, list] = {}
    for _, r in st.iterrows():
        sources = tuple(
            b.source_ids([i for i in (r["rate_row"], r["status_row"], get(r, "effective_row")) if isinstance(i, str)])
        )
        key = (r["rate_pct"], qualified(b, r), tariff_status(r), r["kind"], r["sector"] == "all goods", sources)
        clauses.setdefault(key, []).append(r)
    parts = []
    for (_rate, _q, status, kind, all_goods, _s), rows in clauses.items():
        r = rows[0]
        what = f"the {kind} rate" if all_goods else and_list([x["sector"] for x in rows])
        rate = (
            "rate not given"
            if pd.isna(r["rate_pct"])
            else f"{bounded(pct(r['rate_pct']), r)} {b.cite([x['rate_row'] for x in rows])}"
        )
        dated_by = [x["effective_row"] for x in rows if isinstance(get(x, "effective_row"), str)]
        status_cite = b.cite(list(dict.fromkeys([*dated_by, *(x["status_row"] for x in rows)])))
        parts.append(f"{esc(what)} {rate}{qualified(b, r)}, {esc(status)} {status_cite}")
    rates = "; ".join(parts) if parts else "no rate reported in force"
    text = f"**{esc(imposer)} tariffs on {esc(focus)}** as of {day(b.as_of)}: {rates}."
    for _, r in caps.iterrows():
        what = r["kind"] if r["sector"] == "all goods" else r["sector"]
        cap = f"{esc(cap_text(r))} {b.cite(r['ceiling_row'] or r['rate_row'])}"
        text += f" {esc(capital(what))}: no tariff reported in force; any future one {cap}."
    changed = st[st["previous_rate"].notna()].sort_values("changed_on")
    if not changed.empty:
        r = changed.iloc[-1]
        what = r["kind"] if r["sector"] == "all goods" else r["sector"]
        text += f" The latest change of a rate: {esc(what)} from {pct(r['previous_rate'])} {b.cite(r['previous_row'])} to {pct(r['rate_pct'])} {b.cite(r['rate_row'])}."
    for _, r in st[st["pending_rate"].notna()].iterrows():
        what = r["kind"] if r["sector"] == "all goods" else r["sector"]
        text += f" {esc(capital(what))} at {pct(r['pending_rate'])} was announced {b.cite(r['pending_row'])} and is not yet reported in effect."
    return text


# ---------------------------------------------------------------- the latest round, what is ahead, what is disputed


def round_paragraph(b: Brief, told: set[str] = frozenset()) -> str:
    """The latest round of the talks reported held and what the articles reporting it say was discussed (unless
    the lead already gave the news of those articles, `told`); before any round, the latest contact of the two
    sides (a trip, a call) and that no article reports what came of it."""
    tl = b.timeline
    latest = events.latest_round(tl, b.as_of)
    label = "Latest round reported held"
    if latest.empty:
        contacts = tl[(tl["track"] == "talks") & tl["kind"].isin(events.TALK_TYPES) & (tl["status"] == "happened")]
        latest = contacts[contacts["start"] <= b.as_of].sort_values(["end", "start"]).tail(1)
        label = "No round of the talks is reported held yet; latest contact"
        if latest.empty:
            return "**No round of the talks** is reported held yet."
    e = latest.iloc[0]
    if e["kind"] == "agreement":  # a signing is not a round of talks: the label says what it is
        label = "Latest agreement reported"
    described = b.row(e["wording_row"])["description"]
    text = f"**{label}:** {esc(lower_first(described, b.names))}, {esc(when(e['start'], e['end'], e['precision']))}{hedge(e, *event_notes(b, e), named_in=described)} {b.cite(e['row_ids'])}."
    c = b.claims
    sources = set(split_ids(e["source_ids"]))
    there = c[(c["kind"] == "agenda") & c["source_ids"].map(lambda ids: bool(sources & set(split_ids(ids))))]
    set_there = round_tariffs(b, e)
    text = " ".join([text, *set_there])
    if there.empty:
        return text + (
            "" if set_there else " No article up to the report date reports what was discussed or agreed there."
        )
    if sources <= told:  # the news above already says what its article reports of it
        return text
    return " ".join([text] + [claim_sentence(b, g, also=False) for g in claim_groups(b, there)])


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


def ahead_paragraph(b: Brief) -> str:
    """'**Ahead:** Jun 3, 2025: South Korean presidential election (…) [4]; …': events and tariff actions
    scheduled after the report date, and the derived end of a pause without a date."""
    items = []
    for _, e in events.ahead(b.timeline, b.as_of).iterrows():
        items.append((e["start"], f"{esc(when(e['start'], e['end'], e['precision']))}: {entry_words(b, e)}"))
    for _, r in undated_pauses(b).iterrows():
        window = pause_window(b, r)
        if window and window[1] > b.as_of and r["applies_to"] == b.sides[0]:
            items.append(
                (
                    window[0],
                    f"between {esc(between(window[0], window[1]))}: end of the {int(r['pause_days'])}-day pause on "
                    f"{esc(r['applies_to'])}'s {esc(r['kind'])} rate {b.cite(r['status_row'])} (derived; see Tariffs)",
                )
            )
    if not items:
        return ""
    items = [text for _, text in sorted(items, key=lambda x: x[0])][:LEAD_AHEAD]
    return "**Ahead:** " + "; ".join(items) + "."


def entry_words(b: Brief, e) -> str:
    """An entry ahead: the event's description in a sentence, with its hedge and citation, or the tariff
    action's."""
    if e["kind"] == "tariff":
        return lower_first(entry_text(b, e, also=False), b.names)
    wording = b.row(e["wording_row"])
    words = lower_first(wording["description"], b.names)
    text = f"{esc(words)}{hedge(e, *event_notes(b, e), named_in=words)} {b.cite(same_wording(e))}"
    for rid in split_ids(e["also_rows"]):
        other = b.row(rid)
        if other["source_id"] == wording["source_id"]:
            text += f" – {hedged(other['description'], other)} {b.cite(rid)}"
    return text


def contested_paragraph(b: Brief) -> str:
    """The disagreements the headline figures do not already show, each once."""
    d = b.disagreements
    shown = set().union(*(headline_rows(b, t, list(b.scope.published)) for t in ("trade_balance", "figures")))
    groups = [g for _, g in d.groupby("group") if not set(g["row_id"]) <= shown]
    if not groups:
        return ""
    parts = []
    for g in groups[:LEAD_CONTESTED]:
        rows = [b.row(i) for i in g["row_id"]]
        values = " against ".join(
            f"{esc(reported_value(b, g['table'].iloc[0], b.row(same['row_id'].iloc[0])))} {b.cite(list(same['row_id']))}"
            for _, same in g.groupby("reading", sort=False)
        )
        parts.append(f"{esc(measure_words(g['table'].iloc[0], rows[0]))}: {values}")
    more = len(groups) - LEAD_CONTESTED
    return "**The sources differ** on " + "; ".join(parts) + (f"; and {more} more (Appendix A)." if more > 0 else ".")


def lead(b: Brief) -> str:
    """Where the talks stand, in a few short paragraphs written from the data (Markdown). Under a 'what changed
    since' section that lists the news of the articles after its date, the news paragraph is left out, and the
    latest round too when it was held after that date (the section lists the rounds held since)."""
    after_since = b.since is not None and b.scope.published[newest_group(b)[0]] > b.since
    news_part = "" if after_since else news_paragraph(b)
    told = set(newest_group(b)) if news_part or after_since else set()
    latest = events.latest_round(b.timeline, b.as_of)
    listed = after_since and not latest.empty and latest.iloc[0]["start"] > b.since  # under 'Rounds held since'
    rounds = "" if listed else round_paragraph(b, told)
    parts = [news_part, tariffs_paragraph(b), rounds, ahead_paragraph(b), contested_paragraph(b)]
    return "\n\n".join(p for p in parts if p)


# ---------------------------------------------------------------- headline figures and judgements


def balance_label(r) -> str:
    if r["measure"] == "change_pct":
        return f"Change in {r['reporter']}'s surplus, {int(r['year'])} against {int(r['compared_to_year'])}"
    return f"{r['reporter']}'s surplus with {with_the(r['partner'])}, {int(r['year'])}"


def balance_value(r) -> str:
    if r["measure"] == "change_pct":
        return f"{r['value']:+g}%"
    return money(r["value"], r["currency"], r["unit"])


def key_figures(b: Brief) -> pd.DataFrame:
    """The figures the analyst marked `headline`, in the report's words, each cited; the readings of a
    disagreement in one row, said to differ."""
    items = []
    balances = claims.balance_facts(b.scope, b.disagreements)
    balances = balances[balances["prominence"] == "headline"]
    for _, g in balances.groupby(["reporter", "partner", "measure", "year"], sort=False):
        values = " or ".join(f"{balance_value(r)} {b.cite(r['row_ids'])}" for _, r in g.iterrows())
        items.append((esc(balance_label(g.iloc[0])), values + (DIFFER if len(g) > 1 else "")))
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
        items.append((esc(capital(f"{r['subject']}: {r['measure']}")), values + (DIFFER if len(rows) > 1 else "")))
    return pd.DataFrame(items, columns=["Figure", "Value"])


def current_judgements(b: Brief) -> pd.DataFrame:
    """The analyst's judgements in scope, less those a judgement in scope replaces (`replaces`: a later reading
    of the same question, on new evidence)."""
    j = judgements(b.scope, b.timeline)
    table = b.facts["judgements"] if "judgements" in b.facts.tables else pd.DataFrame()
    if j.empty or "replaces" not in table.columns:
        return j
    shown = set(j["judgement_id"])
    replaced = set(table.loc[table["judgement_id"].isin(shown), "replaces"].dropna()) - {""}
    return j[~j["judgement_id"].isin(replaced)].reset_index(drop=True)


def key_judgements(b: Brief) -> pd.DataFrame:
    """The analyst's judgements in scope: the likelihood and since when the analyst holds it, the judgement, the
    articles it rests on."""
    rows = [
        [
            f"**{esc(capital(r['likelihood']))}**  \n*since {esc(day(r['holds_from']).rsplit(',', 1)[0])}*",
            esc(r["judgement"]),
            b.cite(r["row_ids"]),
        ]
        for _, r in current_judgements(b).iterrows()
    ]
    return pd.DataFrame(
        rows,
        columns=["Likelihood", "Key judgements: the analyst's reading of the facts, not the articles'", "Rests on"],
    )
