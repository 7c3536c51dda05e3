"""Who negotiates: one table per side of the people the articles name, with their titles as printed,
and notes on titles and line-ups that differ between articles."""

from __future__ import annotations

import pandas as pd

from tarifftalks.analysis import people
from tarifftalks.analysis.scope import is_group, split_ids
from tarifftalks.present.phrases import and_list
from tarifftalks.present.report import Brief
from tarifftalks.present.tables import esc
from tarifftalks.present.words import capital, count_words, day


def sides(b: Brief) -> list[str]:
    """The sides with people, in the report's order."""
    named = list(b.facts["people"]["side"])
    return [s for s in people.side_order(b.scope, named) if s in set(named)]


def side_title(side: str) -> str:
    """A side as the table names it; a group in lower case ('other': analysts, experts) capitalised, with
    nothing added: the person's title and organisation say who they are."""
    return capital(side) if is_group(side) else side


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
    return pd.DataFrame(rows, columns=["Name", "Side", "Titles as printed, as of each article's date", "Sources"])


def first_day(b: Brief, source_ids) -> str:
    """'Apr 8' or 'from Apr 20': the date of the first article of some, for a note on titles and plans."""
    src = b.scope.source_ids(source_ids)
    first = b.scope.published[src[0]]
    return ("on " if len(src) == 1 else "from ") + f"{first:%b} {first.day}"


def people_notes(b: Brief) -> str:
    """Shared and differing titles, and meetings whose line-up the articles give differently (Markdown)."""
    out = []
    shared = people.shared_titles(b.scope)
    roles = people.roles(b.scope)
    for _, g in shared.groupby("title", sort=False):
        holders = []
        for _, h in g.sort_values(
            "row_ids", key=lambda c: c.map(lambda ids: min(b.scope.published[s] for s in b.source_ids(ids)))
        ).iterrows():
            mine = roles[roles["name"] == h["name"]]
            parts = list(dict.fromkeys(p for cell in mine["talks_role"] for p in cell.split(" | ") if p))
            part = next((p for p in parts if "lead" in p), parts[0] if parts else "")
            holders.append(
                f"{first_day(b, h['row_ids'])} to {esc(h['name'])} {b.cite(h['row_ids'])}"
                + (f", {esc(part)} in the talks" if part else "")
            )
        out.append(
            f"The articles give the title “{esc(g['role'].iloc[0])}” to {count_words(len(holders))} different people: "
            + "; ".join(holders)
            + "."
        )
    differing = people.differing_titles(b.scope)
    for name, g in differing.groupby("name", sort=True):
        listed = "; ".join(f"“{esc(r['role'])}” {b.cite(r['row_ids'])}" for _, r in g.iterrows())
        out.append(f"The articles give {esc(name)} different titles: {listed}.")
    for key, g in b.lineups.groupby("event_key", sort=False):
        what = esc(b.row(b.timeline.loc[b.timeline["entry"] == key, "wording_row"].iloc[0])["description"])
        versions = sorted(g.itertuples(), key=lambda v: min(b.scope.published[s] for s in split_ids(v.source_ids)))
        told = "; ".join(
            f"{first_day(b, v.row_ids)} {b.cite(v.row_ids)} named {esc(and_list(split_ids(v.people)))}"
            for v in versions
        )
        if g["disjoint"].iloc[0]:
            out.append(
                f"> **The sources disagree.** For the same meeting ({what}), {told}. Both versions are shown; the report does not choose."
            )
        else:
            out.append(
                f"The line-up reported for {what} changed between articles: {told}. A later article may report a "
                "change of plan, or an article may name only some of those taking part; the articles do not say which."
            )
    return "\n\n".join(out)
