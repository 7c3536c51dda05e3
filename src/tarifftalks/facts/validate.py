"""The checks on the fact base: schema, provenance, dates, coverage and disagreements.

`validate(facts)` returns a Validation with the errors (FactError, each naming file, row and
field), the coverage of every article and the disagreements between articles (findings, not
errors). `check(facts)` raises FactErrors when there is any error.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import itertools
import json
import warnings
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from tarifftalks.errors import FactError, FactErrors
from tarifftalks.facts.dates import basis_phrase, resolve_phrase
from tarifftalks.facts.hedges import OWN_REPORTING, PLAIN, cues_in, relayed_cues
from tarifftalks.facts.load import Facts, resource
from tarifftalks.facts.meaning import meaning_errors
from tarifftalks.facts.text import (
    Mention,
    clause_problem,
    find_all,
    find_mentions,
    line_starts,
    names_in_quote,
    normalize_ws,
    numbers_in,
    same_number,
)

# (date field, precision field, end field or None) for each table with dates
DATE_FIELDS = {
    "events": [("date_start", "date_precision", "date_end")],
    "tariffs": [
        ("announced", "announced_precision", None),
        ("effective", "effective_precision", None),
        ("paused_until", "paused_until_precision", None),
    ],
}


@dataclass
class ArticleCoverage:
    source_id: str
    mentions: int
    coded: int
    omitted: int
    missing: list[Mention] = field(default_factory=list)

    @property
    def share(self) -> float:
        return 1.0 if self.mentions == 0 else (self.coded + self.omitted) / self.mentions


@dataclass
class Finding:
    """Two or more articles give different values for the same measure."""

    table: str
    measure: dict
    values: list[tuple[str, float, int]]  # (source_id, value, row)

    def describe(self) -> str:
        key = ", ".join(f"{k}={v}" for k, v in self.measure.items() if v is not None and not pd.isna(v))
        vals = "; ".join(f"{v:g} in {s} (row {r})" for s, v, r in self.values)
        return f"{self.table}: {key}: {vals}"


@dataclass
class DateFinding:
    """Articles give dates that do not overlap for what they code as the same event or announcement (one key)."""

    table: str
    key: str
    dates: list[tuple[str, dt.date, dt.date, int]]  # (source_id, start, end, row)

    def describe(self) -> str:
        told = "; ".join(f"{s}..{e} in {sid} (row {r})" for sid, s, e, r in self.dates)
        return f"{self.table}: key {self.key}: {told}"


@dataclass
class Validation:
    errors: list[FactError]
    coverage: list[ArticleCoverage]
    findings: list[Finding]
    date_findings: list[DateFinding] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    def raise_errors(self) -> None:
        if self.errors:
            raise FactErrors(self.errors)


# ---------------------------------------------------------------- articles


def article_texts(facts: Facts) -> dict[str, str]:
    """Normalised text of each article; raises when a file is missing or changed."""
    label = facts.label("sources")
    texts, problems = {}, []
    for row, src in facts.sources.iterrows():
        path = Path(facts.seeds_dir) / src["file"]
        try:
            raw = path.read_bytes()
        except FileNotFoundError:
            problems.append(FactError(label, f"article file {path} is missing", row, "file"))
            continue
        except (OSError, ValueError) as exc:  # a folder, no permission, a NUL byte in the name
            problems.append(FactError(label, f"article file {str(path)!r} cannot be read: {exc}", row, "file"))
            continue
        digest = hashlib.sha256(raw).hexdigest()
        if digest != src["sha256"]:
            problems.append(
                FactError(
                    label, f"article {path} has changed: sha256 is {digest}, expected {src['sha256']}", row, "sha256"
                )
            )
            continue
        texts[src["source_id"]] = normalize_ws(raw.decode("utf-8"))
    if problems:
        raise FactErrors(problems)
    return texts


# ---------------------------------------------------------------- schema


def _without_dtypes(schema):
    schema = schema.update_columns({name: {"dtype": None, "coerce": False} for name in schema.columns})
    schema.coerce = False
    return schema


def schema_errors(facts: Facts) -> list[FactError]:
    """Required fields, enumerations, patterns, ranges and unique ids, checked by pandera."""
    import pandera.errors

    problems = []
    for name, table in facts.tables.items():
        res = resource(facts.package, name)
        schema = _without_dtypes(_raw_schema(res))
        frame = table.copy()
        for f in res["schema"]["fields"]:
            if f["type"] == "date":
                frame[f["name"]] = frame[f["name"]].dt.strftime("%Y-%m-%d")
        try:
            schema.validate(frame, lazy=True)
        except pandera.errors.SchemaErrors as exc:
            for case in exc.failure_cases.itertuples():
                row = None if pd.isna(case.index) else int(case.index)
                problems.append(FactError(facts.label(name), _explain(case.check, case.failure_case), row, case.column))
        problems += _primary_key_errors(facts, name, res)
    return problems


def _raw_schema(res: dict):
    return _schema_from_json(json.dumps(res["schema"], sort_keys=True))


@functools.lru_cache(maxsize=32)
def _schema_from_json(schema_json: str):
    """pandera schema of a Frictionless Table Schema, built once per distinct schema."""
    from pandera.io.pandas_io import from_frictionless_schema

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return from_frictionless_schema(json.loads(schema_json))


def _explain(check: str, value: object) -> str:
    check = str(check)
    if check.startswith("isin("):
        return f"expected one of {check[5:-1]}, got {value!r}"
    if check == "field_uniqueness":
        return f"duplicate id {value!r}; ids must be unique"
    if check == "not_nullable":
        return "value is required"
    if check.startswith("str_matches("):
        return f"expected text matching {check[12:-1]}, got {value!r}"
    if check.startswith(("in_range(", "greater_than", "less_than")):
        return f"expected a value satisfying {check}, got {value!r}"
    return f"failed check {check}, got {value!r}"


def _primary_key_errors(facts: Facts, name: str, res: dict) -> list[FactError]:
    key = res["schema"].get("primaryKey")
    if not key:
        return []
    key = [key] if isinstance(key, str) else key
    table = facts.tables[name]
    dup = table[table.duplicated(subset=key, keep="first")]
    return [
        FactError(
            facts.label(name), f"duplicate key {tuple(r[k] for k in key)}; {'+'.join(key)} must be unique", row, key[-1]
        )
        for row, r in dup.iterrows()
    ]


def foreign_key_errors(facts: Facts) -> list[FactError]:
    known = set(facts.sources["source_id"])
    problems = []
    for name in facts.tables:
        if name == "sources" or "source_id" not in facts[name].columns:
            continue
        for row, sid in facts[name]["source_id"].items():
            if sid not in known:
                problems.append(
                    FactError(
                        facts.label(name),
                        f"unknown source {sid!r}; expected one of {', '.join(sorted(known))}",
                        row,
                        "source_id",
                    )
                )
    return problems


# ---------------------------------------------------------------- provenance


def quote_errors(facts: Facts, texts: dict[str, str]) -> list[FactError]:
    """Every quote occurs verbatim in its article (after whitespace normalisation)."""
    problems = []
    for name in facts.fact_tables:
        for row, r in facts[name].iterrows():
            text = texts.get(r["source_id"])
            if text is None:
                continue
            quote = normalize_ws(r["quote"])
            if quote not in text:
                hint = _longest_prefix_found(quote, text)
                problems.append(
                    FactError(
                        facts.label(name),
                        f"quote is not in article {r['source_id']}; it matches only up to {hint!r}",
                        row,
                        "quote",
                    )
                )
    return problems


def _longest_prefix_found(quote: str, text: str) -> str:
    lo, hi = 0, len(quote)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if quote[:mid] in text:
            lo = mid
        else:
            hi = mid - 1
    return quote[:lo][-60:] + "…"


def quoted_number_fields(res: dict) -> list[tuple[str, object]]:
    return [(f["name"], f["x-in-quote"]) for f in res["schema"]["fields"] if f.get("x-in-quote")]


def number_errors(facts: Facts) -> list[FactError]:
    """Every number in a row appears in its quote, in some written form."""
    problems = []
    for name in facts.fact_tables:
        fields = quoted_number_fields(resource(facts.package, name))
        for row, r in facts[name].iterrows():
            written = numbers_in(r["quote"])
            for fname, rule in fields:
                value = r[fname]
                if value is None or pd.isna(value):
                    continue
                if any(same_number(float(value), w) for w in written):
                    continue
                if rule == "or-basis" and r.get("date_basis"):
                    continue
                expected = "the quote" + (" (or a date_basis saying how it was resolved)" if rule == "or-basis" else "")
                problems.append(
                    FactError(facts.label(name), f"number {value:g} does not appear in {expected}", row, fname)
                )
    return problems


def date_errors(facts: Facts) -> list[FactError]:
    """Dates agree with their precision, and a relative date is re-computed from the article's date."""
    problems = []
    published = facts.sources.set_index("source_id")
    for name, specs in DATE_FIELDS.items():
        if name not in facts.tables:
            continue
        label = facts.label(name)
        for row, r in facts[name].iterrows():
            for date_f, prec_f, end_f in specs:
                start, prec = r[date_f], r[prec_f]
                if pd.isna(start):
                    if prec is not None:
                        problems.append(FactError(label, f"precision given but {date_f} is empty", row, prec_f))
                    continue
                if prec is None:
                    problems.append(FactError(label, f"{date_f} needs a precision", row, prec_f))
                    continue
                start = start.date()
                end = r[end_f].date() if end_f and not pd.isna(r[end_f]) else None
                problems += _precision_errors(label, row, date_f, end_f, start, end, prec)
            problems += _basis_errors(label, row, r, specs, published)
    return problems


