"""Figures and views derived from the fact tables: what the report shows, computed, never typed.

Each derived figure carries its formula and the rows it comes from, so the report can label it
as derived.
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
from dataclasses import dataclass, field

import pandas as pd

from tarifftalks.facts.dates import Period, describe
from tarifftalks.facts.load import Facts
from tarifftalks.facts.validate import Finding, disagreements

KOREA = "South Korea"
COMMENTATORS = "Korean commentators"
GROUPS = ("all countries", "most nations")


# ---------------------------------------------------------------- citing sources


def reference_numbers(sources: pd.DataFrame) -> dict[str, int]:
    """[1], [2], … by publication date; stable whatever the as_of date."""
    ordered = sources.sort_values(["published", "source_id"])
    return {sid: i + 1 for i, sid in enumerate(ordered["source_id"])}


NAMED_SOURCES = 5  # a source line names at most this many articles, else gives their reference numbers
MAX_RUNS = 4  # and at most this many runs of consecutive numbers


def runs(numbers) -> list[tuple[int, int]]:
    """Consecutive numbers as (first, last) runs: [1, 2, 3, 7] -> [(1, 3), (7, 7)]."""
    out: list[tuple[int, int]] = []
    for n in sorted(set(numbers)):
        if out and n == out[-1][1] + 1:
            out[-1] = (out[-1][0], n)
        else:
            out.append((n, n))
    return out


def run_marks(number_runs) -> list[str]:
    """'[1]–[40]' for a run, '[7]' for a single number, '[7], [8]' for two."""
    marks = []
    for first, last in number_runs:
        marks += [f"[{first}]–[{last}]"] if last > first + 1 else [f"[{n}]" for n in range(first, last + 1)]
    return marks


def merge_same_rows(facts: Facts) -> tuple[Facts, dict[str, list[str]]]:
    """One row per fact: rows of a fact table that differ only in their row id and article (several
    articles printing the same sentence, coded the same way) become the first of them. Returns the
    merged facts and, for each kept row id, the ids of all the rows it stands for."""
    tables: dict[str, pd.DataFrame] = dict(facts.tables)
    same: dict[str, list[str]] = {}
    for name in facts.fact_tables:
        table = facts[name]
        id_col = table.columns[0]
        if name == "omissions" or id_col == "source_id" or table.empty:
            continue
        key = pd.util.hash_pandas_object(table.drop(columns=[id_col, "source_id"]).astype(str), index=False)
        groups = table[id_col].groupby(key, sort=False).agg(list)
        same.update({ids[0]: ids for ids in groups if len(ids) > 1})
        tables[name] = table[~key.duplicated()]
    return Facts(facts.package, tables, facts.data_dir, facts.seeds_dir, facts.as_of, facts.paths), same


def same_text_groups(sources: pd.DataFrame) -> list[list[str]]:
    """Articles with the same text (the same SHA-256), each group in publication order."""
    ordered = sources.sort_values(["published", "source_id"])
    return [list(g) for _, g in ordered.groupby("sha256", sort=False)["source_id"]]


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
        if len(nums) > NAMED_SOURCES:
            return "[" + ", ".join(str(a) if a == z else f"{a}–{z}" for a, z in runs(nums)) + "]"
        return "[" + ", ".join(str(n) for n in nums) + "]" if nums else ""

    def name(self, sid: str) -> str:
        src = self.by_id.loc[sid]
        return f"{outlet_short(src['outlet'])}, {source_date(src)}"

    def line(self, source_ids) -> str:
        """'Source: [1] Bloomberg, Apr 8, 2025; [5] Reuters, May 27, 2025.'; beyond a few articles
        'Sources: [1]–[200]: 200 articles; see Sources.', so a chart's footer keeps its height."""
        ids = sorted(set(source_ids), key=lambda s: self.numbers[s])
        if not ids:
            return "Source: none of the articles up to the report date."
        if len(ids) > NAMED_SOURCES:
            marks = ", ".join(run_marks(runs([self.numbers[s] for s in ids]))[:MAX_RUNS])
            more = "" if len(runs([self.numbers[s] for s in ids])) <= MAX_RUNS else ", …"
            return f"Sources: {marks}{more}: {len(ids)} articles; see Sources."
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


