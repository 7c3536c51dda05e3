"""The tariff grid: sectors × countries, each cell the latest rate and status as of the report date, and
the rate it changed from; its notes and chart."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from tarifftalks.analysis import tariffs
from tarifftalks.analysis.scope import is_group
from tarifftalks.facts.dates import period_end
from tarifftalks.present import charts
from tarifftalks.present.report import Brief
from tarifftalks.present.tables import esc
from tarifftalks.present.words import bounded, cap_text, capital, dated, day, get, pct, tariff_status

ALL_IMPORTS = "all imports"  # how the report names the group of every country (x-all): a tariff on all imports
INFERRED = "inferred"


def group_name(b: Brief, group: str) -> str:
    """A group of countries as a column names it: the group of every country (x-all) is the coder's name for a
    tariff on all imports, not an article's words; other groups are as the articles name them."""
    return ALL_IMPORTS if group == tariffs.everyone(b.scope) else f"{group} (as reported)"


def state_rows(b: Brief) -> pd.DataFrame:
    """The tariff state with, for the focus side and the comparator, each sector and kind that only the rows for
    every country (x-all) give: the rate on all imports, read as theirs (`inferred` True)."""
    st = b.tariff_state.assign(inferred=False)
    everyone = tariffs.everyone(b.scope)
    shared = st[st["applies_to"] == everyone]
    extra = []
    for country in [c for c in (b.sides[0], b.comparator) if c]:
        own = set(
            zip(st.loc[st["applies_to"] == country, "sector"], st.loc[st["applies_to"] == country, "kind"], strict=True)
        )
        extra += [
            r.to_dict() | {"applies_to": country, "inferred": True}
            for _, r in shared.iterrows()
            if (r["sector"], r["kind"]) not in own
        ]
    if not extra:
        return st
    return pd.concat([st, pd.DataFrame(extra)], ignore_index=True)


def columns(b: Brief) -> list[str]:
    """Who the grid shows: the focus side, the comparator, and the groups of countries the articles name."""
    focus, _ = b.sides
    seen = list(dict.fromkeys(b.tariff_state["applies_to"]))
    head = [focus] + ([b.comparator] if b.comparator else [])
    return head + [a for a in seen if is_group(a) and a not in head]


def pairs(b: Brief) -> list[tuple[str, str]]:
    """The (sector, kind) rows of the grid, in the order the articles first report them."""
    st = b.tariff_state
    shown = st[st["applies_to"].isin(columns(b))]  # the order the analysis gives
    return list(dict.fromkeys(zip(shown["sector"], shown["kind"], strict=True)))


def rate_text(b: Brief, r, bold: bool = False) -> str:
    """The current rate with its citation, then one parenthesis of what qualifies it: the article's qualifier
    ('steeper levies') and, for a rate that comes from the rows for every country, that it is inferred from
    the rate on all imports; 'rate not given' when no article gives one."""
    if pd.isna(r["rate_pct"]):
        return "*rate not given*"
    rate = bounded(f"**{pct(r['rate_pct'])}**" if bold else pct(r["rate_pct"]), r)
    return f"{rate} {b.cite(r['rate_row'])}" + qualified(b, r)


def qualifiers(b: Brief, r) -> list[str]:
    """What qualifies a rate: the article's qualifier ('steeper levies'), and that it is inferred from the rate
    on all imports when it comes from the rows for every country."""
    notes = [r["qualifier"]] if isinstance(r["qualifier"], str) and r["qualifier"] else []
    if not pd.isna(r["rate_pct"]) and b.row(r["rate_row"])["applies_to"] != r["applies_to"]:
        notes.append(INFERRED)
    return notes


def qualified(b: Brief, r) -> str:
    """' *(steeper levies; inferred from the rate on all imports)*', or ''."""
    notes = qualifiers(b, r)
    return f" *({esc('; '.join(notes))})*" if notes else ""


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


MOVES = ("rate_pct", "state", "paused_until")


def same_value(x, y) -> bool:
    return (pd.isna(x) and pd.isna(y)) or x == y


