"""Tariff rows from a sentence about a rate: one row per rate, sector and country, each read from the rate's own
clause (its sector, the countries it applies to, its status from the verb nearest it, its kind), and the dates
of the sentence as the tariff's announcement, effect or pause end by the words before them ("backdated to",
"since", "runs out on"); a date of something else the sentence reports (a statement, a deal signed) is left
to the events."""

from __future__ import annotations

import re

from tarifftalks.draft.fields import (
    DATE_CLAUSE_EDGE,
    GROUPS,
    PAUSE_WORDS,
    countries_in,
    event_type,
    looks_ahead,
    sectors_in,
    tariff_kind,
    tariff_status,
    tariff_targets,
)
from tarifftalks.draft.sentence import Draft, Sentence, number_unit, resolve_date
from tarifftalks.facts.text import Mention

# a word for a tariff, or a percentage a country's goods pay ("Korean cars still pay 25 percent", "the 25 percent rate")
TARIFF_WORDS = re.compile(
    r"\btariffs?\b|\blev(?:y|ies)\b|\bduties\b|\bduty\b|\brate on\b|\brate at\b|['’]s rate\b|\btariff rate\b|"
    r"\b(?:its|their) rate\b|\d\s*(?:%|percent|per cent) rate\b|\b(?:pay|pays|paid|paying|face|faces|faced|facing)\s+"
    r"(?:a\s+|the\s+)?\d[\d.]*\s*(?:%|percent|per cent)",
    re.I,
)
# "car exports fell 16 percent": a change, not a rate
CHANGE_BEFORE = re.compile(
    r"\b(?:fell|fall|falls|rose|rise|rises|dropped|drop|declined|decline|increased|increase|jumped|grew|slid|plunged|"
    r"surged|soared|slumped|gained|lost|shrank|expanded|up|down|climbed)\s+(?:by\s+|nearly\s+|about\s+|some\s+)?$",
    re.I,
)
NAMED_TARIFF = re.compile(r"\b(?:reciprocal|baseline)\b[^.]*\b(?:tariffs?|levy|levies|duties)\b", re.I)
IMPOSED_BY_NAMED = re.compile(r"\b(?:US|U\.S\.|United States|Washington|Trump|America\w*)\b")


def is_rate(s: Sentence, m: Mention) -> bool:
    """A percentage that is a tariff rate, not a change ("exports fell 16 percent")."""
    return number_unit(m, "")[0] == "percent" and not CHANGE_BEFORE.search(s.before(m))


def is_tariff_sentence(s: Sentence, numbers: list[Mention], dates: list[Mention]) -> bool:
    """A sentence about a tariff: a word for one and a rate, or a named tariff ("reciprocal tariffs") and a date."""
    if not TARIFF_WORDS.search(s.text):
        return False
    return any(is_rate(s, m) for m in numbers) or bool(dates and NAMED_TARIFF.search(s.text))


def tariff_drafts(s: Sentence, numbers: list[Mention], dates: list[Mention]) -> tuple[list[Draft], list[Mention]]:
    """One tariffs row per rate, sector and country; each rate's clause gives its sector, country,
    status and dates; a pause length goes into every row. A sentence naming a tariff without a rate
    ("announced reciprocal tariffs on ... South Korea, Japan, and Vietnam") gives rows without one. Also the
    dates that belong to something else the sentence reports (drafted as events)."""
    rates = [m for m in numbers if is_rate(s, m)]
    pause = next((m for m in numbers if m not in rates and number_unit(m, s.after(m))[0] == "days"), None)
    pause = pause if PAUSE_WORDS.search(s.text) else None
    same = same_rate_span(s)
    theirs = [d for d in dates if same and same[0].end() <= d.start - s.start < same[0].end() + len(same[2])]
    date_fields, other_dates = tariff_dates(s, [d for d in dates if d not in theirs])
    owner = {id(f): rate_of_date(s, rates, f) for f in date_fields}
    drafts = []
    for i, rate in enumerate(rates or [None]):
        since = rates[i - 1].end - s.start if i else 0
        until = rates[i + 1].start - s.start if i + 1 < len(rates) else None
        own_dates = [f for f in date_fields if owner[id(f)] is rate]
        own = rate_clause(s, rate, since, until)
        if i and FROM_RATE_BEFORE.search(s.before(rate)):  # "fall to 15 percent from 25 percent": the same tariff
            own = rate_clause(s, rates[i - 1], rates[i - 2].end - s.start if i > 1 else 0, rate.start - s.start) + own
        drafts += tariff_rows(s, rate, own, own_dates, pause)
    if rates:
        drafts += [d for clause in rateless_clauses(s, rates) for d in tariff_rows(s, None, clause, [], None)]
    drafts += same_rate_rows(s, drafts, theirs)
    return drafts, other_dates


