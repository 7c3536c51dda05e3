"""'What changed since <date>', directly under the title: the articles after the cut-off, the main news,
then what the report as of the cut-off did not have: events first reported, dates and statuses first given,
context first given, tariffs new or changed, new figures, and where sources now differ.

The rule: a fact is new when no article published on or before the cut-off day reported it, in any words
(the cut-off day itself counts as before). What a report of the cut-off date showed is computed, not guessed:
the same analysis run on the articles up to the cut-off, compared entry by entry with today's."""

from __future__ import annotations

import pandas as pd

from tarifftalks.analysis import claims, conflicts, events, news
from tarifftalks.analysis.scope import same_text_groups, split_ids
from tarifftalks.present.evidence import group_ref
from tarifftalks.present.figures import balance_text, figure_label
from tarifftalks.present.grid import INFERRED, columns, first_given, moved, qualifiers, state_rows
from tarifftalks.present.phrases import (
    and_list,
    claim_groups,
    claim_sentence,
    earlier_reports,
    entry_text,
    lower_first,
    same_wording,
)
from tarifftalks.present.positions import ordered
from tarifftalks.present.report import Brief
from tarifftalks.present.tables import esc
from tarifftalks.present.words import capital, dated, day, figure_value, hedged, pct, period_text, tariff_status, when

MAIN_CLAIMS = 3  # the main new claims listed at the top


def dated_near(b: Brief, days: int = 1) -> list[str]:
    """Articles in scope whose date is not printed (their `date_basis` does not begin 'Printed') and falls
    within `days` of the cut-off: the side of it they fall on is the brief's reading."""
    src = b.facts.sources
    near = (src["published"].dt.date - b.since).map(lambda d: abs(d.days) <= days)
    return list(src.loc[near & ~src["date_basis"].str.startswith("Printed"), "source_id"])


def articles_line(b: Brief) -> str:
    since = b.since
    after = news.articles_after(b.scope, since)
    listed = "; ".join(f"{esc(group_ref(b, g))} {esc(b.name(g[0]))}" for g in same_text_groups(after))
    text = f"Published after {day(since)} (that day counts as before): {listed or 'none'}."
    near = dated_near(b)
    for group in same_text_groups(b.facts.sources[b.facts.sources["source_id"].isin(near)]):
        sid = group[0]
        side = "after" if b.scope.published[sid] > since else "before"
        verbs = ("prints", "it counts") if len(group) == 1 else ("print", "they count")
        text += (
            f" {esc(group_ref(b, group))} {verbs[0]} no date; taken as {day(b.scope.published[sid])} (Appendix A), "
            f"{verbs[1]} as {side}."
        )
    return text + " Below, *New*: first reported after the cut-off, in any words; *Changed*: dated or changed after it."


def main_claims(b: Brief) -> list[str]:
    """The claims first reported after the cut-off that the analyst marked headline (the two sides first);
    without any, the two sides' new demands, offers and goals."""
    c = b.claims[~b.claims["past"]]
    new = news.first_reported_after(c, b.since)
    pick = new[new["prominence"] == "headline"]
    if pick.empty:
        pick = new[new["actor"].isin(b.sides) & new["kind"].isin(("demand", "offer", "goal", "complaint"))]
    pick = ordered(pick, b.sides)  # the two sides first, then the comparator and commentators
    # what passes between the two sides leads, the newest first; what one side asks of a third party follows
    between = pick["addressed_to"].fillna(b.sides[0]).isin(b.sides) & pick["actor"].isin(b.sides)
    pick = pick.assign(_other=~between).sort_values(["_other", "first_published"], ascending=[True, False],
                                                   kind="stable").drop(columns="_other")  # fmt: skip
    return [claim_sentence(b, g, also=False, mark_new=False) for g in claim_groups(b, pick)][:MAIN_CLAIMS]


def compact(b: Brief, e, earlier: bool = False) -> str:
    """A timeline entry for the list: when, the latest wording with its hedge (who says it, how firmly; the
    status notes are the timeline's), the citation; with `earlier`, how articles up to then reported it."""
    if e["kind"] == "tariff":
        return f"{esc(when(e['start'], e['end'], e['precision']))}: {entry_text(b, e, also=False)}"
    words = b.row(e["wording_row"])["description"]  # after its date, as the timeline writes it
    cited = same_wording(e) if earlier else split_ids(e["row_ids"])
    text = f"{esc(when(e['start'], e['end'], e['precision']))}: {hedged(words, e)} {b.cite(cited)}"
    return text + (earlier_reports(b, e) if earlier else "")


def held_since(b: Brief) -> list[str]:
    """'Mid-May 2025: Second round of … [5]': rounds of the talks, and of other countries' talks, reported held
    after the cut-off, oldest first."""
    tl = b.timeline
    sel = tl[
        tl["track"].isin(("talks", "others"))
        & tl["kind"].isin(events.ROUND_TYPES)
        & (tl["status"] == "happened")
        & (tl["start"] > b.since)
        & (tl["prominence"] != "appendix")
    ]
    return [compact(b, e) for _, e in sel.sort_values(["start", "end"]).iterrows()]


