"""Who negotiates: one table per side of the people the articles name, with their titles as printed,
and notes on titles and line-ups that differ between articles."""

from __future__ import annotations

import pandas as pd

from tarifftalks.analysis import people
from tarifftalks.analysis.scope import is_group, split_ids
from tarifftalks.present.report import Brief
from tarifftalks.present.tables import esc
from tarifftalks.present.words import capital, day


def sides(b: Brief) -> list[str]:
    """The sides with people, in the report's order."""
    named = list(b.facts["people"]["side"])
    return [s for s in people.side_order(b.scope, named) if s in set(named)]


def side_title(side: str) -> str:
    return capital(side) + " (analysts and others)" if is_group(side) else side


def negotiators(b: Brief, side: str) -> pd.DataFrame:
    """The people one side fields, with each title as the articles print it."""
    r = people.roles(b.scope)
    rows = []
    for name, g in r[r["side"] == side].groupby("name", sort=False):
        role = "\n".join(esc(x) for x in g["role"])
        orgs = [
            o for o in dict.fromkeys(" | ".join(g["organisation"]).split(" | ")) if o and o not in " ".join(g["role"])
        ]
        role += "".join(f"\n*{esc(o)}*" for o in orgs)
        parts = dict.fromkeys(p for cell in g["talks_role"] for p in cell.split(" | ") if p)
        ids = [i for cell in g["row_ids"] for i in split_ids(cell)]
        rows.append([f"**{esc(name)}**", role, esc(", ".join(parts)), b.cite(ids)])
    return pd.DataFrame(rows, columns=["Name", "Role as printed", "Part in the talks", "Sources"])


def title_text(t) -> str:
    """A title as printed with its own organisation (one the title does not already name), and its date
    where a later article gives the title to someone else."""
    orgs = [o for o in t["organisation"].split(" | ") if o and o not in t["role"]]
    text = esc(t["role"]) + "".join(f", *{esc(o)}*" for o in orgs)
    return text + (f", as of {day(t['last_published'])}" if t["held_later_by"] else "")


def who_is_who(b: Brief) -> pd.DataFrame:
    """Everyone the articles name, one row each: side, every title as printed, the articles."""
    r = people.roles(b.scope)
    rows = []
    for (side, name), g in r.groupby(["side", "name"], sort=False):
        titles = "; ".join(title_text(t) for _, t in g.iterrows())
        ids = [i for cell in g["row_ids"] for i in split_ids(cell)]
        rows.append([f"**{esc(name)}**", esc(side_title(side)), titles, b.cite(ids)])
    return pd.DataFrame(rows, columns=["Name", "Side", "Titles as printed", "Sources"])


def people_notes(b: Brief) -> str:
    """Shared and differing titles, and meetings the articles staff differently (Markdown)."""
    out = []
    shared = people.shared_titles(b.scope)
    for _, g in shared.groupby("title", sort=False):
        out.append(
            f"Articles give the title “{esc(g['role'].iloc[0])}” to {esc(' and '.join(sorted(g['name'])))}; the role column "
            "shows each article's wording."
        )
    differing = people.differing_titles(b.scope)
    for name, g in differing.groupby("name", sort=True):
        listed = "; ".join(f"“{esc(r['role'])}” {b.cite(r['row_ids'])}" for _, r in g.iterrows())
        out.append(f"The articles give {esc(name)} different titles: {listed}.")
    for key, g in b.lineups.groupby("event_key", sort=False):
        told = "; ".join(
            f"{b.cite(v['row_ids'])} names {esc(', '.join(split_ids(v['people'])))}" for _, v in g.iterrows()
        )
        what = esc(b.row(b.timeline.loc[b.timeline["entry"] == key, "wording_row"].iloc[0])["description"])
        if g["disjoint"].iloc[0]:
            out.append(
                f"> **The sources disagree.** For the same meeting ({what}), {told}. Both versions are shown; the report does not choose."
            )
        else:
            out.append(
                f"Reports of the same meeting ({what}) name different line-ups: {told}. A report may name only some "
                "of those present, so the versions need not contradict each other; the articles do not explain the difference."
            )
    return "\n\n".join(out)