def rateless_clauses(s: Sentence, rates: list[Mention]) -> list[str]:
    """Clauses beside the rates that name further tariffs by sector without a rate ("…, plus steeper levies on
    cars, steel and aluminium")."""
    found, start = [], 0
    for cut in [*CLAUSE_BREAK.finditer(s.text), None]:
        end = cut.start() if cut else len(s.text)
        has_rate = any(start <= r.start - s.start < end for r in rates)
        if not has_rate and TARIFF_WORDS.search(s.text[start:end]) and sectors_in(s.text[start:end]):
            found.append(s.text[start:end])
        start = cut.end() if cut else end
    return found


# "…, while Japanese cars face the same rate", "the rate that Japan already pays", "matching the terms Japan won"
SAME_RATE = re.compile(
    r"\b(?:the same|an equal|a similar|the identical) (?:rate|tariff|levy|level|duty)\b|\bthe (?:rate|level) (?:that )?"
    r"(?=(?:the )?[A-Z])|\bmatching the (?:terms|rate|level)\b",
    re.I,
)


def same_rate_span(s: Sentence) -> tuple[re.Match, str, str] | None:
    """The phrase giving another country the same rate, the clause before it and the words after it."""
    m = SAME_RATE.search(s.text)
    if not m:
        return None
    after = re.split(r"[,;]|\s+(?:while|but|whereas)\s", s.text[m.end() :])[0]
    return m, CLAUSE_BREAK.split(s.text[: m.start()])[-1], after


def same_rate_rows(s: Sentence, drafts: list[Draft], dates: list[Mention]) -> list[Draft]:
    """The rate printed before the phrase again, for the country it names ("the rate that Japan and the European
    Union already pay"), with the status and date its own words give ("matching the terms Japan won last week")."""
    found = same_rate_span(s)
    if not found or not drafts:
        return []
    m, before, after = found
    earlier = [
        d
        for d in drafts
        if d.mentions
        and d.mentions[0].start - s.start < m.start()
        and not FROM_RATE_BEFORE.search(s.before(d.mentions[0]))
    ]
    if not earlier:
        return []
    ref = earlier[-1]
    targets = [c for c in tariff_targets(before + " " + after) if c != ref.row["applies_to"]]
    status = tariff_status(after) or tariff_status(before) or ref.row["status"]
    own_dates = [d for d in dates if m.end() <= d.start - s.start < m.end() + len(after)]
    rows = []
    for target in targets:
        row = ref.row | {
            "applies_to": target,
            "status": status,
            "sector": (sectors_in(before + after) or [ref.row["sector"]])[0],
        }
        for name in ("effective", "effective_precision", "announced", "announced_precision", "date_basis"):
            row.pop(name, None)
        for d in own_dates[:1]:
            period, _, basis = resolve_date(s, d, ahead=False)
            if period:
                row |= {
                    "announced": period.start.isoformat(),
                    "announced_precision": period.precision,
                    "date_basis": basis,
                }
        rows.append(Draft("tariffs", row, list(ref.mentions[:1]), set(ref.guessed)))
    return rows


def rate_of_date(s: Sentence, rates: list[Mention], date_field) -> Mention | None:
    """The rate a date belongs to: the nearest one in the date's clause; the new rate of "falls to 15 percent
    from 25 percent, backdated to Nov. 1", not the one it falls from."""
    d = date_field[0]
    if not rates:
        return None
    same_clause = [
        r
        for r in rates
        if not CLAUSE_BREAK.search(s.text[min(r.end, d.end) - s.start : max(r.start, d.start) - s.start])
    ]
    candidates = same_clause or rates
    nearest = min(candidates, key=lambda r: abs(r.start - d.start))
    i = rates.index(nearest)
    if i and FROM_RATE_BEFORE.search(s.before(nearest)):
        return rates[i - 1]
    return nearest


