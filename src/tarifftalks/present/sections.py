"""The report's sections as DataFrames, Markdown prose and matplotlib figures, computed from a Brief.

Each function takes the brief (the facts in scope and the parameters) and returns one thing the
notebook shows: a DataFrame whose cells are inline Markdown (data text escaped, citations linked to
their evidence), a Markdown string, or a chart Figure. Every figure in them is formatted from the
tables; nothing is typed.
"""

from __future__ import annotations

import datetime as dt
import textwrap

import pandas as pd

from tarifftalks.analysis import derive
from tarifftalks.analysis.derive import COMMENTATORS, KOREA, Derived
from tarifftalks.facts.validate import Finding
from tarifftalks.present import charts
from tarifftalks.present.report import Brief, count, day, hedge, money, pct
from tarifftalks.present.tables import anchored, bullets, esc

# ---------------------------------------------------------------- the opening


def scope(b: Brief) -> str:
    """What the report is built from, as of when."""
    last = b.facts.sources["published"].max().date()
    parts = [
        f"Facts from {b.n_articles} of {len(b.facts_all.sources)} news articles published up to "
        f"{day(b.as_of)} (newest: {day(last)})."
    ]
    if b.comparator:
        parts.append(f"Comparator: {esc(b.comparator)}.")
    if b.since:
        parts.append(f"Changes since {day(b.since)} are listed first.")
    return " ".join(parts)


# ---------------------------------------------------------------- summary


def key_figures(b: Brief) -> pd.DataFrame:
    """The summary box: (figure, value with citations), all from the tables."""
    f = b.facts
    items = []
    tb = f["trade_balance"]
    surplus = tb[(tb["measure"] == "surplus") & (tb["reporter"] == KOREA)]
    if not surplus.empty:
        year = int(surplus["year"].max())
        latest = surplus[surplus["year"] == year]
        vals = " / ".join(f"{money(r.value, r.currency, r.unit)} {b.cite(r.balance_id)}" for r in latest.itertuples())
        flag = " (sources differ)" if latest["value"].nunique() > 1 else ""
        items.append((f"Korea's surplus with the US, {year}", vals + flag))
    _, rows, cells = derive.tariff_grid(f, None)
    for sector, kind in rows:
        cell = cells.get((KOREA, sector, kind))
        if cell is None or cell.rate is None:
            continue
        label = f"US {kind} tariff on Korea" + ("" if sector == "all goods" else f": {sector}")
        items.append(
            (label, f"{pct(cell.rate)} {b.cite(cell.rate_rows)}, {esc(cell.status)} {b.cite(cell.status_rows)}")
        )
    fig = b.figure_facts
    for r in fig[fig["unit"] == "troops"].itertuples():
        items.append((esc(r.measure[0].upper() + r.measure[1:]), f"{count(r.value)}{hedge(r)} {b.cite(r.figure_ids)}"))
    for r in fig[(fig["unit"] == "billion") & (fig["currency"] == "USD")].itertuples():
        items.append(
            (
                esc(r.measure[0].upper() + r.measure[1:]),
                f"{money(r.value, r.currency, r.unit)} a year{hedge(r)} {b.cite(r.figure_ids)}",
            )
        )
    tl = b.timeline
    upcoming = tl[(tl["kind"] == "election") & (pd.to_datetime(tl["start"]).dt.date >= b.as_of)]
    for r in upcoming.itertuples():
        items.append((esc(r.what), f"{esc(r.when)}{hedge(r)} {b.cite(r.row_ids)}"))
    return pd.DataFrame(items, columns=["Figure", "Value"])


