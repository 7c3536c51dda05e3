"""Positions as sentences: what the two sides ask, offer and discuss, topic by topic; the positions tied to
security, the readings and advice of analysts and commentators, the comparator's talks and the background
set apart. Which claim goes where comes from coded fields (actor, addressee, kind, topic, security_linked,
prominence, until_event), never from its words; each claim is said once, its hedge in plain words at the end
of its sentence, claims of one holder, kind and voice in one sentence with one citation."""

from __future__ import annotations

import pandas as pd

from tarifftalks.present.phrases import claim_groups, claim_sentence
from tarifftalks.present.report import Brief
from tarifftalks.present.tables import esc

ORDER = {"demand": 0, "complaint": 1, "agenda": 2, "goal": 3, "offer": 4, "signal": 5, "bargaining_chip": 6,
         "stance": 7, "constraint": 8, "advice": 9}  # fmt: skip


def in_body(b: Brief) -> pd.DataFrame:
    """The claims the body shows as moves in the talks: not background, not appendix-only, not past."""
    c = b.claims
    return c[c["prominence"].isin(("headline", "body")) & ~c["past"]]


def is_commentary(b: Brief, c: pd.DataFrame) -> pd.Series:
    """Claims held by neither side nor the comparator: analysts' and commentators' readings and advice."""
    return ~c["actor"].isin([*b.sides, b.comparator])


def between_sides(b: Brief, c: pd.DataFrame) -> pd.Series:
    sides = list(b.sides)
    return c["actor"].isin(sides) & c["addressed_to"].isin([*sides, "all partners"])


def ordered(c: pd.DataFrame, sides: tuple[str, str]) -> pd.DataFrame:
    """The side imposing the tariffs first, then the other; demands before offers before stances."""
    rank = c["actor"].map({sides[1]: 0, sides[0]: 1}).fillna(2) * 100 + c["kind"].map(ORDER).fillna(50)
    return c.assign(_rank=rank).sort_values(["_rank", "first_published"], kind="stable").drop(columns="_rank")


def paragraph(b: Brief, claims: pd.DataFrame, holder: bool = True) -> str:
    return " ".join(claim_sentence(b, g, holder) for g in claim_groups(ordered(claims, b.sides)))


def by_topic(b: Brief) -> str:
    """Trade positions of the two sides, one paragraph per topic (the topics with most claims first)."""
    c = in_body(b)
    c = c[between_sides(b, c) & ~c["security_linked"].astype(bool)]
    topics = c["topic"].value_counts(sort=True).index.tolist()
    return "\n\n".join(f"**{esc(topic.capitalize())}.** {paragraph(b, c[c['topic'] == topic])}" for topic in topics)


def security(b: Brief) -> str:
    """Positions the articles tie to security, of the two sides and of commentators."""
    c = in_body(b)
    sel = c[
        c["security_linked"].astype(bool)
        & c["addressed_to"].isin(b.sides)
        & (c["actor"].isin(b.sides) | is_commentary(b, c))
    ]
    sides, others = sel[sel["actor"].isin(b.sides)], sel[~sel["actor"].isin(b.sides)]
    return " ".join(p for p in (paragraph(b, sides), paragraph(b, others, holder=False)) if p)


def commentary(b: Brief) -> str:
    """Readings and advice of analysts and commentators, not a government's position."""
    c = in_body(b)
    return paragraph(b, c[is_commentary(b, c) & ~c["security_linked"].astype(bool)], holder=False)


def comparator(b: Brief) -> str:
    c = in_body(b)
    if not b.comparator:
        return ""
    return paragraph(b, c[(c["actor"] == b.comparator) | (c["addressed_to"] == b.comparator)])


def background(b: Brief) -> str:
    """Claims the analyst marked as background, and claims past by the report date."""
    c = b.claims
    return paragraph(b, c[(c["prominence"] == "background") | (c["past"] & (c["prominence"] != "appendix"))])
