"""Claims, events and tariff actions as the report words them: the text, its hedge and its citation.

Each function takes the brief and one row of a tidy frame (`brief.claims`, `brief.timeline`) and returns
inline Markdown: data text escaped, one parenthesis of hedge and notes, the citation linked to the
evidence of the rows that say it; what other articles say of the same fact in other words follows as
'Also reported:'.
"""

from __future__ import annotations

import pandas as pd

from tarifftalks.analysis import events, tariffs
from tarifftalks.analysis.scope import split_ids
from tarifftalks.present.report import Brief
from tarifftalks.present.tables import esc
from tarifftalks.present.words import bounded, capital, flat, get, hedged, pct, said_when, voice, when

TEXT = {"positions": "statement", "events": "description", "figures": "note"}


def same_wording(r) -> list[str]:
    """The rows of a merged entry that word it as shown (not those listed as 'also reported', nor the reports of
    an earlier plan, `past_rows`)."""
    others = set(split_ids(get(r, "also_rows"))) | set(split_ids(get(r, "past_rows")))
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
    "overtaken": "another rate announced before it was due; whether it took effect is not reported",
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
    unknown = "whether it took place is not reported"
    if e["status"] == "scheduled" and get(e, "certainty") not in ("scheduled", "expected"):
        notes.append("reported as scheduled" + (f"; {unknown}" if overdue else ""))
    elif overdue:
        notes.append(unknown)
    return notes


def later_round(b: Brief, e) -> str:
    """For a meeting of a track still reported as scheduled after its date: the next one of the same track
    reported held, if any, and the inference a reader may draw from it, labelled as the report's own ('; a later
    round is reported held, mid-May 2025 [5], so this one probably took place (the report's inference)'). Written after the citations, outside the hedge."""
    if not get(e, "overdue"):
        return ""
    tl = b.timeline
    held = tl[(tl["track"] == e["track"]) & tl["kind"].isin(events.ROUND_TYPES) & (tl["status"] == "happened")]
    held = held[(held["start"] > e["end"]) & (held["start"] <= b.as_of)].sort_values("start")
    if held.empty or e["kind"] not in events.ROUND_TYPES:
        return ""
    n = held.iloc[0]
    return (
        f"; a later round is reported held, {when(n['start'], n['end'], n['precision'])} "
        + b.citer.ref(b.source_ids(n["row_ids"]))
        + ", so this one probably took place (the report's inference)"
    )


def earlier_reports(b: Brief, e) -> str:
    """'; earlier reported as scheduled [2]', '; earlier reported for the week of Apr 21, 2025 [2, 3]': the rows
    of an event worded otherwise, by the status and date they gave, each group cited."""
    shown = set(same_wording(e))
    groups: dict[str, list[str]] = {}
    for rid in split_ids(e["row_ids"]):
        if rid in shown:
            continue
        r = b.row(rid)
        start, end = r["date_start"].date(), r["date_end"].date()
        parts = [f"as {r['status']}"] if r["status"] != e["status"] else []
        if (start, end) != (e["start"], e["end"]):
            parts.append("for " + when(start, end, r["date_precision"]))
        if parts:  # a row that differs only in its words adds nothing here
            later = b.scope.published[r["source_id"]] > b.scope.published[b.row(e["wording_row"])["source_id"]]
            parts.insert(0, "later" if later else "earlier")  # a recollection after the report kept is later
            groups.setdefault(" ".join(parts), []).append(rid)
    return "".join(
        f"; {esc(words.partition(' ')[0])} reported {esc(words.partition(' ')[2])} {b.cite(ids)}".replace(
            "reported  ", "reported "
        )
        for words, ids in groups.items()
    )


def entry_text(b: Brief, e, also: bool = True) -> str:
    """A timeline entry: an event in the latest article's words, or a tariff action, with hedge and citation;
    with `also`, the articles that reported it otherwise follow, by the status and date they gave; without,
    every article is cited."""
    if e["kind"] == "tariff":
        note = f" *({STATUS_NOTES[e['status']]})*" if e["status"] in STATUS_NOTES else ""
        return f"{esc(action_text(b, e))}{note} {b.cite(e['row_ids'])}"
    wording = b.row(e["wording_row"])
    cited = same_wording(e) if also else split_ids(e["row_ids"])
    text = f"{hedged(capital(wording['description']), e, *event_notes(b, e))} {b.cite(cited)}"
    return text + (earlier_reports(b, e) if also else "") + later_round(b, e)


