"""The tariff grid: sectors × countries, each cell the latest rate and status as of the report date, and
the rate it changed from; its notes and chart."""

from __future__ import annotations

import pandas as pd

from tarifftalks.analysis.scope import is_group
from tarifftalks.present import charts
from tarifftalks.present.report import Brief
from tarifftalks.present.tables import esc
from tarifftalks.present.words import bounded, dated, get, pct, tariff_status


def columns(b: Brief) -> list[str]:
    """Who the grid shows: the focus side, the comparator, and the groups of countries the articles name."""
    focus, _ = b.sides
    seen = list(dict.fromkeys(b.tariff_state["applies_to"]))
    head = [focus] + ([b.comparator] if b.comparator else [])
    return head + [a for a in seen if is_group(a) and a not in head]


def pairs(b: Brief) -> list[tuple[str, str]]:
    """The (sector, kind) rows of the grid, in the order the articles first report them."""
    st = b.tariff_state
    shown = st[st["applies_to"].isin(columns(b))]
    return list(dict.fromkeys(zip(shown["sector"], shown["kind"], strict=True)))


def rate_text(b: Brief, r, bold: bool = False) -> str:
    """The current rate with its citation; '(the rate on all countries)' when it comes from the rows for
    every country; 'rate not given' when no article gives one."""
    if pd.isna(r["rate_pct"]):
        return "*rate not given*"
    rate = bounded(f"**{pct(r['rate_pct'])}**" if bold else pct(r["rate_pct"]), r)
    source = b.row(r["rate_row"])["applies_to"]
    shared = f" *({esc(source)})*" if source != r["applies_to"] else ""
    return f"{rate} {b.cite(r['rate_row'])}{shared}"


def history_notes(b: Brief, r) -> list[str]:
    """What else a tariff's state says: the rate in force before an announced one, the rate a rate in
    force replaced, a different rate announced and not yet reported in effect."""
    notes = []
    if not pd.isna(r["before_rate"]) and r["state"] in ("announced", "due"):
        state = tariff_status(pd.Series(b.row(r["before_row"])).to_dict() | {"state": r["before_state"]})
        notes.append(f"before it: {pct(r['before_rate'])}, {esc(state)} {b.cite(r['before_row'])}")
    if not pd.isna(r["previous_rate"]) and get(r, "previous_took_effect") is False:
        proof = f" {b.cite(r['previous_replaced_row'])}" if get(r, "previous_replaced_row") else ""
        notes.append(f"replaced {pct(r['previous_rate'])} {b.cite(r['previous_row'])}, which never took effect{proof}")
    elif not pd.isna(r["previous_rate"]):
        notes.append(f"was {pct(r['previous_rate'])} {b.cite(r['previous_row'])}")
    if not pd.isna(r["pending_rate"]):
        pending = b.row(r["pending_row"])
        when = (
            f" {dated(pending['announced'], pending['announced_precision'])}"
            if not pd.isna(pending["announced"])
            else ""
        )
        notes.append(
            f"{pct(r['pending_rate'])} announced{esc(when)} {b.cite(r['pending_row'])}, not yet reported in effect"
        )
    return notes


def cell(b: Brief, r) -> str:
    """A grid cell: the rate, its qualifier, its status; then `history_notes`, a line each."""
    text = rate_text(b, r, bold=True)
    if isinstance(r["qualifier"], str) and r["qualifier"]:
        text += f" *({esc(r['qualifier'])})*"
    dated_by = [r["effective_row"]] if get(r, "effective_row") and r["effective_row"] != r["status_row"] else []
    text += f"\n{esc(tariff_status(r))} {b.cite([*dated_by, r['status_row']])}"
    return "\n".join([text, *history_notes(b, r)])


def by_measure(b: Brief) -> dict[tuple[str, str, str], pd.Series]:
    """The rows of the tariff state by (applies_to, sector, kind)."""
    return {(r["applies_to"], r["sector"], r["kind"]): r for _, r in b.tariff_state.iterrows()}


def tariff_table(b: Brief) -> pd.DataFrame:
    """Sectors × countries: the latest rate and status each article reports up to the report date."""
    cols = columns(b)
    st = by_measure(b)
    body = []
    for sector, kind in pairs(b):
        line = [esc(sector), esc(kind)]
        for col in cols:
            line.append(cell(b, st[(col, sector, kind)]) if (col, sector, kind) in st else "*not reported*")
        body.append(line)
    header = [f"{c} (as reported)" if is_group(c) else c for c in cols]
    return pd.DataFrame(body, columns=["Sector", "Kind", *header])