def summary_points(b: Brief) -> str:
    """The state of the talks in a few bullets (Markdown)."""
    tl = b.timeline
    points = []
    if not tl.empty:
        meetings = tl[(tl["kind"] == "meeting") & tl["what"].str.contains("Korea-US|2\\+2|two plus two", regex=True)]
        done = meetings[(meetings["status"] == "happened") & (pd.to_datetime(meetings["end"]).dt.date <= b.as_of)]
        ahead = tl[(tl["status"] == "scheduled") & (pd.to_datetime(tl["start"]).dt.date > b.as_of)]
        if not done.empty:
            r = done.iloc[-1]
            points.append(
                f"Latest Korea–US round reported: **{esc(r['when'])}**, {esc(r['what'])}{hedge(r)} {b.cite(r['row_ids'])}."
            )
        for r in ahead.itertuples():
            points.append(f"Ahead: **{esc(r.when)}**, {esc(r.what)}{hedge(r)} {b.cite(r.row_ids)}.")
    for r in b.claims.itertuples():
        if r.kind == "constraint":
            points.append(
                f"Constraint on {esc(r.actor)}, as {b.citer.ref(r.source_id)} put it on "
                f"{esc(derive.source_date(b.citer.by_id.loc[r.source_id]))}: {claim_text(b, r)}"
            )
    pauses = derive.undated_pauses(b.facts)
    tariffs = b.facts["tariffs"]
    for _, p in pauses[pauses["applies_to"] == KOREA].iterrows():
        dated = tariffs[(tariffs["kind"] == p["kind"]) & tariffs["paused_until"].notna()]
        others = "; ".join(
            f"{esc(d['applies_to'])}'s is paused until "
            f"{esc(derive.status_text(d).removeprefix('paused until '))} "
            f"{b.cite(d['tariff_id'])}"
            for _, d in dated.iterrows()
        )
        points.append(
            f"The {int(p['pause_days'])}-day pause of the {esc(p['kind'])} tariff on {esc(p['applies_to'])} "
            f"{b.cite(p['tariff_id'])} has no start date in the articles, so its end is not dated"
            + (f"; of the other {esc(p['kind'])} tariffs, {others}." if others else ".")
        )
    for c in derive.status_changes(b.facts):
        points.append(
            f"The {esc(c['kind'])} tariff on {esc(c['applies_to'])} went from “{esc(c['before'])}” "
            f"{b.cite(c['before_source'])} to “{esc(c['after'])}” {b.cite(c['after_source'])}."
        )
    newest = b.facts.sources.sort_values(["published", "source_id"])["source_id"].iloc[-1]
    claims = b.claims
    latest = claims[(claims["source_id"] == newest) & claims["kind"].isin(["demand", "offer", "goal", "complaint"])]
    latest = latest[
        latest["actor"].isin([KOREA, "United States"]) & latest["addressed_to"].isin([KOREA, "United States"])
    ]
    for r in latest.itertuples():
        points.append(
            f"In the newest article ({b.citer.ref(newest)}, {esc(derive.source_date(b.citer.by_id.loc[newest]))}), "
            f"{claim_holder(r)}: {claim_text(b, r)}"
        )
    if not b.facts["positions"].empty:
        points.append("Section 6 sets what Washington asks of Seoul against what Seoul offers, topic by topic.")
    if b.findings:
        points.append(
            ("One figure differs" if len(b.findings) == 1 else f"{len(b.findings)} figures differ")
            + " between articles; both values are shown (sections 2 and 8)."
        )
    n_lineups = len(derive.lineups(b.facts))
    if n_lineups:
        points.append(
            ("Reports of one meeting name" if n_lineups == 1 else f"Reports of {n_lineups} meetings name")
            + " different line-ups (section 5)."
        )
    return bullets(points)


# ---------------------------------------------------------------- trade balance


def trade_balance(b: Brief) -> pd.DataFrame:
    """Korea's surplus with the US as each article reports it, the changes, and the figures derived from them."""
    tb = b.facts["trade_balance"]
    rows = []
    for r in tb[tb["measure"] == "surplus"].sort_values(["year", "source_id"]).itertuples():
        value = money(r.value, r.currency, r.unit) + (f" ({r.qualifier})" if r.qualifier else "")
        rows.append([str(r.year), esc(value), esc(r.data_cited or "not stated"), _cite_named(b, r), "reported"])
    for r in tb[tb["measure"] == "change_pct"].itertuples():
        rows.append(
            [
                f"{r.year} vs {r.compared_to_year}",
                f"+{r.value:g}%" if r.value > 0 else f"{r.value:g}%",
                esc(r.data_cited or ""),
                _cite_named(b, r),
                "reported",
            ]
        )
    for d in implied_surpluses(b):
        rows.append(
            [
                _derived_year(d),
                esc(format_derived(d)),
                "—",
                b.cite(d.inputs),
                f"**derived**: {esc(d.formula)}, from {b.cite(d.inputs)} only",
            ]
        )
    return pd.DataFrame(rows, columns=["Year", "Surplus / change", "Data cited", "Source", "Kind"])


def _cite_named(b: Brief, r) -> str:
    return f"{b.cite(r.balance_id)} {esc(b.name(r.source_id))}"


def _derived_year(d: Derived) -> str:
    return d.name.split(", ")[-1].split(" ")[0]


def implied_surpluses(b: Brief) -> list[Derived]:
    implied = derive.implied_previous_year_surplus(b.facts)
    return [d for d in b.derived if d in implied]


def finding_value(b: Brief, fd: Finding, value: float, row: int) -> str:
    """A disputed value as the table writes it: with currency and scale, or as a percentage."""
    r = b.facts[fd.table].loc[row]
    if r.get("currency"):
        return money(value, r["currency"], r["unit"])
    if fd.table == "tariffs" or r.get("unit") == "percent":
        return pct(value)
    return f"{value:g} {r.get('unit', '')}".strip()


def trade_balance_disagreements(b: Brief) -> str:
    """A call-out (Markdown quote) for each surplus the articles give differently."""
    tb = b.facts["trade_balance"]
    out = []
    for fd in (x for x in b.findings if x.table == "trade_balance"):
        vals = " and ".join(
            f"{finding_value(b, fd, v, row)} ({esc(b.name(s))} {b.cite(tb.loc[row, 'balance_id'])}, "
            f"citing {esc(tb.loc[row, 'data_cited'] or 'no data')})"
            for s, v, row in fd.values
        )
        values = [v for _, v, _ in fd.values]
        first_row = fd.values[0][2]
        gap = money(max(values) - min(values), tb.loc[first_row, "currency"], tb.loc[first_row, "unit"])
        out.append(
            f"> **The sources disagree.** For {fd.measure['year']} the articles give {vals}. The report shows both and "
            f"does not choose one; the articles do not explain the difference of {esc(gap)} "
            f"(derived: {max(values):g} − {min(values):g})."
        )
    return "\n\n".join(out)


