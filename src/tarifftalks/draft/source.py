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
DATELINE = re.compile(
    rf"^(?P<place>[A-Z][A-Z .]+),\s+(?P<month>{MONTH})\s+(?P<day>\d{{1,2}})(?:,\s+(?P<year>\d{{4}}))?\s+"
    rf"\((?P<credit>[^)]+)\)\s*(?:-{{1,2}}|[–—])\s*"
)
# a time after the date: "Nov. 14, 2025, 10:41 am", "2025-12-04 17:05 KST"
_TIME = r"(?:,?\s+\d{1,2}:\d{2}(?::\d{2})?(?:\s*[ap]\.?m\.?)?(?:\s+[A-Z]{2,4})?)?"
DATE_LINE = re.compile(rf"^{_DATE}{_TIME}$")
POSTED = re.compile(
    rf"^(?:By\s+(?P<by>.+?)\s+)?(?:Posted|Published|Updated|Last updated|Written|Input)\s*(?:on\s*)?:?\s*"
    rf"(?P<date>{_DATE})"
)
# a note in brackets after a credit, kept in the byline as printed: "Test Daily, SEOUL (written for tests)"
_NOTE = r"(?:\s+\([^)]*\))?"
CREDIT_LINE = re.compile(
    rf"^(?P<outlet>[A-Z][\w&.-]*(?: [A-Z][\w&.-]*){{0,3}}),\s+(?P<place>[A-Z]{{3,}}[A-Z ]*?){_NOTE}$"
)
BYLINE = re.compile(rf"^By\s+(?P<by>[A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*){{0,4}}{_NOTE})$")
# a section label above the headline ("EDITORIAL", "OPINION (written for tests)"): printed as the byline
SECTION = re.compile(rf"^(?P<label>EDITORIAL|OPINION|COMMENTARY|ANALYSIS|COLUMN|NEWS FOCUS){_NOTE}$")
REPORTING_BY = re.compile(
    r"^\(?(?:Reporting|Writing|Compiled|Written) by (?P<outlet>[A-Z][\w&.-]*(?: [A-Z][\w&.-]*){0,3})"
)
COPYRIGHT = re.compile(r"Copyright\s*(?:ⓒ|©|\(c\))?\s*(?P<outlet>.+?)\s+All rights reserved", re.I)
WEEKDAY_DATE = re.compile(
    rf"\bon (?P<weekday>{'|'.join(WEEKDAYS)}) \((?P<month>{'|'.join(MONTHS + list(MONTH_ABBR))})\.? (?P<day>\d{{1,2}})\)"
)
TRAILING_CREDIT = re.compile(rf"(?:^|\s)(?P<printed>(?P<credit>[A-Z]{{4,}}(?: [A-Z]{{2,}})*){_NOTE})\s*$")


@dataclass
class SourceDraft:
    row: dict
    guessed: set[str] = field(default_factory=set)
    furniture: list[tuple[str, str]] = field(default_factory=list)  # (text as printed, why it is not a fact)
    captions: list[str] = field(
        default_factory=list
    )  # photo captions: people in them are drafted where the text names them

    @property
    def here(self) -> str:
        """The place of the dateline ("GYEONGJU, Oct. 30 (…) --"), as the text would name it ("Gyeongju")."""
        line = next((f for f, why in self.furniture if why.startswith("Dateline")), "")
        return m.group("place").strip().title() if (m := DATELINE.match(line)) else ""

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
    """The date of a DATE_LINE or POSTED match."""
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
            published = likely_year(month, day, newest)
            basis = (
                f"Printed: dateline '{printed}' without a year; {published.year} from the date of "
                f"the newest registered article ({newest:%B} {newest.day}, {newest.year}) (DRAFT: check the year)."
            )
            return published, basis, True
    text = " ".join(lines)
    if m := WEEKDAY_DATE.search(text):
        return news_day(m, newest)
    if latest := latest_news(text, newest):
        return latest
    return None, "Not printed (DRAFT: establish the date from the text).", True


NEWS_DATE = re.compile(rf"\b(?i:on|since|published)\s+(?P<month>{MONTH})\s+(?P<day>\d{{1,2}})\b(?!,?\s+\d{{4}})")
NEWS_WEEKDAY = re.compile(rf"\b(?:on|said|announced|told \w+) (?P<weekday>{'|'.join(WEEKDAYS)})\b")
PAST_NEWS = re.compile(
    r"\b(?:said|told|announced|held|met|raided|signed|released|agreed|reached|took|came|was|were|had|have|has|"
    r"posted|published|submitted|filed|issued|unveiled|approved|passed|confirmed|arrived|left|began|ended)\b"
)
FUTURE = re.compile(r"\b(?:will|would|is to|are to|to be held|expected to|plans? to|ahead of|due to)\b", re.I)
AHEAD = re.compile(r"\b(?:will|would|by|until|till|before|deadline|due|next|upcoming|from|ahead)\b", re.I)
# where the clause a date belongs to starts and ends: "…, Seoul officials said on April 20." is told in the past
# even when the claim before it is in the future ("will begin talks this week")
CLAUSE_EDGE = re.compile(r"[,;:(—]\s*|\s+(?:that|which|while|after|before|as|when|but)\s+|\s+[-–]{1,2}\s+")


