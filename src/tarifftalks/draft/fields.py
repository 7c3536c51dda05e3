"""Reading the fields of a draft row from the words of its sentence: sectors, countries, the status
and kind of a tariff, the type and tense of an event, a person's role, and the year of a calendar
date printed without one. Each reader returns None when the sentence does not say."""

from __future__ import annotations

import datetime as dt
import re

SECTOR_WORDS = [
    ("autos", r"\b(?:vehicles?|cars?|autos?|automobiles?|automotive|auto imports|auto parts|carmakers?|automakers?)\b"),
    ("steel", r"\bsteel\b"),
    ("aluminium", r"\balumin(?:i)?um\b"),
]
ALL_GOODS = re.compile(r"\ball (?:\w+ )?(?:goods|imports|products)\b|\bacross the board\b", re.I)

COUNTRY_WORDS = [
    ("South Korea", r"\b(?:South Korea(?:n|'s|’s)?|(?<!North )Korean?|Seoul(?:'s|’s)?)\b"),
    ("Japan", r"\b(?:Japan(?:ese|'s|’s)?|Tokyo(?:'s|’s)?)\b"),
    ("Vietnam", r"\b(?:Vietnam(?:ese|'s|’s)?|Hanoi)\b"),
    (
        "United States",
        r"\b(?:United States|US(?!\$)|America(?:n|'s|’s)?|Washington(?:'s|’s)?|Trump(?:'s|’s)?)\b|\bU\.S\.(?!\w)",
    ),
    # a country the tables have no value of their own for: a side "other" (North Korea, China, …)
    ("other", r"\b(?:North Korea(?:n|'s|’s)?|Pyongyang|China|Chinese|Beijing)\b"),
]
SIDES = [name for name, _ in COUNTRY_WORDS if name != "other"]
GROUPS = [("all countries", r"\ball (?:countries|trading partners|nations)\b"), ("most nations", r"\bmost nations\b")]

PAUSE_WORDS = re.compile(r"\bpaus\w*|\bsuspend\w*", re.I)
# Status of a tariff from the verb before its rate; the first pattern that matches nearest the rate wins.
TARIFF_STATUS = [
    ("paused", PAUSE_WORDS.pattern),
    (
        "in_effect",
        r"\bremains?\b|\bremain(?:s|ed)? (?:subject to|at|in place)|\bin effect\b|\bin place\b|\btook effect\b|"
        r"\b(?:came|went|come|go|comes|goes) into (?:force|effect)\b|\bsubject to\b|\bstays?(?: at)?\b|\bstayed\b|"
        r"\bcarr(?:y|ies|ied)\b|\bhave been\b|\bhas been\b|\bpa(?:y|ys|id|ying)\b|\b(?:was|were) (?:doubled|raised|lifted|increased)\b",
    ),
    ("in_effect", r"\bimposed\b|\bintroduced\b|\bcurrent(?:ly)?\b|\bexisting\b|\bfaced?\b|\bfaces\b|\bkept\b"),
    (
        "announced",
        r"\bthreat\w*|\bwould\b|\bwill\b|\bfalls? to\b|\bcut to\b|\braise\b|\bagree\w*|\bannounc\w*|\bplann?\w*|"
        r"\bsetting\b|\bsets?\b|\blowers?\b|\bin return for\b|\bwill (?:\w+ ){0,2}face\b",
    ),
    ("announced", r"\bpropos\w*|\bdeal\b|\bunveil\w*"),
]
# "fall to 15 percent from 25 percent": the rate after "from" is the one in effect now
FROM_RATE = re.compile(r"\bfrom\s*$")