def and_list(items) -> str:
    """'a', 'a and b', 'a, b and c'."""
    items = list(items)
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def action_text(b: Brief, e) -> str:
    """A dated tariff action from its rows: who announces what on whom, at which rates. Rows for every country
    (x-all) are a tariff on all imports of their sectors, not on a list of countries."""
    rows = pd.DataFrame([b.row(i) for i in dict.fromkeys(split_ids(e["row_ids"]))])
    imposer = ", ".join(dict.fromkeys(rows["imposed_by"]))
    rates: dict[str, str] = {}
    for r in rows.itertuples():
        if not pd.isna(r.rate_pct) or r.applies_to not in rates:
            rates[r.applies_to] = "" if pd.isna(r.rate_pct) else bounded(pct(r.rate_pct), r._asdict())
    kind = e["action"] and "/".join(dict.fromkeys(rows["kind"]))
    sectors = and_list(dict.fromkeys(rows["sector"]))
    everyone = set(rates) == {tariffs.everyone(b.scope)}
    on = ("" if sectors == "all goods" else f" on {sectors}") if not everyone else f" on all imports of {sectors}"
    if e["action"] == "announced":
        listed = [f"{c} {r}" if r else f"{c}, rate not given" for c, r in rates.items()]
        return f"{imposer} announces {kind} tariffs{on}" + ("" if everyone else ": " + "; ".join(listed))
    rate = " ".join(dict.fromkeys(v for v in rates.values() if v))
    countries = and_list(rates)
    if e["action"] == "effective":
        whom = "" if everyone else f" for {countries}"
        return f"{imposer} {rate} {kind} tariffs{on} take effect{whom}".replace("  ", " ")
    return f"End of the pause of the {rate} {kind} tariff on {countries}".replace("  ", " ")


# ---------------------------------------------------------------- claims as sentences

