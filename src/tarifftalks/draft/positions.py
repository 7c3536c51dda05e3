"""Demands, offers and stances drafted from a sentence: who takes the position (actor), towards whom
(addressed_to), what kind of position it is and on which topic, and who voices it (speaker), with the same
attribution and certainty as every other claim (draft.voice). The statement itself is left for the reviewer.

A sentence gives a position when a side acts in it with a verb of demanding, offering, complaining, aiming or
refusing, or when an editorial or analysts advise; one row per topic the sentence names among the objects of
an offer or demand (an investment, shipbuilding and energy purchases are three offers). The kinds are the
schema's `positions.kind` values, read here from KIND_WORDS: adding a kind is one line there.
"""

from __future__ import annotations

import re

from tarifftalks.draft.fields import countries_in
from tarifftalks.draft.rows import Draft, Sentence
from tarifftalks.draft.voice import Voice, speech_frame
from tarifftalks.facts.hedges import PLAIN

# the kind of a position from the words of its claim; the first kind whose words occur wins
KIND_WORDS: list[tuple[str, str]] = [
    ("bargaining_chip", r"\bbargaining chips?\b|\bsweeteners?\b|\bleverage\b|\bcards? to play\b"),
    ("complaint", r"\bcomplain\w*|\bcritici[sz]\w*|\bobject\w*|\bprotest\w*|\bunfair\b|\bregret\w*|\bbarriers?\b"),
    (
        "demand",
        r"\bdemand\w*|\bask(?:s|ed)? (?:for|that|to)\b|\bcall(?:s|ed)? (?:for|on)\b|\burg\w+|\bpress(?:ed|es|ing)? (?:for|to)\b|\binsist\w*|\brequir\w*|\bshould\b|\bmust\b",
    ),
    (
        "offer",
        r"\boffer\w*|\binvest\w*|\bpledg\w*|\bpromis\w*|\bcommit\w*|\bbuy\w*|\bpurchas\w*|\bopen (?:up|its)\b|\bagreed to (?:let|allow|buy|invest|lower|cut|open)\b|\bwilling to\b|\bput \S+ into\b",
    ),
    (
        "goal",
        r"\bgoal\b|\baims? to\b|\bseeks? to\b|\bsought\b|\bin a bid to\b|\bto reach a deal\b|\bhopes? to\b|\bwants? to\b",
    ),
    ("agenda", r"\bon the agenda\b|\bwill (?:raise|discuss)\b|\bdiscuss\w*"),
    ("constraint", r"\blimit\w* (?:its|the|Seoul)\w* (?:room|flexibility)\b|\blittle room\b|\bhinder\w*"),
    (
        "stance",
        r"\bwarn\w*|\bwould not accept\b|\brefus\w*|\breject\w*|\bkept\b.*\bclosed\b|\bfar apart\b|\bprotects?\b|\bremoves?\b|\bwould go to\b|\bneeds? to\b",
    ),
]
# the topic of a position; the offers and demands of one sentence give one row per topic of this list
OBJECT_TOPICS: list[tuple[str, str]] = [
    ("investment", r"\binvest\w*|\bfund\b|\bprojects?\b|\bplants?\b|\bvisas?\b|\bengineers\b|\bworkers\b"),
    ("shipbuilding", r"\bshipbuilding\b|\bshipyards?\b|\bwarships?\b|\bships?\b"),
    ("energy", r"\benergy\b|\bLNG\b|\bliquefied natural gas\b|\bgas\b|\boil\b"),
    ("agriculture", r"\brice\b|\bbeef\b|\bagricultur\w*|\bfarm\w*"),
    ("security", r"\bsecurity\b|\btroops?\b|\bdefen[cs]e\b|\bsubmarines?\b|\bmilitary\b|\bcost-sharing\b"),
    ("digital", r"\bdigital\b|\bdata\b|\bplatforms?\b|\bmaps?\b"),
    ("non-tariff barriers", r"\bnon-tariff\b|\bregulat\w*|\bbarriers?\b"),
    ("trade balance", r"\bsurplus\b|\bdeficit\b|\btrade balance\b|\bimbalance\b"),
]
TOPIC_FALLBACK: list[tuple[str, str]] = [
    ("tariffs", r"\btariffs?\b|\blev(?:y|ies)\b|\bduties\b|\brates?\b|\bterms\b|\bdeal\b|\bexporters\b"),
    ("domestic politics", r"\belection\b|\bparliament\b|\bNational Assembly\b|\bopposition\b"),
    ("process", r"\btalks\b|\bnegotiat\w*|\bsides\b"),
]
# a sentence that reports a figure, a tariff's status or an event and nothing else takes no position
FACT_ONLY = re.compile(r"\bdata show\w*|\bfell\b|\brose\b|\bhit a record\b|\bcame into force\b", re.I)


def kind_of(claim: str) -> str | None:
    for kind, pattern in KIND_WORDS:
        if re.search(pattern, claim, re.I):
            return kind
    return None


def topics_of(claim: str) -> list[str]:
    found = [(m.start(), topic) for topic, pattern in OBJECT_TOPICS if (m := re.search(pattern, claim, re.I))]
    if found:
        return [topic for _, topic in sorted(found)]
    return [next((topic for topic, pattern in TOPIC_FALLBACK if re.search(pattern, claim, re.I)), "process")]


def actor_of(claim: str, voice: Voice, sides: dict[str, str]) -> str:
    """The side taking the position: a speaker's side, commentators for analysts and an editorial's
    advice, else the first country named as the claim's subject."""
    if voice.attribution == "analyst" or (voice.attribution == "editorial" and voice.certainty == "advised"):
        return "Korean commentators"
    if voice.speaker and sides.get(voice.speaker):
        return sides[voice.speaker]
    subject = re.split(r"\b(?:will|would|has|have|had|is|are|was|were|should|needs?|must|kept|agreed|plans?)\b", claim)[
        0
    ]
    named = countries_in(subject) or countries_in(claim)
    return named[0] if named else "South Korea"


def addressed_to(actor: str, claim: str) -> str:
    """The other side: the country the claim names that is not the actor (the US for Korea's commentators)."""
    others = [c for c in countries_in(claim) if c != actor]
    if actor == "Korean commentators":
        return "United States" if "United States" in others or not others else others[0]
    if actor == "United States":
        return next((c for c in others if c != "United States"), "South Korea")
    return "United States" if "United States" in others or not others else others[0]


def position_drafts(s: Sentence, voice_at, sides: dict[str, str]) -> list[Draft]:
    """Position rows of one sentence; `voice_at(position)` gives the voice of a claim at a position in it."""
    frame = speech_frame(s.text)
    claim = s.text[frame.claim[0] : frame.claim[1]] if frame else s.text
    if FACT_ONLY.search(claim) or len(claim.split()) < 4:
        return []
    kind = kind_of(claim)
    if kind is None:
        return []
    at = (frame.claim[0] if frame else 0) + len(claim) // 2
    voice = voice_at(at)
    if voice.certainty == "scheduled":  # "South Korea will seek to increase imports": a position held now
        voice = Voice(voice.attribution, voice.attributed_to, PLAIN, voice.speaker)
    actor = actor_of(claim, voice, sides)
    rows = []
    for topic in topics_of(claim)[:3]:
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
