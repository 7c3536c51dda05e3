"""Who asserts a claim and how firmly, from the structure of its sentence rather than from cue words alone.

A sentence is split into its speech frame and its claim: "Lutnick said [claim]", "[claim], the ministry said",
"[claim], according to [source]", "“[claim],” X told reporters", "[source] quoted X as saying". What sits in
the claim is asserted by the frame's subject, classified as a named official, an unnamed official, a
government or ministry, media, analysts, data or a candidate; what sits in the frame itself ("said on
Monday") and every sentence without a frame is the outlet's own voice, or the editorial's. How firmly: the
hedge cues and modals (facts.hedges) of the claim's own clause, before the mention ("plans to buy", "will
hold" are scheduled, "could" possible, "should" advice); a relayed claim ("reportedly", "according to")
is reported.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from tarifftalks.facts.hedges import OWN_REPORTING, PLAIN, cue_spans, cues_in, relayed_cues

SPEECH_VERB = (
    r"said|says|say|told|tells|added|adds|noted|warned|stressed|insisted|claimed|confirmed|wrote|argued|explained|"
    r"announced|acknowledged|reported|reports|showed|show|shows|indicated|predicted|estimated|posted|quoted|"
    r"stated|declared|vowed|pledged|cautioned|suggested|complained|touted|emphasized|emphasised"
)
# a subject of a few words (a name with its title, "the industry ministry", "customs data", "he")
_SUBJECT = r"(?:[\w$.'’&()-]+\s+){0,7}?[\w.'’&()-]+"
# "..., the ministry said." / "“...,” Cheong told reporters at Incheon airport." / "..., said Lee, an expert."
TRAILING = re.compile(
    rf"(?:,|[,.!?]?[”\"])\s+(?:(?P<subj>{_SUBJECT})\s+(?:has\s+|have\s+|had\s+)?(?P<verb>{SPEECH_VERB})|"
    rf"(?P<verb2>said|says|according to)\s+(?P<subj2>[^,;]+?))\b[^,;“”\"]*?(?:,[^,;“”\"]*)?[.!?]?[”\"]?$"
)
# "Lutnick said ...", "Kim Yong-beom, the presidential chief of staff for policy, told reporters that ...",
# "Lim, who met Whitford last week, said ...": a subject (with an apposition or relative clause between commas),
# the speech verb, what the frame says of the speaking ("on Monday", "in a statement"), then "that" or the claim
_LEAD_SUBJECT = r"^(?:(?:(?:In|At|During|Speaking|After|On|Asked|[A-Z][a-z]+ing)\b[^,;“”\"]{0,90}|(?:The same day|Earlier|Later|Meanwhile|Separately|However|Still|Also|Yesterday|Last \w+|This \w+)),\s+)?(?P<subj>[^,;“”\"]{1,80}?(?:,\s[^,;“”\"]{1,90},)?)\s+(?:has\s+|have\s+|had\s+|also\s+)*"
LEADING = re.compile(rf"{_LEAD_SUBJECT}(?P<verb>{SPEECH_VERB})\b(?P<frame>[^,;:“”\"]*?)\s+that\s+")
CORE_VERB = r"said|says|say|indicated|told\s+(?:\w+\s+)?(?:reporters|lawmakers|journalists|parliament|\w+)|warned|added|noted|stressed|insisted|argued|predicted|estimated"
_WHEN = r"(?:\s+(?:on|in|at|during|earlier|late|later|last|this|yesterday|today)\b(?:\s+(?!that\b)[\w$.()'’-]+){0,6}?)?"
SHORT_LEADING = re.compile(rf"{_LEAD_SUBJECT}(?P<verb>{CORE_VERB})(?P<frame>{_WHEN})(?:,\s+|:\s+|\s+)(?=[\w$“\"])")
ACCORDING_TO = re.compile(r"\b[Aa]ccording to (?P<subj>[^,.;]+)")
QUOTED_AS_SAYING = re.compile(r"(?P<media>[\w .’'-]{2,40}?)\s+quoted\s+(?P<subj>[\w .’'-]{2,60}?)\s+as saying")
SAID_TO = re.compile(r"\b(?:is|are|was|were) said to\b|\breportedly\b", re.I)

PRONOUN = re.compile(r"^(?:he|she|they)$", re.I)
ANALYSTS = re.compile(
    r"\b(?:analysts?|experts?|economists?|professors?|researchers?|observers?|lawmaker['’]s analysis|scholars?|think tank)\b",
    re.I,
)
MEDIA = re.compile(
    r"\b(?:media|newspapers?|news agency|broadcaster|outlets?|reports?|Yonhap|Reuters|Bloomberg|NHK|Nikkei|Kyodo|YTN|CNN|"
    r"Financial Times|Wall Street Journal|Chosun|JoongAng|Dong-A|Korea Herald|Korea Times|New York Times|Axios|Politico)\b",
    re.I,
)
DATA = re.compile(r"\b(?:data|statistics|figures)\b", re.I)
UNNAMED = re.compile(
    r"\b(?:officials?|sources?|aides?|diplomats?|negotiators|people (?:familiar|close)|insiders?|spokesperson|spokesman|"
    r"spokeswoman)\b",
    re.I,
)
GOVERNMENT = re.compile(
    r"\b(?:ministry|ministries|office|government|administration|White House|department|agency|embassy|Cheong Wa Dae|"
    r"presidential office|cabinet|Seoul|Washington|Tokyo|Beijing|both sides|two sides|two countries|the countries|"
    r"bureau|investigations|service|commission|customs|police|federal)\b",
    re.I,
)
CANDIDATE = re.compile(r"\bas a (?:presidential )?candidate\b", re.I)
# clause boundaries a claim's hedge does not cross
CLAUSE_BREAK = re.compile(r",\s+(?:while|whereas|yet|but|although|though|because)\b|;\s|\s+but\s+|\s+yet\s+", re.I)
RELAYED = ("reported",)
ADVISING = re.compile(r"\b(?:warned|warns|urged|urges|advised|advises|recommended|cautioned)\b")


@dataclass(frozen=True)
class Voice:
    """Who asserts a claim (attribution, attributed_to as printed, the speaker's full name) and how firmly."""

    attribution: str
    attributed_to: str
    certainty: str
    speaker: str = ""


@dataclass
class Frame:
    """The speech frame of a sentence: its subject as printed and the span of the claim it frames."""

    subject: str
    claim: tuple[int, int]
    attribution: str = ""  # set when the frame itself says ("according to", "reported")
    relayed: bool = False


@dataclass
class Speakers:
    """What the sentences before know: the people named so far (full name -> talks_role), the last one
    named (for "he said"), and whether the article is an editorial."""

    people: dict[str, str] = field(default_factory=dict)
    sides: dict[str, str] = field(default_factory=dict)  # full name -> side
    last: str = ""
    editorial: bool = False

    def full_name(self, subject: str) -> str:
        """A person named in the subject ("Commerce Secretary Howard Lutnick", "Lim", "he"), or ''."""
        words = subject.strip()
        if PRONOUN.match(words):
            return self.last
        for name in sorted(self.people, key=len, reverse=True):
            if name in words:
                return name
        for name in self.people:  # "Lutnick", "Lim" (Lim Tae-ho), "Cheong" (Cheong Inkyo)
            if any(len(part) > 2 and re.search(rf"\b{re.escape(part)}\b", words) for part in name.split()):
                return name
        return ""


def speech_frame(text: str) -> Frame | None:
    """The frame of a sentence, or None when the sentence is in the outlet's own voice."""
    if m := QUOTED_AS_SAYING.search(text):
        return Frame(m.group("subj"), (0, m.start()), relayed=True)
    if m := ACCORDING_TO.search(text):
        claim = (0, m.start()) if m.start() > len(text) / 3 else (m.end(), len(text))
        return Frame(m.group("subj"), claim, relayed=True)
    for rx in (LEADING, SHORT_LEADING):
        if (m := rx.match(text)) and _is_subject(m.group("subj")):
            return Frame(m.group("subj"), (m.end(), len(text)), relayed=m.group("verb") in RELAYED)
    if (m := TRAILING.search(text)) and m.start() > 0:
        subject = m.group("subj") or m.group("subj2") or ""
        verb = m.group("verb") or m.group("verb2") or ""
        if _is_subject(subject):
            return Frame(subject, (0, m.start()), relayed=verb in RELAYED or verb.startswith("according"))
    return None


def _is_subject(subject: str) -> bool:
    """A speaker, not a clause: few words, no verb of its own but in a relative or appositive clause."""
    words = subject.split()
    if not words or len(words) > 16:
        return False
    head = subject.split(",")[0]
    return not NOT_A_SUBJECT.search(head)


# words that make a would-be subject a clause of its own ("the two sides remained far apart")
NOT_A_SUBJECT = re.compile(
    r"\b(?:is|are|was|were|be|been|has|have|had|will|would|could|may|can|must|should|did|does|do|that|which|"
    r"if|when|while|after|before|because)\b|\b(?!(?:United|Limited|Red|Led)\b)[a-z]\w+ed\b"
)


def asserter(subject: str, speakers: Speakers, media_voice: bool = False) -> tuple[str, str, str]:
    """(attribution, attributed_to, speaker) of a frame's subject."""
    subject = re.split(r",\s", subject.strip())[0]
    name = speakers.full_name(subject)
    if name:
        role = speakers.people.get(name, "")
        return ("analyst" if role == "analyst" else "named_official"), name, name
    if ANALYSTS.search(subject):
        return "analyst", subject, ""
    if MEDIA.search(subject) or media_voice:
        return "media_reports", subject, ""
    if DATA.search(subject):
        return "official_data", subject, ""
    if UNNAMED.search(subject):
        return "unnamed_official", subject, ""
    if GOVERNMENT.search(subject):
        return "government_statement", subject, ""
    if re.match(r"^[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){0,3}$", subject):  # a name not seen with a title
        return "named_official", subject, subject
    return "", "", ""


def own_voice(speakers: Speakers) -> str:
    return "editorial" if speakers.editorial else OWN_REPORTING


# a hedge does not cross into a relative clause either ("the goal is to secure exemptions, which they warn could …")
HEDGE_CLAUSE_BREAK = re.compile(rf"{CLAUSE_BREAK.pattern}|,\s+which\b", re.I)
# advice reported rather than given: "Washington has urged its allies to …", "how the package should be run"
INDIRECT_QUESTION = re.compile(r"\b(?:how|whether|what|why|where|when|who)\b(?:\s+[\w$'’-]+){0,6}\s*$", re.I)
URGING = re.compile(r"\b(?:urg(?:ed|es|ing)|called on)\b", re.I)


def reported(text: str, at: int, cue) -> bool:
    """True when an advising word at `at` reports someone else's advice or asks a question: not the claim's own."""
    if cue.certainty != "advised":
        return False
    before = text[max(0, at - 60) : at]
    urged_by_a_side = URGING.match(text, at) and re.search(
        r"\b(?!we\b|I\b)[A-Za-z]+\s+(?:has\s+|have\s+|had\s+)?$", before
    )
    return bool(INDIRECT_QUESTION.search(before) or urged_by_a_side)


def certainty_at(text: str, start: int, end: int, at: int) -> str:
    """How firmly the clause holding position `at` (within the claim start..end) is made: a relaying cue of
    the clause first, else the cue or modal nearest before the position in its clause, else any in it."""
    clause_start, clause_end = start, end
    for m in HEDGE_CLAUSE_BREAK.finditer(text, start, end):
        if m.end() <= at:
            clause_start = m.end()
        elif m.start() >= at:
            clause_end = min(clause_end, m.start())
    spans = [
        (s, e, c) for s, e, c in cue_spans(text) if clause_start <= s and e <= clause_end and not reported(text, s, c)
    ]
    relayed = [c for _, _, c in spans if c.relays]
    if relayed:
        return relayed[0].certainty
    before = [c for s, _, c in spans if s <= at]
    if before:
        return before[-1].certainty
    return spans[0][2].certainty if spans else PLAIN


def voice_of(text: str, at: int, speakers: Speakers, quoted_by: str = "") -> Voice:
    """Who asserts the claim at position `at` of a sentence, and how firmly; `quoted_by` is the speaker
    of a quotation the sentence continues ("“We had Vietnam in last week. ... next week,” Bessent said")."""
    frame = speech_frame(text)
    if frame is None and quoted_by:
        frame = Frame(quoted_by, (0, len(text)))
    if CANDIDATE.search(text):
        name = next((n for n in speakers.people if n.split()[-1] in text), "")
        return Voice("candidate", name, certainty_at(text, 0, len(text), at), name)
    if frame and frame.claim[0] <= at < frame.claim[1]:
        attribution, attributed_to, speaker = asserter(frame.subject, speakers)
        if attribution:
            certainty = certainty_at(text, *frame.claim, at)
            if frame.relayed and certainty == PLAIN:
                certainty = "reported"
            elif (
                attribution == "analyst"
                and certainty in (PLAIN, "possible")
                and ADVISING.search(text[: frame.claim[0]] + text[frame.claim[1] :])
            ):
                certainty = "advised"  # "Trade experts warned that revealing ... could backfire": advice
            return Voice(attribution, attributed_to, certainty, speaker)
    # the outlet's own voice (or the frame itself: "X said on Monday")
    start, end = (frame.claim[1], len(text)) if frame and at >= frame.claim[1] else (0, len(text))
    if frame and at < frame.claim[0]:
        start, end = 0, frame.claim[0]
    certainty = certainty_at(text, start, end, at)
    if SAID_TO.search(text[start:end]):
        return Voice("unattributed", "", "reported")
    return Voice(own_voice(speakers), "", certainty)


def frame_voice(text: str, at: int, speakers: Speakers) -> Voice | None:
    """The voice of a date in the speech frame itself ("Lutnick said on Dec. 1 that …"): the speaking is an
    event its speaker reports, asserted plainly; None when `at` is not in a frame."""
    frame = speech_frame(text)
    if frame is None or frame.claim[0] <= at < frame.claim[1]:
        return None
    attribution, attributed_to, speaker = asserter(frame.subject, speakers)
    return Voice(attribution, attributed_to, PLAIN, speaker) if attribution else None


def as_validated(row: dict) -> None:
    """The hedges of a row as the validator accepts them: a quote carrying a hedge cue is not plainly stated
    (the cue's certainty, a relaying one first), a relayed claim not the outlet's own (who relays it)."""
    cues, relayed = cues_in(row["quote"]), relayed_cues(row["quote"])
    if cues and row.get("certainty") == PLAIN:
        row["certainty"] = (relayed or cues)[0].certainty
    if relayed and row.get("attribution") == OWN_REPORTING:
        row["attribution"] = relayed[0].relays


EDITORIAL_VOICE = re.compile(
    r"\b(?:needs? to|should|must|it is (?:best|desirable|necessary|important|imperative|time) to|we urge|"
    r"prudent|(?:the|this) editorial)\b",
    re.I,
)


def is_editorial(sentences: list[str], has_dateline: bool) -> bool:
    """An article without a dateline or byline, several of whose unattributed sentences give advice."""
    if has_dateline:
        return False
    if any(re.search(r"\b(?:this|the) editorial\b", s, re.I) for s in sentences[:3]):
        return True
    advice = [s for s in sentences if EDITORIAL_VOICE.search(s) and speech_frame(s) is None and not QUOTED.search(s)]
    return len(advice) >= 2


QUOTED = re.compile(r"[“”\"]")


def quotation_speakers(sentences: list[str]) -> list[str]:
    """For each sentence inside a quotation that runs over several sentences, the subject of the frame
    that closes it ('' elsewhere): "“We had Vietnam in last week." is Bessent's in "... next week,” Bessent said."."""
    speakers = [""] * len(sentences)
    i = 0
    while i < len(sentences):
        s = sentences[i].lstrip()
        opens = s[:1] in '“"' and s.count("”") + s.count('"') - (s[:1] == '"') < 1
        if not opens:
            i += 1
            continue
        for j in range(i + 1, min(i + 6, len(sentences))):
            if "”" in sentences[j] or '"' in sentences[j]:
                frame = speech_frame(sentences[j])
                if frame:
                    for k in range(i, j):
                        speakers[k] = frame.subject
                i = j
                break
        i += 1
    return speakers
