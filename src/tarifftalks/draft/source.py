"""The sources.csv row of an article not registered yet: checksum, date, outlet, byline and headline
as printed, with date_basis and outlet_basis saying where each came from. Also the article's page
furniture (date line, 'Posted' line, dateline), whose numbers and dates are drafted as omissions."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

from tarifftalks.draft.fields import nearest_year
from tarifftalks.facts.text import MONTH_ABBR, MONTHS, WEEKDAYS

_MONTH = "|".join(MONTHS)
# a month as outlets print it: "September", "Sept.", "Sep", "Nov."
_ANY_MONTH = "|".join(MONTHS + sorted(MONTH_ABBR, key=len, reverse=True))
MONTH = rf"(?:{_ANY_MONTH})\.?"
# a printed date: "November 14, 2025", "Nov. 14, 2025", "14 November 2025", "2025-11-14", "Friday, November 14, 2025"
_DATE = (
    rf"(?:(?:{'|'.join(WEEKDAYS)}),?\s+)?(?:(?P<mon>{MONTH})\s+(?P<day>\d{{1,2}}),?\s+(?P<year>\d{{4}})"
    rf"|(?P<day2>\d{{1,2}})\s+(?P<mon2>{MONTH})\s+(?P<year2>\d{{4}})"
    rf"|(?P<iso>\d{{4}}-\d{{2}}-\d{{2}}))"
)
FULL_DATE = re.compile(rf"\b{_DATE}")
DATELINE = re.compile(
    rf"^(?P<place>[A-Z][A-Z .]+),\s+(?P<month>{MONTH})\s+(?P<day>\d{{1,2}})(?:,\s+(?P<year>\d{{4}}))?\s+"
    rf"\((?P<credit>[^)]+)\)\s*(?:-{{1,2}}|[–—])\s*"
)
DATE_LINE = re.compile(rf"^{_DATE}$")
POSTED = re.compile(
    rf"^(?:By\s+(?P<by>.+?)\s+)?(?:Posted|Published|Updated|Last updated)\s*(?:on\s*)?:?\s*(?P<date>{_DATE})"
)
CREDIT_LINE = re.compile(r"^(?P<outlet>[A-Z][\w&.-]*(?: [A-Z][\w&.-]*){0,3}),\s+(?P<place>[A-Z]{3,}[A-Z ]*)$")
REPORTING_BY = re.compile(
    r"^\(?(?:Reporting|Writing|Compiled|Written) by (?P<outlet>[A-Z][\w&.-]*(?: [A-Z][\w&.-]*){0,3})"
)
COPYRIGHT = re.compile(r"Copyright\s*(?:ⓒ|©|\(c\))?\s*(?P<outlet>.+?)\s+All rights reserved", re.I)
WEEKDAY_DATE = re.compile(
    rf"\bon (?P<weekday>{'|'.join(WEEKDAYS)}) \((?P<month>{'|'.join(MONTHS + list(MONTH_ABBR))})\.? (?P<day>\d{{1,2}})\)"
)
TRAILING_CREDIT = re.compile(r"(?:^|\s)(?P<credit>[A-Z]{4,}(?: [A-Z]{2,})*)\s*$")


@dataclass
class SourceDraft:
    row: dict
    guessed: set[str] = field(default_factory=set)
    furniture: list[tuple[str, str]] = field(default_factory=list)  # (text as printed, why it is not a fact)

    @property
    def published(self) -> dt.date | None:
        value = self.row.get("published")
        return dt.date.fromisoformat(value) if value else None


def next_source_id(existing: list[str]) -> str:
    """The next id in the registered sequence (a000 ... a004 -> a005)."""
    numbers = [int(m.group(1)) for s in existing if (m := re.fullmatch(r"a(\d+)", s))]
    return f"a{max(numbers, default=-1) + 1:03d}"


def _lines(text: str) -> list[str]:
    return [re.sub(r"\s+", " ", line).strip() for line in text.splitlines() if line.strip()]


def month_number(name: str) -> int:
    name = name.rstrip(".")
    return MONTHS.index(name) + 1 if name in MONTHS else MONTH_ABBR[name[:4] if name.startswith("Sept") else name[:3]]


def printed_date(m: re.Match) -> dt.date:
    """The date of a FULL_DATE, DATE_LINE or POSTED match."""
    if m.group("iso"):
        return dt.date.fromisoformat(m.group("iso"))
    if m.group("mon"):
        return dt.date(int(m.group("year")), month_number(m.group("mon")), int(m.group("day")))
    return dt.date(int(m.group("year2")), month_number(m.group("mon2")), int(m.group("day2")))


def publication_date(lines: list[str], newest: dt.date | None) -> tuple[dt.date | None, str, bool]:
    """(date, basis, guessed) from a date line, a 'Posted' line, the dateline (year by nearness when it
    prints none), the day of the news reported "on Tuesday (Apr 8)", or the latest news it dates."""
    for line in lines[:6]:
        if m := DATE_LINE.match(line):
            return printed_date(m), f"Printed: '{line}' above the headline.", False
        if m := POSTED.match(line):
            printed = line[m.end("by") if m.group("by") else 0 : m.end("date")].strip()
            return printed_date(m), f"Printed: '{printed}'.", False
    for line in lines[:6]:
        if m := DATELINE.match(line):
            month, day = month_number(m.group("month")), int(m.group("day"))
            printed = f"{m.group('month')} {day}" + (f", {m.group('year')}" if m.group("year") else "")
            if m.group("year"):
                return dt.date(int(m.group("year")), month, day), f"Printed: dateline '{printed}'.", False
            if newest is None:
                return None, f"Printed: dateline '{printed}' without a year (DRAFT: add the year).", True
            published = nearest_year(month, day, newest, forward=False)
            basis = (
                f"Printed: dateline '{printed}' without a year; {published.year} is the year nearest "
                f"the newest registered article ({newest:%B} {newest.day}, {newest.year}) (DRAFT: check the year)."
            )
            return published, basis, True
    text = " ".join(lines)
    if m := WEEKDAY_DATE.search(text):
        return news_day(m, newest)
    if latest := latest_news(text, newest):
        return latest
    return None, "Not printed (DRAFT: establish the date from the text).", True


NEWS_DATE = re.compile(rf"\b(?i:on|since)\s+(?P<month>{MONTH})\s+(?P<day>\d{{1,2}})\b(?!,?\s+\d{{4}})")
PAST_NEWS = re.compile(
    r"\b(?:said|announced|held|met|raided|signed|released|agreed|reached|took|came|was|were|had|have|has)\b"
)
FUTURE = re.compile(r"\b(?:will|would|is to|are to|to be held|expected to|plans? to)\b", re.I)
SAID_WEEKDAY = re.compile(rf"\bsaid (?:on )?(?P<weekday>{'|'.join(WEEKDAYS)})\b")
AHEAD = re.compile(r"\b(?:will|would|by|until|till|before|deadline|due|next|upcoming|from)\b", re.I)


def latest_news(text: str, newest: dt.date | None) -> tuple[dt.date, str, bool] | None:
    """An article that prints no date takes the day of the latest news it reports: the latest "on <Month>
    <day>" in a sentence told in the past tense (the year nearest the newest registered article)."""
    around = newest or dt.date.today()
    found = []
    undotted = re.sub(rf"\b({'|'.join(MONTH_ABBR)}|U\.S|[A-Z])\.", r"\1", text)  # "Sept. 7", "U.S." end nothing
    for sentence in re.split(r"(?<=[.!?])\s+", undotted):
        for m in NEWS_DATE.finditer(sentence):
            before = sentence[: m.start()]
            if PAST_NEWS.search(sentence) and not AHEAD.search(before[-40:]) and not FUTURE.search(before):
                d = nearest_year(month_number(m.group("month")), int(m.group("day")), around, forward=False)
                found.append((d, m.group(0)))
    if not found:
        return None
    published, phrase = max(found)
    if said := SAID_WEEKDAY.search(undotted):  # "..., the presidential office said Tuesday": the next Tuesday
        weekday = WEEKDAYS.index(said.group("weekday"))
        published += dt.timedelta(days=(weekday - published.weekday()) % 7)
        phrase = f"{phrase}' and '{said.group(0)}"
    basis = (
        f"Not printed; the article takes the date of the latest news it reports, '{phrase}' ({published:%B} "
        f"{published.day}, {published.year}: the year nearest the newest registered article) (DRAFT: check; it may "
        f"have appeared a day or two later)."
    )
    return published, basis, True