def trade_balance_chart(b: Brief):
    """Bars of the surplus by year and article, derived values hatched."""
    tb = b.facts["trade_balance"]
    surplus = tb[tb["measure"] == "surplus"].sort_values(["year", "source_id"])
    if surplus.empty:
        return None
    bars = [
        (
            f"{r.year}\n{derive.outlet_short(b.citer.by_id.loc[r.source_id, 'outlet'])} {b.citer.ref(r.source_id)}",
            r.value,
            False,
        )
        for r in surplus.itertuples()
    ]
    implied = implied_surpluses(b)
    bars += [(f"{_derived_year(d)}\nimplied by {b.citer.ref(d.sources)}", d.value, True) for d in implied]
    bars.sort(key=lambda bar: bar[0])
    formula = "; ".join(f"{d.name} = {d.formula}" for d in implied)
    title = "South Korea's trade surplus with the US"
    fig = charts.bar_chart(
        [x[0] for x in bars],
        [x[1] for x in bars],
        [x[2] for x in bars],
        [charts.PALETTE[KOREA]] * len(bars),
        title,
        "US$ billion",
        b.source_line(tb["source_id"]),
        note=("Derived: " + formula) if formula else None,
    )
    fig.set_label("trade_balance")  # its files: charts/<label>.svg and .png
    return fig


# ---------------------------------------------------------------- tariffs


def tariff_grid(b: Brief) -> pd.DataFrame:
    """Sectors × countries: the latest rate and the latest status reported up to the report date."""
    columns, rows, cells = derive.tariff_grid(b.facts, b.comparator)
    header = [c if c not in derive.GROUPS else f"{c} (as reported)" for c in columns]
    body = []
    for sector, kind in rows:
        line = [esc(sector), esc(kind)]
        for col in columns:
            cell = cells[(col, sector, kind)]
            if cell is None:
                line.append("*not reported*")
                continue
            rate = f"**{pct(cell.rate)}** {b.cite(cell.rate_rows)}" if cell.rate is not None else "*rate not given*"
            rate += "".join(f" *({esc(q)})*" for q in qualifiers(b, cell.rate_rows))
            line.append(f"{rate}\n{esc(cell.status)} {b.cite(cell.status_rows)}")
        body.append(line)
    return pd.DataFrame(body, columns=["Sector", "Kind", *header])


def qualifiers(b: Brief, tariff_ids: list[str]) -> list[str]:
    """What the articles say of a rate besides its number ('among the highest duties … on a US ally')."""
    t = b.facts["tariffs"].set_index("tariff_id")
    return list(dict.fromkeys(q for q in t.loc[tariff_ids, "qualifier"] if isinstance(q, str) and q))


def tariff_rows(b: Brief) -> list[str]:
    """The tariff rows the grid draws on, for its source line."""
    return list(b.facts["tariffs"]["tariff_id"])


def tariff_notes(b: Brief) -> str:
    columns, _, cells = derive.tariff_grid(b.facts, b.comparator)
    notes = []
    if "most nations" in columns and cells.get((KOREA, "all goods", "baseline"), 0) is None:
        notes.append("The baseline rate is reported for “most nations”; no article says whether it applies to Korea.")
    if "all countries" in columns:
        notes.append("“all countries” rows are US tariffs on all imports of the sector, as the articles describe them.")
    return " ".join(notes)


def tariff_chart(b: Brief):
    columns, rows, cells = derive.tariff_grid(b.facts, b.comparator)
    if not rows:
        return None
    series, unrated = [], []
    for col in columns:
        vals, active = [], []
        for sector, kind in rows:
            cell = cells[(col, sector, kind)]
            vals.append(None if cell is None else cell.rate)
            active.append(cell is not None and cell.status.startswith("in effect"))
            if cell is not None and cell.rate is None:
                unrated.append(f"{col}, {sector} ({kind}) {b.citer.ref(b.source_ids(cell.status_rows))}")
        series.append((col, vals, active))
    note = "Status of each rate: see the table."
    if unrated:
        note = "Reported without a rate, so not drawn: " + "; ".join(unrated) + ". " + note
    title = "US tariff rates by sector"
    fig = charts.rate_chart([f"{s} ({k})" for s, k in rows], series, title, b.source_line(tariff_rows(b)), note=note)
    fig.set_label("tariffs")  # its files: charts/<label>.svg and .png
    return fig


# ---------------------------------------------------------------- timeline

LANES = ("Korea–US talks", "US–Japan, others", "Tariff actions", "Korean politics", "Statements, reports")


def lane(kind: str, what: str) -> str:
    """The row of the timeline chart an event is drawn in."""
    if kind in ("political", "election", "plan"):
        return "Korean politics"
    if kind == "tariff":
        return "Tariff actions"
    if any(k in what for k in ("Japan", "Vietnam", "Akazawa", "Ishiba", "Tokyo")):
        return "US–Japan, others"
    if kind in ("meeting", "trip") or "2+2" in what:
        return "Korea–US talks"
    return "Statements, reports"


