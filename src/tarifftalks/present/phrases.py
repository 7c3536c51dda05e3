"""Claims, events and tariff actions as the report words them: the text, its hedge and its citation.

Each function takes the brief and one row of a tidy frame (`brief.claims`, `brief.timeline`) and returns
inline Markdown: data text escaped, one parenthesis of hedge and notes, the citation linked to the
evidence of the rows that say it; what other articles say of the same fact in other words follows as
'Also reported:'.
"""

from __future__ import annotations

import pandas as pd

from tarifftalks.analysis.scope import split_ids
from tarifftalks.present.report import Brief
from tarifftalks.present.tables import esc
from tarifftalks.present.words import bounded, capital, day, get, hedged, pct, voice, when

TEXT = {"positions": "statement", "events": "description", "figures": "note"}


def same_wording(r) -> list[str]:
    """The rows of a merged entry that word it as shown (not those listed as 'also reported')."""
    others = set(split_ids(get(r, "also_rows")))
    return [i for i in split_ids(r["row_ids"]) if i not in others]


def also_reported(b: Brief, table: str, r) -> str:
    """'\n*Also reported:* … *(expected)* [2]' for each row that words the entry differently."""
    out = ""
    for rid in split_ids(get(r, "also_rows")):
        other = b.row(rid)
        out += f"\n*Also reported:* {hedged(other[TEXT[table]], other)} {b.cite(rid)}"
    return out


def past_note(b: Brief, r) -> str:
    """'past: <the event> took place (<date>)' for a claim whose until_event has taken place."""
    if not get(r, "past"):
        return ""
    tl = b.timeline
    event = tl[tl["entry"] == (get(r, "past_event") or r["until_event"])].iloc[0]
    return (
        f"past: {b.row(event['wording_row'])['description']} ({when(event['start'], event['end'], event['precision'])})"
    )


# ---------------------------------------------------------------- timeline entries


STATUS_NOTES = {
    "cancelled": "cancelled",
    "postponed": "postponed",
    "superseded": "since replaced by a later report",
    "replaced": "replaced by another rate before it took effect",
}


def event_notes(b: Brief, e) -> list[str]:
    """What the status adds to an event's hedge: scheduled, overdue, cancelled, postponed."""
    notes = []
    if e["kind"] == "tariff":
        return [STATUS_NOTES[e["status"]]] if e["status"] in STATUS_NOTES else []
    if e["status"] in STATUS_NOTES:
        moved = get(e, "postponed_from_start")
        notes.append(
            STATUS_NOTES[e["status"]]
            + (f" from {when(moved, e['postponed_from_end'], e['postponed_from_precision'])}" if moved else "")
        )
    overdue = bool(get(e, "overdue"))
    if e["status"] == "scheduled" and get(e, "certainty") not in ("scheduled", "expected"):
        notes.append(
            "reported as scheduled"
            + ("; no article up to the report date says whether it took place" if overdue else "")
        )
    elif overdue:
        notes.append("no article up to the report date says whether it took place")
    return notes


def entry_text(b: Brief, e, also: bool = True) -> str:
    """A timeline entry: an event in the latest article's words, or a tariff action, with hedge and citation;
    with `also`, what other articles say of it in other words follows; without, every article is cited."""
    if e["kind"] == "tariff":
        note = f" *({STATUS_NOTES[e['status']]})*" if e["status"] in STATUS_NOTES else ""
        return f"{esc(action_text(b, e))}{note} {b.cite(e['row_ids'])}"
    wording = b.row(e["wording_row"])
    cited = same_wording(e) if also else split_ids(e["row_ids"])
    text = f"{hedged(capital(wording['description']), e, *event_notes(b, e))} {b.cite(cited)}"
    return text + (also_reported(b, "events", e) if also else "")


def action_text(b: Brief, e) -> str:
    """A dated tariff action from its rows: who announces what on whom, at which rates."""
    rows = pd.DataFrame([b.row(i) for i in dict.fromkeys(split_ids(e["row_ids"]))])
    imposer = ", ".join(dict.fromkeys(rows["imposed_by"]))
    rates: dict[str, str] = {}
    for r in rows.itertuples():
        if not pd.isna(r.rate_pct) or r.applies_to not in rates:
            rates[r.applies_to] = "" if pd.isna(r.rate_pct) else bounded(pct(r.rate_pct), r._asdict())
    kind = e["action"] and "/".join(dict.fromkeys(rows["kind"]))
    sectors = ", ".join(dict.fromkeys(rows["sector"]))
    on = "" if sectors == "all goods" else f" on {sectors}"
    if e["action"] == "announced":
        return f"{imposer} announces {kind} tariffs{on}: " + ", ".join(f"{c} {r}".strip() for c, r in rates.items())
    rate = " ".join(dict.fromkeys(v for v in rates.values() if v))
    countries = ", ".join(rates)
    if e["action"] == "effective":
        return f"{imposer} {rate} {kind} tariffs{on} take effect ({countries})".replace("  ", " ")
    return f"End of the pause of the {rate} {kind} tariff on {countries}".replace("  ", " ")