def _precision_errors(label, row, date_f, end_f, start, end, prec) -> list[FactError]:
    if end is not None and end < start:
        return [FactError(label, f"ends before it starts ({end} < {start})", row, end_f)]
    if prec == "week" and start.weekday() != 0:
        return [FactError(label, f"a week starts on a Monday; {start} is a {start:%A}", row, date_f)]
    if prec == "month" and start.day != 1:
        return [FactError(label, f"a month starts on day 1; got {start}", row, date_f)]
    if end_f is None:
        return []
    expected_end = period_end(start, prec)
    if expected_end is not None and end != expected_end:
        return [FactError(label, f"precision {prec} starting {start} ends on {expected_end}, got {end}", row, end_f)]
    return []


def _basis_errors(label, row, r, specs, published) -> list[FactError]:
    phrase = basis_phrase(r.get("date_basis"))
    if phrase is None or r["source_id"] not in published.index:
        return []  # an unknown source is reported by the foreign-key check
    src = published.loc[r["source_id"]]
    anchors = {src["published_earliest"].date(), src["published"].date()}
    periods = []
    for date_f, prec_f, end_f in specs:
        if not pd.isna(r[date_f]):
            end = r[end_f].date() if end_f else None
            periods.append((date_f, r[date_f].date(), end, r[prec_f]))
    for anchor in sorted(anchors):
        readings = resolve_phrase(phrase, anchor)
        if not readings:
            return [
                FactError(label, f"date_basis phrase {phrase!r} is not a date the resolver knows", row, "date_basis")
            ]
        ok = any(
            p.start == start and p.precision == prec and (end is None or p.end == end)
            for _, start, end, prec in periods
            for p in readings[:2]
        )
        if not ok:
            want = " or ".join(f"{p.start}..{p.end} ({p.precision})" for p in readings[:2])
            field_ = periods[0][0] if periods else "date_basis"
            return [FactError(label, f"{phrase!r} in an article of {anchor} resolves to {want}", row, field_)]
    return []