def _own_clause(sentence: str, start: int, end: int) -> tuple[str, str]:
    """(the words of the date's clause before it, the whole clause) within its sentence."""
    cut = max((m.end() for m in CLAUSE_EDGE.finditer(sentence, 0, start)), default=0)
    stop = next((m.start() for m in CLAUSE_EDGE.finditer(sentence, end)), len(sentence))
    return sentence[cut:start], sentence[cut:stop]


def told_as_past(sentence: str, start: int, end: int) -> bool:
    """True when the clause holding a date reports something done (a past verb, no future or deadline word);
    a clause without a verb of its own ("Since Aug. 7, …") takes the verb of the rest of the sentence."""
    before, clause = _own_clause(sentence, start, end)
    if FUTURE.search(clause) or AHEAD.search(before[-40:]):
        return False
    return bool(PAST_NEWS.search(clause) or (not re.search(r"\b[a-z]+\b", clause) and PAST_NEWS.search(sentence)))


def likely_year(month: int, day: int, newest: dt.date | None) -> dt.date:
    """A date printed without its year: articles are added as they appear, so the first reading from three
    months before the newest registered article on (the nearest year when nothing is registered)."""
    if newest is None:
        return nearest_year(month, day, dt.date.today(), forward=False)
    floor = newest - dt.timedelta(days=90)
    return min(d for y in range(newest.year - 1, newest.year + 2) if (d := dt.date(y, month, day)) >= floor)


def latest_news(text: str, newest: dt.date | None) -> tuple[dt.date, str, bool] | None:
    """An article that prints no date takes the day of the latest news it reports: the latest "on <Month>
    <day>" whose clause is told in the past ("…, Seoul officials said on April 20"), then moved to a later
    weekday the article reports in the past ("posted … on Wednesday", "said Tuesday"): the nearest such weekday on
    or after that date (a weekday names news of the last days, a date older news)."""
    found, weekdays = [], []
    undotted = re.sub(rf"\b({'|'.join(MONTH_ABBR)}|U\.S|[A-Z])\.", r"\1", text)  # "Sept. 7", "U.S." end nothing
    for sentence in re.split(r"(?<=[.!?])\s+", undotted):
        for m in NEWS_DATE.finditer(sentence):
            if told_as_past(sentence, m.start(), m.end()):
                found.append((likely_year(month_number(m.group("month")), int(m.group("day")), newest), m.group(0)))
        weekdays += [m for m in NEWS_WEEKDAY.finditer(sentence) if told_as_past(sentence, m.start(), m.end())]
    if not found:
        return None
    published, phrase = max(found)
    later = [(published + dt.timedelta(days=(WEEKDAYS.index(m.group("weekday")) - published.weekday()) % 7), m)
             for m in weekdays]  # fmt: skip
    if later:
        day, said = min(later, key=lambda x: x[0])
        published, phrase = day, f"{phrase}' and '{said.group(0)}"
    basis = (
        f"Not printed; the article takes the date of the latest news it reports, '{phrase}' ({published:%B} "
        f"{published.day}, {published.year}; the year from the newest registered article) (DRAFT: check; it may "
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
    byline = byline or next((m.group(0) for line in lines[:6] if (m := BYLINE.match(line) or SECTION.match(line))), "")
    byline = byline.removeprefix("By ")
    reporting = next((m for line in lines[-3:] if (m := REPORTING_BY.match(line))), None)
    if m := COPYRIGHT.search(text):
        printed = m.group("outlet").strip().rstrip(".")
        outlet, basis = printed, f"Printed: 'Copyright ⓒ {printed}'"
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
        return (
            credit.title(),
            byline or m.group("printed"),
            f"Printed: the credit '{credit}' at the end of the text.",
            True,
        )
    return "Unknown (not printed)", byline, "Not printed (DRAFT: establish the outlet).", True


def headline(lines: list[str]) -> str:
    """The first line that is neither a date line, a credit line nor a sentence of the story."""
    for line in lines[:3]:
        if any(rx.match(line) for rx in (DATE_LINE, CREDIT_LINE, POSTED, DATELINE, BYLINE, SECTION)):
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
    tail = next((i for i in range(len(lines) - 1, max(-1, len(lines) - 20), -1) if COPYRIGHT.search(lines[i])), None)
    if tail is not None:  # the copyright line and the page's widgets after it ("0 comments", "Log in")
        found += [(line, "Page furniture: the copyright line and the widgets after it.") for line in lines[tail:]]
    return found


HEADLINE_REASON = "Headline: repeats what the text reports (DRAFT: name the row)."
# a photo caption ends with its credit: "… April 9, 2025. AFP-Yonhap", "… Sept. 11, 2025. Test Herald file photo"
CAPTION = re.compile(
    r"(?:\bfile photo|\bphoto|AFP[-\w]*|\b(?:Yonhap|Reuters|AP|EPA|Getty Images)|\[[A-Z ]+\])\.?$", re.I
)


def captions(lines: list[str]) -> list[str]:
    """The photo captions at the top of the page (before the story's first long paragraph)."""
    return [line for line in lines[:10] if CAPTION.search(line) and not DATELINE.match(line)]


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
    return SourceDraft(row, guessed, furniture(lines), captions(lines))