# ---------------------------------------------------------------- claims as sentences

KIND_VERB = {
    "demand": "asks",
    "complaint": "objects to",
    "offer": "offers",
    "bargaining_chip": "could offer",
    "goal": "seeks",
    "stance": "",
    "agenda": "",
    "constraint": "is constrained",
    "signal": "signals",
    "advice": "advises",
}
GROUP_KEY = ["actor", "kind", "attribution", "attributed_to", "certainty", "source_ids", "past"]


def lower_first(text: str, names: frozenset[str] = frozenset()) -> str:
    """A statement continuing a list: its first letter in lower case, unless the word is an acronym or a
    name (`names`: words the data writes capitalised inside sentences)."""
    first = text.split(" ", 1)[0]
    if first[1:2].isupper() or not first[:1].isupper() or first.split("'")[0].split("’")[0] in names:
        return text
    return text[:1].lower() + text[1:]


def merged(texts: list[str], names: frozenset[str] = frozenset()) -> str:
    """Statements as one: a run of four or more words they all end with, or two or more they all begin with,
    is written once ('Non-tariff measures, digital trade and the origin of goods discussed at …')."""
    texts = list(dict.fromkeys(t.rstrip(". ") for t in texts))
    if len(texts) == 1:
        return texts[0]
    words = [t.split() for t in texts]
    shortest = min(len(w) for w in words)
    suffix = 0
    while suffix < shortest - 1 and len({tuple(w[len(w) - suffix - 1 :]) for w in words}) == 1:
        suffix += 1
    prefix = 0
    while prefix < shortest - 1 - (suffix if suffix >= 4 else 0) and len({tuple(w[: prefix + 1]) for w in words}) == 1:
        prefix += 1
    head = " ".join(words[0][:prefix]) + " " if prefix >= 2 else ""
    tail = " " + " ".join(words[0][len(words[0]) - suffix :]) if suffix >= 4 else ""
    cut = prefix if prefix >= 2 else 0
    parts = [" ".join(w[cut : len(w) - (suffix if suffix >= 4 else 0)]) for w in words]
    if tail and all(p.endswith(",") for p in parts):  # the comma before a shared clause is written once
        parts, tail = [p.rstrip(",") for p in parts], "," + tail
    parts = [parts[0]] + [lower_first(p, names) for p in parts[1:]]
    joined = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
    if not head and not tail:
        joined = "; ".join(parts)
    return head + joined + tail


def claim_groups(claims: pd.DataFrame) -> list[pd.DataFrame]:
    """Claims that one sentence can carry: the same holder, kind, voice, articles and time."""
    if claims.empty:
        return []
    key = claims[GROUP_KEY].apply(lambda column: column.map(str)).agg("\x1f".join, axis=1)
    return [g for _, g in claims.groupby(key, sort=False)]


def claim_sentence(b: Brief, group: pd.DataFrame, holder: bool = True) -> str:
    """One sentence for claims of one holder, kind and voice: '**South Korea** signals: to discuss cutting the
    surplus by buying more American LNG and US commercial aircraft, Han Duck-soo signalled a willingness
    [3].' The hedge ends the sentence in plain words; the rows that say the same in other words, with another
    voice, follow as 'Also: …, analysts called it possible [2].'"""
    first = group.iloc[0]
    items = merged([esc(s) for s in group["statement"]], b.names)
    notes = [past_note(b, first)] if get(first, "past") else []
    if get(first, "dated"):
        notes.append(f"reported {day(first['last_published'])}")
    if first["addressed_to"] == "all partners":
        notes.append("to all partners")
    label = ""
    if holder and first["kind"] == "agenda":
        label = "**Discussed** (which side raised it is not said): "
    elif holder:
        label = f"**{esc(first['actor'])}** {KIND_VERB.get(first['kind'], '')}".rstrip() + ": "
    ids = [i for _, r in group.iterrows() for i in same_wording(r)]
    new = "*New:* " if b.since and (group["first_published"] > b.since).all() else ""
    sentence = new + spoken(label + (items if label else capital(items)), voice(first), notes, b.cite(ids))
    also = [b.row(i) for _, r in group.iterrows() for i in split_ids(get(r, "also_rows"))]
    return " ".join(
        [sentence] + [spoken("Also: " + esc(o["statement"]), voice(o), [], b.cite(o.iloc[0])) for o in also]
    )


def spoken(text: str, said: str, notes: list[str], cite: str) -> str:
    """'<text>, <who said it> (<notes>) [n].'"""
    tail = f", {esc(said)}" if said else ""
    extra = f" ({esc('; '.join(n for n in notes if n))})" if any(notes) else ""
    return f"{text.rstrip('.')}{tail}{extra} {cite}."