# ---------------------------------------------------------------- claims: hedges, whole clauses, names


def certainty_errors(facts: Facts) -> list[FactError]:
    """A quote carrying a hedge cue is not coded as plainly stated, nor a relayed claim as the outlet's own."""
    problems = []
    for name in facts.fact_tables:
        table = facts[name]
        if "certainty" not in table.columns:
            continue
        for row, r in table.iterrows():
            cues = [c.name for c in cues_in(r["quote"])]
            if cues and r["certainty"] == PLAIN:
                problems.append(
                    FactError(
                        facts.label(name),
                        f"the quote hedges its claim ({cues[0]!r}), so it cannot be coded as plainly stated; "
                        "code how firmly it is made (reported, expected, scheduled, willing, floated, possible, advised, suggested)",
                        row,
                        "certainty",
                    )
                )
            relayed = [c.name for c in relayed_cues(r["quote"])]
            if relayed and r["attribution"] == OWN_REPORTING:
                problems.append(
                    FactError(
                        facts.label(name),
                        f"the quote relays the claim ({relayed[0]!r}), so it is not the article's own reporting; "
                        "code who asserts it (media_reports, unnamed_official, unattributed, analyst, ...)",
                        row,
                        "attribution",
                    )
                )
    return problems


def article_line_starts(facts: Facts) -> dict[str, set[int]]:
    """Where each article's lines start a sentence, as offsets in its normalised text."""
    files = dict(zip(facts.sources["source_id"], facts.sources["file"], strict=True))
    return {sid: line_starts((Path(facts.seeds_dir) / f).read_text(encoding="utf-8")) for sid, f in files.items()}


