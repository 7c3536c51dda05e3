"""The trade balance, the other figures and the figures derived from them: tables, call-outs and charts."""

from __future__ import annotations

import textwrap

import pandas as pd

from tarifftalks.analysis.derived import decimals_of, significant_decimals
from tarifftalks.analysis.scope import shown, split_ids
from tarifftalks.present import charts
from tarifftalks.present.phrases import also_reported, same_wording
from tarifftalks.present.report import Brief, outlet_short
from tarifftalks.present.tables import esc
from tarifftalks.present.words import (
    PER,
    capital,
    derived_value,
    figure_value,
    hedge_words,
    hedged,
    money,
    number,
    period_text,
    unit_label,
    with_the,
)

# ---------------------------------------------------------------- derived figures, named from their inputs

PRECISION_RULE = "no more precise than its least precise input."


def shown_decimals(b: Brief, d) -> int:
    """The decimals a derived figure is shown with, by PRECISION_RULE: '10 trillion won' times 'a third' is about 3
    trillion won, not 3.3; 71.4 − 96.2 is −24.8."""
    inputs = [float(b.row(i)["value"]) for i in split_ids(d["row_ids"])]
    written = [decimals_of(v) for v in inputs if v == round(v, 6)]  # a fraction in words ('a third') has no decimals
    most = max(written, default=0)
    return min(int(d["decimals"]), significant_decimals(d["value"], inputs), most)


def derived_name(b: Brief, d) -> str:
    """What a derived figure is, from the rows it is computed from."""
    inputs = [b.row(i) for i in split_ids(d["row_ids"])]
    first = inputs[0]
    if d["derivation"] == "implied_previous_year":
        return f"{first['reporter']}'s surplus with {with_the(first['partner'])}, {int(d['year'])} (implied)"
    if d["derivation"] == "implied_share":
        target, mult = inputs
        who = hedge_words(target)
        return (
            f"{target['subject']}: the level before the {mult['value']:g}-fold increase to {figure_value(target)}, implied "
            f"by the figures as given{', ' + who if who else ''}; no article gives it"
        )
    if d["derivation"] == "earmarked_amount":
        total, share = inputs
        return f"{total['subject']}: {share['measure']}, as an amount"
    a, c = inputs
    return f"{a['measure']}: change {period_text(a['year_start'], a['year_end'])} to {period_text(c['year_start'], c['year_end'])}"


def derived_table(b: Brief) -> pd.DataFrame:
    """Every derived figure: name, value at its inputs' precision, formula, the rows it comes from."""
    rows = [
        [esc(derived_name(b, d)), esc(derived_value(d, shown_decimals(b, d))), esc(d["formula"]), b.cite(d["row_ids"])]
        for _, d in b.derived.iterrows()
    ]
    return pd.DataFrame(rows, columns=["Figure", "Value", "Formula", "From"])


# ---------------------------------------------------------------- trade balance


def balance_text(r) -> str:
    """A trade-balance row in words: 'South Korea's surplus with United States 2024: US$55.6 billion (record)'."""
    if r["measure"] == "change_pct":
        return f"{esc(r['reporter'])}'s surplus {r['year']} against {int(r['compared_to_year'])}: {r['value']:+g}%"
    qualifier = f" ({r['qualifier']})" if isinstance(r["qualifier"], str) and r["qualifier"] else ""
    return f"{esc(r['reporter'])}'s surplus {r['year']}: {esc(money(r['value'], r['currency'], r['unit']) + qualifier)}"


def trade_balance(b: Brief) -> pd.DataFrame:
    """The surplus as each article reports it, the changes, and the figures derived from them."""
    tb = shown(b.facts["trade_balance"])
    rows = []
    new = {sid: b.new_mark(b.scope.published[sid]) for sid in tb["source_id"]}
    for _, r in tb[tb["measure"] == "surplus"].sort_values(["year", "source_id"]).iterrows():
        value = money(r["value"], r["currency"], r["unit"]) + (f" ({r['qualifier']})" if r["qualifier"] else "")
        rows.append([str(r["year"]), esc(value), _cite_named(b, r), new[r["source_id"]] + "reported"])
    for _, r in tb[tb["measure"] == "change_pct"].iterrows():
        rows.append(
            [
                f"{r['year']} vs {r['compared_to_year']}",
                f"{r['value']:+g}%",
                _cite_named(b, r),
                new[r["source_id"]] + "reported",
            ]
        )
    for _, d in b.derived[b.derived["derivation"] == "implied_previous_year"].iterrows():
        rows.append(
            [
                str(int(d["year"])),
                esc(derived_value(d, shown_decimals(b, d))),
                b.cite(d["row_ids"]),
                f"**derived**: {esc(d['formula'])}",
            ]
        )
    return pd.DataFrame(rows, columns=["Year", "Surplus / change", "Source", "Kind"])


