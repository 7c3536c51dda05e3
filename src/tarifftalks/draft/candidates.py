"""Candidate facts of an article, for the person who codes it: every number, amount, percentage,
date and relative date, and every titled person or named organisation, each with its sentence, its
place in the text, whether the tables already cover it, and the draft row it went into.

An article not registered yet gets a drafted sources.csv row too. Drafts go to
build/candidates/<article>/, never into data/: a person decides every row.
"""

from __future__ import annotations

import csv
import datetime as dt
import itertools
import re
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from tarifftalks.draft.match import mark_repeats
from tarifftalks.draft.people import person_drafts
from tarifftalks.draft.positions import position_drafts
from tarifftalks.draft.rows import sentence_drafts
from tarifftalks.draft.sentence import Draft, Sentence
from tarifftalks.draft.source import HEADLINE_REASON, SourceDraft, draft_source
from tarifftalks.draft.voice import (
    Speakers,
    as_validated,
    asserter,
    frame_voice,
    is_editorial,
    quotation_speakers,
    speech_frame,
    voice_of,
)
from tarifftalks.errors import FactError
from tarifftalks.facts.hedges import PLAIN
from tarifftalks.facts.load import Facts, resource
from tarifftalks.facts.text import find_mentions, normalize_ws

ORG_RE = re.compile(
    r"\b(?:the\s+)?(?P<org>(?:[A-Z][A-Za-z.&-]+\s+){0,5}(?:Ministry|Office|Association|Institute|Agency|Service|Bank|"
    r"Corp|Group|Administration|Department|House|Council)(?:\s+of(?:\s+[A-Z][A-Za-z]+)+)?)"
)
# a full stop ends a sentence, but not the one of "U.S." or "S. Korea"; a closing quotation mark ends one only
# after a full stop (not '...,” the minister said')
SENTENCE_END = re.compile(r"(?<!\b[A-Z]\.[A-Z]\.)(?<!\b[A-Z]\.)(?:(?<=[.!?])|(?<=[.!?][”\"]))\s+(?=[A-Z“\"])")
ID_PREFIX = {"tariffs": "t", "trade_balance": "tb", "events": "e", "figures": "f", "people": "p", "positions": "pos"}
CLAIM_TABLES = ("tariffs", "trade_balance", "events", "figures")
EXPLICIT_PLAN = re.compile(r"\bplann?(?:s|ed|ing)? to\b|\b(?:is|are) (?:set|due|scheduled|slated) to\b|\bintends? to\b")
REVIEW_COLUMNS = ["same_as", "differs_from", "guessed"]


@dataclass
class Candidate:
    kind: str  # number, date, person, organisation
    text: str
    start: int
    sentence: str
    status: str  # coded, omitted, new
    table: str
    draft: dict = field(default_factory=dict)


@dataclass
class ArticleDrafts:
    """What `make candidates` finds in one article: its mentions and the draft rows for review."""

    source_id: str
    anchor: dt.date
    candidates: list[Candidate]
    drafts: list[Draft]  # new rows only
    source: SourceDraft | None = None  # the sources.csv row, when the article is not registered


def header_breaks(raw: str, text: str) -> list[int]:
    """Ends of the lines at the top that are not sentences (headline, date line, credit line, dateline)."""
    breaks = []
    lines = [normalize_ws(line) for line in raw.splitlines() if line.strip()]
    for line, following in itertools.pairwise(lines[:7]):  # the top of the article only
        if not re.search(r"[.!?\"”:,;]$", line) and following[:1].isupper():
            breaks.append(text.find(line) + len(line))
    for m in re.finditer(r"[A-Z][A-Z .]+, [A-Z][a-z]+ \d{1,2} \([^)]+\) [-–—] ", text):
        breaks.append(m.end() - 1)
    return sorted(b for b in set(breaks) if b > 0)


