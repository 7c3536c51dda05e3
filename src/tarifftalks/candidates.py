"""Candidate facts of an article, for the person who codes it: every number, amount, percentage,
date and relative date, and every titled person or named organisation, each with its sentence, its
place in the text, whether the tables already cover it, and a draft row for the likeliest table.

Drafts go to build/candidates/<article>/, never into data/: a person decides every row.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from tarifftalks.dates import resolve_phrase
from tarifftalks.errors import FactError
from tarifftalks.load import Facts, resource
from tarifftalks.text import Mention, find_mentions, normalize_ws

TITLE_WORDS = re.compile(
    r"\b(?:President|Minister|Secretary|Representative|envoy|founder|expert|head|official|adviser|Chairman|Governor)\b",
    re.IGNORECASE,
)
CAPITALISED_RUN = re.compile(r"\b[A-Z][a-z]+(?:-[a-z]+)?(?: [A-Z][a-z]+(?:-[a-z]+)?)+\b")
NOT_NAMES = set(
    [
        "The",
        "This",
        "That",
        "South",
        "North",
        "Korea",
        "Korean",
        "United",
        "States",
        "Japan",
        "Japanese",
        "Trade",
        "Minister",
        "Ministry",
        "Finance",
        "Industry",
        "Energy",
        "Economy",
        "Treasury",
        "Secretary",
        "Commerce",
        "President",
        "Prime",
        "Acting",
        "Chief",
        "Cabinet",
        "Representative",
        "Office",
        "Washington",
        "Seoul",
        "Tokyo",
        "White",
        "House",
        "Asia",
        "Asian",
        "Pacific",
        "Financial",
        "Times",
        "Street",
        "Journal",
        "Wall",
        "Bloomberg",
        "Reuters",
        "Group",
        "Corp",
        "Service",
        "Customs",
        "Association",
        "Institute",
        "International",
        "Policy",
        "Economic",
        "Agency",
        "News",
        "Alphabet",
        "Google",
        "America",
        "American",
        "Alaska",
        "Britain",
        "Australia",
        "India",
        "Vietnam",
        "April",
        "May",
        "June",
        "July",
        "March",
        "December",
        "October",
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
        "Former",
        "US",
        "Korea-US",
        "Inc",
        "Bank",
        "Export-Import",
        "Softbank",
        "Sovereign",
        "Chosun",
        "Ilbo",
    ]
)
ORG_RE = re.compile(
    r"\b(?:the\s+)?(?P<org>(?:[A-Z][A-Za-z.&-]+\s+){0,5}(?:Ministry|Office|Association|Institute|Agency|Service|Bank|"
    r"Corp|Group|Administration|Department|House|Council)(?:\s+of(?:\s+[A-Z][A-Za-z]+)+)?)"
)
SENTENCE_END = re.compile(r"(?<=[.!?”\"])\s+(?=[A-Z“\"])")

TABLE_HINTS = [
    ("trade_balance", r"surplus|deficit|trade balance|imbalance"),
    ("tariffs", r"tariff|levy|levies|duties|duty"),
    ("figures", r"troops|cost|budget|invest|percent of|per cent of|share|jobs|rank|fold|economy"),
]


@dataclass
class Candidate:
    kind: str  # number, date, person, organisation
    text: str
    start: int
    sentence: str
    status: str  # coded, omitted, new
    table: str
    draft: dict = field(default_factory=dict)


def sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence of normalised text."""
    spans, start = [], 0
    for m in SENTENCE_END.finditer(text):
        spans.append((start, m.start()))
        start = m.end()
    spans.append((start, len(text)))
    return spans


def sentence_at(text: str, spans: list[tuple[int, int]], position: int) -> str:
    for s, e in spans:
        if s <= position < e:
            return text[s:e]
    return text


def likely_table(kind: str, sentence: str) -> str:
    if kind == "person":
        return "people"
    if kind == "organisation":
        return "people"
    lowered = sentence.lower()
    if kind == "date":
        tariff_action = re.search(r"announc|took effect|take effect|paus|impos|slapped|introduc", lowered)
        return "tariffs" if tariff_action and re.search(TABLE_HINTS[1][1], lowered) else "events"
    for table, pattern in TABLE_HINTS:
        if re.search(pattern, lowered):
            return table
    return "figures"


def explicit_date(mention: str, anchor: dt.date) -> dt.date | None:
    """A calendar date written out ("April 15, 2025", "Apr 8"), read with dateparser."""
    import dateparser

    if not re.search(r"\d", mention):
        return None
    parsed = dateparser.parse(
        mention, settings={"RELATIVE_BASE": dt.datetime.combine(anchor, dt.time()), "PREFER_DATES_FROM": "past"}
    )
    return parsed.date() if parsed else None


def draft_for(table: str, source_id: str, anchor: dt.date, c: Candidate, m: Mention | None) -> dict:
    """A draft row with what can be filled in mechanically; everything else is left for the coder."""
    row = {"source_id": source_id, "quote": c.sentence}
    if c.kind == "number" and m is not None:
        text = m.text
        unit = (
            "percent"
            if re.search(r"%|per ?cent", text)
            else next((u for u in ("trillion", "billion", "million") if u in text), "")
        )
        currency = "USD" if "US$" in text or text.startswith("$") else "SGD" if "S$" in text else ""
        if "won" in c.sentence[c.sentence.find(text) + len(text) : c.sentence.find(text) + len(text) + 5]:
            currency = "KRW"
        value_field = {"trade_balance": "value", "tariffs": "rate_pct", "figures": "value"}.get(table, "value")
        row.update({value_field: f"{m.value:g}", "unit": unit, "currency": currency})
    if c.kind == "date":
        day = explicit_date(c.text, anchor)
        readings = [] if day else resolve_phrase(c.text, anchor)
        if day:
            start, end, precision, basis = day, day, "day", ""
        elif readings:
            p = readings[0]
            start, end, precision = p.start, p.end, p.precision
            basis = f"'{c.text}' in an article of {anchor:%B} {anchor.day}, {anchor.year}: {start} to {end} (DRAFT: check the tense and the anchor)"
        else:
            start = end = None
            precision, basis = "", f"'{c.text}': not resolved (DRAFT)"
        if table == "events":
            row.update(
                {"date_start": start or "", "date_end": end or "", "date_precision": precision, "date_basis": basis}
            )
        else:
            row.update({"announced": start or "", "announced_precision": precision, "date_basis": basis})
    if c.kind in ("person", "organisation"):
        row.update({"name": c.text, "role": c.draft.get("role", ""), "organisation": c.draft.get("organisation", "")})
    return row


