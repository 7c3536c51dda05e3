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
from tarifftalks.present.words import capital, get, hedge, pct, when

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
        out += f"\n*Also reported:* {esc(other[TEXT[table]])}{hedge(other)} {b.cite(rid)}"
    return out


def past_note(b: Brief, r) -> str:
    """'past: <the event> took place (<date>)' for a claim whose until_event has taken place."""
    if not get(r, "past"):
        return ""
    tl = b.timeline
    event = tl[tl["entry"] == r["until_event"]].iloc[0]
    return (
        f"past: {b.row(event['wording_row'])['description']} ({when(event['start'], event['end'], event['precision'])})"
    )


def claim_text(b: Brief, r) -> str:
    """A claim (a row of `brief.claims`) as the report writes it, in every table and list that shows one."""
    notes = ["addressed to all partners"] if r["addressed_to"] == "all partners" else []
    notes += [past_note(b, r)]
    main = f"{esc(r['statement'])}{hedge(r, *notes)} {b.cite(same_wording(r))}"
    return main + also_reported(b, "positions", r)


def claim_holder(r) -> str:
    """Whose claim it is: 'United States (demand)', or for a topic both sides discussed, 'Discussed (the
    article does not say which side raised it)'."""
    if r["kind"] == "agenda":
        return "Discussed (the article does not say which side raised it)"
    return f"{esc(r['actor'])} ({esc(r['kind'].replace('_', ' '))})"


# ---------------------------------------------------------------- timeline entries


STATUS_NOTES = {"cancelled": "cancelled", "postponed": "postponed", "superseded": "since replaced by a later report"}


def event_notes(b: Brief, e) -> list[str]:
    """What the status adds to an event's hedge: scheduled, overdue, cancelled, postponed."""
    notes = []
    if e["status"] in STATUS_NOTES:
        notes.append(STATUS_NOTES[e["status"]])
    overdue = e["status"] == "scheduled" and e["end"] < b.as_of
    if e["status"] == "scheduled" and get(e, "certainty") not in ("scheduled", "expected"):
        notes.append(
            "reported as scheduled"
            + ("; no article up to the report date says whether it took place" if overdue else "")
        )
    elif overdue:
        notes.append("no article up to the report date says whether it took place")
    return notes


def entry_text(b: Brief, e) -> str:
    """A timeline entry: an event in the latest article's words, or a tariff action, with hedge and citation."""
    if e["kind"] == "tariff":
        note = f" *({STATUS_NOTES[e['status']]})*" if e["status"] in STATUS_NOTES else ""
        return f"{esc(action_text(b, e))}{note} {b.cite(e['row_ids'])}"
    wording = b.row(e["wording_row"])
    text = f"{esc(capital(wording['description']))}{hedge(e, *event_notes(b, e))} {b.cite(same_wording(e))}"
    return text + also_reported(b, "events", e)


def action_text(b: Brief, e) -> str:
    """A dated tariff action from its rows: who announces what on whom, at which rates."""
    rows = pd.DataFrame([b.row(i) for i in dict.fromkeys(split_ids(e["row_ids"]))])
    imposer = ", ".join(dict.fromkeys(rows["imposed_by"]))
    rates: dict[str, str] = {}
    for r in rows.itertuples():
        if not pd.isna(r.rate_pct) or r.applies_to not in rates:
            rates[r.applies_to] = "" if pd.isna(r.rate_pct) else pct(r.rate_pct)
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