def _cite_named(b: Brief, r) -> str:
    return f"{b.cite(r['balance_id'])} {esc(b.name(r['source_id']))}"


def trade_balance_disagreements(b: Brief) -> str:
    """A call-out (Markdown quote) for each trade figure the articles give differently for the same year."""
    out = []
    d = b.disagreements
    for _, g in d[d["table"] == "trade_balance"].groupby("group"):
        rows = [b.row(i) for i in g["row_id"]]
        cited = " and ".join(f"{b.cite(r['balance_id'])} {esc(r['data_cited'] or 'no data')}" for r in rows)
        values = [r["value"] for r in rows]
        gap = money(max(values) - min(values), rows[0]["currency"], rows[0]["unit"], 2)
        out.append(
            f"> **The sources disagree** on the {rows[0]['year']} {esc(rows[0]['measure'])} (the rows above), citing {cited}; "
            f"neither explains the gap of {esc(gap)} (derived: {max(values):g} − {min(values):g}). Both are shown."
        )
    return "\n\n".join(out)


def trade_balance_chart(b: Brief):
    """Bars of the surplus by year and article, derived values hatched."""
    tb = shown(b.facts["trade_balance"])
    surplus = tb[tb["measure"] == "surplus"].sort_values(["year", "source_id"])
    if surplus.empty:
        return None
    focus = surplus["reporter"].iloc[0]
    bars = [
        (
            f"{r['year']}\n{outlet_short(b.citer.by_id.loc[r['source_id'], 'outlet'])} {b.citer.ref(r['source_id'])}",
            r["value"],
            False,
        )
        for _, r in surplus.iterrows()
    ]
    implied = b.derived[b.derived["derivation"] == "implied_previous_year"]
    bars += [
        (f"{int(d['year'])}\nimplied by {b.citer.ref(d['source_ids'])}", d["value"], True)
        for _, d in implied.iterrows()
    ]
    bars.sort(key=lambda bar: bar[0])
    formula = "; ".join(f"{derived_name(b, d)} = {d['formula']}" for _, d in implied.iterrows())
    unit = surplus["unit"].iloc[0]
    title = f"{focus}'s trade surplus with {surplus['partner'].iloc[0]}"
    fig = charts.bar_chart(
        [x[0] for x in bars],
        [x[1] for x in bars],
        [x[2] for x in bars],
        [charts.PALETTE["focus"]] * len(bars),
        title,
        unit_label(surplus["currency"].iloc[0], unit),
        b.source_line(surplus["balance_id"]),
        note=("Derived: " + formula) if formula else None,
    )
    fig.set_label("trade_balance")  # its files: charts/<label>.svg and .png
    return fig


# ---------------------------------------------------------------- other figures


def figure_label(r) -> str:
    """A figure named by its measure, its period and, where the measure leaves it unsaid, its subject."""
    period = period_text(r["year_start"], r["year_end"])
    return capital(r["measure"]) + (f", {period}" if period else "")


BODY_FIGURES = 10  # the body shows the latest reported; Appendix B the rest


def other_figures(b: Brief, prominence: tuple[str, ...] = ("headline", "body"), part: str = "all") -> pd.DataFrame:
    """The figures of the given prominence, one row per fact: what (the article's words), value, source;
    `part` 'body' keeps the BODY_FIGURES latest reported, 'rest' the others."""
    fig = b.figure_facts
    fig = fig[fig["prominence"].isin(prominence)]
    latest = set(fig.sort_values("last_published", ascending=False).head(BODY_FIGURES)["figure_id"])
    if part != "all":
        fig = fig[fig["figure_id"].isin(latest) == (part == "body")]
    rows = []
    if part == "body":  # a figure a chart above shows is not listed again
        charted = {i for rows in charted_rows(b) for i in rows}
        fig = fig.loc[[not set(split_ids(ids)) <= charted for ids in fig["row_ids"]]]
    for _, r in fig.sort_values(["subject", "year_start", "figure_id"]).iterrows():
        period = period_text(r["year_start"], r["year_end"])
        note = r["note"] if not period or str(int(r["year_start"])) in r["note"] else f"{r['note']}, {period}"
        what = b.new_mark(r["first_published"]) + hedged(note, r) + also_reported(b, "figures", r)
        rows.append([what, esc(figure_value(r)), b.cite(same_wording(r))])
    return pd.DataFrame(rows, columns=["What", "Value", "Source"])


