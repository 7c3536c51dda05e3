"""Figures and views derived from the fact tables: what the report shows, computed, never typed.

Each derived figure carries its formula and the rows it comes from, so the report can label it
as derived.
"""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass, field

import pandas as pd

from tarifftalks.dates import Period, describe
from tarifftalks.load import Facts
from tarifftalks.validate import Finding, disagreements

KOREA = "South Korea"
COMMENTATORS = "Korean commentators"
GROUPS = ("all countries", "most nations")


# ---------------------------------------------------------------- citing sources


def reference_numbers(sources: pd.DataFrame) -> dict[str, int]:
    """[1], [2], … by publication date; stable whatever the as_of date."""
    ordered = sources.sort_values(["published", "source_id"])
    return {sid: i + 1 for i, sid in enumerate(ordered["source_id"])}


def outlet_short(outlet: str) -> str:
    """The outlet as a short citation: 'Bloomberg', 'unnamed newspaper (editorial)', 'unnamed outlet'."""
    if outlet.lower().startswith("unknown"):
        return "unnamed newspaper (editorial)" if "editorial" in outlet.lower() else "unnamed outlet"
    return outlet.split(" (")[0]


def source_date(src: pd.Series) -> str:
    """The article's date as the report shows it: a range where only a range is known."""
    early, late = src["published_earliest"].date(), src["published"].date()
    if early == late:
        return describe(Period(late, late, "day"))
    return describe(Period(early, late, "range"))


@dataclass
class Citer:
    """Turns source ids into reference marks like [1] and source lines for tables and charts."""

    sources: pd.DataFrame  # all sources, so numbers do not change with as_of

    def __post_init__(self):
        self.numbers = reference_numbers(self.sources)
        self.by_id = self.sources.set_index("source_id")

    def ref(self, source_ids) -> str:
        ids = [source_ids] if isinstance(source_ids, str) else list(source_ids)
        nums = sorted({self.numbers[s] for s in ids})
        return "[" + ", ".join(str(n) for n in nums) + "]" if nums else ""

    def name(self, sid: str) -> str:
        src = self.by_id.loc[sid]
        return f"{outlet_short(src['outlet'])}, {source_date(src)}"

    def line(self, source_ids) -> str:
        """'Source: [1] Bloomberg, Apr 8, 2025; [5] Reuters, May 27, 2025.'"""
        ids = sorted(set(source_ids), key=lambda s: self.numbers[s])
        if not ids:
            return "Source: none of the articles up to the report date."
        return (
            "Source"
            + ("s" if len(ids) > 1 else "")
            + ": "
            + "; ".join(f"[{self.numbers[s]}] {self.name(s)}" for s in ids)
            + "."
        )


# ---------------------------------------------------------------- derived figures


@dataclass
class Derived:
    """A figure computed from others: value, unit, formula and the rows it uses."""

    name: str
    value: float
    unit: str
    formula: str
    inputs: list[str]  # row ids
    sources: list[str]
    decimals: int = 2  # no more precision than the inputs justify

    @property
    def rounded(self) -> float:
        return round(self.value, self.decimals)


def implied_previous_year_surplus(facts: Facts) -> list[Derived]:
    """The 2023 surplus implied by '2024 surplus, up X percent from 2023' in the same article."""
    tb = facts["trade_balance"]
    out = []
    for _, change in tb[tb["measure"] == "change_pct"].iterrows():
        base = tb[
            (tb["measure"] == "surplus")
            & (tb["source_id"] == change["source_id"])
            & (tb["year"] == change["year"])
            & (tb["reporter"] == change["reporter"])
        ]
        for _, level in base.iterrows():
            value = level["value"] / (1 + change["value"] / 100)
            out.append(
                Derived(
                    name=f"{change['reporter']} surplus with the US, {change['compared_to_year']} (implied)",
                    value=value,
                    unit=f"{level['currency']} {level['unit']}",
                    formula=f"{level['value']:g} / (1 + {change['value']:g}/100)",
                    inputs=[level["balance_id"], change["balance_id"]],
                    sources=[change["source_id"]],
                    decimals=decimals_of(level["value"]),
                )
            )
    return out


def decimals_of(value: float) -> int:
    """Decimals written in a figure: 55.6 -> 1, 25 -> 0."""
    text = f"{value:g}"
    return len(text.split(".")[1]) if "." in text else 0