def timeline_items(b: Brief) -> pd.DataFrame:
    """One row per event, numbered, with its lane: the data behind the timeline table and chart."""
    tl = b.timeline.copy()
    if tl.empty:
        return tl.assign(number=[], lane=[])
    tl["number"] = range(1, len(tl) + 1)
    tl["lane"] = [lane(k, w) for k, w in zip(tl["kind"], tl["what"], strict=True)]
    return tl


def _row_ids(item) -> list[str]:
    ids = item.get("row_ids") if hasattr(item, "get") else None
    if isinstance(ids, list | tuple) and ids:
        return list(ids)
    return [item["row_id"]]


def other_reports(b: Brief, table: str, text_column: str, ids: list[str], main_id: str, main_text: str) -> str:
    """What the other rows of a merged entry (the same event, claim or figure in other articles) say, each
    in its own words, with its own hedge and citation: '\n*Also reported:* … *(expected)* [2]'."""
    frame = b.facts[table].set_index(b.facts[table].columns[0])
    out, seen = "", {main_text}
    for rid in ids:
        if rid == main_id or rid not in frame.index:
            continue
        row = frame.loc[rid]
        if row[text_column] in seen:
            continue
        seen.add(row[text_column])
        out += f"\n*Also reported:* {esc(row[text_column])}{hedge(row)} {b.cite(rid)}"
    return out


def not_confirmed(b: Brief, status: str, end: dt.date) -> str:
    """A note for an event reported as scheduled whose date has passed by the report date."""
    if status == "scheduled" and end < b.as_of:
        return " *(reported as scheduled; no article up to the report date says whether it took place)*"
    return ""


def timeline_table(b: Brief, items: pd.DataFrame) -> pd.DataFrame:
    rows = []
    for _, r in items.iterrows():
        # a tariff action gathers several countries' rows: its wording draws on all of them
        main = _row_ids(r) if r["kind"] == "tariff" else r["row_id"]
        what = f"{esc(r['what'])}{hedge(r)} {b.cite(main)}"
        if r["status"] == "scheduled" and r.get("certainty") not in ("scheduled", "expected"):
            what += " *(reported as scheduled)*"
        what += not_confirmed(b, r["status"], r["end"])
        what += other_reports(b, "events", "description", _row_ids(r), r["row_id"], r["what"])
        rows.append([str(r["number"]), esc(r["when"]), esc(r["precision"]), what, b.cite(_row_ids(r))])
    return pd.DataFrame(rows, columns=["#", "When", "Precision", "What", "Sources"])


def timeline_chart(b: Brief, items: pd.DataFrame):
    if items.empty:
        return None
    # the axis opens the month before the first article; older context is listed under the chart
    first_article = b.facts_all.sources["published"].min().date() - dt.timedelta(days=30)
    start = max(min(items["start"]), first_article)
    start = dt.date(start.year, start.month, 1)
    end = max([*list(items["end"]), b.as_of]) + dt.timedelta(days=10)
    drawn = [
        dict(
            number=r.number,
            lane=r.lane,
            start=max(r.start, start),
            end=r.draw_end,
            precision=r.precision,
            scheduled=r.status == "scheduled",
        )
        for r in items.itertuples()
        if r.end >= start
    ]
    notes = []
    earlier = items[items["end"] < start]
    if not earlier.empty:
        notes.append(
            "Before the axis, not drawn: " + "; ".join(f"{r.number}. {r.when}" for r in earlier.itertuples()) + "."
        )
    pauses = derive.undated_pauses(b.facts)
    for (days, kind, sid), group in pauses.groupby(["pause_days", "kind", "source_id"]):
        notes.append(
            f"The {int(days)}-day pause of the {kind} tariffs on {', '.join(group['applies_to'])} "
            f"{b.citer.ref(sid)} has no start date in the articles, so its end is not drawn."
        )
    title = "Timeline of the talks"
    ids = [i for _, r in items.iterrows() for i in _row_ids(r)]
    fig = charts.timeline_chart(drawn, start, end, b.as_of, title, b.source_line(ids), note=" ".join(notes) or None)
    fig.set_label("timeline")  # its files: charts/<label>.svg and .png
    return fig


# ---------------------------------------------------------------- people

SIDES = (KOREA, "United States", "Japan", "other")


def negotiators(b: Brief, side: str) -> pd.DataFrame:
    """The people one side fields, with each title as the articles print it."""
    d = derive.delegations(b.facts)
    part = d[d["side"] == side]
    people = b.facts["people"]
    orgs = people.dropna(subset=["organisation"]).groupby("name")["organisation"].first()
    rows = []
    for r in part.itertuples():
        role = "\n".join(esc(x) for x in r.roles)
        if r.name in orgs and orgs[r.name] not in " ".join(r.roles):
            role += f"\n*{esc(orgs[r.name])}*"
        ids = list(people.loc[(people["name"] == r.name) & (people["side"] == side), "person_row_id"])
        rows.append([f"**{esc(r.name)}**", role, esc(", ".join(r.talks_roles)), b.cite(ids)])
    return pd.DataFrame(rows, columns=["Name", "Role as printed", "Part in the talks", "Sources"])


def side_title(side: str) -> str:
    return {"other": "Analysts and others"}.get(side, side)