def news_day(m: re.Match, newest: dt.date | None) -> tuple[dt.date | None, str, bool]:
    """The day of the news the article reports, "on Tuesday (Apr 8)": the year in which that date falls
    on that weekday, nearest the newest registered article."""
    month = MONTHS.index(m.group("month")) + 1 if m.group("month") in MONTHS else MONTH_ABBR[m.group("month")]
    day, weekday = int(m.group("day")), WEEKDAYS.index(m.group("weekday"))
    around = newest or dt.date.today()
    years = [y for y in range(around.year - 2, around.year + 3) if dt.date(y, month, day).weekday() == weekday]
    if not years:
        return None, f"Not printed; '{m.group(0)}' names no real date (DRAFT).", True
    published = min((dt.date(y, month, day) for y in years), key=lambda d: abs((d - around).days))
    basis = (
        f"Not printed. The article reports as news what was said '{m.group(0)}', taken as its date: "
        f"{published:%B} {published.day} falls on a {m.group('weekday')} in {published.year} (DRAFT: check)."
    )
    return published, basis, True


def outlet_and_byline(lines: list[str]) -> tuple[str, str, str, bool]:
    """(outlet, byline, outlet_basis, guessed) from a copyright line, a credit line or the dateline."""
    text = "\n".join(lines)
    dateline = next((m for line in lines[:6] if (m := DATELINE.match(line))), None)
    posted = next((m for line in lines[:6] if (m := POSTED.match(line))), None)
    byline = posted.group("by") if posted and posted.group("by") else ""
    reporting = next((m for line in lines[-3:] if (m := REPORTING_BY.match(line))), None)
    if m := COPYRIGHT.search(text):
        outlet, basis = m.group("outlet").strip(), f"Printed: 'Copyright ⓒ {m.group('outlet').strip()}'"
        if dateline and re.fullmatch(r"[A-Z]{2,6}", dateline.group("credit")):
            outlet += f" ({dateline.group('credit')})"
            basis += f" and the dateline '({dateline.group('credit')})'"
        return outlet, byline, basis + ".", False
    for line in lines[:6]:
        if m := CREDIT_LINE.match(line):
            return m.group("outlet"), line, f"Printed: the credit line '{line}'.", False
    if reporting:
        return reporting.group("outlet"), byline, f"Printed: '{reporting.group(0).strip('(')}' at the end.", False
    if dateline:
        credit = dateline.group("credit")
        return credit, byline, f"Printed: dateline '({credit})'.", False
    if m := TRAILING_CREDIT.search(lines[-1] if lines else ""):
        credit = m.group("credit")
        return credit.title(), credit, f"Printed: the credit '{credit}' at the end of the text.", True
    return "Unknown (not printed)", byline, "Not printed (DRAFT: establish the outlet).", True