def sentences(text: str, breaks: list[int] | None = None) -> list[tuple[int, int]]:
    """(start, end) of each sentence of normalised text; `breaks` end a sentence too (header lines). A full
    stop inside a quotation does not end the sentence: the quotation stays with its speaker ("“We met them
    last week. ... next week,” the minister said.")."""
    ends = [(m.start(), m.end()) for m in SENTENCE_END.finditer(text) if not inside_quotation(text, m.start())]
    cuts = sorted(set(ends) | {(b, b + 1) for b in breaks or []})
    spans, start = [], 0
    for end, resume in cuts:
        if end > start:
            spans.append((start, end))
        start = max(start, resume)
    spans.append((start, len(text)))
    return spans


def inside_quotation(text: str, at: int, longest: int = 600) -> bool:
    """True when a quotation opened before `at` (within its paragraph's reach) is not closed yet."""
    before = text[max(0, at - longest) : at]
    if before.count("“") > before.count("”"):
        return True
    return before.count('"') % 2 == 1 and '"' in text[at : at + longest]


def sentence_at(text: str, spans: list[tuple[int, int]], position: int) -> str:
    for s, e in spans:
        if s <= position < e:
            return text[s:e]
    return text


def org_mentions(text: str) -> list[tuple[str, int]]:
    return [(m.group("org").strip(), m.start("org")) for m in ORG_RE.finditer(text)]


def mention_status(facts: Facts, sid: str, text: str, spans, registered: bool) -> dict[tuple[int, str], str]:
    """coded, omitted or new for each mention of a registered article (all new for a new one)."""
    from tarifftalks.facts.validate import coverage

    mentions = find_mentions(text)
    if not registered:
        return {(m.start, m.text): "new" for m in mentions}
    cov = coverage(facts, {sid: text})[0]
    missing = {(m.start, m.text) for m in cov.missing}
    omitted_texts = set(facts["omissions"][facts["omissions"]["source_id"] == sid]["mention"])
    quotes = [normalize_ws(q) for n in facts.fact_tables for q in facts[n].loc[facts[n]["source_id"] == sid, "quote"]]
    status = {}
    for m in mentions:
        if (m.start, m.text) in missing:
            status[(m.start, m.text)] = "new"
        elif m.text in omitted_texts and not any(sentence_at(text, spans, m.start) in q for q in quotes):
            status[(m.start, m.text)] = "omitted"
        else:
            status[(m.start, m.text)] = "coded"
    return status


def omission_drafts(sid: str, text: str, furniture: list[tuple[str, str]], new: set) -> list[Draft]:
    """An omissions row for each new number or date printed in the page furniture (date line, dateline)."""
    drafts = []
    spans = [(text.find(normalize_ws(f)), len(normalize_ws(f)), why) for f, why in furniture]
    mentions = find_mentions(text)
    for m in mentions:
        reason = next((why for s, n, why in spans if 0 <= s <= m.start and m.end <= s + n), None)
        if reason == HEADLINE_REASON and not any(o.start > m.start and same_figure(o, m) for o in mentions):
            continue  # a figure printed only in the headline is a fact of its own
        if reason and (m.start, m.text) in new:
            drafts.append(Draft("omissions", {"source_id": sid, "mention": m.text, "reason": reason}, [m]))
    return drafts


def same_figure(a, b) -> bool:
    """Two mentions of one figure however printed ("15%" and "15 percent", "$350 billion" and "US$350 billion")."""
    if a.kind != b.kind or a.kind == "date":
        return a.text == b.text
    scale = lambda m: re.findall(r"%|per ?cent|trillion|billion|million", m.text.replace("per cent", "%"))  # noqa: E731
    return a.value == b.value and [u.replace("percent", "%") for u in scale(a)] == [
        u.replace("percent", "%") for u in scale(b)
    ]


