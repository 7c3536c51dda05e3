"""Who negotiates: the people the articles name with their titles as printed, titles that differ between
articles or that two people share, and the line-ups the articles give for one meeting."""

from __future__ import annotations

import itertools

import pandas as pd

from tarifftalks.analysis.scope import Scope, by_publication, is_group, join_ids, split_ids


def side_order(scope: Scope, named: list[str]) -> list[str]:
    """Sides in the order the report shows them: the two sides of the talks, the comparator, other
    countries as the articles first name them, then groups ('other')."""
    head = [*scope.sides] + ([scope.comparator] if scope.comparator else [])
    rest = [s for s in dict.fromkeys(named) if s not in head]
    return head + [s for s in rest if not is_group(s)] + [s for s in rest if is_group(s)]


def roles(scope: Scope) -> pd.DataFrame:
    """One row per person and title as printed: side, name, role, organisation, part in the talks, the
    rows and articles that print it, the first and last article dates (a title is as of `last_published`),
    and `held_later_by`: the other people of the same side a later article prints with the same title
    (`title_words`), whose holder the title may no longer be; sides in `side_order`, people by name."""
    p = by_publication(scope.facts, scope.facts["people"])
    order = side_order(scope, list(p["side"]))
    rows = []
    for (side, name, role), g in p.groupby(["side", "name", "role"], sort=False):
        orgs = [o for o in dict.fromkeys(g["organisation"]) if isinstance(o, str) and o]
        parts = [t for t in dict.fromkeys(g["talks_role"]) if isinstance(t, str) and t]
        rows.append(
            dict(
                side=side,
                name=name,
                role=role,
                organisation=" | ".join(orgs),
                talks_role=" | ".join(parts),
                row_ids=join_ids(g["person_row_id"]),
                source_ids=join_ids(g["source_id"]),
                first_published=g["published"].min(),
                last_published=g["published"].max(),
            )
        )
    columns = ["side", "name", "role", "organisation", "talks_role", "row_ids", "source_ids"]
    frame = pd.DataFrame(rows, columns=[*columns, "first_published", "last_published"])
    frame["held_later_by"] = [held_later_by(frame, r) for _, r in frame.iterrows()]
    frame["side_rank"] = frame["side"].map(order.index)
    return (
        frame.sort_values(["side_rank", "name", "first_published"], kind="stable")
        .drop(columns="side_rank")
        .reset_index(drop=True)
    )


def held_later_by(frame: pd.DataFrame, r: pd.Series) -> str:
    """The other people of a side whom an article later than a title's last report prints with that title."""
    same = frame[
        (frame["side"] == r["side"])
        & (frame["name"] != r["name"])
        & (frame["first_published"] > r["last_published"])
        & (frame["role"].map(title_words) == title_words(r["role"]))
    ]
    return join_ids(same["name"])


TITLE_NOISE = {"of", "the", "us", "u.s.", "and", "also", "called", "at", "(also", "minister)", "(ustr)"}


def title_words(role: str) -> frozenset[str]:
    """A title as a set of words, so 'Secretary of the Treasury' equals 'Treasury Secretary'."""
    return frozenset(w for w in role.lower().replace(",", " ").split() if w not in TITLE_NOISE)


def differing_titles(scope: Scope) -> pd.DataFrame:
    """People whose title differs in substance between articles: their rows of `roles` (titles that differ
    only in form, 'Secretary of the Treasury' and 'Treasury Secretary', make no difference)."""
    r = roles(scope)
    differing = [name for name, g in r.groupby("name") if len({title_words(t) for t in g["role"]}) > 1]
    return r[r["name"].isin(differing)].reset_index(drop=True)


def shared_titles(scope: Scope) -> pd.DataFrame:
    """Titles the articles give to more than one person: one row per title and person."""
    r = roles(scope)
    r = r.assign(title=r["role"].str.lower())
    shared = r.groupby("title")["name"].transform("nunique") > 1
    return r[shared].drop_duplicates(["title", "name"])[["role", "title", "name", "row_ids", "source_ids"]]


def named_lineups(scope: Scope):
    """For each event key with participants: (key, its rows by publication, {people named: [rows naming them]})."""
    ev = scope.facts["events"]
    persons = set(scope.facts["people"]["name"])
    for key, group in by_publication(scope.facts, ev[ev["participants"].notna()]).groupby("event_key", sort=False):
        named: dict[frozenset, list] = {}
        for _, r in group.iterrows():
            people = frozenset(p for p in split_ids(r["participants"]) if p in persons)
            if people:
                named.setdefault(people, []).append(r)
        yield key, group, named


LINEUP_COLUMNS = ["event_key", "version", "people", "row_ids", "source_ids", "disjoint"]


def lineups(scope: Scope) -> pd.DataFrame:
    """Events whose reports name different line-ups: one row per line-up (`people`, `;`-joined) with the
    rows naming it. A line-up that is a subset of another adds nothing and is left out; `disjoint` marks
    the events where two line-ups share nobody, which cannot both be right."""
    out = []
    for key, _group, named in named_lineups(scope):
        largest = {p: rows for p, rows in named.items() if not any(p < other for other in named)}
        if len(largest) < 2:
            continue
        sources = {p: {r["source_id"] for r in rows} for p, rows in named.items()}
        disjoint = (
            any(not (a & b) for a, b in itertools.combinations(named, 2)) and len(set().union(*sources.values())) > 1
        )
        for n, (people, rows) in enumerate(largest.items(), start=1):
            out.append(
                dict(
                    event_key=key,
                    version=n,
                    people=join_ids(sorted(people)),
                    row_ids=join_ids(r["event_id"] for r in rows),
                    source_ids=join_ids(r["source_id"] for r in rows),
                    disjoint=disjoint,
                )
            )
    return pd.DataFrame(out, columns=LINEUP_COLUMNS)