def as_fraction(value: float) -> str:
    """1/3 for 0.3333…, the number itself when it is no simple fraction."""
    from fractions import Fraction

    frac = Fraction(value).limit_denominator(12)
    return (
        f"{frac.numerator}/{frac.denominator}"
        if abs(float(frac) - value) < 1e-6 and frac.denominator > 1
        else f"{value:g}"
    )


def figure_pairs(fig: pd.DataFrame, first: pd.Series, second: pd.Series):
    """(a, b) rows of the figures table: a matching `first`, b matching `second`, same article and subject."""
    for _, a in fig[first].iterrows():
        partners = fig[second & (fig["source_id"] == a["source_id"]) & (fig["subject"] == a["subject"])]
        for _, b in partners.iterrows():
            yield a, b


def implied_current_cost_share(facts: Facts) -> list[Derived]:
    """Current annual cost share implied by 'increase N-fold to $X' in the same article and subject."""
    fig = facts["figures"]
    return [
        Derived(
            name=f"{mult['subject']}: annual share at the time of the demand (implied)",
            value=target["value"] / mult["value"],
            unit=f"{target['currency']} {target['unit']}",
            formula=f"{target['value']:g} / {mult['value']:g}",
            inputs=[target["figure_id"], mult["figure_id"]],
            sources=[mult["source_id"]],
        )
        for mult, target in figure_pairs(fig, fig["unit"] == "times", fig["currency"].notna())
    ]


def earmarked_amount(facts: Facts) -> list[Derived]:
    """Amount earmarked when an article gives a total in won and a share of it."""
    fig = facts["figures"]
    return [
        Derived(
            name=f"{share['subject']}: amount for {share['measure'].removeprefix('share earmarked for ')}",
            value=total["value"] * share["value"],
            unit=f"{total['currency']} {total['unit']}",
            formula=f"{total['value']:g} × {as_fraction(share['value'])}",
            inputs=[total["figure_id"], share["figure_id"]],
            sources=[share["source_id"]],
            decimals=1,
        )
        for share, total in figure_pairs(fig, fig["unit"] == "share", fig["currency"] == "KRW")
    ]


def reinvestment_change(facts: Facts) -> list[Derived]:
    """Change between consecutive periods of the same percentage measure in one article."""
    fig = facts["figures"]
    pct = fig[(fig["unit"] == "percent") & fig["year_start"].notna()].sort_values("year_start")
    out = []
    for (_sid, measure), group in pct.groupby(["source_id", "measure"]):
        rows = list(group.itertuples())
        for a, b in itertools.pairwise(rows):
            out.append(
                Derived(
                    name=f"{measure}: change {a.year_start}–{a.year_end} to {b.year_start}–{b.year_end}",
                    value=b.value - a.value,
                    unit="percentage points",
                    formula=f"{b.value:g} − {a.value:g}",
                    inputs=[a.figure_id, b.figure_id],
                    sources=[a.source_id],
                    decimals=max(decimals_of(a.value), decimals_of(b.value)),
                )
            )
    return out


def derived_figures(facts: Facts) -> list[Derived]:
    return (
        implied_previous_year_surplus(facts)
        + implied_current_cost_share(facts)
        + earmarked_amount(facts)
        + reinvestment_change(facts)
    )


# ---------------------------------------------------------------- tariffs


def tariff_history(facts: Facts) -> pd.DataFrame:
    """Each (applies_to, sector, kind) as reported over time, oldest report first."""
    t = facts["tariffs"].merge(facts.sources[["source_id", "published"]], on="source_id")
    return t.sort_values(["applies_to", "sector", "kind", "published", "tariff_id"])


def status_text(row: pd.Series) -> str:
    """'paused 90 days', 'paused until Jul 2025', 'in effect since week of Mar 31, 2025', 'announced Apr 2025'."""
    if row["status"] == "paused":
        if not pd.isna(row["paused_until"]):
            start = row["paused_until"].date()
            return "paused until " + describe(_period(start, row["paused_until_precision"]))
        if not pd.isna(row["pause_days"]):
            return f"paused for {int(row['pause_days'])} days"
        return "paused"
    if row["status"] == "in_effect":
        if not pd.isna(row["effective"]):
            return "in effect since " + describe(_period(row["effective"].date(), row["effective_precision"]))
        return "in effect"
    if not pd.isna(row["announced"]):
        return "announced " + describe(_period(row["announced"].date(), row["announced_precision"]))
    return "announced"


def _period(start: dt.date, precision: str) -> Period:
    if precision == "week":
        return Period(start, start + dt.timedelta(days=6), "week")
    if precision == "month":
        return Period(start, (pd.Timestamp(start) + pd.offsets.MonthEnd(0)).date(), "month")
    return Period(start, start, "day")