def people_notes(b: Brief) -> str:
    """Shared and differing titles, and delegations the articles staff differently (Markdown)."""
    out = []
    for role, names in derive.shared_titles(b.facts):
        out.append(
            f"Articles give the title “{esc(role)}” to {esc(' and '.join(names))}; the role column shows each "
            "article's wording."
        )
    for name, titles in derive.differing_titles(b.facts):
        listed = "; ".join(f"“{esc(t)}” {b.cite(ids)}" for t, ids in titles)
        out.append(f"The articles give {esc(name)} different titles: {listed}.")
    out += [f"> **The sources disagree.** {text}" for text in delegation_disagreements(b)]
    for lineup in derive.lineups(b.facts):
        told = "; ".join(f"{b.cite(v['rows'])} names {esc(', '.join(v['people']))}" for v in lineup["versions"])
        out.append(
            f"Reports of the same meeting ({esc(lineup['what'])}) name different line-ups: {told}. A report may "
            "name only some of those present, so the versions need not contradict each other; the articles do "
            "not explain the difference."
        )
    return "\n\n".join(out)


def delegation_disagreements(b: Brief) -> list[str]:
    out = []
    for versions in derive.meeting_disagreements(b.facts):
        told = "; ".join(f"{b.cite(v['sources'])} names {esc(', '.join(v['people']))}" for v in versions)
        out.append(f"For the same Korea–US meeting, {told}. Both versions are shown; the report does not choose.")
    return out


# ---------------------------------------------------------------- positions


def position_text(b: Brief, r) -> str:
    """A position as one line: its kind, the statement, who says it and how firmly, and its citation; then
    what other articles reporting the same claim say, in their words."""
    return f"{esc(r.kind.replace('_', ' ').upper())}: {claim_text(b, r)}"


def claim_text(b: Brief, r) -> str:
    """A claim (a row of derive.claims) as the report writes it, in every table that shows one."""
    to_all = " *(addressed to all partners)*" if r.addressed_to == "all partners" else ""
    main = f"{esc(r.statement)}{hedge(r)}{to_all} {b.cite(r.position_id)}"
    ids = getattr(r, "position_ids", [r.position_id])  # a claim merges rows; a single positions row is its own
    return main + other_reports(b, "positions", "statement", ids, r.position_id, r.statement)


def claim_holder(r) -> str:
    """Whose claim it is, as a list item begins: 'United States (demand)', or for a topic both sides
    discussed, 'Discussed (the article does not say which side raised it)'."""
    if r.kind == "agenda":
        return "Discussed (the article does not say which side raised it)"
    return f"{esc(r.actor)} ({esc(r.kind.replace('_', ' '))})"


def trade_positions(b: Brief) -> pd.DataFrame:
    """Topic by topic: what Washington asks of Seoul, and what Seoul puts on the table."""
    rows = []
    for m in derive.positions_matrix(b.claims):
        both = pd.concat([m["a"], m["b"]])
        rows.append(
            [
                f"**{esc(m['topic'])}**",
                "\n".join(position_text(b, r) for r in m["a"].itertuples() if r.kind != "agenda"),
                "\n".join(position_text(b, r) for r in m["b"].itertuples() if r.kind != "agenda"),
                "\n".join(claim_text(b, r) for r in both.itertuples() if r.kind == "agenda"),
            ]
        )
    return pd.DataFrame(
        rows,
        columns=[
            "Topic",
            "United States → South Korea",
            "South Korea → United States",
            "Discussed (the article does not say which side raised it)",
        ],
    )


def security_positions(b: Brief) -> pd.DataFrame:
    sec = derive.security_positions(b.claims)
    sides = [KOREA, "United States"]
    sec = sec[sec["actor"].isin([*sides, COMMENTATORS]) & sec["addressed_to"].isin(sides)]
    return _positions_frame(b, sec, {"Side": lambda r: esc(r.actor)})


def commentator_positions(b: Brief) -> pd.DataFrame:
    pos = b.claims
    sel = pos[(pos["actor"] == COMMENTATORS) & ~pos["security_linked"]]
    return _positions_frame(b, sel, {}, who=True)


def comparator_positions(b: Brief) -> pd.DataFrame:
    pos = b.claims
    if not b.comparator:
        return _positions_frame(b, pos.iloc[0:0], {})
    sel = pos[(pos["actor"] == b.comparator) | (pos["addressed_to"] == b.comparator)]
    return _positions_frame(b, sel, {"Direction": lambda r: esc(f"{r.actor} → {r.addressed_to}")})


def _positions_frame(b: Brief, frame: pd.DataFrame, first: dict, who: bool = False) -> pd.DataFrame:
    rows = []
    for r in frame.itertuples():
        line = [f(r) for f in first.values()]
        line += [esc(r.kind.replace("_", " ")), claim_text(b, r)]
        if who:
            line.append(esc(r.speaker or "editorial"))
        line.append(b.cite(r.position_ids))
        rows.append(line)
    columns = [*first, "Kind", "Advice or reading" if who else "Position", *(["Who"] if who else []), "Source"]
    return pd.DataFrame(rows, columns=columns)


def position_ids(frame_source: pd.DataFrame) -> list[str]:
    return list(frame_source["position_id"])


# ---------------------------------------------------------------- investment and other figures