FROM_RATE_BEFORE = re.compile(r"\bfrom\s+(?:the\s+)?$")


CLAUSE_BREAK = re.compile(r",\s+plus\b|;\s+|\s+as well as\b|,\s+(?:yet|while|but|whereas|although)\b")


def rate_clause(s: Sentence, rate: Mention | None, since: int, until: int | None) -> str:
    """The words that go with a rate: between the neighbouring rates, and within its clause ("10 percent
    baseline tariffs imposed on most nations, plus steeper levies on cars": not the cars)."""
    text = s.text[since:until]
    if rate is None:
        return text
    at = rate.start - s.start - since
    cuts = [m for m in CLAUSE_BREAK.finditer(text)]
    start = max([m.end() for m in cuts if m.end() <= at], default=0)
    end = min([m.start() for m in cuts if m.start() >= at], default=len(text))
    return text[start:end]


def tariff_rows(s: Sentence, rate: Mention | None, own: str, date_fields: list, pause: Mention | None) -> list[Draft]:
    """The rows of one rate (or of a tariff named without one), one per sector and country: the sector of the
    rate's own clause (of the sentence when the clause refers back to it: "the 25 percent tariff on them"), the
    country its clause names before it ("Korean cars still pay") and any group it names ("the same 10 percent
    baseline tariffs imposed on most nations")."""
    sectors, guessed = sectors_in(own) or (sectors_in(s.text) if REFERS_BACK.search(own) else []), set()
    if not sectors:
        sectors, guessed = ["all goods"], {"sector"}
    before = s.text[: rate.start - s.start] if rate else s.text
    clause = before[len(before) - len(own) :] if rate else own
    groups = [t for t in tariff_targets(own) if t in GROUP_NAMES]
    if rate:
        targets = list(dict.fromkeys(subject_targets(clause) + groups)) or tariff_targets(own) or tariff_targets(s.text)
    else:
        targets = tariff_targets(own) or subject_targets(s.text) or tariff_targets(s.text)
    if not targets:
        targets, guessed = ["all countries"], guessed | {"applies_to"}
    status = tariff_status(own if PAUSE_WORDS.search(own) else clause, before) or tariff_status(s.text)
    if not (rate and FROM_RATE_BEFORE.search(before)):  # the rate a change starts from is the one in force
        status = settled_status(status, clause, date_fields, s.anchor)
    if rate and PAUSED_LATER.search(s.text[rate.end - s.start :]):  # "…, but later paused them to July"
        status = "paused"
    guessed |= {"status"} if not status else set()
    guessed |= {"imposed_by"} if not IMPOSED_BY_NAMED.search(s.text) else set()
    coded = ([rate] if rate else []) + [d for d, _, _ in date_fields] + ([pause] if pause else [])
    rows = []
    for sector in sectors:
        kind, kind_guessed = tariff_kind(own if sector != "all goods" else s.text, sector)
        for target in targets:
            row = s.base() | {"imposed_by": "United States", "applies_to": target, "sector": sector, "kind": kind}
            row |= {"rate_pct": f"{rate.value:g}" if rate else "", "status": status or "announced"}
            row_guessed = guessed | ({"kind"} if kind_guessed else set())
            for _, values, date_guessed in date_fields:
                row |= values
                row_guessed |= date_guessed
            if pause:
                row["pause_days"] = f"{pause.value:g}"
            rows.append(Draft("tariffs", row, coded, row_guessed))
    return rows


GROUP_NAMES = {name for name, _ in GROUPS}
PAUSED_LATER = re.compile(r"\b(?:later |then )?(?:paused|suspended) (?:them|it)\b", re.I)
# "the 25 percent tariff on them": the sector of the clause the rate's clause refers back to
REFERS_BACK = re.compile(
    r"\b(?:them|it|they|that rate|the same rate|the (?:cut|increase|reduction|lower rate|higher rate|new rate))\b", re.I
)
# the future or an obligation before the verb of the rate: "would invest … and pay a 15 per cent tariff"
NOT_YET = re.compile(r"\b(?:will|would|shall|is to|are to|to be|supposed to|due to|set to|expected to)\b", re.I)
# done already: "has cut its tariff … to 15 percent"
DONE = re.compile(r"\b(?:has|have|had) (?:\w+ )?(?:cut|lowered|raised|reduced|doubled|imposed)\b", re.I)