@dataclass
class TariffCell:
    rate: float | None
    rate_sources: list[str]
    status: str
    status_sources: list[str]
    rate_rows: list[str] = field(default_factory=list)  # tariff_ids behind the rate and the status
    status_rows: list[str] = field(default_factory=list)


def tariff_cell(rows: pd.DataFrame) -> TariffCell | None:
    """Latest rate and latest status for one country, sector and kind (rows sorted by date)."""
    if rows.empty:
        return None
    rated = rows.dropna(subset=["rate_pct"])
    latest = rows.iloc[-1]
    rate_rows = rated[rated["published"] == rated["published"].max()] if not rated.empty else rated
    return TariffCell(
        rate=None if rated.empty else float(rate_rows["rate_pct"].iloc[-1]),
        rate_sources=list(rate_rows["source_id"]),
        status=status_text(latest),
        status_sources=[latest["source_id"]],
        rate_rows=list(rate_rows["tariff_id"]),
        status_rows=[latest["tariff_id"]],
    )


SECTOR_ORDER = [
    ("all goods", "reciprocal"),
    ("all goods", "baseline"),
    ("autos", "sectoral"),
    ("steel", "sectoral"),
    ("aluminium", "sectoral"),
]


def tariff_grid(facts: Facts, comparator: str | None) -> tuple[list[str], list[tuple[str, str]], dict]:
    """Columns (Korea, comparator, groups), rows (sector, kind) and the cell for each pair."""
    history = tariff_history(facts)
    columns = [KOREA] + ([comparator] if comparator else []) + [g for g in GROUPS if g in set(history["applies_to"])]
    present = set(zip(history["sector"], history["kind"], strict=True))
    rows = [sk for sk in SECTOR_ORDER if sk in present] + sorted(present - set(SECTOR_ORDER))
    cells = {}
    for col in columns:
        for sector, kind in rows:
            sel = history[(history["applies_to"] == col) & (history["sector"] == sector) & (history["kind"] == kind)]
            cells[(col, sector, kind)] = tariff_cell(sel)
    return columns, rows, cells


def status_changes(facts: Facts) -> list[dict]:
    """Tariffs whose reported status changed from one article to a later one."""
    out = []
    for (applies, sector, kind), group in tariff_history(facts).groupby(["applies_to", "sector", "kind"], sort=True):
        prev = None
        for _, row in group.iterrows():
            if prev is not None and row["status"] != prev["status"]:
                out.append(
                    dict(
                        applies_to=applies,
                        sector=sector,
                        kind=kind,
                        before=status_text(prev),
                        before_source=prev["source_id"],
                        after=status_text(row),
                        after_source=row["source_id"],
                        reported=row["published"].date(),
                    )
                )
            prev = row
    return out


# ---------------------------------------------------------------- timeline


def _span(start: dt.date, precision: str) -> Period:
    return _period(start, precision) if precision in ("day", "week", "month") else Period(start, start, "day")


def tariff_actions(facts: Facts) -> list[dict]:
    """Dated tariff actions (announced, took effect, paused until), merged across countries and sectors."""
    groups: dict[tuple, dict] = {}
    for r in facts["tariffs"].itertuples():
        rate = "" if pd.isna(r.rate_pct) else f"{r.rate_pct:g}% "
        for action, date, precision in (
            ("announced", r.announced, r.announced_precision),
            ("effective", r.effective, r.effective_precision),
            ("paused_until", r.paused_until, r.paused_until_precision),
        ):
            if pd.isna(date):
                continue
            key = (action, date.date(), precision, r.source_id, rate, r.kind)
            g = groups.setdefault(key, {"countries": [], "sectors": [], "ids": []})
            g["countries"] += [] if r.applies_to in g["countries"] else [r.applies_to]
            g["sectors"] += [] if r.sector in g["sectors"] else [r.sector]
            g["ids"].append(r.tariff_id)
    rows = []
    for (action, date, precision, sid, rate, kind), g in groups.items():
        who = ", ".join(g["countries"])
        what_on = ", ".join(g["sectors"])
        text = {
            "announced": f"US announces {rate}{kind} tariffs on {who}"
            + ("" if what_on == "all goods" else f" ({what_on})"),
            "effective": f"US {rate}{kind} tariffs on {what_on} ({who}) take effect",
            "paused_until": f"End of the pause of the {rate}{kind} tariff on {who}",
        }[action]
        period = _span(date, precision)
        rows.append(
            dict(
                start=period.start,
                end=period.end,
                precision=period.precision,
                kind="tariff",
                status="scheduled" if action == "paused_until" else "happened",
                what=text,
                source_id=sid,
                row_id=g["ids"][0],
            )
        )
    return rows