# The type of event a date belongs to, from the verb whose clause holds the date ("agreed on Monday to buy",
# "is expected to visit … in late October") or else from a noun naming the event ("the June 3 election").
EVENT_VERBS = [
    (
        "political",
        r"\bremoved from office\b|\bimpeached\b|\bresign(?:s|ed)\b|\b(?:took|take|takes|taking) office\b|\bsworn in\b|"
        r"\braid(?:s|ed|ing)\b|\barrest(?:s|ed|ing)\b|\bdetain(?:s|ed|ing)\b|\b(?:named|appointed|nominated)\b|\bsubmit(?:s|ted)\b|"
        r"\b(?:passed|approved|voted)\b|\binaugurated\b",
    ),
    (
        "meeting",
        r"\bmet\b|\bmeet(?:s|ing)?\b|\bby (?:tele)?phone\b|\bhost(?:s|ed|ing)?\b|\bheld talks\b|\bnegotiated\b",
    ),
    (
        "trip",
        r"\bvisit(?:s|ed|ing)?\b|\btravel(?:s|led|ling|ed|ing)?\b|\bleaves? for\b|\bleft for\b|\barriv(?:e|es|ed|ing)\b|"
        r"\bfl(?:y|ies|ew) to\b|\battend(?:s|ed|ing)?\b|\blanded\b|\b(?:to|will) be in\b|\bembark\w*",
    ),
    (
        "announcement",
        r"\bannounc(?:e|es|ed|ing)\b|\bunveil(?:s|ed)?\b|\bsigned\b|\breleased\b|\bposted\b|\bpublished\b|\bagreed\b|"
        r"\breached\b|\bissued\b|\bfixed\b",
    ),
    ("statement", r"\bsaid\b|\btold\b|\bsays\b|\btouted\b|\bwarned\b|\bvowed\b|\bconfirmed\b|\bdeclared\b"),
    ("report", r"\breported\b|\bshowed\b"),
    ("plan", r"\bplan(?:s|ned)? to\b|\bto submit\b"),
]
EVENT_NOUNS = [
    ("election", r"\belection\b"),
    ("political", r"\bmartial law\b|\bimpeachment\b|\binauguration\b|\braid\b|\barrests?\b|\bbill\b"),
    ("meeting", r"\btalks\b|\bnegotiations?\b|\bconsultations?\b|\bsummit\b|\bmeetings?\b|\bphone call\b"),
    ("trip", r"\btrip\b|\bvisit\b"),
    (
        "announcement",
        r"\bdeal\b|\bagreement\b|\b(?:executive )?order\b|\bfact sheet\b|\bletters?\b|\bmemorandum\b|\bnotice\b|"
        r"\bpublication\b|\brelease\b",
    ),
    ("statement", r"\binterview\b|\bstatement\b|\bremarks\b|\b(?:news|press) conference\b"),
    ("report", r"\breports?\b"),
    ("plan", r"\bplan\b"),
    ("deadline", r"\bdeadline\b"),
]
EVENT_TYPES = EVENT_VERBS + EVENT_NOUNS
# words that end the few words naming an event right after its date ("on Wednesday after meeting": no noun)
NOT_A_MODIFIER = r"(?:after|before|when|while|as|to|in|at|with|for|and|but|that|on|from|which|where|by|of)\b"
PLAN_TO = re.compile(r"\bplan(?:s|ned)? to\b", re.I)
DATE_CLAUSE_EDGE = re.compile(r"[,;:]\s+|\s+(?:that|which|while|after|before|because)\s+")
DEADLINE_BEFORE = re.compile(r"\b(?:by|until|before|deadline of|no later than)\s+(?:the\s+)?$", re.I)
FUTURE_WORDS = re.compile(
    r"\b(?:will|would|must|shall|plans?|set to|to be|next|upcoming|due|expected to|later|within|is to|are to|ahead of)\b",
    re.I,
)
PAST_WORDS = re.compile(r"\b(?:said|told|met|held|came|was|were|had|took|announced|\w+ed)\b", re.I)


def sectors_in(text: str) -> list[str]:
    """The sectors a passage names, in the order of the table's enumeration; "all goods" when it says so."""
    found = [name for name, pattern in SECTOR_WORDS if re.search(pattern, text, re.I)]
    if not found and ALL_GOODS.search(text):
        found = ["all goods"]
    return found


def countries_in(text: str) -> list[str]:
    """Countries named in a passage (by name, adjective, capital or leader), in order of appearance."""
    hits = []
    for name, pattern in COUNTRY_WORDS:
        m = re.search(pattern, text)
        if m:
            hits.append((m.start(), name))
    return [name for _, name in sorted(hits)]