def clause_errors(facts: Facts, texts: dict[str, str]) -> list[FactError]:
    """Every quote is a whole sentence or clause of its article, so that it carries the row's claim."""
    lines = article_line_starts(facts)
    problems = []
    for name in facts.fact_tables:
        for row, r in facts[name].iterrows():
            text = texts.get(r["source_id"])
            problem = None if text is None else clause_problem(r["quote"], text, lines[r["source_id"]])
            if problem:
                problems.append(FactError(facts.label(name), problem, row, "quote"))
    return problems


def naming_errors(facts: Facts) -> list[FactError]:
    """A quote names what its row measures: a word of the naming fields, or one of the table's terms."""
    problems = []
    for name in facts.fact_tables:
        rule = resource(facts.package, name).get("x-quote-names")
        if not rule:
            continue
        fields, terms = rule.get("fields", []), rule.get("terms", [])
        for row, r in facts[name].iterrows():
            names = [r[f] for f in fields if isinstance(r[f], str)]
            if not names_in_quote(r["quote"], names, terms):
                wanted = " or ".join(
                    [f"a word of {'/'.join(fields)}"] * bool(fields) + [f"one of {terms}"] * bool(terms)
                )
                problems.append(
                    FactError(
                        facts.label(name), f"the quote does not name what the row is about ({wanted})", row, "quote"
                    )
                )
    return problems


def printed_errors(facts: Facts) -> list[FactError]:
    """Fields marked x-printed (a person's role, organisation) are printed in the row's quote, word for word."""
    problems = []
    for name in facts.fact_tables:
        fields = [f["name"] for f in resource(facts.package, name)["schema"]["fields"] if f.get("x-printed")]
        for row, r in facts[name].iterrows():
            quote = normalize_ws(r["quote"]).lower()
            for fname in fields:
                if isinstance(r[fname], str) and normalize_ws(r[fname]).lower() not in quote:
                    problems.append(
                        FactError(
                            facts.label(name),
                            f"{r[fname]!r} is not printed in the quote; code it as printed",
                            row,
                            fname,
                        )
                    )
    return problems


# ---------------------------------------------------------------- one event, one key


@dataclass(frozen=True)
class KeyedSpan:
    """One row's dates under a shared key (an event, a tariff announcement)."""

    row: int
    source_id: str
    start: dt.date
    end: dt.date


# table -> (key field, start field, precision field, end field or None); the end follows from the precision
KEYED_DATES = {
    "events": ("event_key", "date_start", "date_precision", "date_end"),
    "tariffs": ("announcement_key", "announced", "announced_precision", None),
}


def period_end(start: dt.date, precision: str) -> dt.date | None:
    """Last day of a period given its first day and precision; None for a range (its end is stored)."""
    return {
        "day": start,
        "week": start + dt.timedelta(days=6),
        "month": (pd.Timestamp(start) + pd.offsets.MonthEnd(0)).date(),
        "year": dt.date(start.year, 12, 31),
    }.get(precision)


