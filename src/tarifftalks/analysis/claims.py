"""Claims and figures, one row per fact however many articles report it.

A position (demand, offer, stance, …) is one claim with every row sharing its `claim_key`, or, without
a key, every row giving the same actor, kind, topic and statement. A figure is one fact with every row
giving the same measure and value. Each keeps the latest article's wording (not a background
recollection's), who asserts it and how firmly, and lists every row and article behind it.

When a claim is past (`past`, with `past_reason` and `past_event`), by two rules:
- `until_event`: the analyst named the event after which it no longer holds (the latest such link of the
  claim's rows); once that event has taken place by the report date, the claim is past. A link decides
  alone: the analyst overrides the next rule by naming an event.
- `agreement`: otherwise, once an agreement of the sides it concerns (an `agreement` event whose parties
  include its actor and addressee, where these are countries; a claim of or to one side of the talks
  concerns both sides) has taken place after the claim's latest article, the agreement settles what was
  asked, offered, expected or advised before it.
Other wordings of a claim or figure from articles before such an agreement are `past_rows`, not
`also_rows`. A claim older than the newest article in scope is `dated`: the report gives its date.
"""

from __future__ import annotations

import pandas as pd

from tarifftalks.analysis import conflicts, events
from tarifftalks.analysis.scope import Scope, by_publication, is_group, join_ids, prominence, split_ids
from tarifftalks.facts.schema import resource

RANKED = events.RANKED
CLAIM_IDENTITY = ["actor", "kind", "topic", "statement"]  # a position without a claim_key: what makes it one claim


def one_per(scope: Scope, table: pd.DataFrame, key: list[str], text: str | None = None, settled=None) -> pd.DataFrame:
    """One row per `key`: the latest article's row (the latest not marked background, where there is one: a
    later article's recollection keeps the words, voice and date of the report it recalls), with `row_ids` and `source_ids` (every row and article,
    oldest first), `also_rows` (the rows whose `text` words it differently) and `past_rows` (those of them
    from articles an agreement has since settled: `settled(group, row)`), the first and last publication
    dates, and the highest prominence any of its rows has."""
    id_col = table.columns[0]
    rows = []
    for _, g in by_publication(scope.facts, table).groupby(key, sort=False, dropna=False):
        fore = g[prominence(g) != "background"]
        latest = fore.iloc[-1] if not fore.empty else g.iloc[-1]  # a background recollection does not reword
        others = g[g[text] != latest[text]].drop_duplicates(text) if text else g.iloc[0:0]
        past = [bool(settled and settled(g, r)) for _, r in others.iterrows()]
        rows.append(
            latest.drop(labels=["row", "published"]).to_dict()
            | dict(
                row_ids=join_ids(g[id_col]),
                source_ids=join_ids(g["source_id"]),
                also_rows=join_ids(others.loc[[not p for p in past], id_col]),
                past_rows=join_ids(others.loc[past, id_col]),
                first_published=g["published"].min(),
                last_published=g["published"].max(),
                prominence=RANKED[prominence(g).map(events.PROMINENCE_RANK).max()],
            )
        )
    extra = ["row_ids", "source_ids", "also_rows", "past_rows", "first_published", "last_published"]
    return pd.DataFrame(rows, columns=[*table.columns, *extra])


def countries(scope: Scope) -> set[str]:
    """Every country the fact base names as a party to an event, a side of the talks, or a tariff's subject."""
    ev = scope.facts["events"]
    named = {p for cell in ev.get("parties", pd.Series(dtype=str)) for p in split_ids(cell)}
    t = scope.facts["tariffs"]
    named |= set(t["applies_to"]) | set(t["imposed_by"]) | set(scope.sides)
    return {n for n in named if isinstance(n, str) and not is_group(n)}


def concerned(actor, addressed_to, sides: tuple[str, str], known: set[str]) -> frozenset[str]:
    """The countries a claim concerns: its actor and addressee where these are countries; a claim of or to
    one side of the talks only (or of commentators) concerns both sides."""
    named = {x for x in (actor, addressed_to) if isinstance(x, str) and x in known}
    if len(named) < 2 and named <= set(sides):
        named = set(sides)
    return frozenset(named)


def agreements_held(tl: pd.DataFrame, as_of) -> pd.DataFrame:
    """Agreements reported held by the report date, oldest first, with their parties as sets."""
    held = tl[(tl["kind"] == "agreement") & (tl["status"] == "happened") & (tl["start"] <= as_of)]
    return held.assign(party_set=held["parties"].map(lambda p: frozenset(split_ids(p)))).sort_values("start")


def settling(agreements: pd.DataFrame, sides: frozenset[str], after) -> pd.Series | None:
    """The first agreement of (at least) these sides that took place after a date, or None."""
    hit = agreements[agreements["party_set"].map(lambda p: sides <= p) & (agreements["start"] > after)]
    return None if hit.empty else hit.iloc[0]