def tariff_targets(text: str) -> list[str]:
    """The countries or group a tariff applies to: a named group, else every country named but the US."""
    for name, pattern in GROUPS:
        if re.search(pattern, text, re.I):
            return [name]
    return [c for c in countries_in(text) if c in SIDES and c != "United States"]


def tariff_status(before: str, sentence_before: str = "") -> str | None:
    """Status from the words before a rate (its own clause): the verb nearest the rate decides. The
    rate after "from" in a sentence about a cut ("would fall to 15 percent from 25 percent") is in effect."""
    cut = re.search(r"\b(?:fall\w*|cut\w*|lower\w*|reduc\w*|drop\w*)\b", sentence_before or before, re.I)
    if FROM_RATE.search(before) and cut:
        return "in_effect"
    if PAUSE_WORDS.search(before):  # "paused a planned 50 percent tariff" or "later paused them"
        return "paused"
    best: tuple[int, str] | None = None
    for status, pattern in TARIFF_STATUS:
        for m in re.finditer(pattern, before, re.I):
            if best is None or m.end() >= best[0]:  # at a tie the later pattern ("will face") wins
                best = (m.end(), status)
    return best[1] if best else None


def tariff_kind(text: str, sector: str) -> tuple[str, bool]:
    """(kind, guessed): the word printed, else sectoral for a sector and reciprocal for all goods."""
    if re.search(r"\breciprocal\b", text, re.I):
        return "reciprocal", False
    if re.search(r"\bbaseline\b", text, re.I):
        return "baseline", False
    return ("sectoral", False) if sector != "all goods" else ("reciprocal", True)


def _nearest(patterns: list[tuple[str, str]], text: str, from_end: bool) -> tuple[int, str] | None:
    """(distance, type) of the keyword nearest the date: the end of `text` before it, the start of `text` after."""
    hits = [
        ((len(text) - m.end()) if from_end else m.start(), kind)
        for kind, pattern in patterns
        for m in re.finditer(pattern, text, re.I)
    ]
    return min(hits) if hits else None


def event_type(before: str, after: str, own_clause: bool = False) -> str | None:
    """The type of event a date belongs to: "by <date>" is a deadline; a noun right after the date ("the June 3
    presidential election"); the verb nearest the date in its own clause ("agreed on Monday to buy", "is expected
    to visit Korea for the summit in late October": a trip); a noun of its clause; else (unless `own_clause`) the
    keyword nearest it."""
    if DEADLINE_BEFORE.search(before):
        return "deadline"
    for kind, pattern in EVENT_NOUNS:
        if re.match(rf"^\s+(?:(?!{NOT_A_MODIFIER})[\w-]+\s+){{0,2}}?(?:{pattern})", after, re.I):
            return kind
    own_before = DATE_CLAUSE_EDGE.split(before)[-1]
    own_after = DATE_CLAUSE_EDGE.split(after, maxsplit=1)[0]
    if PLAN_TO.search(own_before):  # "plans to unveil … next week": a plan, whatever it plans
        return "plan"
    for patterns in (EVENT_VERBS, EVENT_NOUNS):
        found = [h for h in (_nearest(patterns, own_before, True), _nearest(patterns, own_after, False)) if h]
        if found:
            return min(found)[1]
    if own_clause:
        return None
    found = _nearest(EVENT_TYPES, before, True) or _nearest(EVENT_TYPES, after, False)
    return found[1] if found else None


def looks_ahead(before: str) -> bool:
    """True when the words just before a date speak of the future ("would hold talks next", "by")."""
    window = before
    future = list(FUTURE_WORDS.finditer(window))
    past = list(PAST_WORDS.finditer(window))
    if not future:
        return False
    return not past or future[-1].start() > past[-1].start()


BACKDATED_DAYS = 45  # a date told in the future may lie this far back ("would lower the tariff from Nov. 1")


def nearest_year(month: int, day: int, anchor: dt.date, forward: bool, back: bool = False) -> dt.date:
    """A calendar date printed without its year: the one nearest the anchor; for a sentence looking ahead the
    next one after it unless the last one is only weeks back (a backdated date); for "since" the last one on or
    before it (dateparser, with the anchor as its relative base)."""
    import dateparser

    text = f"{dt.date(2000, month, day):%B} {day}"
    base = dt.datetime.combine(anchor, dt.time())
    readings = [
        dateparser.parse(text, settings={"RELATIVE_BASE": base, "PREFER_DATES_FROM": prefer}).date()
        for prefer in ("future", "past")
    ]
    future, past = readings
    if back:
        return past
    if forward:
        return past if (anchor - past).days <= BACKDATED_DAYS else future
    return min(readings, key=lambda d: (abs((d - anchor).days), d < anchor))