def headline(lines: list[str]) -> str:
    """The first line that is neither a date line, a credit line nor a sentence of the story."""
    for line in lines[:3]:
        if DATE_LINE.match(line) or CREDIT_LINE.match(line) or POSTED.match(line) or DATELINE.match(line):
            continue
        if not re.search(r"[.!?\"”]$", line) and len(line) < 150:
            return line
        return ""
    return ""


def furniture(lines: list[str]) -> list[tuple[str, str]]:
    """Page furniture whose numbers and dates are not facts: (printed text, reason)."""
    found = []
    for line in lines[:6]:
        if DATE_LINE.match(line):
            found.append((line, "Date line of the article, coded in sources.published."))
        elif POSTED.match(line):
            found.append((line, "Page metadata ('Posted'): the publication date and time, coded in sources.published."))
        elif m := DATELINE.match(line):
            found.append((m.group(0), "Dateline: the publication date, coded in sources.published."))
    if title := headline(lines):
        found.append((title, HEADLINE_REASON))
    return found


HEADLINE_REASON = "Headline: repeats what the text reports (DRAFT: name the row)."


def draft_source(article: Path, registered: list[str], newest: dt.date | None) -> SourceDraft:
    """The sources.csv row for an article, as far as its text prints it; the rest marked DRAFT."""
    raw = article.read_bytes()
    lines = _lines(raw.decode("utf-8"))
    published, date_basis, date_guessed = publication_date(lines, newest)
    outlet, byline, outlet_basis, outlet_guessed = outlet_and_byline(lines)
    title = headline(lines)
    row = {
        "source_id": next_source_id(registered),
        "file": article.name,
        "sha256": hashlib.sha256(raw).hexdigest(),
        "outlet": outlet,
        "byline": byline,
        "published": published.isoformat() if published else "",
        "published_earliest": published.isoformat() if published else "",
        "headline": title,
        "label": title or "DRAFT: a short description",
        "date_basis": date_basis,
        "outlet_basis": outlet_basis,
    }
    guessed = {"source_id", "label"}
    if date_guessed:
        guessed |= {"published", "published_earliest"}
    if outlet_guessed:
        guessed |= {"outlet"}
    return SourceDraft(row, guessed, furniture(lines))