def claims(scope: Scope, timeline: pd.DataFrame | None = None) -> pd.DataFrame:
    """Positions, one row per claim, `past` by the rules of this module (`past_reason`: until_event or
    agreement; `past_event`: the event that made it past), `dated` when older than the newest article."""
    pos = scope.facts["positions"]
    same_statement = pos[CLAIM_IDENTITY].astype(str).agg("\x1f".join, axis=1)
    keyed = pos.assign(claim=pos["claim_key"].where(pos["claim_key"].notna(), "=" + same_statement))
    tl = events.timeline(scope) if timeline is None else timeline
    agreements = agreements_held(tl, scope.as_of)
    known = countries(scope)

    def settled(_g, r) -> bool:
        sides = concerned(r["actor"], r["addressed_to"], scope.sides, known)
        return settling(agreements, sides, r["published"]) is not None

    out = one_per(scope, keyed, ["claim"], text="statement", settled=settled)
    links = (
        by_publication(scope.facts, keyed)
        .groupby("claim", sort=False)["until_event"]
        .agg(lambda u: next((x for x in reversed(list(u)) if isinstance(x, str) and x), None))
    )
    newest = max(scope.published.values()) if scope.published else scope.as_of
    past, reason, event = [], [], []
    for _, c in out.iterrows():
        until = links.get(c["claim"])
        if isinstance(until, str) and until:
            done = events.happened_by(tl, until, scope.as_of)
            past.append(done), reason.append("until_event" if done else None), event.append(until if done else None)
            continue
        agreement = settling(
            agreements, concerned(c["actor"], c["addressed_to"], scope.sides, known), c["last_published"]
        )
        past.append(agreement is not None)
        reason.append(None if agreement is None else "agreement")
        event.append(None if agreement is None else agreement["entry"])
    return out.assign(
        until_event=[u if isinstance(u := links.get(k), str) else None for k in out["claim"]],
        past=past,
        past_reason=reason,
        past_event=event,
        dated=out["last_published"] < newest,
    )


def measure_key(scope: Scope, table: str) -> tuple[list[str], str]:
    """The columns that name what a table's row measures, and its value column (datapackage x-measure-key)."""
    res = resource(scope.facts.package, table)
    return list(res["x-measure-key"]), res["x-value"]


def with_disagreements(facts: pd.DataFrame, table: str, found: pd.DataFrame) -> pd.DataFrame:
    """Facts with `disagreement`: the number of the disagreement (`conflicts.disagreements`' `group`) a fact
    is a reading of, else None. A disagreement is shown whole: each of its readings takes the highest
    prominence any of them has, so that no place shows one reading without the others."""
    d = found[found["table"] == table] if not found.empty else found
    group_of = dict(zip(d.get("row_id", []), d.get("group", []), strict=True))
    groups = [next((group_of[i] for i in split_ids(ids) if i in group_of), None) for ids in facts["row_ids"]]
    out = facts.assign(disagreement=pd.array(groups, dtype="Int64"))
    rank = out["prominence"].map(events.PROMINENCE_RANK)
    top = rank.groupby(out["disagreement"]).transform("max")
    out["prominence"] = [RANKED[int(t)] if not pd.isna(t) else p for t, p in zip(top, out["prominence"], strict=True)]
    return out


def figure_facts(
    scope: Scope, timeline: pd.DataFrame | None = None, disagreements: pd.DataFrame | None = None
) -> pd.DataFrame:
    """One row per figure fact: rows giving the same measure, value and bound are one fact, several
    sources; different values stay apart (a change or a disagreement, see `conflicts`; `disagreement`,
    see `with_disagreements`). A note from an article an agreement of the two sides has since settled is
    in `past_rows`."""
    key, value = measure_key(scope, "figures")
    agreements = agreements_held(events.timeline(scope) if timeline is None else timeline, scope.as_of)
    both = frozenset(scope.sides)
    fig = scope.facts["figures"]
    out = one_per(
        scope,
        fig,
        [*key, value, *(["bound"] if "bound" in fig.columns else [])],
        text="note",
        settled=lambda _g, r: settling(agreements, both, r["published"]) is not None,
    )
    out["fixed_period"] = out["year_start"].notna()
    found = conflicts.disagreements(scope) if disagreements is None else disagreements
    return with_disagreements(out, "figures", found)


def balance_facts(scope: Scope, disagreements: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per trade-balance fact (measure and value), as `figure_facts`."""
    key, value = measure_key(scope, "trade_balance")
    found = conflicts.disagreements(scope) if disagreements is None else disagreements
    return with_disagreements(one_per(scope, scope.facts["trade_balance"], [*key, value]), "trade_balance", found)


def judgements(scope: Scope, timeline: pd.DataFrame | None = None) -> pd.DataFrame:
    """The analyst's judgements a report as of its date can show: holding by then (`holds_from`), every row
    they rest on in scope, and not past. Past, by the rules of `claims`: its `until_event` has taken place;
    without one, an agreement of the two sides (a judgement reads the talks) has taken place after
    `holds_from`: a judgement written before the sides agreed does not read as current after it (the analyst
    writes a new one, held from a later date). One row each, with the rows (`row_ids`) and articles
    (`source_ids`) they rest on."""
    columns = ["judgement_id", "holds_from", "likelihood", "judgement", "row_ids", "source_ids", "until_event"]
    if "judgements" not in scope.facts.tables:
        return pd.DataFrame(columns=columns)
    tl = events.timeline(scope) if timeline is None else timeline
    agreements = agreements_held(tl, scope.as_of)
    both = frozenset(scope.sides)
    rows = []
    for _, j in scope.facts["judgements"].iterrows():
        ids = split_ids(j["rests_on"])
        holds_from = j["holds_from"].date()
        in_scope = all(i in scope.row_source for i in ids) and holds_from <= scope.as_of
        until = j["until_event"] if isinstance(j["until_event"], str) and j["until_event"] else None
        past = (
            events.happened_by(tl, until, scope.as_of) if until else settling(agreements, both, holds_from) is not None
        )
        if in_scope and not past:
            rows.append(
                dict(
                    judgement_id=j["judgement_id"],
                    holds_from=j["holds_from"].date(),
                    likelihood=j["likelihood"],
                    judgement=j["judgement"],
                    row_ids=join_ids(ids),
                    source_ids=join_ids(scope.source_ids(ids)),
                    until_event=until,
                )
            )
    return pd.DataFrame(rows, columns=columns)