TITLE = (
    r"President|Minister|Secretary|Representative|envoy|founder|expert|head|official|adviser|Chairman|Governor|"
    r"Ambassador|spokesperson|spokesman|negotiator|economist|analyst|professor|researcher|chief|CEO|director|leader|"
    r"fellow"
)
TITLE_WORD = re.compile(rf"\b(?:{TITLE})\b", re.I)
# a title printed just before the name: capitalised words ending in a title word ("Deputy Trade Minister")
_LOWER = (
    r"(?:(?<![\w'’])(?!(?:the|a|an|of|to|with|by|for|in|on|at|said|says|told|and|as|that|his|her|its)\b)[a-z]+\s+){0,2}"
)
# "of the Treasury", "of Trade, Industry and Energy": the portfolio printed after a title
_PORTFOLIO = r"(?:\s+of(?:\s+the)?\s+[A-Z][a-z]+(?:(?:,\s+|\s+)[A-Z][a-z]+){0,3}(?:,?\s+and\s+[A-Z][a-z]+)?)?"
ROLE_BEFORE = re.compile(
    rf"((?:(?:US|U\.S\.|[A-Z][a-z]+|and|(?i:acting|former|deputy|vice))\s+){{0,5}}{_LOWER}(?i:{TITLE})"
    rf"{_PORTFOLIO}),?\s+$"  # "Secretary of the Treasury", "industry minister, Kim"
)
# a nationality before a title gives the side; that of a side of the talks is not part of the role as the tables hold it
NATIONALITY = re.compile(r"^(?:(?:South |North )?Korean|Japanese|American|Vietnamese|Chinese)\s+")
SIDE_NATIONALITY = re.compile(r"^(?:(?:South )?Korean|Japanese|American|Vietnamese)\s+")
# a role in apposition after the name: ", a trade policy expert at the Test Institute,"
ROLE_AFTER = re.compile(
    rf"^,\s+(?:(?:a|an|the)\s+)?(?:(?:[A-Z]\w+ )?\w+(?:'s|’s)\s+)?"
    rf"(?P<role>[^,]*?\b(?i:{TITLE})\b(?:{_PORTFOLIO}|[^,]*?))"
    rf"(?:\s+(?:at|of)\s+(?:the\s+)?(?P<org>[A-Z][^,(]*?(?:\s+\([A-Z]+\))?))?(?:,|\.?$)"
)
ANALYST = re.compile(r"\b(?:expert|analyst|economist|professor|researcher|research)\b", re.I)
DELEGATION_LEAD = re.compile(r"\b(?:will|to|would) lead\b|\bleads? the delegation\b|\bleading\b|\bin charge of\b")
DELEGATION_MEMBER = re.compile(r"\b(?:send|represented by|delegation|accompan\w*)\b")
HEAD_OF_GOVERNMENT = re.compile(r"\b(?:President|Prime Minister)\b")
NEGOTIATOR = re.compile(r"\b(?:Minister|Trade Representative|negotiator|envoy|Secretary)\b", re.I)
KOREAN_NAME = re.compile(r"^[A-Z][a-z]+ [A-Z][a-z]+-[a-z]+$")
# the common Korean family names as romanised, for a two-word name printed without a hyphen ("Huh Young")
KOREAN_FAMILY = re.compile(
    r"^(?:Kim|Lee|Park|Choi|Jung|Jeong|Cheong|Kang|Cho|Jo|Yoon|Yun|Jang|Lim|Han|Oh|Seo|Shin|Kwon|Hwang|Ahn|Song|"
    r"Yoo|Hong|Jeon|Chun|Ko|Moon|Yang|Bae|Baek|Huh|Heo|Nam|Noh|Roh|Ha|Kwak|Sung|Cha|Joo|Koo|Min|Ryu|Yeo|Byun|Woo)"
    r" [A-Z][a-z]+$"
)