def keyed_spans(facts: Facts, name: str) -> dict[str, list[KeyedSpan]]:
    """The dated rows of a table grouped by their shared key."""
    key_f, start_f, prec_f, end_f = KEYED_DATES[name]
    by_key: dict[str, list[KeyedSpan]] = {}
    for row, r in facts[name].iterrows():
        if not r[key_f] or pd.isna(r[start_f]):
            continue
        start = r[start_f].date()
        end = r[end_f].date() if end_f and not pd.isna(r[end_f]) else period_end(start, r[prec_f]) or start
        by_key.setdefault(r[key_f], []).append(KeyedSpan(int(row), r["source_id"], start, end))
    return by_key


def key_date_checks(facts: Facts) -> tuple[list[FactError], list[DateFinding]]:
    """Rows sharing a key (one event, one announcement) agree on dates: their spans overlap.

    Within one article, dates that do not overlap are an error (two events under one key); between
    articles they are a finding, a disagreement the report shows.
    """
    problems, findings = [], []
    for name, (key_f, *_) in KEYED_DATES.items():
        if name not in facts.tables or key_f not in facts[name].columns:
            continue
        for key, spans in keyed_spans(facts, name).items():
            clashes = [(a, b) for a, b in itertools.combinations(spans, 2) if a.start > b.end or b.start > a.end]
            problems += [
                FactError(
                    facts.label(name),
                    f"{key_f} {key!r} is also on row {a.row} with dates that do not overlap "
                    f"({a.start}..{a.end}); one article, one date per {key_f.split('_')[0]}",
                    b.row,
                    key_f,
                )
                for a, b in clashes
                if a.source_id == b.source_id
            ]
            if clashes and len({s.source_id for s in spans}) > 1:
                findings.append(DateFinding(name, key, [(s.source_id, s.start, s.end, s.row) for s in spans]))
    return problems, findings


CLAIM_IDENTITY = ("actor", "addressed_to", "kind", "topic")


def claim_key_errors(facts: Facts) -> list[FactError]:
    """Rows sharing a claim_key make the same claim: same actor, addressee, kind and topic as the key's first row."""
    if "positions" not in facts.tables or "claim_key" not in facts["positions"].columns:
        return []
    pos = facts["positions"]
    problems = []
    for key, group in pos[pos["claim_key"].notna()].groupby("claim_key", sort=True):
        first_row, first = next(group.iterrows())
        for row, r in group.iloc[1:].iterrows():
            problems += [
                FactError(
                    facts.label("positions"),
                    f"claim_key {key!r} is on row {first_row} with {f} {first[f]!r}, here {r[f]!r}; one claim, one {f}",
                    row,
                    f,
                )
                for f in CLAIM_IDENTITY
                if r[f] != first[f]
            ]
    return problems


# ---------------------------------------------------------------- coverage


def row_codes(r: pd.Series, mention: Mention, anchor: dt.date) -> bool:
    """True when the row codes the mention.

    A number written in digits must be one of the row's values; a number written as a word ("first",
    "ninefold") may instead appear in the row's own words (description, statement, note). A date must be
    one of the row's dates, or a relative phrase that the row's date_basis resolves.
    """
    if mention.kind == "date":
        readings = {p.start for p in resolve_phrase(mention.text, anchor)[:2] if p.precision == "day"}
        if any(isinstance(v, pd.Timestamp) and v.date() in readings for v in r.values):
            return True
        basis = r.get("date_basis")
        return isinstance(basis, str) and mention.text.lower() in basis.lower()
    for value in r.values:
        if isinstance(value, bool) or value is None:
            continue
        if isinstance(value, (int, float)) and not pd.isna(value) and same_number(float(value), mention.value):
            return True
        if isinstance(value, pd.Timestamp) and same_number(float(value.year), mention.value):
            return True
    if any(ch.isdigit() for ch in mention.text):
        return False
    needle = mention.text.lower()
    return any(
        isinstance(value, str) and needle in value.lower()
        for col, value in r.items()
        if col not in ("quote", "source_id", "date_basis")
    )


