"""What is new: the newest articles, and what the articles after a date first report.

A fact is new after `since` when no article on or before that date reported it (`first_published`);
the analyst's background and appendix rows are not news. A change over time reported after `since`
and a disagreement between an article before it and one after it are listed too.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from tarifftalks.analysis.scope import Scope, same_text_groups

NEWS = ("headline", "body")


def newest_articles(scope: Scope, count: int = 1) -> pd.DataFrame:
    """The `count` newest article texts in scope (copies of one text count once), newest first."""
    src = scope.facts.sources.sort_values(["published", "source_id"], ascending=False)
    firsts = [g[0] for g in same_text_groups(scope.facts.sources)]
    return src[src["source_id"].isin(firsts)].head(count).reset_index(drop=True)


def articles_after(scope: Scope, since: dt.date) -> pd.DataFrame:
    """The articles in scope published after `since`, oldest first."""
    src = scope.facts.sources
    return src[src["published"].dt.date > since].sort_values(["published", "source_id"]).reset_index(drop=True)


def first_reported_after(frame: pd.DataFrame, since: dt.date) -> pd.DataFrame:
    """Entries of a one-row-per-fact frame (timeline, claims, figure facts) first reported after `since`,
    leaving out background and appendix rows."""
    new = frame["first_published"] > since
    return frame[new & frame["prominence"].isin(NEWS)]


def reported_after(frame: pd.DataFrame, since: dt.date, column: str = "reported") -> pd.DataFrame:
    """Changes (tariffs.changes, conflicts.changes) reported after `since`."""
    return frame[frame[column] > since]


def revised_after(disagreements: pd.DataFrame, since: dt.date) -> pd.DataFrame:
    """Disagreements in which an article after `since` gives another value than one on or before it."""
    keep = [
        g
        for _, g in disagreements.groupby("group")
        if (g["published"] > since).any() and (g["published"] <= since).any()
    ]
    return pd.concat(keep) if keep else disagreements.iloc[0:0]
