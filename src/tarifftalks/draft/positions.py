"""Demands, offers and stances drafted from a sentence: who takes the position (actor), towards whom
(addressed_to), what kind of position it is and on which topic, and who voices it (speaker), with the same
attribution and certainty as every other claim (draft.voice). The statement itself is left for the reviewer.

A sentence gives a position per clause ("Seoul wants to pay in loans, while Washington presses for cash" are
two): a clause with a verb of demanding, offering, complaining, aiming, refusing or disagreeing takes the kind
that verb names (KIND_WORDS, the schema's `positions.kind` values: adding a kind is one line there); advice of
an editorial or of analysts is a stance of commentators (a demand when the advice is to the other side); what
a side or an analyst is quoted as saying without such a verb, and without a figure of its own, is a stance. An
offer, demand or agenda gives one row per object it names (an investment, shipbuilding and energy purchases are
three offers); any other kind one row. The actor is the speaker's side, else the country named nearest before
the verb ("in return for US$350 billion of Korean investment": South Korea offers).
"""

from __future__ import annotations

import itertools
import re

from tarifftalks.draft.fields import countries_in
from tarifftalks.draft.sentence import Draft, Sentence
from tarifftalks.draft.voice import CLAUSE_BREAK, Voice, speech_frame
from tarifftalks.facts.hedges import PLAIN
from tarifftalks.facts.text import find_mentions

# the kind of a position from the words of its claim; the first kind whose words occur wins
KIND_WORDS: list[tuple[str, str]] = [
    (
        "bargaining_chip",
        r"\bbargaining chips?\b|\bsweeteners?\b|\bleverage\b|\bcards? to play\b|\bbuild up \w+ trust\b",
    ),
    (
        "complaint",
        r"\bcomplain\w*|\bcritici[sz]\w*|\bobject\w*|\bprotest\w*|\bunfair\b|\bregret\w*|\bbarriers?\b|\brestrictions\b|"
        r"\blimitations\b",
    ),
    (
        "demand",
        r"\bdemand\w*|\bask(?:s|ed|ing)? (?:\w+ ){0,3}?(?:for|that|to)\b|\bcall(?:s|ed)? (?:for|on)\b|\burg\w+|"
        r"\bpress(?:ed|es|ing)? (?:\w+ )?(?:for|to)\b|\binsist\w*|\brequir\w*|\bmust\b|\b(?:was|were|is|are) needed\b|"
        r"\bthreaten\w*\b[^.;]*\bunless\b",
    ),
    (
        "offer",
        r"\boffer\w*|\binvest(?:s|ed|ing)?\b|\bin (?:return|exchange) for\b|\bpledg\w*|\bpromis\w*|"
        r"\bcommit(?:s|ted|ting|ments?)?\b|\bbuy\w*|\bpurchas\w*|\bopen (?:up|its)\b|"
        r"\bagreed to (?:let|allow|buy|invest|lower|cut|open)\b|\bwilling to\b|\bput\b[^,;]{0,30}?\binto\b|\bprovid\w*|"
        r"\bdeliver\w*|\bset aside\b|\bearmark\w*|\bprepar\w* (?:a |an )?(?:\w+ )?(?:package|proposal|offer)\b|"
        r"\bto present\b|\bincreas\w* (?:\w+ )?imports\b|\bis meant for\b|"
        r"\$[\d.,]+\s*(?:billion|trillion|million)?[^.;]{0,60}?\b(?:would|will) go to\b",
    ),
    (
        "goal",
        r"\bgoal\b|\baims? to\b|\bseeks? to\b|\bsought\b|\bin a bid to\b|\bto reach a deal\b|\bhop(?:e|es|ed|ing) to\b|"
        r"\bwants? to\b|\bracing to\b|\bto seek\b",
    ),
    (
        "agenda",
        r"\bon the agenda\b|\bwill (?:raise|discuss)\b|\bdiscuss\w*|\bat odds\b|\bdisagree\w* over\b|"
        r"\bleft for later\b|\bto be set down\b|\b(?:remain|remains|are|is) (?:unresolved|unsettled)\b",
    ),
    (
        "constraint",
        r"\blimit\w* (?:\S+ ){0,2}(?:room|flexibility)\b|\blittle room\b|\bhinder\w*|\bpressure on\b|\bdisadvantage\w*",
    ),
    (
        "stance",
        r"\bwarn\w*|\bwould not (?:accept|sign)\b|\brefus\w*|\breject\w*|\bkept\b.*\bclosed\b|\bfar apart\b|\bprotects?\b|"
        r"\bremoves?\b|\bwould go to\b|\bneeds? to\b|\bdistanc\w*|\bbacking\b|\bintention\b|\bdeclined to\b",
    ),
]
# the topic of a position; the offers and demands of one sentence give one row per topic of this list
OBJECT_TOPICS: list[tuple[str, str]] = [
    (
        "investment",
        r"\binvest(?:s|ed|ing|ment|ments)?\b|\bfund\b|\bprojects?\b|\bplants?\b|\bvisas?\b|\bengineers\b|\bworkers\b|"
        r"\bswap\b|\bloans?\b|\bguarantees?\b|\bcash\b|\bmoney\b|\bindustries\b|\bsemiconductors?\b",
    ),
    ("shipbuilding", r"\bshipbuilding\b|\bshipyards?\b|\bwarships?\b|\bships?\b"),
    ("energy", r"\benergy\b|\bLNG\b|\bliquefied natural gas\b|\bgas\b|\boil\b"),
    ("agriculture", r"\brice\b|\bbeef\b|\bagricultur\w*|\bfarm\w*"),
    ("security", r"\bsecurity\b|\btroops?\b|\bdefen[cs]e\b|\bsubmarines?\b|\bmilitary\b|\bcost-sharing\b"),
    ("digital", r"\bdigital\b|\bdata\b|\bplatforms?\b|\bmaps?\b"),
    ("non-tariff barriers", r"\bnon-tariff\b|\bregulat\w*|\bbarriers?\b"),
    ("trade balance", r"\bsurplus\b|\bdeficit\b|\btrade balance\b|\bimbalance\b"),
]
TOPIC_FALLBACK: list[tuple[str, str]] = [
    ("tariffs", r"\btariffs?\b|\blev(?:y|ies)\b|\bduties\b|\brates?\b|\bexporters\b"),
    ("autos", r"\bcars?\b|\bcarmakers?\b|\bautos?\b|\bautomo\w*|\bvehicles?\b"),
    ("domestic politics", r"\belection\b|\bparliament\b|\bNational Assembly\b|\bopposition\b"),
    ("process", r"\btalks\b|\bnegotiat\w*|\bsides\b"),
]
ROW_PER_OBJECT = ("offer", "demand", "agenda", "bargaining_chip", "complaint")  # kinds with one row per object
# a clause that reports a figure, a tariff's status or an event and nothing else takes no position
FACT_ONLY = re.compile(r"\bdata show\w*|\bfell\b|\brose\b|\bhit a record\b|\bcame into force\b", re.I)
# who voices a side's view (or an analyst's): their words without a verb of a kind are a stance
SPEAKERS = ("named_official", "unnamed_official", "government_statement", "analyst", "candidate", "media_reports")
OTHER_SIDE = re.compile(r"^\W*(?:Washington|the (?:US|U\.S\.|United States)|Trump|the Trump administration)\b")
# clause breaks between two positions of one sentence ("…, while Washington presses for cash")
POSITION_BREAK = re.compile(rf"{CLAUSE_BREAK.pattern}|,\s+and\s+(?=(?:[A-Z]\w+\s+){{1,3}}(?:said|says|told)\b)")