def figures_intro(b: Brief) -> str:
    """What the figures section covers, from the subjects in scope (no later article leaks in)."""
    fig = b.figure_facts
    subjects = list(dict.fromkeys(fig[fig["prominence"].isin(("headline", "body"))].sort_values("subject")["subject"]))
    if not subjects:
        return "No other figure is reported up to the report date."
    return "Subjects: " + "; ".join(esc(s) for s in subjects) + "."


def period_groups(b: Brief):
    """The percentage measures an article gives for several periods: ((source, subject, measure), rows)."""
    fig = shown(b.facts["figures"])
    pct = fig[(fig["unit"] == "percent") & fig["year_start"].notna()].sort_values("year_start")
    return [(k, rows) for k, rows in pct.groupby(["source_id", "subject", "measure"], sort=False) if len(rows) >= 2]


def charted_rows(b: Brief) -> list[list[str]]:
    """The figure rows the period charts draw."""
    return [list(rows["figure_id"]) for _, rows in period_groups(b)]


def period_charts(b: Brief) -> list:
    """One chart per percentage measure that an article gives for several periods, with the change derived."""
    out = []
    for i, ((_sid, subject, measure), rows) in enumerate(period_groups(b)):
        ids = set(rows["figure_id"])
        inside = b.derived["row_ids"].map(lambda x, ids=ids: set(split_ids(x)) <= ids)
        change = b.derived[(b.derived["derivation"] == "period_change") & inside]
        title = capital(f"{subject}: {measure}" if len(f"{subject}: {measure}") <= 70 else measure)
        chart = charts.bar_chart(
            [period_text(r["year_start"], r["year_end"]) for _, r in rows.iterrows()],
            list(rows["value"]),
            [False] * len(rows),
            [charts.PALETTE["accent"]] * len(rows),
            textwrap.shorten(title, 78, placeholder=" …"),
            "Percent",
            b.source_line(rows["figure_id"]),
            value_format="{:.1f}%",
            note=" ".join(
                [f"Figures ({hedge_words(rows.iloc[0])})." if hedge_words(rows.iloc[0]) else ""]
                + [
                    "Derived: change = "
                    + "; ".join(
                        f"{d['formula']} = {derived_value(d, shown_decimals(b, d))}" for _, d in change.iterrows()
                    )
                    + ", if both figures are measured on the same basis."
                ]
                * (not change.empty)
            ).strip()
            or None,
            height=2.8,
        )
        chart.set_label("period" + (f"_{i + 1}" if i else ""))
        out.append(chart)
    return out


def implied_level_charts(b: Brief) -> list:
    """For each 'N-fold increase to X': the figure and the level it implies (X / N), derived hatched."""
    out = []
    for i, (_, d) in enumerate(b.derived[b.derived["derivation"] == "implied_share"].iterrows()):
        target, mult = (b.row(x) for x in split_ids(d["row_ids"]))
        title = f"{target['subject']}: {figure_value(target)} and the level it implies"
        alternative = target["value"] / (1 + mult["value"])
        note = (
            f"Derived: {d['formula']} {derived_value(d)}, reading the {mult['value']:g}-fold increase as multiplying by "
            f"{mult['value']:g} (read as an increase of {mult['value'] * 100:g}% it would be {number(alternative, int(d['decimals']))}). "
            f"Inputs: {hedge_words(target) or 'as the article states them'}."
        )
        unit = unit_label(target["currency"], target["unit"]) + (
            f" {PER[target['per']]}" if target["per"] in PER else ""
        )
        chart = charts.bar_chart(
            ["implied level\n(figure ÷ multiple)", textwrap.fill(target["measure"], 28)],
            [round(d["value"], int(d["decimals"])), target["value"]],
            [True, False],
            [charts.PALETTE["counterpart"]] * 2,
            textwrap.shorten(title, 78, placeholder=" …"),
            unit,
            b.source_line(d["row_ids"]),
            value_format="{:g}",
            note=note,
            height=2.8,
        )
        chart.set_label("implied" + (f"_{i + 1}" if i else ""))
        out.append(chart)
    return out