def status_rows(r) -> list[str]:
    """The rows a state's status is cited by: the rows giving its dates (start; the announcement of a rate in
    force that has no start date), then the row giving the status."""
    dates = [get(r, "effective_row")]
    if r["state"] == "in_effect" and not get(r, "effective"):
        dates.append(get(r, "announced_row"))
    return list(dict.fromkeys([*(d for d in dates if d), r["status_row"]]))


def moved(o, r) -> bool:
    """A tariff whose rate, state or end of pause differs between two reports of it."""
    return not all(same_value(o[c], r[c]) for c in MOVES)


def first_given(b: Brief, o, r) -> bool:
    """A tariff whose earlier report left out what a later one gives (a rate, an end of pause), the rate being
    announced by the cut-off (its row's `announced` date): first given after the cut-off, not changed."""
    differ = [c for c in MOVES if not same_value(o[c], r[c])]
    if not differ or any(not pd.isna(o[c]) for c in differ) or not isinstance(get(r, "rate_row"), str):
        return False
    announced = get(b.row(r["rate_row"]), "announced")
    return announced is not None and not pd.isna(announced) and announced.date() <= b.since


def change_mark(b: Brief, r) -> str:
    """'*New:* ' for a tariff the report as of the `since` date did not show or whose rate, announced before it,
    a later article first gives; '*Changed:* ' for one whose rate, state or end of pause moved since."""
    if b.before is None:
        return ""
    then = state_rows(b.before)
    old = then[(then["applies_to"] == r["applies_to"]) & (then["sector"] == r["sector"]) & (then["kind"] == r["kind"])]
    if old.empty:
        return "*New:* "
    if first_given(b, old.iloc[0], r):
        return "*New:* "
    return "*Changed:* " if moved(old.iloc[0], r) else ""


def cell(b: Brief, r) -> str:
    """A grid cell: the rate, its qualifier, its status; then `history_notes`, a line each. A measure reported
    only with a ceiling has no rate in force: the cell says so, then the cap on any future tariff."""
    if r["state"] == "ceiling":
        cap = f"any future one {esc(cap_text(r))} {b.cite(r['ceiling_row'] or r['rate_row'])}"
        return change_mark(b, r) + f"*none reported in force*\n{cap}"
    text = change_mark(b, r) + rate_text(b, r, bold=True)
    dated_by = get(r, "effective_row")
    if (
        dated_by
        and dated_by != r["status_row"]
        and b.row(dated_by)["applies_to"] == tariffs.everyone(b.scope) != r["applies_to"]
    ):
        r = r.copy()  # the date of the rate on all imports: its own column shows it, once
        r["effective"], r["effective_row"] = pd.NaT, None
    text += f"\n{esc(tariff_status(r))} {b.cite(status_rows(r))}"
    return "\n".join([text, *history_notes(b, r)])


def by_measure(b: Brief) -> dict[tuple[str, str, str], pd.Series]:
    """The rows of the tariff state by (applies_to, sector, kind), rates inferred from all imports included."""
    return {(r["applies_to"], r["sector"], r["kind"]): r for _, r in state_rows(b).iterrows()}


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
    header = [group_name(b, c) if is_group(c) else c for c in cols]
    return pd.DataFrame(body, columns=[f"Sector (rates as of {day(b.as_of)})", "Kind", *header])


def between(first: dt.date, last: dt.date) -> str:
    """'Jun 29 and Jul 14, 2025'."""
    head = f"{first:%b} {first.day}" + (f", {first.year}" if first.year != last.year else "")
    return f"{head} and {day(last)}"


def tariff_notes(b: Brief) -> str:
    """What the grid cannot show: rates read from all imports, group rates no article applies to the focus
    side, pauses without a start date."""
    focus, _ = b.sides
    st = state_rows(b)
    mine = set(zip(st.loc[st["applies_to"] == focus, "sector"], st.loc[st["applies_to"] == focus, "kind"], strict=True))
    notes = []
    if tariffs.everyone(b.scope) in columns(b):
        notes.append(
            f"“{capital(ALL_IMPORTS)}”: a tariff given for no country in particular; “{INFERRED}”: read as a country's."
        )
    for group in [c for c in columns(b) if is_group(c) and c != tariffs.everyone(b.scope)]:
        lacking = [r for _, r in st[st["applies_to"] == group].iterrows() if (r["sector"], r["kind"]) not in mine]
        for r in lacking:
            notes.append(
                f"The {esc(r['kind'])} rate on {esc(r['sector'])} is reported for “{esc(group)}” {b.cite(r['status_row'])}, "
                f"not for {esc(focus)}."
            )
    notes += pause_notes(b)
    return " ".join(notes)