def kind_of(claim: str) -> tuple[str, int] | None:
    """The kind of position a claim's words name, and where the word is."""
    for kind, pattern in KIND_WORDS:
        if m := re.search(pattern, claim, re.I):
            return kind, m.start()
    return None


def topics_of(claim: str) -> list[str]:
    found = [(m.start(), topic) for topic, pattern in OBJECT_TOPICS if (m := re.search(pattern, claim, re.I))]
    if found:
        return [topic for _, topic in sorted(found)]
    return [next((topic for topic, pattern in TOPIC_FALLBACK if re.search(pattern, claim, re.I)), "process")]


def actor_of(claim: str, at: int, kind: str, voice: Voice, sides: dict[str, str]) -> str:
    """The side taking the position: commentators for analysts, an editorial's advice and its own reading; the
    side giving what a deal takes "in return for" (its offer is the one reviewers code); for an offer, demand, goal or complaint the side the claim's
    subject names ("Seoul will also buy …, he said": Seoul offers, whoever reports it); else the speaker's side
    (South Korea's when a speaker of unknown side speaks for "we"); else the subject's side, else South Korea."""
    if voice.attribution == "analyst" or (voice.attribution == "editorial" and voice.certainty == "advised"):
        return "Korean commentators"
    if voice.attribution == "editorial" and kind == "stance" and not voice.speaker:
        return "Korean commentators"
    if (given := IN_RETURN.search(claim)) and (named := countries_in(claim[given.end() :])):
        return named[0]  # what a deal takes "in return for" is the offer of the side it names
    subject = SUBJECT_END.split(claim[:at] if at else claim, maxsplit=1)[0]
    named = [(i, side) for n, side in sides.items() if side and (i := _named_at(subject, n)) >= 0]
    named += [(subject.find(c.split()[0]), c) for c in countries_in(subject)[:1]]
    if kind in SIDE_TAKES and named:
        return min(named)[1]
    if voice.speaker and sides.get(voice.speaker):
        return sides[voice.speaker]
    if voice.speaker and FIRST_PERSON.search(claim):
        return "South Korea"
    return min(named)[1] if named else "South Korea"