def count_occurrences(drafts: list[Draft], text: str) -> None:
    """An omission names its mention and which occurrence of that text in the article it is."""
    nth, seen = {}, {}
    for m in find_mentions(text):
        seen[m.text] = seen.get(m.text, 0) + 1
        nth[(m.start, m.text)] = seen[m.text]
    for d in drafts:
        if d.table == "omissions":
            d.row["occurrence"] = nth[(d.mentions[0].start, d.mentions[0].text)]


def coded_quotes(facts: Facts, sid: str, table: str) -> set[str]:
    """The quotes of the article's rows in a table: a draft without a mention of its own (a position, a tariff
    named by sector without a rate) is new unless its sentence is among them."""
    return set(facts[table].loc[facts[table]["source_id"] == sid, "quote"].map(normalize_ws))


def coded_names(facts: Facts, sid: str) -> set[str]:
    return set(facts["people"].loc[facts["people"]["source_id"] == sid, "name"])


def draft_article(facts: Facts, article: Path) -> ArticleDrafts:
    """Every candidate fact of one article, and a draft row for each new one."""
    article = Path(article)
    try:
        raw = article.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise FactError(str(article), f"not UTF-8 text (byte {exc.start})") from None
    except OSError as exc:
        raise FactError(str(article), f"cannot read the article: {exc.strerror}") from None
    text = normalize_ws(raw)
    registered = facts.sources[facts.sources["file"] == article.name]
    source = None
    if registered.empty:
        newest = facts.sources["published"].max().date() if len(facts.sources) else None
        source = draft_source(article, list(facts.sources["source_id"]), newest)
        sid, anchor = source.row["source_id"], source.published or newest
    else:
        sid, anchor = registered.iloc[0]["source_id"], registered.iloc[0]["published"].date()
    spans = sentences(text, header_breaks(raw, text))
    status = mention_status(facts, sid, text, spans, source is None)
    new = {key for key, s in status.items() if s == "new"}
    drafts = omission_drafts(sid, text, source.furniture if source else [], new)
    in_furniture = {(m.start, m.text) for d in drafts for m in d.mentions}
    furniture = [
        (at, at + len(f)) for f, _ in (source.furniture if source else []) if (at := text.find(normalize_ws(f))) >= 0
    ]
    captions = [
        (at, at + len(c)) for c in (source.captions if source else []) if (at := text.find(normalize_ws(c))) >= 0
    ]
    mentions = [m for m in find_mentions(text) if (m.start, m.text) not in in_furniture]
    printed_date = (source.row["date_basis"] if source else str(registered.iloc[0]["date_basis"])).startswith("Printed")
    speakers = Speakers(editorial=is_editorial([text[s:e] for s, e in spans], printed_date))
    quoted_by = dict(zip(spans, quotation_speakers([text[s:e] for s, e in spans]), strict=True))
    for start, end in spans:
        s = Sentence(text[start:end], start, sid, anchor, source.here if source else "")
        people = [p for p in person_drafts(s) if p.row["name"] not in speakers.people]  # a first titled mention
        sides = {p.row["name"]: p.row["side"] for p in people}
        if any(a < end and start < b for a, b in captions):  # a caption's people are drafted where the text names them
            speakers.sides |= sides
            people = []
        speakers.people |= {p.row["name"]: p.row["talks_role"] for p in people}
        rows = sentence_drafts(s, [m for m in mentions if start <= m.start < end])
        for d in rows:
            if d.table in CLAIM_TABLES:
                at = d.mentions[0].start - start if d.mentions else 0
                speaking = d.table == "events" and d.row.get("event_type") == "statement"
                said_then = frame_voice(s.text, at, speakers) if speaking else None
                code_voice(d, said_then or voice_of(s.text, at, speakers, quoted_by[(start, end)]))
        drafts += rows + people
        voice_at = lambda at, s=s, q=quoted_by[(start, end)]: voice_of(s.text, at, speakers, q)  # noqa: E731
        drafts += position_drafts(s, voice_at, speakers.sides | sides, any(a < end and start < b for a, b in furniture))
        speakers.sides |= sides
        speakers.last = last_named(s.text, speakers) or speakers.last
    for d in drafts:
        if "certainty" in d.row:
            as_validated(d.row)
    count_occurrences(drafts, text)
    found = listing(text, spans, status, drafts, facts, sid)
    coded = coded_names(facts, sid)
    fresh = [
        d
        for d in drafts
        if (d.table == "people" and d.row["name"] not in coded)
        or (not d.mentions and d.table != "people" and d.row["quote"] not in coded_quotes(facts, sid, d.table))
        or any((m.start, m.text) in new for m in d.mentions)
    ]
    number_ids(fresh, sid, facts.package)
    mark_repeats(facts, fresh, anchor)
    return ArticleDrafts(sid, anchor, found, fresh, source)