def _last_title(words: str) -> str:
    """ "Acting President and Prime Minister" stays whole; "Scott Bessent and US Trade Representative" and
    "and Industry Minister" keep only the title after "and"."""
    parts = words.split(" and ")
    if len(parts) > 1 and not TITLE_WORD.search(parts[-1]) and re.search(r"\bof\b", parts[-2]):
        parts = [*parts[:-2], f"{parts[-2]} and {parts[-1]}"]  # "Minister of Industry, Trade and Energy"
    keep = [parts[-1]]
    for part in reversed(parts[:-1]):
        if not part or not re.search(rf"(?i:{TITLE})$", part):
            break
        keep.insert(0, part)
    return " and ".join(keep).removeprefix("and ").strip()


def _capitalised_title(role: str) -> str:
    """A title printed in capitals takes no lower-case words before it ("tensions after President" -> "President";
    "acting President" stays); a lower-case one keeps them ("industry minister")."""
    words = role.split()
    title_at = max((i for i, w in enumerate(words) if TITLE_WORD.fullmatch(w)), default=-1)
    if title_at < 0 or not words[title_at][:1].isupper():
        return role
    keep = [
        w for w in words[:title_at] if w[:1].isupper() or w.lower() in ("and", "acting", "former", "deputy", "vice")
    ]
    while keep and keep[0].lower() == "and":
        keep.pop(0)
    return " ".join(keep + words[title_at:])


def role_of(before: str, after: str) -> tuple[str, str]:
    """(role, organisation) as printed around a name, within its sentence only, first letter capitalised
    as the tables hold it ("a trade policy expert" -> "Trade policy expert"; no "Japanese" before it)."""
    if m := ROLE_BEFORE.search(before):
        role, organisation = SIDE_NATIONALITY.sub("", _capitalised_title(_last_title(m.group(1).strip()))), ""
    elif m := ROLE_AFTER.match(after):
        role, organisation = m.group("role").strip(), (m.group("org") or "").strip()
    else:
        return "", ""
    return role[:1].upper() + role[1:], organisation


# titles only the US government uses ("Commerce Secretary Howard Lutnick", "Trade Representative")
US_TITLES = re.compile(
    r"\b(?:Commerce|Treasury|State|Defense|Energy|Homeland Security) Secretary\b|\bSecretary of (?:the )?[A-Z]|\bTrade Representative\b"
)
POSSESSIVE_BEFORE = re.compile(r"\b(South Korea|Korea|Japan|US|U\.S\.|Vietnam)(?:'s|’s)\s+(?:new\s+)?$")


def side_of(role: str, before: str, name: str) -> tuple[str, bool]:
    """(side, guessed): an analyst speaks for no side; else the country in the role, the possessive
    just before it ("South Korea's Finance Minister"), or a Korean name's shape."""
    if ANALYST.search(role):
        return "other", True
    role_start = before.rfind(role) if role and before.rstrip().endswith(role) else len(before)
    possessive = POSSESSIVE_BEFORE.search(before[:role_start])
    nationality = NATIONALITY.search(before[max(0, role_start - 20) : role_start].lstrip())  # "Japanese Prime Minister"
    countries = (
        countries_in(role)
        or countries_in(possessive.group(0) if possessive else "")
        or countries_in(nationality.group(0) if nationality else "")
    )
    if countries:
        return countries[-1], True
    if US_TITLES.search(role):
        return "United States", True
    if KOREAN_NAME.match(name) or KOREAN_FAMILY.match(name):
        return "South Korea", True
    return "", False


def talks_role(role: str, sentence: str = "") -> str:
    """Part in the talks from the title, or from the sentence when it sends or leads a delegation."""
    if ANALYST.search(role):
        return "analyst"
    if re.match(r"(?i)former\b", role):
        return "other"
    if HEAD_OF_GOVERNMENT.search(role) and "Vice" not in role:
        return "head of government"
    if DELEGATION_LEAD.search(sentence):
        return "delegation lead"
    if DELEGATION_MEMBER.search(sentence):
        return "delegation member"
    if NEGOTIATOR.search(role):
        return "negotiator"
    return "official" if TITLE_WORD.search(role) else ""