def timeline_changes(b: Brief, before: Brief) -> tuple[list[str], list[str], list[str]]:
    """Entries of the timeline: first reported after the cut-off (the analyst's headline ones, but rounds held
    after it: `held_since`);
    those whose date or status an article after the cut-off first gave (an event a claim already looked ahead
    to, such as an election; a pause's end date; a meeting reported held; a date made precise); and background
    first given."""
    old = before.timeline.set_index("entry")
    tl = b.timeline[b.timeline["prominence"] != "appendix"]
    anticipated = {k for k in before.claims.get("until_event", pd.Series(dtype=object)) if isinstance(k, str) and k}
    paused_then = {(r["applies_to"], r["kind"]) for _, r in before.tariff_state.iterrows() if r["state"] == "paused"}
    ahead = set(events.ahead(b.timeline, b.as_of)["entry"])
    first, given, context = [], [], []
    for _, e in tl.iterrows():
        stamp = compact(b, e)
        if e["entry"] in old.index:
            o = old.loc[e["entry"]]
            if o["status"] != e["status"] or (o["start"], o["end"]) != (e["start"], e["end"]):
                given.append(compact(b, e, earlier=True))
            continue
        if e["prominence"] == "background":
            context.append(stamp)
        elif e["entry"] in anticipated:
            if e["entry"] not in ahead:  # one ahead is on page one under Ahead
                given.append(stamp + ", the date first given")
        elif (
            e["kind"] == "tariff"
            and e["action"] == "paused_until"
            and any((b.row(i)["applies_to"], b.row(i)["kind"]) in paused_then for i in split_ids(e["row_ids"]))
        ):
            continue  # the end of a pause reported before: among the tariffs whose status changed
        elif e["kind"] in events.ROUND_TYPES and e["status"] == "happened" and e["start"] > b.since:
            continue  # listed under the rounds held since
        elif e["prominence"] == "headline":  # the body's others are marked New in the timeline
            first.append(stamp)
    return first, given, context


def tariff_changes(b: Brief, before: Brief, moved_only: bool = False, given_only: bool = False) -> list[str]:
    """Tariffs of the report's countries and groups new since the cut-off, or whose rate or status changed, or
    that an article after it first reports for the country itself (with `moved_only`, only those whose rate
    or status changed; with `given_only`, only those whose rate, announced by the cut-off, a later article
    first gives: `grid.first_given`): the state of the report as of the cut-off against today's, sectors of
    one country with the same change in one clause."""
    then = {(r["applies_to"], r["sector"], r["kind"]): r for _, r in state_rows(before).iterrows()}
    clauses: dict[tuple, list] = {}
    shown = set(columns(b))
    for _, r in state_rows(b).iterrows():
        if r["applies_to"] not in shown:
            continue
        o = then.get((r["applies_to"], r["sector"], r["kind"]))
        given = o is not None and first_given(b, o, r)
        if (moved_only and (o is None or not moved(o, r) or given)) or (given_only and not given):
            continue
        if given:
            announced = b.row(r["rate_row"])
            change = f"{tariff_words(b, r)}, announced {when_announced(announced)}, first given"
        elif o is None:
            change = f"{tariff_words(b, r)}, new"
        elif moved(o, r):
            old = [i for i in (o["rate_row"], o["status_row"]) if isinstance(i, str)]
            change = f"{tariff_words(b, r)}, where it was {tariff_words(before, o, qualify=False)} {b.cite(old)}"
        elif b.scope.published[b.row(r["status_row"])["source_id"]] > b.since and o["status_row"] != r["status_row"]:
            change = own_report(b, r)
        else:
            continue
        clauses.setdefault((r["applies_to"], r["kind"], change), []).append(r)
    out = []
    for (country, kind, change), rows in clauses.items():
        now = b.cite([i for r in rows for i in (r["rate_row"], r["status_row"]) if isinstance(i, str)])
        text, _, was = change.partition(", where it was ")
        what = f"{esc(country)}, {esc(and_list([r['sector'] for r in rows]))} ({esc(kind)})"
        out.append(
            f"{what}: {esc(text)} {now}"
            + (f", where it was {esc(was.rsplit(' [', 1)[0])} {was[was.index(' [') + 1 :]}" if was else "")
        )
    return out


def when_announced(row) -> str:
    """'Apr 2025': the date a tariff row says its rate was announced, at its precision."""
    return dated(row["announced"], row.get("announced_precision"))