def timeline(facts: Facts) -> pd.DataFrame:
    """Events and dated tariff actions, one row each, with start, end and precision, oldest first."""
    ev = facts["events"]
    rows = [
        dict(
            start=r.date_start.date(),
            end=r.date_end.date(),
            precision=r.date_precision,
            kind=r.event_type,
            status=r.status,
            what=r.description,
            source_id=r.source_id,
            row_id=r.event_id,
        )
        for r in ev.itertuples()
    ] + tariff_actions(facts)
    frame = pd.DataFrame(rows, columns=["start", "end", "precision", "kind", "status", "what", "source_id", "row_id"])
    if frame.empty:
        return frame.assign(when=[], draw_end=[])
    frame["when"] = [
        describe(Period(s, e, p)) for s, e, p in zip(frame["start"], frame["end"], frame["precision"], strict=True)
    ]
    # drawn: what an article reports as done cannot reach past the article's own date ("earlier this month")
    published = facts.published
    frame["draw_end"] = [
        min(e, max(s, published[sid])) if status == "happened" else e
        for s, e, status, sid in zip(frame["start"], frame["end"], frame["status"], frame["source_id"], strict=True)
    ]
    return frame.sort_values(["start", "end", "row_id"]).reset_index(drop=True)


def undated_pauses(facts: Facts) -> pd.DataFrame:
    """Pauses reported with a length but no start date: their end cannot be drawn."""
    t = facts["tariffs"]
    return t[t["pause_days"].notna() & t["paused_until"].isna()]


# ---------------------------------------------------------------- people and positions


def delegations(facts: Facts) -> pd.DataFrame:
    """One row per person: side, the roles each article gives, and the articles."""
    p = (
        facts["people"]
        .merge(facts.sources[["source_id", "published"]], on="source_id")
        .sort_values(["published", "source_id"])
    )
    rows = []
    for (side, name), group in p.groupby(["side", "name"], sort=False):
        roles = list(dict.fromkeys(group["role"]))
        parts = [r for r in dict.fromkeys(group["talks_role"].dropna())]
        rows.append(
            dict(side=side, name=name, roles=roles, talks_roles=parts, sources=list(dict.fromkeys(group["source_id"])))
        )
    order = {KOREA: 0, "United States": 1, "Japan": 2}
    rows.sort(key=lambda r: (order.get(r["side"], 9), r["name"]))
    return pd.DataFrame(rows, columns=["side", "name", "roles", "talks_roles", "sources"])


TITLE_NOISE = {"of", "the", "us", "u.s.", "and", "also", "called", "at", "(also", "minister)", "(ustr)"}


def title_words(role: str) -> frozenset[str]:
    """A title as a set of words, so 'Secretary of the Treasury' equals 'Treasury Secretary'."""
    return frozenset(w for w in role.lower().replace(",", " ").split() if w not in TITLE_NOISE)


def differing_titles(facts: Facts) -> list[tuple[str, list[tuple[str, list[str]]]]]:
    """People whose title differs in substance between articles: (name, [(title, source ids)])."""
    out = []
    people = facts["people"].merge(facts.sources[["source_id", "published"]], on="source_id").sort_values("published")
    for name, group in people.groupby("name", sort=True):
        by_title: dict[frozenset, tuple[str, list[str]]] = {}
        for r in group.itertuples():
            key = title_words(r.role)
            _title, ids = by_title.setdefault(key, (r.role, []))
            ids.append(r.source_id)
        if len(by_title) > 1:
            out.append((name, list(by_title.values())))
    return out


def meeting_disagreements(facts: Facts) -> list[list[dict]]:
    """Reports of the same meeting (overlapping dates, a shared participant) that name different people.

    Each item lists, per article, the participants it names.
    """
    ev = facts["events"]
    meetings = ev[(ev["event_type"] == "meeting") & ev["participants"].notna()]
    persons = set(facts["people"]["name"])
    rows = [
        dict(
            source_id=r.source_id,
            start=r.date_start,
            end=r.date_end,
            people=frozenset(p.strip() for p in r.participants.split(";") if p.strip() in persons),
        )
        for r in meetings.itertuples()
    ]
    rows = [r for r in rows if r["people"]]
    groups: list[list[dict]] = []
    for row in rows:
        for g in groups:
            if any(o["start"] <= row["end"] and row["start"] <= o["end"] and o["people"] & row["people"] for o in g):
                g.append(row)
                break
        else:
            groups.append([row])
    out = []
    for g in groups:
        named = {}
        for row in g:
            named.setdefault(row["people"], []).append(row["source_id"])
        sets = list(named)
        conflicting = any(not (a <= b or b <= a) for a in sets for b in sets)  # adding a name is no conflict
        if conflicting and len({r["source_id"] for r in g}) > 1:
            out.append([dict(people=sorted(p), sources=sorted(set(ids))) for p, ids in named.items()])
    return out