def undated_pauses(b: Brief) -> pd.DataFrame:
    """Tariffs of the grid's countries paused for a number of days with no end date."""
    st = b.tariff_state
    sel = st[(st["state"] == "paused") & st["pause_days"].notna() & st["paused_until"].isna()]
    return sel[sel["applies_to"].isin([c for c in columns(b) if not is_group(c)])]


def pause_window(b: Brief, r) -> tuple[dt.date, dt.date, str] | None:
    """When a pause of N days without a start date ends, derived: it began no earlier than the tariff's
    announcement (its most precise reported date) and no later than the article reporting the pause, so it
    ends between those dates plus N days. Returns (first day, last day, the announcing row), or None."""
    status = b.row(r["status_row"])
    key = status.get("announcement_key")
    t = b.facts["tariffs"]
    rows = t[(t["announcement_key"] == key) & t["announced"].notna()] if isinstance(key, str) and key else t.iloc[0:0]
    if rows.empty:
        return None
    spans = [
        (a.date(), period_end(a.date(), p) or a.date(), i)
        for a, p, i in zip(rows["announced"], rows["announced_precision"], rows["tariff_id"], strict=True)
    ]
    start, _, announcing = min(spans, key=lambda s: (s[1] - s[0], s[0]))
    reported = b.scope.published[status["source_id"]]
    days = dt.timedelta(days=int(r["pause_days"]))
    return start + days, reported + days, announcing


def pause_notes(b: Brief) -> list[str]:
    """One note per undated pause reported by one article for one kind of tariff, whatever the countries: the
    window its end falls in (derived), and a later article's end date for another country of the same pause."""
    out = []
    pauses = undated_pauses(b)
    for (_days, _kind, _sid), g in pauses.groupby(
        [pauses["pause_days"], pauses["kind"], pauses["status_row"].map(lambda i: b.row(i)["source_id"])], sort=False
    ):
        r = g.iloc[0]
        whom = " and ".join(f"{esc(c)}'s" for c in g["applies_to"])
        text = f"The {int(r['pause_days'])}-day pause on {whom} {esc(r['kind'])} rate {b.cite(list(g['status_row']))} has no start date"
        window = pause_window(b, r)
        if window:
            first, last, announcing = window
            a = b.row(announcing)
            text += (
                f": it began between the announcement ({esc(dated(a['announced'], a['announced_precision']))} {b.cite(announcing)}) "
                f"and {esc(day(b.scope.published[b.row(r['status_row'])['source_id']]))}, so it ends between "
                f"{esc(between(first, last))} (derived: {int(r['pause_days'])} days after each)"
            )
        out.append(text + "." + same_pause_dated(b, r, set(g["applies_to"])))
    return out


def same_pause_dated(b: Brief, r, countries: set[str]) -> str:
    """' [2] gave Japan the same pause, which [5] dates to end Jul 2025.' when a later article dates the end of
    the same pause (same article, kind and length) for another country."""
    t = b.facts["tariffs"]
    status = b.row(r["status_row"])
    same = t[(t["pause_days"] == r["pause_days"]) & (t["kind"] == r["kind"]) & (t["source_id"] == status["source_id"])]
    st = b.tariff_state
    dated_later = st[
        st["applies_to"].isin(set(same["applies_to"]) - countries)
        & (st["kind"] == r["kind"])
        & st["paused_until"].notna()
    ]
    for _, d in dated_later.head(1).iterrows():
        until = dated(d["paused_until"], d["paused_until_precision"])
        return f" {b.cite(d['status_row'])} dates the end of {esc(d['applies_to'])}'s same pause {b.cite(r['status_row'])} to {esc(until)}."
    return ""


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
