"""The appendix: the sources, where they disagree, and the evidence (every quote with the facts it
supports, the targets of the report's citations); and the evidence explorer's search."""

from __future__ import annotations

import datetime as dt
import re

import pandas as pd

from tarifftalks.analysis import tariffs
from tarifftalks.analysis.scope import same_text_groups
from tarifftalks.present.grid import ALL_IMPORTS
from tarifftalks.present.phrases import merged
from tarifftalks.present.report import Brief, outlet_short, run_marks, runs, source_date
from tarifftalks.present.tables import anchored, bullets, esc
from tarifftalks.present.words import count_words, figure_value, money, pct, when, with_the


def text_groups(b: Brief) -> dict[str, list[str]]:
    """The articles in scope by text: the first of each group of identical texts, and the group."""
    return {group[0]: group for group in same_text_groups(b.facts.sources)}


def group_ref(b: Brief, group: list[str]) -> str:
    """'[3]' for one article, '[1]–[40] (40 articles, the same text)' for copies of one text."""
    if len(group) == 1:
        return b.citer.ref(group[0])
    marks = run_marks(runs(b.citer.numbers[s] for s in group))
    return f"{', '.join(marks)} ({len(group)} articles, the same text)"


def cite_article_ids(b: Brief, text: str) -> str:
    """Article ids in data text (a001) as the reader's reference numbers ([2])."""
    ids = sorted(b.citer.numbers, key=len, reverse=True)
    pattern = r"\b(" + "|".join(re.escape(i) for i in ids) + r")\b"
    return re.sub(pattern, lambda m: b.citer.ref(m.group(1)), text) if ids else text


def sources(b: Brief) -> pd.DataFrame:
    """One row per article text: copies of the same text share a row listing their numbers."""
    groups = text_groups(b)
    by_id = b.facts.sources.set_index("source_id")
    rows = []
    for sid, group in groups.items():
        r = by_id.loc[sid]
        headline = esc(r["headline"]) if r["headline"] else f"*[no headline; descriptive title]* {esc(r['label'])}"
        outlet = (
            r["outlet"].removeprefix("Unknown (").removesuffix(")")
            if r["outlet"].startswith("Unknown")
            else r["outlet"]
        )
        rows.append(
            [
                anchored([f"src-{s}" for s in group], esc(group_ref(b, group))),
                esc(outlet),
                esc(source_date(r)),
                headline,
                esc(cite_article_ids(b, f"Date: {r['date_basis']} Outlet: {r['outlet_basis']}")),
            ]
        )
    return pd.DataFrame(rows, columns=["Ref", "Outlet", "Date", "Headline", "How the date is known"])


# ---------------------------------------------------------------- disagreements


def reported_value(b: Brief, table: str, row) -> str:
    """A disputed value as its table writes it."""
    if table == "events":
        return when(row["date_start"].date(), row["date_end"].date(), row["date_precision"])
    if table == "tariffs":
        return pct(row["rate_pct"])
    if table == "trade_balance":
        return (
            money(row["value"], row["currency"], row["unit"]) if isinstance(row["currency"], str) else pct(row["value"])
        )
    return figure_value(row)


def measure_words(table: str, row) -> str:
    """What was measured: 'trade balance (surplus, 2024)', 'tariffs (South Korea, autos, sectoral)'."""
    if table == "events":
        return f"the dates of {row['description']}"
    if table == "tariffs":
        return f"tariffs ({row['applies_to']}, {row['sector']}, {row['kind']})"
    if table == "trade_balance":
        what = "surplus" if row["measure"] == "surplus" else "change in the surplus"
        return f"{row['reporter']}'s {row['year']} {what} with {with_the(row['partner'])}"
    return f"{row['subject']} ({row['measure']})"


def describe_disagreement(b: Brief, g: pd.DataFrame) -> str:
    """One disagreement (the rows of one group of `brief.disagreements`) as a sentence."""
    table = g["table"].iloc[0]
    rows = [b.row(i) for i in g["row_id"]]
    vals = "; ".join(
        f"{esc(reported_value(b, table, b.row(same['row_id'].iloc[0])))} in {b.cite(list(same['row_id']))} "
        + ", ".join(esc(b.name(s)) for s in dict.fromkeys(same["source_id"]))
        for _, same in g.groupby("reading", sort=False)
    )
    return f"{esc(measure_words(table, rows[0]))}: {vals}."


def disagreement_list(b: Brief) -> str:
    """'**Where the sources disagree.** …' and one item per disagreement: the values of those the Figures section
    does not already note (trade figures), a pointer for those it does."""
    head = (
        "**Where the sources disagree.** Two articles that give different values for the same thing at the same "
        "time; a later article's new value is a change, shown where the value is."
    )
    items = [
        f"{esc(measure_words('trade_balance', b.row(g['row_id'].iloc[0])))}: noted under Figures {b.cite(list(g['row_id']))}."
        if g["table"].iloc[0] == "trade_balance"
        else describe_disagreement(b, g)
        for _, g in b.disagreements.groupby("group")
    ]
    if not items:
        n = len(b.facts.sources)
        if n == 1:
            return "**Where the sources disagree.** One article: nothing to compare."
        return f"**Where the sources disagree.** The {count_words(n)} articles do not disagree on any figure, rate or date."
    return head + "\n\n" + bullets(items)


# ---------------------------------------------------------------- evidence