def shared_titles(facts: Facts) -> list[tuple[str, list[str]]]:
    """Titles that articles give to more than one person (e.g. two different 'Trade Minister's)."""
    p = facts["people"]
    out = []
    for _role, group in p.groupby(p["role"].str.lower()):
        names = sorted(set(group["name"]))
        if len(names) > 1:
            out.append((group["role"].iloc[0], names))
    return out


POSITION_KINDS = {
    "United States": ["demand", "complaint", "stance"],
    KOREA: ["offer", "bargaining_chip", "goal", "stance", "complaint"],
}


def positions_matrix(facts: Facts, actor_a: str = "United States", actor_b: str = KOREA) -> pd.DataFrame:
    """Topic by topic: what one side asks of the other and what the other offers, trade only."""
    pos = facts["positions"]
    pos = pos[~pos["security_linked"]]
    rows = []
    for topic in sorted(set(pos["topic"])):
        a = pos[
            (pos["topic"] == topic) & (pos["actor"] == actor_a) & pos["addressed_to"].isin([actor_b, "all partners"])
        ]
        b = pos[(pos["topic"] == topic) & (pos["actor"] == actor_b) & (pos["addressed_to"] == actor_a)]
        if a.empty and b.empty:
            continue
        rows.append(dict(topic=topic, a=a, b=b))
    return rows


def security_positions(facts: Facts) -> pd.DataFrame:
    pos = facts["positions"]
    return pos[pos["security_linked"]]


# ---------------------------------------------------------------- what changed since


def first_reported_after(facts: Facts, since: dt.date) -> dict[str, pd.DataFrame]:
    """Rows of each fact table whose article appeared after `since`."""
    new = set(facts.sources.loc[facts.sources["published"].dt.date > since, "source_id"])
    return {n: facts[n][facts[n]["source_id"].isin(new)] for n in facts.fact_tables if n != "omissions"}


def already_reported(facts: Facts, table: str, row: pd.Series, since: dt.date) -> bool:
    """True when an article on or before `since` gave the same measure with the same value."""
    res = next(r for r in facts.package["resources"] if r["name"] == table)
    key, value = res.get("x-measure-key"), res.get("x-value")
    if not key:
        return False
    published = facts.published
    t = facts[table]
    earlier = t[t["source_id"].map(lambda s: published[s] <= since)]
    for col in key:
        earlier = earlier[(earlier[col] == row[col]) | (earlier[col].isna() & pd.isna(row[col]))]
    same = earlier[value] == row[value] if not pd.isna(row[value]) else earlier[value].isna()
    return bool(same.any())


def new_tariff_reports(facts: Facts, since: dt.date) -> pd.DataFrame:
    """Tariff rows from articles after `since` that add a tariff, a rate or a status not reported before."""
    history = tariff_history(facts)
    out = []
    for _, row in history[history["published"].dt.date > since].iterrows():
        earlier = history[
            (history["published"].dt.date <= since)
            & (history["applies_to"] == row["applies_to"])
            & (history["sector"] == row["sector"])
            & (history["kind"] == row["kind"])
        ]
        if earlier.empty:
            out.append(row)
            continue
        last = earlier.iloc[-1]
        rate_changed = not pd.isna(row["rate_pct"]) and row["rate_pct"] != last["rate_pct"]
        if rate_changed or status_text(row) != status_text(last):
            out.append(row)
    return pd.DataFrame(out, columns=history.columns)


def revised_after(findings: list[Finding], facts: Facts, since: dt.date) -> list[Finding]:
    """Disagreements where an article after `since` gives another value than one on or before it."""
    published = facts.published
    return [
        f
        for f in findings
        if any(published[s] > since for s, _, _ in f.values) and any(published[s] <= since for s, _, _ in f.values)
    ]


def status_changes_after(facts: Facts, since: dt.date) -> list[dict]:
    return [c for c in status_changes(facts) if c["reported"] > since]


__all__ = ["Citer", "Derived", "derived_figures", "disagreements"]