def significant_decimals(value: float, inputs: list[float], least: int = 2) -> int:
    """Decimals that show `value` with as many significant figures as its least precise input (at least `least`).

    $10 billion and ninefold are round figures: their quotient is about 1.1, not 1.11.
    """
    digits = max(least, min(len(f"{v:g}".replace(".", "").lstrip("0").rstrip("0") or "0") for v in inputs))
    magnitude = math.floor(math.log10(abs(value))) if value else 0
    return max(0, digits - 1 - magnitude)


CURRENCY_SIGN = {"USD": "US$", "SGD": "S$"}


def implied_current_cost_share(facts: Facts) -> list[Derived]:
    """The annual share implied by 'increase N-fold to $X' in the same article and subject: X / N.

    It is what the demand and the multiple imply, at their precision, not a figure the article prints.
    """
    fig = facts["figures"]
    return [
        Derived(
            name=f"{mult['subject']}: annual share implied by the demand "
            f"({CURRENCY_SIGN.get(target['currency'], target['currency'] + ' ')}{target['value']:g} {target['unit']}) "
            f"and the multiple ({mult['value']:g}×)",
            value=target["value"] / mult["value"],
            unit=f"{target['currency']} {target['unit']}",
            formula=f"{target['value']:g} / {mult['value']:g}",
            inputs=[target["figure_id"], mult["figure_id"]],
            sources=[mult["source_id"]],
            decimals=significant_decimals(target["value"] / mult["value"], [target["value"], mult["value"]]),
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
    """Dated tariff actions (announced, took effect, paused until), merged across countries and sectors.

    An announcement that several articles report (one announcement_key) is one action with all its sources.
    """
    t = facts["tariffs"]
    keyed = t["announcement_key"].notna() if "announcement_key" in t.columns else pd.Series(False, index=t.index)
    return _article_actions(t, keyed) + [
        announcement_action(facts, group) for _, group in t[keyed].groupby("announcement_key", sort=False)
    ]


def _article_actions(t: pd.DataFrame, keyed: pd.Series) -> list[dict]:
    """The actions of each article on their own: every date of a row, but a keyed row's announcement."""
    groups: dict[tuple, dict] = {}
    for (_, r), is_keyed in zip(t.iterrows(), keyed, strict=True):
        rate = "" if pd.isna(r.rate_pct) else f"{r.rate_pct:g}% "
        for action, date, precision in (
            ("announced", r.announced, r.announced_precision),
            ("effective", r.effective, r.effective_precision),
            ("paused_until", r.paused_until, r.paused_until_precision),
        ):
            if pd.isna(date) or (is_keyed and action == "announced"):
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
        rows.append(_action_row(period, "scheduled" if action == "paused_until" else "happened", text, [sid], g["ids"]))
    return rows


def announcement_action(facts: Facts, rows: pd.DataFrame) -> dict:
    """One announcement as several articles report it: the most precise date, each country with its latest rate."""
    rows = rows.merge(facts.sources[["source_id", "published"]], on="source_id").sort_values(["published", "tariff_id"])
    spans = [_span(d.date(), p) for d, p in zip(rows["announced"], rows["announced_precision"], strict=True)]
    period = min(reversed(spans), key=lambda s: s.end - s.start)
    rates = {}
    for r in rows.itertuples():
        if not pd.isna(r.rate_pct) or r.applies_to not in rates:
            rates[r.applies_to] = "" if pd.isna(r.rate_pct) else f" ({r.rate_pct:g}%)"
    kinds = "/".join(dict.fromkeys(rows["kind"]))
    what = f"US announces {kinds} tariffs on " + ", ".join(f"{c}{rate}" for c, rate in rates.items())
    sources = list(dict.fromkeys(rows["source_id"]))
    return _action_row(period, "happened", what, sources, list(rows["tariff_id"]))


def _action_row(period: Period, status: str, what: str, source_ids: list[str], row_ids: list[str]) -> dict:
    return dict(
        start=period.start,
        end=period.end,
        precision=period.precision,
        kind="tariff",
        status=status,
        what=what,
        source_id=source_ids[-1],
        row_id=row_ids[0],
        source_ids=source_ids,
        row_ids=row_ids,
        event_key=None,
        also_reported=[],
    )


TIMELINE_COLUMNS = [
    "start", "end", "precision", "kind", "status", "what", "source_id", "row_id",
    "source_ids", "row_ids", "event_key", "also_reported", "attribution", "attributed_to", "certainty",
]  # fmt: skip


def _by_publication(facts: Facts, table: pd.DataFrame) -> pd.DataFrame:
    """Rows with their article's date, oldest article first (then source id and CSV line)."""
    published = facts.sources[["source_id", "published"]]
    merged = table.reset_index().merge(published, on="source_id", how="left")
    return merged.sort_values(["published", "source_id", "row"], kind="stable").reset_index(drop=True)


def _narrowest(rows: pd.DataFrame) -> pd.Series:
    """The row with the shortest span (the most precise date); among equals, the latest report."""
    length = rows["date_end"] - rows["date_start"]
    return rows.loc[length[length == length.min()].index[-1]]


def event_entry(rows: pd.DataFrame) -> dict:
    """One timeline entry for the rows of one event key (sorted by publication).

    Dates from the most precise report (the validator has checked that the reports' dates overlap);
    status, wording and attribution from the latest article, the most precise of its rows; the
    earlier, different descriptions kept in `also_reported`.
    """
    latest_source = rows["source_id"].iloc[-1]
    latest = _narrowest(rows[rows["source_id"] == latest_source])
    dated = _narrowest(rows)
    earlier = [d for d in dict.fromkeys(rows["description"]) if d != latest["description"]]
    return dict(
        start=dated["date_start"].date(),
        end=dated["date_end"].date(),
        precision=dated["date_precision"],
        kind=latest["event_type"],
        status=latest["status"],
        what=latest["description"],
        source_id=latest_source,
        row_id=latest["event_id"],
        source_ids=list(dict.fromkeys(rows["source_id"])),
        row_ids=list(rows["event_id"]),
        event_key=latest["event_key"],
        also_reported=earlier,
        attribution=latest["attribution"],
        attributed_to=latest["attributed_to"],
        certainty=latest["certainty"],
    )


def event_entries(facts: Facts) -> list[dict]:
    """One entry per event key, whatever the number of articles and rows that report it."""
    ev = _by_publication(facts, facts["events"])
    return [event_entry(group) for _, group in ev.groupby("event_key", sort=False)]


def timeline(facts: Facts) -> pd.DataFrame:
    """One row per event (event key) and per dated tariff action, with start, end and precision, oldest first.

    `source_ids` lists every article that reports the event, in publication order; `source_id` is the
    latest of them, whose status the row shows.
    """
    frame = pd.DataFrame(event_entries(facts) + tariff_actions(facts), columns=TIMELINE_COLUMNS)
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


def one_row_per(facts: Facts, table: pd.DataFrame, key: list[str], id_col: str, columns: list[str]) -> pd.DataFrame:
    """One row per `key`: the latest article's row (its `columns`), with `source_ids` (every article,
    oldest first) and `<id_col>s` (the rows merged)."""
    rows = []
    for _, group in _by_publication(facts, table).groupby(key, sort=False, dropna=False):
        merged = {"source_ids": list(dict.fromkeys(group["source_id"])), id_col + "s": list(group[id_col])}
        rows.append(group.iloc[-1][columns].to_dict() | merged)
    return pd.DataFrame(rows, columns=[*columns, "source_ids", id_col + "s"])


def figure_facts(facts: Facts) -> pd.DataFrame:
    """One row per figure fact: rows giving the same measure with the same value are one fact, several sources.

    The measure is the figures table's x-measure-key; different values stay apart (they are disagreements).
    """
    res = next(r for r in facts.package["resources"] if r["name"] == "figures")
    fig = facts["figures"]
    return one_row_per(facts, fig, [*res["x-measure-key"], res["x-value"]], "figure_id", list(fig.columns))


CLAIM_IDENTITY = ["actor", "kind", "topic", "statement"]  # a position without a claim_key: what makes it one claim


def claims(facts: Facts) -> pd.DataFrame:
    """Positions, one row per claim: rows sharing a claim_key (the same claim in several articles) become one,
    and so do rows without one that give the same actor, kind, topic and statement.

    The row keeps the latest article's wording, attribution and certainty; `source_ids` lists every article.
    """
    pos = facts["positions"]
    same_statement = pos[CLAIM_IDENTITY].astype(str).agg("\x1f".join, axis=1)
    keyed = pos.assign(claim=pos["claim_key"].where(pos["claim_key"].notna(), "=" + same_statement))
    return one_row_per(facts, keyed, ["claim"], "position_id", list(pos.columns))


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
    """People whose title differs in substance between articles: (name, [(title as printed, source ids)]).

    Titles that differ only in form ('Secretary of the Treasury', 'Treasury Secretary') do not make a
    difference; when there is one, each title is listed with the articles that print it, word for word.
    """
    out = []
    people = facts["people"].merge(facts.sources[["source_id", "published"]], on="source_id").sort_values("published")
    for name, group in people.groupby("name", sort=True):
        if len({title_words(role) for role in group["role"]}) < 2:
            continue
        printed: dict[str, list[str]] = {}
        for r in group.itertuples():
            printed.setdefault(r.role, []).append(r.source_id)
        out.append((name, list(printed.items())))
    return out


def named_lineups(facts: Facts):
    """For each event key with participants: (key, its rows by publication, {people named: [rows naming them]})."""
    ev = facts["events"]
    persons = set(facts["people"]["name"])
    for key, group in _by_publication(facts, ev[ev["participants"].notna()]).groupby("event_key", sort=False):
        named: dict[frozenset, list] = {}
        for _, r in group.iterrows():
            people = frozenset(p.strip() for p in r["participants"].split(";") if p.strip() in persons)
            if people:
                named.setdefault(people, []).append(r)
        yield key, group, named


def lineups(facts: Facts) -> list[dict]:
    """Events (event keys) whose reports name different line-ups: {event_key, what, versions}, each version
    the people one or more articles name and those rows. Different is not contradictory (a report may
    name only some of the people); `meeting_disagreements` keeps the line-ups that cannot both be true."""
    out = []
    for key, group, named in named_lineups(facts):
        largest = {
            p: rows for p, rows in named.items() if not any(p < other for other in named)
        }  # a subset adds nothing
        if len(largest) > 1:
            versions = [dict(people=sorted(p), rows=[r["event_id"] for r in rows]) for p, rows in largest.items()]
            out.append(dict(event_key=key, what=group["description"].iloc[-1], versions=versions))
    return out


def meeting_disagreements(facts: Facts) -> list[list[dict]]:
    """Reports of one event (one event key) whose line-ups cannot both be true.

    A report names some of the people at a meeting, not necessarily all: lists that merely differ (Ahn
    meeting Lutnick in one article, a 2+2 with Bessent in another) contradict nothing. Only reports that
    share nobody at all are returned. Each item lists, per line-up, the people and the articles.
    """
    out = []
    for _key, _group, named in named_lineups(facts):
        sources = {p: sorted({r["source_id"] for r in rows}) for p, rows in named.items()}
        disjoint = any(not (a & b) for a, b in itertools.combinations(sources, 2))
        if disjoint and len({s for ids in sources.values() for s in ids}) > 1:
            out.append([dict(people=sorted(p), sources=ids) for p, ids in sources.items()])
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


def positions_matrix(pos: pd.DataFrame, actor_a: str = "United States", actor_b: str = KOREA) -> list[dict]:
    """Topic by topic: what one side asks of the other and what the other offers, trade only (from
    positions or `claims`)."""
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


def security_positions(pos: pd.DataFrame) -> pd.DataFrame:
    """The positions (or claims) the articles tie to security."""
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