def own_report(b: Brief, r) -> str:
    """A tariff a later article first reports for the country itself, its rate still read from the rate on all
    imports: 'now reported for Japan itself, as steeper levies, in effect; the 25% inferred from all imports'."""
    notes = qualifiers(b, r)
    inferred = INFERRED in notes
    said = [n for n in notes if n != INFERRED]
    rate = "rate not given" if pd.isna(r["rate_pct"]) else pct(r["rate_pct"])
    head = f"now reported for {r['applies_to']} itself" + (f", as {'; '.join(said)}" if said else "")
    if inferred:
        return f"{head}, {tariff_status(r)}; the {rate} inferred from all imports"
    return f"{head}: {rate}, {tariff_status(r)}"


def tariff_words(b: Brief, r, qualify: bool = True) -> str:
    """'25% (steeper levies; inferred), in effect'; without `qualify`, '25%, in effect'."""
    rate = "rate not given" if pd.isna(r["rate_pct"]) else pct(r["rate_pct"])
    extra = qualifiers(b, r) if qualify else []
    return f"{rate}" + (f" ({'; '.join(extra)})" if extra else "") + f", {tariff_status(r)}"


def figure_news(b: Brief) -> tuple[list[str], list[str], list[str]]:
    """New figures; background claims and figures first given (a figure that only restates a background
    claim's quote is left to the claim); and the measures on which an article after the cut-off differs from
    one before it (a difference between sources, not a change)."""
    since = b.since
    disputed_rows = set(b.disagreements["row_id"])
    c = b.claims
    background = c[(c["first_published"] > since) & (c["prominence"] == "background")]
    said = " ".join(b.row(i)["quote"] for ids in background["row_ids"] for i in split_ids(ids))
    figs = b.figure_facts.dropna(subset=["value"])
    new, context = [], []
    figs = figs[figs["first_published"] > since]
    for _, g in figs.groupby(["subject", "measure", "unit", "prominence"], sort=False, dropna=False):
        ids = [i for cell in g["row_ids"] for i in split_ids(cell)]
        r = g.iloc[0]
        if set(ids) & disputed_rows:
            continue
        values = ", ".join(
            (f"{period_text(x['year_start'], x['year_end'])} " if len(g) > 1 else "") + figure_value(x)
            for _, x in g.iterrows()
        )
        label = figure_label(r) if len(g) == 1 else capital(r["measure"])
        item = f"{hedged(label, r)}: {esc(values)} {b.cite(ids)}"
        if r["prominence"] in news.NEWS:
            new.append(item)
        elif r["prominence"] == "background" and not all(b.row(i)["quote"] in said for i in ids):
            context.append(item)
    balances = claims.balance_facts(b.scope)
    for _, r in balances[balances["first_published"] > since].iterrows():
        if not set(split_ids(r["row_ids"])) & disputed_rows:
            new.append(f"{balance_text(r)} {b.cite(r['row_ids'])}")
    for g in claim_groups(b, background):
        context.append(lower_first(claim_sentence(b, g, also=False, mark_new=False).rstrip("."), b.names))
    differ = []
    for _, g in news.revised_after(b.disagreements, since).groupby("group"):
        row = b.row(g["row_id"].iloc[0])
        what = row.get("measure") if g["table"].iloc[0] != "trade_balance" else f"{row['year']} {row['measure']}"
        differ.append(f"the {esc(str(what))} {b.cite(list(g['row_id']))}")
    for _, ch in news.reported_after(conflicts.changes(b.scope), since).iterrows():
        new.append(
            f"{esc(b.row(ch['after_row'])['note'] if ch['table'] == 'figures' else ch['table'])}: {ch['before']:g} "
            f"{b.cite(ch['before_row'])} to {ch['after']:g} {b.cite(ch['after_row'])}"
        )
    return new, context, differ


def what_changed(b: Brief) -> str:
    """The 'What changed since' section as Markdown (its heading included), or '' without a since date: the
    articles after the cut-off and the rule, the main new claims, the dates and statuses first given, the
    where sources now differ. Everything else (context first given, too) first reported after the cut-off is marked
    *New* where it is shown (timeline, tariffs, positions, figures)."""
    if b.since is None:
        return ""
    parts = [f"## What changed since {day(b.since)}", articles_line(b)]
    if news.articles_after(b.scope, b.since).empty:
        return "\n\n".join(parts)
    first, given, _context = timeline_changes(b, b.before)
    _figures, _context_figures, differ = figure_news(b)
    items = [
        ("Main news", main_claims(b) + first, " "),
        ("Rounds held since", held_since(b), "; "),
        ("Dates, rates or status first given", given + tariff_changes(b, b.before, given_only=True), "; "),
        ("Tariffs changed", tariff_changes(b, b.before, moved_only=True), "; "),
    ]  # context first given (background) is marked New where the body shows it
    lines = [
        f"- **{label}.** "
        + capital(
            sep.join((capital(x) if sep == " " else x).rstrip(".") + ("." if sep == " " else "") for x in xs)
        ).rstrip(".")
        + "."
        for label, xs, sep in items
        if xs
    ]
    if differ:
        lines.append("- **Sources differ**, not a change: " + "; ".join(differ) + " (see Figures).")
    return "\n\n".join([*parts, "\n".join(lines)])