def listing(
    text: str, spans: list[tuple[int, int]], status: dict, drafts: list[Draft], facts: Facts, sid: str
) -> list[Candidate]:
    """The candidates in the order of the text, each with the table and row its draft went into."""
    row_of = {(m.start, m.text): d for d in drafts for m in d.mentions}
    found = []
    for m in find_mentions(text):
        d = row_of.get((m.start, m.text))
        found.append(
            Candidate(m.kind, m.text, m.start, sentence_at(text, spans, m.start), status[(m.start, m.text)],
                      d.table if d else "", d.row if d else {})
        )  # fmt: skip
    coded_text = " | ".join(coded_names(facts, sid))
    for d in (d for d in drafts if d.table == "people"):
        start = text.find(d.row["quote"]) + d.row["quote"].find(d.row["name"])
        name_status = "coded" if d.row["name"] in coded_text else "new"
        found.append(Candidate("person", d.row["name"], start, d.row["quote"], name_status, "people", d.row))
    for org, start in org_mentions(text):
        org_status = "coded" if org in _coded_text(facts, sid) else "new"
        found.append(Candidate("organisation", org, start, sentence_at(text, spans, start), org_status, "people"))
    return sorted(found, key=lambda c: c.start)


def number_ids(drafts: list[Draft], sid: str, package: dict) -> None:
    """Draft row ids in the tables' style (t_a005_1, p_a005_han); the reviewer may rename them."""
    used: set[str] = set()
    for d in drafts:
        if d.table not in ID_PREFIX:
            continue
        stem = f"{ID_PREFIX[d.table]}_{sid}_"
        if d.table == "people":  # p_a005_han, then p_a005_han_2 for another Han
            stem += d.row["name"].split()[0].lower()
            choices = [stem] + [f"{stem}_{n}" for n in range(2, len(drafts) + 2)]
        else:
            choices = [f"{stem}{n}" for n in range(1, len(drafts) + 2)]
        row_id = next(i for i in choices if i not in used)
        used.add(row_id)
        d.row[resource(package, d.table)["schema"]["primaryKey"][0]] = row_id
        code_claim(package, d, row_id)


def code_voice(d: Draft, voice) -> None:
    """Who asserts a claim and how firmly, read from its sentence's structure (draft.voice). A figure or a
    tariff told in the future ("will invest US$350 billion", "would fall to 15 percent") states the terms of a
    deal, its status saying it is announced; only an explicit plan ("plans to buy") makes it scheduled."""
    certainty = voice.certainty
    if d.table in ("figures", "tariffs") and certainty == "scheduled" and not EXPLICIT_PLAN.search(d.row["quote"]):
        certainty = "stated"
    ahead = d.table == "events" and d.row.get("status") == "scheduled" and d.row.get("event_type") != "deadline"
    if ahead and certainty == PLAIN:
        certainty = "scheduled"  # an event still ahead is announced or planned, as reviewers code it
    d.row |= {"attribution": voice.attribution, "attributed_to": voice.attributed_to, "certainty": certainty}
    d.guessed |= {"attribution", "certainty"}