def balance_fact(r) -> str:
    """A trade-balance row in words: 'South Korea's surplus with the United States, 2024: US$55.6 billion';
    'change in the surplus, 2024 against 2023: +25%'."""
    if r["measure"] == "surplus":
        return f"{r['reporter']}'s surplus with {with_the(r['partner'])}, {r['year']}: {money(r['value'], r['currency'], r['unit'])}"
    return f"change in {r['reporter']}'s surplus, {r['year']} against {r['compared_to_year']}: {r['value']:+g}%"


EVIDENCE_TABLES = {
    "trade_balance": ("Trade balance", balance_fact),
    "tariffs": ("Tariffs", lambda r: f"{r['applies_to']}, {r['sector']} ({r['kind']})"),
    "events": ("Timeline", lambda r: r["description"]),
    "people": ("People", lambda r: f"{r['name']}, {r['role']}"),
    "positions": (
        "Positions",
        lambda r: (
            "Discussed, side not stated: " + r["statement"]
            if r["kind"] == "agenda"
            else f"{r['actor']} ({r['kind'].replace('_', ' ')}): {r['statement']}"
        ),
    ),
    "figures": ("Figures", lambda r: r["note"]),
}


def evidence(b: Brief, source_id: str) -> pd.DataFrame:
    """Every coded row of one article (and of the articles with the same text) with its verbatim quote,
    one entry per quote: the targets of the report's citations (each row's id is an anchor of its entry;
    rows merged into one cite that one). Positions of one holder and kind from one quote are one fact, their
    shared words written once."""
    group = text_groups(b).get(source_id, [source_id])
    entries: dict[str, dict] = {}
    for table, (section, _label) in EVIDENCE_TABLES.items():
        t = b.facts[table]
        for _, r in t[t["source_id"].isin(group)].iterrows():
            if table == "tariffs" and r["applies_to"] == tariffs.everyone(b.scope):
                r = r.copy()
                r["applies_to"] = ALL_IMPORTS  # the coder's group for every country, named as the report names it
            entry = entries.setdefault(r["quote"], {"ids": [], "sections": [], "facts": {}})
            entry["ids"].append(f"ev-{r.iloc[0]}")
            entry["sections"] += [] if section in entry["sections"] else [section]
            key = (table, r["actor"], r["kind"]) if table == "positions" else (table, r.iloc[0])
            entry["facts"].setdefault(key, []).append(r)
    rows = []
    for quote, e in entries.items():
        facts = [fact_words(key[0], rs) for key, rs in e["facts"].items()]
        rows.append([anchored(e["ids"], f"*{esc(', '.join(e['sections']))}:* " + "; ".join(facts)), f"“{esc(quote)}”"])
    return pd.DataFrame(rows, columns=["Facts", "Quote (verbatim)"])


def fact_words(table: str, rows: list) -> str:
    """One fact of the evidence: a row in words; positions of one holder and kind as one statement."""
    label = EVIDENCE_TABLES[table][1]
    if table != "positions" or len(rows) == 1:
        return esc(label(rows[0]))
    return esc(label(rows[0].to_dict() | {"statement": merged([r["statement"] for r in rows])}))


def evidence_heading(b: Brief, source_id: str) -> str:
    src = b.citer.by_id.loc[source_id]
    title = src["headline"] if src["headline"] else src["label"]
    group = text_groups(b).get(source_id, [source_id])
    return f"### {esc(group_ref(b, group))} {esc(b.name(source_id))}: {esc(title)}"


def article_ids(b: Brief) -> list[str]:
    """The articles whose evidence the report lists: one per text."""
    return list(text_groups(b))


# ---------------------------------------------------------------- evidence explorer

EXPLORER_COLUMNS = ["table", "row_id", "source_id", "published", "outlet", "fact", "quote"]


def all_evidence(facts) -> pd.DataFrame:
    """Every coded row of every fact table as one DataFrame: table, row id, article, date, fact, quote."""
    published = facts.published
    outlets = dict(zip(facts.sources["source_id"], facts.sources["outlet"], strict=True))
    rows = []
    for table, (_section, label) in EVIDENCE_TABLES.items():
        for _, r in facts[table].iterrows():
            sid = r["source_id"]
            rows.append([table, r.iloc[0], sid, published[sid], outlet_short(outlets[sid]), label(r), r["quote"]])
    return pd.DataFrame(rows, columns=EXPLORER_COLUMNS)


def search_evidence(
    evidence: pd.DataFrame,
    keyword: str | None = None,
    article: str | None = None,
    table: str | None = None,
    published_from: str | None = None,
    published_to: str | None = None,
) -> pd.DataFrame:
    """Rows whose fact or quote contains `keyword` (case-insensitive), from one article, one table, or
    articles published in a date range (ISO dates, inclusive)."""
    sel = evidence
    if keyword:
        hit = sel["fact"].str.contains(keyword, case=False, regex=False) | sel["quote"].str.contains(
            keyword, case=False, regex=False
        )
        sel = sel[hit]
    if article:
        sel = sel[sel["source_id"] == article]
    if table:
        sel = sel[sel["table"] == table]
    if published_from:
        sel = sel[sel["published"] >= dt.date.fromisoformat(published_from)]
    if published_to:
        sel = sel[sel["published"] <= dt.date.fromisoformat(published_to)]
    return sel.reset_index(drop=True)
