"""Claims and figures, one row per fact however many articles report it.

A position (demand, offer, stance, …) is one claim with every row sharing its `claim_key`, or, without
a key, every row giving the same actor, kind, topic and statement. A figure is one fact with every row
giving the same measure and value. Each keeps the latest article's wording, who asserts it and how
firmly, and lists every row and article behind it. A claim whose `until_event` has taken place by the
report date is `past`.
"""

from __future__ import annotations

import pandas as pd

from tarifftalks.analysis import events
from tarifftalks.analysis.scope import Scope, by_publication, join_ids, prominence, split_ids
from tarifftalks.facts.schema import resource

RANKED = events.RANKED
CLAIM_IDENTITY = ["actor", "kind", "topic", "statement"]  # a position without a claim_key: what makes it one claim


def one_per(scope: Scope, table: pd.DataFrame, key: list[str], text: str | None = None) -> pd.DataFrame:
    """One row per `key`: the latest article's row, with `row_ids` and `source_ids` (every row and article,
    oldest first), `also_rows` (the rows whose `text` words it differently), the first and last
    publication dates, and the highest prominence any of its rows has."""
    id_col = table.columns[0]
    rows = []
    for _, g in by_publication(scope.facts, table).groupby(key, sort=False, dropna=False):
        latest = g.iloc[-1]
        others = g[g[text] != latest[text]].drop_duplicates(text) if text else g.iloc[0:0]
        rows.append(
            latest.drop(labels=["row", "published"]).to_dict()
            | dict(
                row_ids=join_ids(g[id_col]),
                source_ids=join_ids(g["source_id"]),
                also_rows=join_ids(others[id_col]),
                first_published=g["published"].min(),
                last_published=g["published"].max(),
                prominence=RANKED[prominence(g).map(events.PROMINENCE_RANK).max()],
            )
        )
    extra = ["row_ids", "source_ids", "also_rows", "first_published", "last_published"]
    return pd.DataFrame(rows, columns=[*table.columns, *extra])


def claims(scope: Scope, timeline: pd.DataFrame | None = None) -> pd.DataFrame:
    """Positions, one row per claim, with `past` True once the event it holds until has taken place."""
    pos = scope.facts["positions"]
    same_statement = pos[CLAIM_IDENTITY].astype(str).agg("\x1f".join, axis=1)
    keyed = pos.assign(claim=pos["claim_key"].where(pos["claim_key"].notna(), "=" + same_statement))
    out = one_per(scope, keyed, ["claim"], text="statement")
    tl = events.timeline(scope) if timeline is None else timeline
    out["past"] = [
        isinstance(key, str) and events.happened_by(tl, key, scope.as_of) for key in out.get("until_event", [])
    ]
    return out


def measure_key(scope: Scope, table: str) -> tuple[list[str], str]:
    """The columns that name what a table's row measures, and its value column (datapackage x-measure-key)."""
    res = resource(scope.facts.package, table)
    return list(res["x-measure-key"]), res["x-value"]


def figure_facts(scope: Scope) -> pd.DataFrame:
    """One row per figure fact: rows giving the same measure with the same value are one fact, several
    sources; different values stay apart (a change or a disagreement, see `conflicts`)."""
    key, value = measure_key(scope, "figures")
    out = one_per(scope, scope.facts["figures"], [*key, value], text="note")
    out["fixed_period"] = out["year_start"].notna()
    return out


def balance_facts(scope: Scope) -> pd.DataFrame:
    """One row per trade-balance fact (measure and value), as `figure_facts`."""
    key, value = measure_key(scope, "trade_balance")
    return one_per(scope, scope.facts["trade_balance"], [*key, value])


def judgements(scope: Scope, timeline: pd.DataFrame | None = None) -> pd.DataFrame:
    """The analyst's judgements a report as of its date can show: holding by then (`holds_from`), every row
    they rest on in scope, and not past their `until_event`. One row each, with the rows (`row_ids`) and
    articles (`source_ids`) they rest on."""
    columns = ["judgement_id", "holds_from", "likelihood", "judgement", "row_ids", "source_ids", "until_event"]
    if "judgements" not in scope.facts.tables:
        return pd.DataFrame(columns=columns)
    tl = events.timeline(scope) if timeline is None else timeline
    rows = []
    for _, j in scope.facts["judgements"].iterrows():
        ids = split_ids(j["rests_on"])
        in_scope = all(i in scope.row_source for i in ids) and j["holds_from"].date() <= scope.as_of
        until = j["until_event"] if isinstance(j["until_event"], str) and j["until_event"] else None
        if in_scope and not (until and events.happened_by(tl, until, scope.as_of)):
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