def person_mentions(text: str) -> list[tuple[str, str, int]]:
    """(name, the title words before it, position): two or three capitalised words that are not
    common vocabulary of these articles, with a title within the 60 characters before them."""
    found = []
    for run in CAPITALISED_RUN.finditer(text):
        words, offset = run.group(0).split(" "), run.start()
        while words and words[0] in NOT_NAMES:  # "Trade Minister Cheong Inkyo" -> "Cheong Inkyo"
            offset += len(words.pop(0)) + 1
        if not 2 <= len(words) <= 3 or any(w in NOT_NAMES for w in words):
            continue
        name = " ".join(words)
        before = text[max(0, offset - 60) : offset]
        after = text[offset + len(name) : offset + len(name) + 40]
        if TITLE_WORDS.search(before) or TITLE_WORDS.search(after) or after.startswith(" said"):
            found.append((name, before.strip(), offset))
    return found


def org_mentions(text: str) -> list[tuple[str, int]]:
    return [(m.group("org").strip(), m.start("org")) for m in ORG_RE.finditer(text)]


def source_row(facts: Facts, article: Path):
    rows = facts.sources[facts.sources["file"] == article.name]
    if rows.empty:
        raise FactError(
            "data/sources.csv",
            f"no row names the article {article.name}; add its row (source_id, file, published, ...) first",
            field="file",
        )
    return rows.iloc[0]


def candidates(facts: Facts, article: Path) -> list[Candidate]:
    """Every candidate fact of one article, in the order of the text."""
    from tarifftalks.validate import coverage

    src = source_row(facts, article)
    sid, anchor = src["source_id"], src["published"].date()
    text = normalize_ws(article.read_text(encoding="utf-8"))
    spans = sentences(text)
    cov = {c.source_id: c for c in coverage(facts, {sid: text})}.get(sid)
    missing = {(m.start, m.text) for m in cov.missing} if cov else set()
    omitted_texts = set(facts["omissions"][facts["omissions"]["source_id"] == sid]["mention"])
    found: list[Candidate] = []
    for m in find_mentions(text):
        sentence = sentence_at(text, spans, m.start)
        if (m.start, m.text) in missing:
            status = "new"
        elif m.text in omitted_texts and not any(sentence in normalize_ws(q) for q in _quotes(facts, sid)):
            status = "omitted"
        else:
            status = "coded"
        table = likely_table(m.kind, sentence)
        c = Candidate(m.kind, m.text, m.start, sentence, status, table)
        c.draft = draft_for(table, sid, anchor, c, m)
        found.append(c)
    coded_text = _coded_text(facts, sid)
    for name, context, start in person_mentions(text):
        sentence = sentence_at(text, spans, start)
        c = Candidate("person", name, start, sentence, "coded" if name in coded_text else "new", "people")
        c.draft = {"source_id": sid, "name": name, "role": context, "quote": sentence}
        found.append(c)
    for org, start in org_mentions(text):
        sentence = sentence_at(text, spans, start)
        c = Candidate("organisation", org, start, sentence, "coded" if org in coded_text else "new", "people")
        c.draft = {"source_id": sid, "organisation": org, "quote": sentence}
        found.append(c)
    return sorted(found, key=lambda c: c.start)


def _coded_text(facts: Facts, sid: str) -> str:
    """All text fields (but quotes) of the article's rows, where a coded name or body would appear."""
    parts = []
    for name in facts.fact_tables:
        rows = facts[name][facts[name]["source_id"] == sid]
        for col in rows.columns:
            if col != "quote" and rows[col].dtype == object:
                parts += [str(v) for v in rows[col].dropna()]
    return " | ".join(parts)


def _quotes(facts: Facts, sid: str) -> list[str]:
    return [q for n in facts.fact_tables for q in facts[n].loc[facts[n]["source_id"] == sid, "quote"]]


def write_drafts(facts: Facts, found: list[Candidate], out_dir: Path) -> dict[str, Path]:
    """One CSV listing every candidate, and one draft CSV per table in that table's columns (new ones only)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    listing = out_dir / "candidates.csv"
    with open(listing, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["position", "kind", "mention", "status", "likely_table", "sentence"])
        for c in found:
            w.writerow([c.start, c.kind, c.text, c.status, c.table, c.sentence])
    written = {"candidates": listing}
    for table in sorted({c.table for c in found if c.status == "new"}):
        columns = [f["name"] for f in resource(facts.package, table)["schema"]["fields"]]
        path = out_dir / f"draft_{table}.csv"
        with open(path, "w", newline="", encoding="utf-8") as fh:
            w = csv.DictWriter(fh, columns, extrasaction="ignore", lineterminator="\n")
            w.writeheader()
            for c in found:
                if c.status == "new" and c.table == table:
                    w.writerow({k: ("" if v is None else v) for k, v in c.draft.items()})
        written[table] = path
    return written


__all__ = ["Candidate", "candidates", "write_drafts"]