def last_named(text: str, speakers: Speakers) -> str:
    """The person a later "he said" refers to: the last one this sentence names, or its speaker."""
    found = [(text.rfind(n), n) for n in speakers.people if n in text]
    if found:
        return max(found)[1]
    frame = speech_frame(text)
    return asserter(frame.subject, speakers)[2] if frame else ""


def code_claim(package: dict, d: Draft, row_id: str) -> None:
    """An event's own key, to be replaced by the key of an event already coded when it is the same one."""
    fields = {f["name"] for f in resource(package, d.table)["schema"]["fields"]}
    if "event_key" in fields:
        d.row["event_key"] = row_id.lower().replace("_", "-")
        d.guessed.add("event_key")


def candidates(facts: Facts, article: Path) -> list[Candidate]:
    """Every candidate fact of one article, in the order of the text."""
    return draft_article(facts, article).candidates


def _coded_text(facts: Facts, sid: str) -> str:
    """All text fields (but quotes) of the article's rows, where a coded name or body would appear."""
    parts = []
    for name in facts.fact_tables:
        rows = facts[name][facts[name]["source_id"] == sid]
        for col in rows.columns:
            if col != "quote" and rows[col].dtype == object:
                parts += [str(v) for v in rows[col].dropna()]
    return " | ".join(parts)


def _write_csv(path: Path, columns: list[str], rows: list[dict]) -> Path:
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, columns, extrasaction="ignore", lineterminator="\n")
        w.writeheader()
        for row in rows:
            w.writerow({k: ("" if v is None else v) for k, v in row.items()})
    return path


def review_row(draft: Draft) -> dict:
    return draft.row | {
        "same_as": draft.same_as,
        "differs_from": draft.differs_from,
        "guessed": ";".join(sorted(draft.guessed)),
    }


LISTING_COLUMNS = ["position", "kind", "mention", "status", "likely_table", "sentence"]


def write_drafts(facts: Facts, result: ArticleDrafts, out_dir: Path) -> dict[str, Path]:
    """One CSV listing every candidate, and one draft CSV per table in that table's columns followed by
    `same_as` (the existing row stating the same fact) and `guessed` (fields not read from the text).

    The folder is written beside its place and swapped in whole, so no draft of an earlier run is left."""
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}-", dir=out_dir.parent))
    staging.chmod(out_dir.parent.stat().st_mode & 0o777)  # mkdtemp's 0700, as its parent instead
    try:
        names = write_listing_and_drafts(facts, result, staging)
        shutil.rmtree(out_dir, ignore_errors=True)
        staging.rename(out_dir)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return {table: out_dir / name for table, name in names.items()}


def write_listing_and_drafts(facts: Facts, result: ArticleDrafts, folder: Path) -> dict[str, str]:
    listing_rows = [
        dict(zip(LISTING_COLUMNS, [c.start, c.kind, c.text, c.status, c.table, c.sentence], strict=True))
        for c in result.candidates
    ]
    names = {"candidates": _write_csv(folder / "candidates.csv", LISTING_COLUMNS, listing_rows).name}
    if result.source is not None:
        columns = [f["name"] for f in resource(facts.package, "sources")["schema"]["fields"]]
        row = result.source.row | {"guessed": ";".join(sorted(result.source.guessed))}
        names["sources"] = _write_csv(folder / "draft_sources.csv", [*columns, "guessed"], [row]).name
    for table in dict.fromkeys(d.table for d in result.drafts):
        columns = [f["name"] for f in resource(facts.package, table)["schema"]["fields"]]
        rows = [review_row(d) for d in result.drafts if d.table == table]
        names[table] = _write_csv(folder / f"draft_{table}.csv", columns + REVIEW_COLUMNS, rows).name
    return names


__all__ = ["ArticleDrafts", "Candidate", "candidates", "draft_article", "write_drafts"]