KIND_VERB = {
    "demand": "demands",
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
GROUP_KEY = ["actor", "kind", "addressed_to", "voice", "source_ids", "past"]


def lower_first(text: str, names: frozenset[str] = frozenset()) -> str:
    """A statement continuing a list: its first letter in lower case, unless the word is an acronym or a
    name (`names`: words the data writes capitalised inside sentences)."""
    first, *rest = text.split(" ", 2)
    titled = bool(rest) and rest[0][:1].isupper()  # 'Trade Minister Kim', 'First US talks': a title or a name
    if titled or first[1:2].isupper() or not first[:1].isupper() or first.split("'")[0].split("’")[0] in names:
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


def outlet_word(b: Brief, source_id: str) -> str:
    """How a sentence names an article speaking for itself: 'the editorial' or 'the article'."""
    return "the editorial" if "editorial" in b.citer.by_id.loc[source_id, "outlet"].lower() else "the article"


def when_said(b: Brief, source_id: str) -> str | None:
    """'Apr 8', 'late April': when an article appeared, for an article older than the newest in scope (a claim
    the analysis marks `dated`: a view of an earlier article is written as then, not as today's); None for the
    newest."""
    src = b.citer.by_id.loc[source_id]
    if src["published"].date() >= max(b.scope.published.values()):
        return None
    return said_when(src["published_earliest"].date(), src["published"].date())


def said_phrase(short: str | None) -> str | None:
    """'on Apr 8', 'in late April', 'between Apr 21 and May 3' from `when_said`'s short form."""
    if not short:
        return None
    first, _, last = short.partition(" – ")
    if last:
        return f"between {first} and {last}"
    return ("on " if first[-1].isdigit() else "in ") + first


OWN_VOICES = ("article", "editorial", "unattributed")  # the article itself speaks: its date is the statement's


def statement_date(b: Brief, r, source_id: str) -> str | None:
    """When the article says the claim's holder spoke ('Apr 14'): the date of the one statement of that article
    (an event of type `statement`, reported held) whose participants name who the claim is attributed to; None when the
    article gives no such date (a claim it relays as 'has said', or a medium's report it does not date). A claim
    relayed through a medium ('X, quoted by NHK') takes only the date of a statement relayed the same way (the
    event's `attributed_to` the claim's): another statement of X's in the article is not that one."""
    holder = get(r, "attributed_to") or get(r, "speaker") or ""
    who, relay, _ = holder.partition(", ")
    ev = b.scope.facts_all["events"]
    ev = ev[(ev["source_id"] == source_id) & (ev["event_type"] == "statement") & (ev["status"] == "happened")]
    hits = [
        e
        for _, e in ev.iterrows()
        if who
        and who in {p.strip() for p in str(e["participants"]).split(";")}
        and (not relay or get(e, "attributed_to") == holder)
    ]
    if len({(e["date_start"], e["date_end"]) for e in hits}) != 1:
        return None
    return said_when(hits[0]["date_start"].date(), hits[0]["date_end"].date())


def dated_voice(b: Brief, r) -> tuple[str, list[str]]:
    """A claim's voice with when it was said, for a claim of an article older than the newest: where the article
    or the editorial speaks, its date in the voice ('the editorial advised in late April'); where it relays
    someone, the date the article gives for the statement ('Scott Bessent said (Apr 14)'), else only when it was
    reported ('Donald Trump said (reported Apr 8)'; a medium's report: 'relayed Apr 15')."""
    source_id = latest_source(r)
    short = when_said(b, source_id)
    outlet = outlet_word(b, source_id)
    if not short:  # the newest article: its own date goes unsaid, a statement's earlier date does not
        src = b.citer.by_id.loc[source_id]
        spoke = None if get(r, "attribution") in OWN_VOICES else statement_date(b, r, source_id)
        own = said_when(src["published_earliest"].date(), src["published"].date())
        return voice(r, outlet), ([spoke] if spoke and spoke != own else [])
    if get(r, "attribution") in OWN_VOICES:
        said = voice(r, outlet, said=said_phrase(short))
        return said, ([short] if said_phrase(short) not in said else [])
    spoke = statement_date(b, r, source_id)
    relayed = "relayed" if get(r, "attribution") == "media_reports" else "reported"
    return voice(r, outlet), [spoke or f"{relayed} {short}"]


def latest_source(r) -> str:
    """The article whose words a claim or fact keeps (its `source_id`), else the latest of its articles."""
    return get(r, "source_id") or split_ids(get(r, "source_ids"))[-1]


def claim_voice(b: Brief, r) -> str:
    """The voice of one claim (a row of `brief.claims`, or a fact row) in this report: who says it and how
    firmly (and when, where the article speaks)."""
    return dated_voice(b, r)[0]


def claim_groups(b: Brief, claims: pd.DataFrame) -> list[pd.DataFrame]:
    """Claims that one sentence can carry: the same holder, kind, addressee, voice, articles and time."""
    if claims.empty:
        return []
    claims = claims.assign(voice=[claim_voice(b, r) for _, r in claims.iterrows()])
    key = claims[GROUP_KEY].apply(lambda column: column.map(str)).agg("\x1f".join, axis=1)
    return [g for _, g in claims.groupby(key, sort=False)]


def label(b: Brief, first) -> str:
    """'**South Korea** seeks' before a claim; '**Discussed** (side not stated)' for a topic
    put on the table; the verb 'is willing' for a signalled willingness, whatever the kind; '' for a reading
    of commentators (neither side nor the comparator), whose voice names them."""
    if first["actor"] not in (*b.sides, b.comparator):
        return ""
    if first["kind"] == "agenda":
        return "**Discussed** (side not stated)"
    verb = "is willing" if first["certainty"] == "willing" else KIND_VERB.get(first["kind"], "")
    return f"**{esc(first['actor'])}** {verb}".rstrip()


def claim_sentence(b: Brief, group: pd.DataFrame, holder: bool = True, also: bool = True, mark_new: bool = True) -> str:
    """One sentence for claims of one holder, kind and voice: '**South Korea** is willing to discuss cutting the
    surplus by buying more American LNG and US commercial aircraft, Han Duck-soo said, in a Financial Times
    interview [3].' The hedge ends the sentence in plain words, with when it was said if from an article before the newest
    report; the rows that say the same in other words, with another voice, follow as 'Also: …'."""
    first = group.iloc[0]
    items = merged([esc(s) for s in group["statement"]], b.names)
    notes = dated_voice(b, first)[1] + ([past_note(b, first)] if get(first, "past") else [])
    if first["addressed_to"] == "all partners":
        notes.append("to all partners")
    text = capital(items)
    head = label(b, first) if holder else ""
    if head:
        joined = " " if items.startswith("to ") and not head.endswith("**") and first["kind"] != "agenda" else ": "
        text = head + joined + items
    ids = [i for _, r in group.iterrows() for i in same_wording(r)]
    new = "*New:* " if mark_new and b.since and (group["first_published"] > b.since).all() else ""
    sentence = new + spoken(text, first["voice"] if "voice" in first else claim_voice(b, first), notes, b.cite(ids))
    others = [b.row(i) for _, r in group.iterrows() for i in split_ids(get(r, "also_rows"))] if also else []
    return " ".join(
        [sentence] + [spoken("Also: " + esc(o["statement"]), *dated_voice(b, o), b.cite(o.iloc[0])) for o in others]
    )


def spoken(text: str, said: str, notes: list[str], cite: str) -> str:
    """'<text>, <who said it> (<notes>) [n].'"""
    tail = f", {esc(said)}" if said else ""
    extra = f" ({esc(flat('; '.join(n for n in notes if n)))})" if any(notes) else ""
    return f"{text.rstrip('.')}{tail}{extra} {cite}."
