"""The hedge vocabulary: who asserts a claim (attribution) and how firmly (certainty).

One table of each, read by the validator (a hedged quote is not coded as plain, a relayed claim not as the
outlet's own), the drafter (a first guess from the quote) and the report (the words it writes). The values
are the enumerations of `attribution` and `certainty` in data/datapackage.json; a test keeps them equal.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tarifftalks.facts.text import normalize_ws

PLAIN = "stated"  # the certainty of a claim asserted without hedge
OWN_REPORTING = "article"  # the attribution of the outlet's own reporting


@dataclass(frozen=True)
class Cue:
    """Words in a quote that hedge its claim."""

    name: str  # how messages and data/README.md name it
    pattern: str  # a regular expression, matched case-insensitively unless it says otherwise
    certainty: str  # the certainty the cue gives a claim
    relays: str | None = None  # the attribution of a claim the cue relays second-hand, or None


CUES: tuple[Cue, ...] = (
    Cue("reportedly", r"\breportedly\b", "reported", relays="unattributed"),
    Cue("media said", r"\bmedia (?:have |has )?(?:also )?said\b", "reported", relays="media_reports"),
    Cue("media reported", r"\bmedia (?:have |has )?(?:also )?reported\b", "reported", relays="media_reports"),
    Cue("reported", r"\breported\b", "reported", relays="media_reports"),
    Cue("cited by media", r"\bcited by (?:the )?media\b", "reported", relays="media_reports"),
    Cue("according to", r"\baccording to\b", "reported", relays="unattributed"),
    Cue("is said to", r"\b(?:is|are|was|were) said to\b", "reported", relays="unattributed"),
    Cue("quoted as saying", r"\bquoted\b.{0,60}\bas saying\b", "reported", relays="media_reports"),
    Cue("expected to", r"\b(?:is|are|was|were) expected to\b", "expected"),
    Cue("likely", r"\blikely\b", "expected"),
    Cue("appears set to", r"\bappears? set to\b", "expected"),
    Cue("willing to", r"\bwilling(?:ness)? to\b", "willing"),
    Cue("floated", r"\bfloated\b", "floated"),
    Cue("could", r"\bcould\b", "possible"),
    Cue("may", r"(?-i:\bmay\b)", "possible"),  # lower case only: "May 27" is a date
    Cue("cannot be excluded", r"\bcannot be (?:excluded|ruled out)\b", "possible"),
    Cue("suggesting", r"\bsuggest(?:s|ed|ing)?\b", "suggested"),
    Cue("signaling", r"\bsignall?(?:ed|ing|s)\b", "suggested"),
    Cue("points to", r"\bpoints? to\b", "suggested"),
)
_COMPILED = [(cue, re.compile(cue.pattern, re.IGNORECASE)) for cue in CUES]

# Wording that sets how firmly a claim is made but that the validator does not demand a hedge for: a plain
# future or plan ("will hold", "plans to buy") and advice ("should", "needs to"). The drafter reads them from
# the claim's own clause, after the cues above.
MODALS: tuple[Cue, ...] = (
    Cue("will", r"\bwill\b|\bwon['’]t\b|['’]ll\b", "scheduled"),
    Cue("would", r"\bwould\b(?! not\b|n['’]t\b)", "scheduled"),
    Cue("plans to", r"\bplann?(?:s|ed|ing)? to\b|\bintends? to\b|\baims? to\b", "scheduled"),
    Cue("is set to", r"\b(?:is|are) (?:set|due|scheduled|slated|poised) to\b", "scheduled"),
    Cue(
        "is to",
        r"(?<!goal )(?<!aim )(?<!plan )(?<!priority )(?<!task )\b(?:is|are) to (?:be (?:in|held|set|signed)\b|(?!be\b)\w+)",
        "scheduled",
    ),
    Cue("should", r"\bshould\b|\bought to\b|\bhad better\b", "advised"),
    Cue(
        "needs to",
        r"(?<!\bwe )(?<!\bI )(?<!would )\bneeds? to\b|\bit is (?:best|desirable|necessary|important|essential|imperative|urgent) to\b",
        "advised",
    ),
    Cue("urged", r"\burg(?:ed|es|ing)\b|\bcalled on\b", "advised"),
)
_ALL = [(cue, re.compile(cue.pattern, re.IGNORECASE)) for cue in (*CUES, *MODALS)]


@dataclass(frozen=True)
class Level:
    """One value of `certainty`."""

    meaning: str  # what data/README.md says it is
    words: str  # how the report words it after the claim ("" for plain)


CERTAINTY: dict[str, Level] = {
    "stated": Level("asserted plainly", ""),
    "reported": Level("relayed second-hand", "reported"),
    "expected": Level("expected or likely", "expected"),
    "scheduled": Level("announced or planned", "planned"),
    "willing": Level("a signalled willingness", "signalled willingness"),
    "floated": Level("an idea put about", "floated"),
    "possible": Level("a possibility", "a possibility"),
    "advised": Level("a recommendation", "advice"),
    "suggested": Level("a reading or inference", "a reading"),
}

# attribution value -> how the report names the asserter when the row names nobody ("" for none)
ATTRIBUTION: dict[str, str] = {
    "article": "",
    "named_official": "an official",
    "unnamed_official": "an unnamed official",
    "government_statement": "the government",
    "media_reports": "media reports",
    "unattributed": "",
    "analyst": "an analyst",
    "editorial": "the editorial",
    "candidate": "a candidate",
    "official_data": "official data",
}


def cues_in(quote: str) -> list[Cue]:
    """The hedge cues a quote carries, in the order of CUES."""
    text = normalize_ws(quote)
    return [cue for cue, rx in _COMPILED if rx.search(text)]


def cue_spans(text: str) -> list[tuple[int, int, Cue]]:
    """Every cue and modal of a passage with its place, in the order of the text (for the drafter)."""
    return sorted((m.start(), m.end(), cue) for cue, rx in _ALL for m in rx.finditer(text))


def relayed_cues(quote: str) -> list[Cue]:
    """The cues of a quote that relay its claim second-hand."""
    return [cue for cue in cues_in(quote) if cue.relays]


def first_guess(quote: str) -> dict[str, str]:
    """A draft row's attribution and certainty from its quote's cues, for a reviewer to check."""
    cues = cues_in(quote)
    relayed = [c for c in cues if c.relays]
    return {
        "attribution": relayed[0].relays if relayed else OWN_REPORTING,
        "certainty": cues[0].certainty if cues else PLAIN,
    }