def format_figure(r) -> str:
    if isinstance(r.currency, str) and r.currency:  # missing is None or NaN, by the route the row took
        return money(r.value, r.currency, r.unit)
    if r.unit == "percent":
        return pct(r.value)
    if r.unit == "share":
        return f"{derive.as_fraction(r.value)} of the total"
    if r.unit == "rank":
        return f"rank {int(r.value)}"
    if r.unit == "times":
        return f"{r.value:g}×"
    return f"{r.value:,.10g} {r.unit}"


def format_derived(d: Derived) -> str:
    if d.unit == "percentage points":
        return f"{d.rounded:+g} percentage points"
    currency, unit = d.unit.split()
    return "≈ " + money(d.rounded, currency, unit)


def other_figures(b: Brief) -> pd.DataFrame:
    fig = b.figure_facts
    rows = []
    for r in fig.sort_values(["subject", "figure_id"]).itertuples():
        value = "—" if pd.isna(r.value) else format_figure(r)
        period = (
            ""
            if pd.isna(r.year_start)
            else (f"{int(r.year_start)}" if r.year_start == r.year_end else f"{int(r.year_start)}–{int(r.year_end)}")
        )
        what = f"{esc(r.note)}{hedge(r)}" + other_reports(b, "figures", "note", r.figure_ids, r.figure_id, r.note)
        rows.append([esc(r.subject), what, esc(value), period, b.cite(r.figure_ids)])
    return pd.DataFrame(rows, columns=["Subject", "What", "Value", "Period", "Source"])


def derived_figures(b: Brief) -> pd.DataFrame:
    rows = [[esc(d.name), esc(format_derived(d)), esc(d.formula), b.cite(d.inputs)] for d in b.derived]
    return pd.DataFrame(rows, columns=["Figure", "Value", "Formula", "From"])


def reinvestment_chart(b: Brief):
    fig = b.facts["figures"]
    rows = fig[(fig["unit"] == "percent") & fig["year_start"].notna()].sort_values("year_start")
    if rows.empty:
        return None
    change = [d for d in b.derived if d.unit == "percentage points"]
    title = "Korea's US investment as a share of its US trade surplus"
    chart = charts.bar_chart(
        [f"{r.year_start}–{r.year_end}" for r in rows.itertuples()],
        list(rows["value"]),
        [False] * len(rows),
        [charts.PALETTE["accent"]] * len(rows),
        title,
        "Share of US trade surplus (%)",
        b.source_line(rows["figure_id"]),
        value_format="{:.1f}%",
        note=" ".join(
            [f"Figures{hedge(rows.iloc[0]).replace('*', '')}."]
            + (
                ["Derived: change = " + "; ".join(f"{d.formula} = {d.rounded:+g} percentage points" for d in change)]
                if change
                else []
            )
        ),
        height=2.8,
    )
    chart.set_label("reinvestment")  # its files: charts/<label>.svg and .png
    return chart


def cost_sharing_charts(b: Brief) -> list:
    fig = b.facts["figures"]
    by_id = fig.set_index("figure_id")
    out = []
    for i, d in enumerate(derive.implied_current_cost_share(b.facts)):
        target, mult = by_id.loc[d.inputs[0]], by_id.loc[d.inputs[1]]
        title = f"{target['subject']}: Trump's figure as a candidate and the share it implies"
        unit = d.unit.replace("USD", "US$")
        chart = charts.bar_chart(
            ["annual share implied\n(demand ÷ multiple)", textwrap.fill(target["measure"], 28)],
            [d.rounded, target["value"]],
            [True, False],
            [charts.PALETTE["United States"]] * 2,
            title,
            f"{unit} a year",
            b.source_line(d.inputs),
            value_format="{:g}",
            note=(
                f"Derived: {d.name} = {d.formula} ≈ {money(d.rounded, 'USD', 'billion') if unit == 'US$ billion' else f'{d.rounded:g} {unit}'}, reading 'ninefold' as {mult['value']:g} times (as +900% it would be 1.0); "
                "both inputs are what Trump said as a presidential candidate, and no article gives the current share."
            ),
            height=2.8,
        )
        chart.set_label("cost_sharing" + (f"_{i + 1}" if i else ""))
        out.append(chart)
    return out


# ---------------------------------------------------------------- sources and evidence


def same_text_groups(b: Brief) -> dict[str, list[str]]:
    """The articles in scope by text: the first of each group of identical texts, and the group."""
    return {group[0]: group for group in derive.same_text_groups(b.facts.sources)}


def group_ref(b: Brief, group: list[str]) -> str:
    """'[3]' for one article, '[1]–[40] (40 articles, the same text)' for copies of one text."""
    if len(group) == 1:
        return b.citer.ref(group[0])
    marks = derive.run_marks(derive.runs(b.citer.numbers[s] for s in group))
    return f"{', '.join(marks)} ({len(group)} articles, the same text)"


