"""People named in a sentence, with their role as printed there and nothing else: a name of two or
three capitalised words outside the articles' common vocabulary, with a title just before it
("Trade Minister Han Seo-yeon") or in apposition after it ("Kim Min-jae, a trade policy expert at ...")."""

from __future__ import annotations

import re

from tarifftalks.draft.fields import TITLE_WORD, role_of, side_of, talks_role
from tarifftalks.draft.sentence import Draft, Sentence

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
        "Deputy",
        "Vice",
        "Industry",
        "Under",
        "Test",
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


def names_in(text: str) -> list[tuple[str, int]]:
    """(name, offset) of each run of two or three capitalised words that are not common vocabulary;
    known words before it are dropped ("Deputy Trade Minister Oh Jin-woo" -> "Oh Jin-woo")."""
    found = []
    for run in CAPITALISED_RUN.finditer(text):
        words, offset = run.group(0).split(" "), run.start()
        titles = [i for i, w in enumerate(words) if TITLE_WORD.fullmatch(w)]
        if titles and titles[-1] < len(words) - 1:  # "Foreign Minister Cho Hyun": the name after the title
            offset += sum(len(w) + 1 for w in words[: titles[-1] + 1])
            words = words[titles[-1] + 1 :]
        while words and words[0] in NOT_NAMES:
            offset += len(words.pop(0)) + 1
        if 2 <= len(words) <= 3 and not any(w in NOT_NAMES for w in words):
            found.append((" ".join(words), offset))
    return found


def person_drafts(s: Sentence) -> list[Draft]:
    """A people row for each titled name of the sentence; role, side and part in the talks from its words."""
    drafts = []
    for name, offset in names_in(s.text):
        before, after = s.text[:offset], s.text[offset + len(name) :]
        role, organisation = role_of(before, after)
        if not role and not TITLE_WORD.search(after[:40]):
            continue
        side, side_guessed = side_of(role, before, name)
        row = s.base() | {"name": name, "role": role, "organisation": organisation, "side": side}
        row["talks_role"] = talks_role(role, before[-40:] + name + after[:80])
        if side == "other" and row["talks_role"] != "analyst":  # "North Korean leader", "Chinese President"
            row["talks_role"] = "other"
        guessed = {"talks_role"} | ({"side"} if side_guessed else set()) | ({"role"} if not role else set())
        drafts.append(Draft("people", row, [], guessed))
    return drafts