def subject_targets(clause: str) -> list[str]:
    """The country whose goods the clause before a rate names as its subject ("Korean cars still pay", "Japan is
    subject to the same 10 percent …"): the first one named, not the US."""
    return [c for c in countries_in(clause) if c != "United States"][:1]


def settled_status(status: str | None, clause: str, date_fields: list, anchor) -> str | None:
    """A rate's status corrected by its clause: a rate told in the future or as an obligation ("would pay",
    "are supposed to pay") is announced; one that has been cut or one in force since a date on or before the
    article's ("since Sept. 16", "backdated to Nov. 1") is in effect."""
    if status == "in_effect" and NOT_YET.search(clause):
        return "announced"
    effective = [v["effective"] for _, v, _ in date_fields if v.get("effective")]
    in_force = DONE.search(clause) or any(e <= anchor.isoformat() for e in effective)
    if status in (None, "announced") and in_force and not NOT_YET.search(clause):
        return "in_effect"
    return status


SINCE_BEFORE = re.compile(r"\bsince\s+$", re.I)  # "have paid the 25 percent rate since April 3": a date passed
TOOK_EFFECT = re.compile(r"\b(?:introduced|imposed|took effect|came into effect|in effect)\b[^,;–]{0,20}$")
EVENT_NOT_TARIFF = {"statement", "meeting", "trip", "election", "report", "deadline", "political"}
EFFECTIVE_BEFORE = re.compile(
    r"\b(?:from|since|effective|starting|as of|take effect on|took effect on|takes effect on|backdat\w*(?:\s+\S+){0,3}\s+to|"
    r"retroactive(?:ly)? (?:to|from)|applies from|applied from)\s+$",
    re.I,
)
PAUSE_END_BEFORE = re.compile(
    r"\b(?:until|till|to|through|runs? out on|run out on|ran out on|expires? on|expired on|ends? on|ended on|lapses? on)\s+$",
    re.I,
)
ANNOUNCED_BEFORE = re.compile(
    r"\b(?:announced|unveiled|threatened|proposed)\s+(?:on\s+|in\s+|early\s+|late\s+)?$", re.I
)
# a date of the tariff's announcement that is also an event of its own ("reached a deal on Wednesday")
DEAL_EVENT = re.compile(
    r"\b(?:deal|agreement|fact sheet|letters?|order|memorandum|notice|publication|bill)\b|\b(?:signed|posted|agreed|reached)\b",
    re.I,
)


def tariff_dates(s: Sentence, dates: list[Mention]) -> tuple[list[tuple[Mention, dict, set]], list[Mention]]:
    """Which date field of a tariff each date fills, by the words before it ("from", "since", "backdated
    to" -> effective; "until", "runs out on" in a sentence about a pause -> paused_until; otherwise announced).
    A date of something else said in the sentence (a statement, a meeting, a "by <date>" deadline) is
    drafted as an event instead, and a deal's or letter's date as both."""
    fields, events = [], []
    for i, d in enumerate(dates):
        before = s.before(d)
        if PAUSE_END_BEFORE.search(before) and PAUSE_WORDS.search(s.text):
            name = "paused_until"
        elif EFFECTIVE_BEFORE.search(before) or TOOK_EFFECT.search(before):
            name = "effective"
        elif ANNOUNCED_BEFORE.search(before):
            name = "announced"
        else:
            since = dates[i - 1].end - s.start if i else 0
            until = dates[i + 1].start - s.start if i + 1 < len(dates) else None
            kind = event_type(s.before(d, since), s.after(d, until))
            if kind in EVENT_NOT_TARIFF:
                events.append(d)
                continue
            if kind == "announcement" and DEAL_EVENT.search(DATE_CLAUSE_EDGE.split(s.before(d, since))[-1]):
                events.append(d)
            name = "announced"
        ahead = name == "paused_until" or (looks_ahead(before) and not SINCE_BEFORE.search(before))
        period, guessed, basis = resolve_date(s, d, ahead=ahead, back=bool(SINCE_BEFORE.search(before)))
        if period:
            values = {name: period.start.isoformat(), f"{name}_precision": period.precision, "date_basis": basis}
            fields.append((d, values, {name} if guessed else set()))
    return fields, events