def sources(b: Brief) -> pd.DataFrame:
    """One row per article text: copies of the same text share a row listing their numbers."""
    groups = same_text_groups(b)
    src = b.facts.sources.set_index("source_id").loc[list(groups)].reset_index()
    rows = []
    for r in src.itertuples():
        headline = esc(r.headline) if r.headline else f"*[no headline; descriptive title]* {esc(r.label)}"
        outlet = r.outlet.removeprefix("Unknown (").removesuffix(")") if r.outlet.startswith("Unknown") else r.outlet
        group = groups[r.source_id]
        rows.append(
            [
                anchored([f"src-{s}" for s in group], esc(group_ref(b, group))),
                esc(outlet),
                esc(derive.source_date(b.facts.sources.set_index("source_id").loc[r.source_id])),
                headline,
                esc(cite_article_ids(b, f"Date: {r.date_basis} Outlet: {r.outlet_basis}")),
            ]
        )
    return pd.DataFrame(rows, columns=["Ref", "Outlet", "Date", "Headline", "How the date is known"])


def cite_article_ids(b: Brief, text: str) -> str:
    """Article ids in data text (a001) as the reader's reference numbers ([2])."""
    import re

    return re.sub(
        r"\b(a\d{3})\b",
        lambda m: b.citer.ref(m.group(1)) if m.group(1) in b.citer.numbers else m.group(1),
        text,
    )


def describe_finding(b: Brief, fd: Finding) -> str:
    measure = ", ".join(
        f"{v}" for k, v in fd.measure.items() if v is not None and not pd.isna(v) and k not in ("reporter", "partner")
    )
    ids = b.facts[fd.table].columns[0]
    vals = "; ".join(
        f"{finding_value(b, fd, v, row)} in {b.cite(b.facts[fd.table].loc[row, ids])} {esc(b.name(s))}"
        for s, v, row in fd.values
    )
    return f"{esc(fd.table.replace('_', ' '))} ({esc(measure)}): {vals}."


def disagreement_list(b: Brief) -> str:
    items = [describe_finding(b, fd) for fd in b.findings] + delegation_disagreements(b)
    if not items:
        return "No two articles up to the report date give different values for the same measure."
    return bullets(items)


EVIDENCE_TABLES = {
    "trade_balance": ("Trade balance", lambda r: f"{r['measure']} {r['year']}: {r['value']:g}"),
    "tariffs": ("Tariffs", lambda r: f"{r['applies_to']}, {r['sector']} ({r['kind']})"),
    "events": ("Timeline", lambda r: r["description"]),
    "people": ("People", lambda r: f"{r['name']}, {r['role']}"),
    "positions": (
        "Positions",
        lambda r: (
            f"{'Discussed, side not stated' if r['kind'] == 'agenda' else r['actor'] + ' (' + r['kind'].replace('_', ' ') + ')'}: {r['statement']}"
        ),
    ),
    "figures": ("Figures", lambda r: r["note"]),
}


def evidence(b: Brief, source_id: str) -> pd.DataFrame:
    """Every coded row of one article (and of the articles with the same text) with its verbatim quote,
    one entry per quote: the targets of the report's citations (each row's id is an anchor of its entry;
    rows merged into one cite that one)."""
    group = same_text_groups(b).get(source_id, [source_id])
    entries: dict[str, dict] = {}
    for table, (section, label) in EVIDENCE_TABLES.items():
        t = b.facts[table]
        for _, r in t[t["source_id"].isin(group)].iterrows():
            entry = entries.setdefault(r["quote"], {"ids": [], "sections": [], "facts": []})
            entry["ids"].append(f"ev-{r.iloc[0]}")
            entry["sections"] += [] if section in entry["sections"] else [section]
            entry["facts"].append(esc(label(r)))
    rows = [
        [anchored(e["ids"], esc(", ".join(e["sections"]))), "\n".join(e["facts"]), f"“{esc(quote)}”"]
        for quote, e in entries.items()
    ]
    return pd.DataFrame(rows, columns=["Section", "Facts", "Quote (verbatim)"])


def evidence_heading(b: Brief, source_id: str) -> str:
    src = b.citer.by_id.loc[source_id]
    title = src["headline"] if src["headline"] else src["label"]
    group = same_text_groups(b).get(source_id, [source_id])
    return f"### {esc(group_ref(b, group))} {esc(b.name(source_id))}: {esc(title)}"


def article_ids(b: Brief) -> list[str]:
    """The articles whose evidence the report lists: one per text."""
    return list(same_text_groups(b))


# ---------------------------------------------------------------- what changed since