def _named_at(text: str, name: str) -> int:
    """Where a known person is named in a passage by any part of the name ("Lee" for Lee Jae-myung), or -1."""
    hits = [m.start() for part in name.split() if len(part) > 2 for m in re.finditer(rf"\b{re.escape(part)}\b", text)]
    return min(hits, default=-1)


SIDE_TAKES = ("offer", "demand", "goal", "complaint", "bargaining_chip")
FIRST_PERSON = re.compile(r"\b(?:we|our|us)\b", re.I)
IN_RETURN = re.compile(r"\bin (?:return|exchange) for\b", re.I)
SUBJECT_END = re.compile(
    r"\b(?:will|would|has|have|had|is|are|was|were|should|needs?|must|kept|agreed|plans?|wants?|said|says)\b"
)
ALL_PARTNERS = re.compile(r"\b(?:allies|all (?:trading )?partners|a given country|every country|any country)\b", re.I)


def addressed_to(actor: str, claim: str) -> str:
    """The other side: the country the claim names that is not the actor (the US for Korea's commentators, all
    partners for what the US says to "allies" or "any country")."""
    others = [c for c in countries_in(claim) if c != actor]
    if actor == "Korean commentators":
        return "United States"
    if actor == "United States" and ALL_PARTNERS.search(claim):
        return "all partners"
    if actor == "United States":
        return next((c for c in others if c != "United States"), "South Korea")
    return "United States" if "United States" in others or not others else others[0]


def claims_of(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The clauses of a claim that may each hold a position of their own."""
    cuts = [start] + [m.end() for m in POSITION_BREAK.finditer(text, start, end)] + [end]
    return [(a, b) for a, b in itertools.pairwise(cuts) if b > a]


def reports_a_fact(claim: str) -> bool:
    """True when a claim holds a figure or a date (not "the two sides"): a fact to code rather than a stance."""
    return any(m.kind == "date" or re.search(r"\d", m.text) for m in find_mentions(claim))


def position_kind(claim: str, voice: Voice) -> tuple[str, int] | None:
    """The kind of a clause's position and where its word is: advice is a stance (a demand to the other side),
    a side's or an analyst's words without a verb of a kind and without a figure are a stance."""
    found = kind_of(claim)
    if voice.certainty == "advised" and voice.attribution in ("editorial", "analyst"):
        if found and found[0] == "bargaining_chip":
            return found
        return ("demand" if OTHER_SIDE.search(claim) else "stance"), 0
    if found:
        return found
    if voice.attribution in SPEAKERS and not reports_a_fact(claim):
        return "stance", 0
    return None


def position_drafts(s: Sentence, voice_at, sides: dict[str, str], furniture: bool = False) -> list[Draft]:
    """Position rows of one sentence; `voice_at(position)` gives the voice of a claim at a position in it. Page
    furniture (a headline repeating the text, a comment widget) takes none."""
    if furniture:
        return []
    frame = speech_frame(s.text)
    start, end = frame.claim if frame else (0, len(s.text))
    rows = []
    for a, b in claims_of(s.text, start, end):
        claim = s.text[a:b]
        if FACT_ONLY.search(claim) or len(claim.split()) < 4:
            continue
        found = position_kind(claim, voice_at(a + len(claim) // 2))
        if found is None:
            continue
        kind, at = found
        voice = voice_at(a + at)  # how firmly: the clause of the word of the position, not a clause beside it
        if voice.certainty == "scheduled":  # "South Korea will seek to increase imports": a position held now
            voice = Voice(voice.attribution, voice.attributed_to, PLAIN, voice.speaker)
        actor = actor_of(claim, at, kind, voice, sides)
        topics = topics_of(claim)
        for topic in topics[:3] if kind in ROW_PER_OBJECT else topics[:1]:
            row = s.base() | {
                "actor": actor,
                "addressed_to": addressed_to(actor, claim),
                "kind": kind,
                "topic": topic,
                "security_linked": "true" if topic == "security" else "false",
                "speaker": voice.speaker,
                "statement": "DRAFT: the position in a few words",
                "attribution": voice.attribution,
                "attributed_to": voice.attributed_to,
                "certainty": voice.certainty,
            }
            rows.append(Draft("positions", row, [], {"actor", "addressed_to", "kind", "topic"}))
    return rows
