"""Positions: what each side asks of the other and puts on the table, topic by topic; the positions tied
to security, the commentary of analysts and editorials, the comparator's talks and the background set
apart. Which claim goes where comes from coded fields (actor, addressee, kind, security_linked,
prominence), never from its words."""

from __future__ import annotations

import pandas as pd

from tarifftalks.present.phrases import claim_text
from tarifftalks.present.report import Brief
from tarifftalks.present.tables import esc

DISCUSSED = "Discussed (the article does not say which side raised it)"


def in_body(b: Brief) -> pd.DataFrame:
    """The claims the body shows as moves in the talks: not background, not appendix-only."""
    c = b.claims
    return c[c["prominence"].isin(("headline", "body"))]


def position_text(b: Brief, r) -> str:
    return f"{esc(r['kind'].replace('_', ' ').upper())}: {claim_text(b, r)}"


def trade_positions(b: Brief) -> pd.DataFrame:
    """Topic by topic: what the side imposing the tariffs asks of the other, and what the other puts on the
    table (trade only; topics both sides discussed in their own column)."""
    focus, counterpart = b.sides
    c = in_body(b)
    c = c[~c["security_linked"].astype(bool)]
    asks = c[(c["actor"] == counterpart) & c["addressed_to"].isin([focus, "all partners"])]
    offers = c[(c["actor"] == focus) & (c["addressed_to"] == counterpart)]
    rows = []
    for topic in sorted(set(asks["topic"]) | set(offers["topic"])):
        a, o = asks[asks["topic"] == topic], offers[offers["topic"] == topic]
        both = pd.concat([a, o])
        rows.append(
            [
                f"**{esc(topic)}**",
                "\n".join(position_text(b, r) for _, r in a.iterrows() if r["kind"] != "agenda"),
                "\n".join(position_text(b, r) for _, r in o.iterrows() if r["kind"] != "agenda"),
                "\n".join(claim_text(b, r) for _, r in both.iterrows() if r["kind"] == "agenda"),
            ]
        )
    return pd.DataFrame(rows, columns=["Topic", f"{counterpart} → {focus}", f"{focus} → {counterpart}", DISCUSSED])


def is_commentary(b: Brief, c: pd.DataFrame) -> pd.Series:
    """Claims held by neither side nor the comparator: analysts' and editorials' readings and advice."""
    return ~c["actor"].isin([*b.sides, b.comparator])


def security_positions(b: Brief) -> pd.DataFrame:
    c = in_body(b)
    sel = c[
        c["security_linked"].astype(bool)
        & c["addressed_to"].isin(b.sides)
        & (c["actor"].isin(b.sides) | is_commentary(b, c))
    ]
    return positions_frame(b, sel, {"Side": lambda r: esc(r["actor"])})


def commentary_positions(b: Brief) -> pd.DataFrame:
    c = in_body(b)
    sel = c[is_commentary(b, c) & ~c["security_linked"].astype(bool)]
    return positions_frame(b, sel, {}, who=True)


def comparator_positions(b: Brief) -> pd.DataFrame:
    c = in_body(b)
    if not b.comparator:
        return positions_frame(b, c.iloc[0:0], {})
    sel = c[(c["actor"] == b.comparator) | (c["addressed_to"] == b.comparator)]
    return positions_frame(b, sel, {"Direction": lambda r: esc(f"{r['actor']} → {r['addressed_to']}")})


def background_positions(b: Brief) -> pd.DataFrame:
    """Claims the analyst marked as background: context, not moves in the talks."""
    c = b.claims
    return positions_frame(b, c[c["prominence"] == "background"], {"Side": lambda r: esc(r["actor"])})


def positions_frame(b: Brief, frame: pd.DataFrame, first: dict, who: bool = False) -> pd.DataFrame:
    rows = []
    for _, r in frame.iterrows():
        line = [f(r) for f in first.values()] + [esc(r["kind"].replace("_", " ")), claim_text(b, r)]
        if who:
            line.append(esc(r["speaker"] or r["attributed_to"] or "editorial"))
        rows.append([*line, b.cite(r["row_ids"])])
    columns = [*first, "Kind", "Advice or reading" if who else "Position", *(["Who"] if who else []), "Source"]
    return pd.DataFrame(rows, columns=columns)
