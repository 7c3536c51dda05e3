"""Positions as sentences: what the two sides ask, offer and discuss, topic by topic; the positions tied to
security, the readings and advice of analysts and commentators, the comparator's talks and the background
set apart. Which claim goes where comes from coded fields (actor, addressee, kind, topic, security_linked,
prominence, until_event), never from its words; each claim is said once, its hedge in plain words at the end
of its sentence, claims of one holder, kind and voice in one sentence with one citation."""

from __future__ import annotations

import pandas as pd

from tarifftalks.analysis import events
from tarifftalks.present.phrases import claim_groups, claim_sentence, entry_text
from tarifftalks.present.report import Brief
from tarifftalks.present.tables import esc
from tarifftalks.present.words import when

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


LIMIT = 4  # sentences per topic or section in the body: the headline ones, then the latest; others go to Appendix B
SECURITY_LIMIT = 6  # the two sides' security positions with the imposing side's demands of others: both halves shown
OTHERS_LIMIT = 3  # commentators' readings and the comparator's positions: fewer than the two sides' (on security: 2)


def picked(b: Brief, claims: pd.DataFrame, limit: int = LIMIT) -> tuple[list[pd.DataFrame], list[pd.DataFrame]]:
    """The sentence groups of some claims, in reading order, split into the `limit` the body shows (those the
    analyst marked headline first, then the latest) and the rest."""
    groups = claim_groups(b, ordered(claims, b.sides))

    def rank(i):
        return (bool((groups[i]["prominence"] == "headline").any()), groups[i]["last_published"].max())

    keep = set(sorted(range(len(groups)), key=rank, reverse=True)[:limit])
    return [g for i, g in enumerate(groups) if i in keep], [g for i, g in enumerate(groups) if i not in keep]


def paragraph(b: Brief, claims: pd.DataFrame, holder: bool = True, limit: int = LIMIT) -> str:
    """The sentences the body shows of some claims (`picked`)."""
    return " ".join(claim_sentence(b, g, holder) for g in picked(b, claims, limit)[0])


def limit_of(name: str) -> int:
    """How many sentences a section of `sections` shows in the body."""
    limits = {"security:sides": SECURITY_LIMIT, "security:others": OTHERS_LIMIT - 1}
    return limits.get(name, OTHERS_LIMIT if name in ("commentary", "comparator") else LIMIT)


def left_out(b: Brief) -> str:
    """'Left out here for room: 6 earlier positions (Appendix B).', or ''."""
    n = sum(len(picked(b, claims, limit_of(name))[1]) for name, (claims, _holder) in sections(b).items())
    return f"Left out here for room: {n} earlier position{'s' * (n != 1)}, in Appendix B." if n else ""


def sections(b: Brief) -> dict[str, tuple[pd.DataFrame, bool]]:
    """Each paragraph of the positions: its claims and whether its sentences name the holder."""
    c = in_body(b)
    trade = c[between_sides(b, c) & ~c["security_linked"].astype(bool)]
    out = {f"topic:{t}": (trade[trade["topic"] == t], True) for t in trade["topic"].value_counts(sort=True).index}
    linked = c["security_linked"].astype(bool)
    sel = c[linked & c["addressed_to"].isin(b.sides)]
    # the imposing side's security demands of any partner (a precedent for its demands of the other side)
    precedent = c[linked & (c["actor"] == b.sides[1]) & ~c["addressed_to"].isin(b.sides)]
    out["security:sides"] = (pd.concat([sel[sel["actor"].isin(b.sides)], precedent]), True)
    out["security:others"] = (sel[is_commentary(b, sel)], False)
    out["commentary"] = (c[is_commentary(b, c) & ~c["security_linked"].astype(bool)], False)
    if b.comparator:
        theirs = c[(c["actor"] == b.comparator) | (c["addressed_to"] == b.comparator)]
        out["comparator"] = (theirs.drop(precedent.index, errors="ignore"), True)
    every = b.claims
    out["background"] = (every[(every["prominence"] == "background") & ~every["past"]], True)
    out["past"] = (every[every["past"] & (every["prominence"] != "appendix")], True)  # Appendix B only
    return out


def earlier(b: Brief) -> str:
    """For Appendix B: the sentences the body leaves out for want of room, section by section, then every
    claim past by the report date (the body shows none)."""
    parts = [
        " ".join(
            claim_sentence(b, g, holder)
            for g in (
                claim_groups(b, ordered(claims, b.sides)) if name == "past" else picked(b, claims, limit_of(name))[1]
            )
        )
        for name, (claims, holder) in sections(b).items()
    ]
    return " ".join(p for p in parts if p)


def by_topic(b: Brief) -> str:
    """Trade positions of the two sides, one paragraph per topic (the topics with most claims first)."""
    return "\n\n".join(
        f"**{esc(name.removeprefix('topic:').capitalize())}.** {paragraph(b, claims, holder)}"
        for name, (claims, holder) in sections(b).items()
        if name.startswith("topic:")
    )


def security(b: Brief) -> str:
    """Positions the articles tie to security, of the two sides and of commentators."""
    s = sections(b)
    sides = paragraph(b, *s["security:sides"], limit=limit_of("security:sides"))
    others = paragraph(b, *s["security:others"], limit=limit_of("security:others"))
    return " ".join(p for p in (sides, others) if p)


def commentary(b: Brief) -> str:
    """Readings and advice of analysts and commentators, not a government's position."""
    return paragraph(b, *sections(b)["commentary"], limit=limit_of("commentary"))


def comparator(b: Brief) -> str:
    """The comparator's positions; when no article gives any yet, a line that says where its tariffs and
    talks are."""
    s = sections(b)
    if "comparator" not in s:
        return ""
    if s["comparator"][0].empty:
        c = b.claims
        theirs = c[(c["actor"] == b.comparator) | (c["addressed_to"] == b.comparator)]
        where = "its tariffs are in the table and its talks in the timeline above."
        if theirs.empty:
            return f"No article up to the report date gives a position of {esc(b.comparator)}'s; {where}"
        n = len(theirs)
        why = "each overtaken by a later event" if theirs["past"].all() else "none of them marked for the body"
        return (
            f"The articles give {n} position{'s' * (n != 1)} of or addressed to {esc(b.comparator)}, {why}"
            f" (Appendix B and the evidence); {where}"
        )
    return paragraph(b, *s["comparator"], limit=limit_of("comparator"))


def background_events(b: Brief) -> list[str]:
    """Agreements and meetings of the two sides the analyst marked as background ('Oct 2024: Seoul and
    Washington finalise …'): the context of positions, dated."""
    tl = b.timeline
    sel = tl[(tl["prominence"] == "background") & (tl["track"] == "talks") & tl["kind"].isin(events.ROUND_TYPES)]
    return [
        f"{b.new_mark(e['first_published'])}{when(e['start'], e['end'], e['precision'])}: {entry_text(b, e)}."
        for _, e in sel.iterrows()
    ]


def background(b: Brief) -> str:
    """The background agreements and meetings of the two sides, and the claims the analyst marked as
    background that are not past by the report date (past ones: `earlier`)."""
    return " ".join([*background_events(b), paragraph(b, *sections(b)["background"])]).strip()