def tariff_notes(b: Brief) -> str:
    """What the grid cannot show: group rates no article applies to the focus side, undated pauses."""
    focus, _ = b.sides
    st = b.tariff_state
    mine = set(zip(st.loc[st["applies_to"] == focus, "sector"], st.loc[st["applies_to"] == focus, "kind"], strict=True))
    notes = []
    for group in [c for c in columns(b) if is_group(c)]:
        for _, r in st[(st["applies_to"] == group)].iterrows():
            if (r["sector"], r["kind"]) not in mine:
                notes.append(
                    f"The {esc(r['kind'])} rate on {esc(r['sector'])} is reported for “{esc(group)}”; no article says whether it applies to {esc(focus)}."
                )
    if any(is_group(c) for c in columns(b)):
        notes.append("Columns in lower case are groups of countries as the articles name them.")
    for _, r in st[(st["state"] == "paused") & st["pause_days"].notna() & st["paused_until"].isna()].iterrows():
        if r["applies_to"] in columns(b):
            notes.append(undated_pause_note(b, r, st))
    return " ".join(notes)


def undated_pause_note(b: Brief, r, st: pd.DataFrame) -> str:
    """A pause reported with a length but no start: its end is not dated. When another country's tariff of
    the same kind was reported with the same pause by the same article and a later article dates its end,
    the report says the end may be the same, as its own inference."""
    text = f"The {int(r['pause_days'])}-day pause on {esc(r['applies_to'])} {b.cite(r['status_row'])} has no start date in the articles, so its end is not dated"
    same_pause = b.facts["tariffs"][
        (b.facts["tariffs"]["pause_days"] == r["pause_days"])
        & (b.facts["tariffs"]["kind"] == r["kind"])
        & (b.facts["tariffs"]["source_id"] == b.row(r["status_row"])["source_id"])
    ]
    dated_later = st[
        st["applies_to"].isin(set(same_pause["applies_to"]) - {r["applies_to"]})
        & (st["kind"] == r["kind"])
        & st["paused_until"].notna()
    ]
    for _, d in dated_later.head(1).iterrows():
        until = dated(d["paused_until"], d["paused_until_precision"])
        return text + (
            f"; the same article gave {esc(d['applies_to'])} the same pause, which a later article dates to end {esc(until)} "
            f"{b.cite(d['status_row'])}: the report's inference, not reported, is that {esc(r['applies_to'])}'s ends then too."
        )
    return text + "."


def role_colors(b: Brief, cols: list[str]) -> dict[str, str]:
    """A colour for each column by the part it plays: focus, comparator, groups in turn."""
    focus, _ = b.sides
    groups = iter(["group", "group2"] * len(cols))
    return {
        c: charts.PALETTE[
            "focus" if c == focus else "comparator" if c == b.comparator else next(groups) if is_group(c) else "other"
        ]
        for c in cols
    }


def tariff_chart(b: Brief):
    cols, rows = columns(b), pairs(b)
    if not rows:
        return None
    st = by_measure(b)
    colors = role_colors(b, cols)
    series, unrated = [], []
    for col in cols:
        vals, active = [], []
        for sector, kind in rows:
            r = st.get((col, sector, kind))
            vals.append(None if r is None or pd.isna(r["rate_pct"]) else float(r["rate_pct"]))
            active.append(r is not None and r["state"] == "in_effect")
            if r is not None and pd.isna(r["rate_pct"]):
                unrated.append(f"{col}, {sector} ({kind}) {b.citer.ref(b.source_ids([r['status_row']]))}")
        series.append((col, colors[col], vals, active))
    note = "Status of each rate: see the table."
    if unrated:
        note = "Reported without a rate, so not drawn: " + "; ".join(unrated) + ". " + note
    title = f"{b.tariff_state['imposed_by'].iloc[0]} tariff rates by sector"
    ids = [i for ids in b.tariff_state["row_ids"] for i in ids.split(";")]
    fig = charts.rate_chart([f"{s} ({k})" for s, k in rows], series, title, b.source_line(ids), note=note)
    fig.set_label("tariffs")  # its files: charts/<label>.svg and .png
    return fig