def mentions_by_article(texts: dict[str, str]) -> dict[str, list]:
    """Each article's numbers and dates, found once per distinct text (copies of a text share them)."""
    by_text = {text: find_mentions(text) for text in set(texts.values())}
    return {sid: by_text[text] for sid, text in texts.items()}


def coverage(facts: Facts, texts: dict[str, str], mentions: dict[str, list] | None = None) -> list[ArticleCoverage]:
    """For each article: how many of its numbers and dates are coded or deliberately omitted."""
    quotes: dict[str, list[tuple[int, int, pd.Series]]] = {sid: [] for sid in texts}
    for name in facts.fact_tables:
        for _, r in facts[name].iterrows():
            if r["source_id"] in texts:
                q = normalize_ws(r["quote"])
                for start in find_all(texts[r["source_id"]], q):
                    quotes[r["source_id"]].append((start, start + len(q), r))
    omitted = {(o.source_id, o.mention, o.occurrence) for o in facts["omissions"].itertuples()}
    anchors = facts.published
    mentions = mentions or mentions_by_article(texts)
    result = []
    for sid in texts:
        seen: dict[str, int] = {}
        cov = ArticleCoverage(sid, 0, 0, 0)
        for m in mentions[sid]:
            seen[m.text] = seen.get(m.text, 0) + 1
            cov.mentions += 1
            if any(s <= m.start and m.end <= e and row_codes(r, m, anchors[sid]) for s, e, r in quotes[sid]):
                cov.coded += 1
            elif (sid, m.text, seen[m.text]) in omitted:
                cov.omitted += 1
            else:
                cov.missing.append(m)
        result.append(cov)
    return result


def omission_errors(facts: Facts, texts: dict[str, str], mentions: dict[str, list] | None = None) -> list[FactError]:
    """An omission must name a mention that exists in its article."""
    problems = []
    counts = {sid: Counter(m.text for m in found) for sid, found in (mentions or mentions_by_article(texts)).items()}
    for row, o in facts["omissions"].iterrows():
        if o["source_id"] not in counts:
            continue
        count = counts[o["source_id"]][o["mention"]]
        if o["occurrence"] > count:
            problems.append(
                FactError(
                    facts.label("omissions"),
                    f"article {o['source_id']} has {count} mention(s) {o['mention']!r}, not {o['occurrence']}",
                    row,
                    "occurrence" if count else "mention",
                )
            )
    return problems


# ---------------------------------------------------------------- disagreements


def disagreements(facts: Facts) -> list[Finding]:
    """Measures (same key, same period) that two articles give different values for."""
    findings = []
    for res in facts.package["resources"]:
        key, value = res.get("x-measure-key"), res.get("x-value")
        if not key or res["name"] not in facts.tables:
            continue
        table = facts[res["name"]].dropna(subset=[value])
        for group_key, group in table.groupby(key, dropna=False, sort=True):
            distinct = {round(float(v), 9) for v in group[value]}
            if len(distinct) > 1 and group["source_id"].nunique() > 1:
                values = [(r["source_id"], float(r[value]), int(row)) for row, r in group.iterrows()]
                findings.append(Finding(res["name"], dict(zip(key, group_key, strict=True)), values))
    return findings


# ---------------------------------------------------------------- all together


def validate(facts: Facts) -> Validation:
    """Run every check; errors are collected, not raised."""
    errors = schema_errors(facts) + foreign_key_errors(facts)
    try:
        texts = article_texts(facts)
    except FactErrors as exc:
        return Validation(errors + exc.errors, [], [])
    mentions = mentions_by_article(texts)
    errors += quote_errors(facts, texts) + number_errors(facts) + date_errors(facts)
    errors += omission_errors(facts, texts, mentions)
    errors += certainty_errors(facts) + clause_errors(facts, texts) + naming_errors(facts) + printed_errors(facts)
    key_errors, date_findings = key_date_checks(facts)
    errors += key_errors + claim_key_errors(facts) + meaning_errors(facts)
    return Validation(errors, coverage(facts, texts, mentions), disagreements(facts), date_findings)


def check(facts: Facts) -> Validation:
    """Validate and raise FactErrors on any error."""
    result = validate(facts)
    result.raise_errors()
    return result