def what_changed(b: Brief) -> str:
    """The 'What changed since' section as Markdown (its heading included), or '' without a since date."""
    if b.since is None:
        return ""
    since = b.since
    parts = [f"## What changed since {day(since)}"]
    new_sources = b.facts.sources[b.facts.sources["published"].dt.date > since]
    if new_sources.empty:
        return "\n\n".join([*parts, f"No article in the fact base appeared after {day(since)}."])
    parts.append(
        f"Articles after {day(since)}: "
        + "; ".join(f"{esc(group_ref(b, g))} {esc(b.name(g[0]))}" for g in derive.same_text_groups(new_sources))
        + "."
    )
    new = derive.first_reported_after(b.facts, since)
    published = b.facts.published
    tl = b.timeline
    first_reported = tl["source_ids"].map(lambda ids: min(published[s] for s in ids))
    tl = tl[first_reported > since]
    if not tl.empty:
        parts += [
            "### Events first reported since then",
            "Dated as the articles report them; events an earlier article already gave are left out.",
            bullets(
                [
                    f"**{esc(r.when)}**: {esc(r.what)}{hedge(r)}"
                    + (" *(reported as scheduled)*" if r.status == "scheduled" and r.certainty != "scheduled" else "")
                    + f" {b.cite(r.row_id)}"
                    for r in tl.itertuples()
                ]
            ),
        ]
    figs = [
        f"{esc(r['note'])}: {esc(format_figure(r))}{hedge(r)} {b.cite(r['figure_id'])}"
        for _, r in new["figures"].iterrows()
        if not pd.isna(r["value"]) and not derive.already_reported(b.facts, "figures", r, since)
    ]
    for _, r in new["trade_balance"].iterrows():
        if derive.already_reported(b.facts, "trade_balance", r, since):
            continue
        if r["measure"] == "surplus":
            qualifier = f" ({r['qualifier']})" if r["qualifier"] else ""
            figs.append(
                f"Korea's surplus {r['year']}: {esc(money(r['value'], r['currency'], r['unit']) + qualifier)} "
                f"{b.cite(r['balance_id'])}"
            )
        else:
            figs.append(
                f"Korea's surplus {r['year']} against {r['compared_to_year']}: {r['value']:+g}% {b.cite(r['balance_id'])}"
            )
    if figs:
        parts += ["### New figures", "Figures no earlier article gave with the same value:", bullets(figs)]
    tariffs = derive.new_tariff_reports(b.facts, since)
    if not tariffs.empty:
        items = []
        for _, r in tariffs.iterrows():
            rate = "rate not given" if pd.isna(r["rate_pct"]) else pct(r["rate_pct"])
            items.append(
                f"{esc(r['applies_to'])}, {esc(r['kind'])} ({esc(r['sector'])}): {rate}, "
                f"{esc(derive.status_text(r))} {b.cite(r['tariff_id'])}"
            )
        parts += ["### Tariffs reported since then", "New tariffs, rates or statuses:", bullets(items)]
    claims = b.claims
    pos = claims[claims["source_ids"].map(lambda ids: min(published[s] for s in ids)) > since]
    if not pos.empty:
        parts += [
            "### Demands, offers and stances first reported since then",
            bullets([f"{claim_holder(r)}: {claim_text(b, r)}" for r in pos.itertuples()]),
        ]
    revised = derive.revised_after(b.findings, b.facts, since)
    parts.append("### Revised or contradicted")
    parts.append(
        bullets([describe_finding(b, fd) for fd in revised])
        if revised
        else "No figure was revised or contradicted by a later article."
    )
    moved = derive.status_changes_after(b.facts, since)
    parts.append("### Tariff status changes")
    parts.append(
        bullets(
            [
                f"{esc(c['applies_to'])}, {esc(c['kind'])} ({esc(c['sector'])}): “{esc(c['before'])}” "
                f"{b.cite(c['before_source'])} → “{esc(c['after'])}” {b.cite(c['after_source'])}"
                for c in moved
            ]
        )
        if moved
        else "No tariff moved between announced, in effect and paused in the articles since then."
    )
    return "\n\n".join(parts)


def figures_intro(b: Brief) -> str:
    """What the figures section covers, from the subjects in scope (no later article leaks in)."""
    subjects = list(dict.fromkeys(b.facts["figures"].sort_values("subject")["subject"]))
    if not subjects:
        return "No other figure is reported up to the report date."
    return "Subjects: " + "; ".join(esc(s) for s in subjects) + "."


# ---------------------------------------------------------------- evidence explorer

EXPLORER_COLUMNS = ["table", "row_id", "source_id", "published", "outlet", "fact", "quote"]


def all_evidence(facts) -> pd.DataFrame:
    """Every coded row of every fact table as one DataFrame: table, row id, article, date, fact, quote."""
    published = facts.published
    outlets = dict(zip(facts.sources["source_id"], facts.sources["outlet"], strict=True))
    rows = []
    for table, (_section, label) in EVIDENCE_TABLES.items():
        for _, r in facts[table].iterrows():
            sid = r["source_id"]
            rows.append(
                [table, r.iloc[0], sid, published[sid], derive.outlet_short(outlets[sid]), label(r), r["quote"]]
            )
    return pd.DataFrame(rows, columns=EXPLORER_COLUMNS)


def search_evidence(
    evidence: pd.DataFrame,
    keyword: str | None = None,
    article: str | None = None,
    table: str | None = None,
    published_from: str | None = None,
    published_to: str | None = None,
) -> pd.DataFrame:
    """Rows whose fact or quote contains `keyword` (case-insensitive), from one article, one table, or
    articles published in a date range (ISO dates, inclusive)."""
    sel = evidence
    if keyword:
        hit = sel["fact"].str.contains(keyword, case=False, regex=False) | sel["quote"].str.contains(
            keyword, case=False, regex=False
        )
        sel = sel[hit]
    if article:
        sel = sel[sel["source_id"] == article]
    if table:
        sel = sel[sel["table"] == table]
    if published_from:
        sel = sel[sel["published"] >= dt.date.fromisoformat(published_from)]
    if published_to:
        sel = sel[sel["published"] <= dt.date.fromisoformat(published_to)]
    return sel.reset_index(drop=True)
