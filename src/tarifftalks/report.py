"""The report's sections, composed from the facts: HTML blocks and charts for the notebook.

Notebook cells call `show(brief.section())`; every figure in the prose is formatted here from
the tables, and all article text is HTML-escaped.
"""

from __future__ import annotations

import datetime as dt
import re
import textwrap
from dataclasses import dataclass, field
from html import escape
from pathlib import Path

import pandas as pd

from tarifftalks import charts, derive
from tarifftalks.dates import Period, describe
from tarifftalks.derive import COMMENTATORS, KOREA, Citer, Derived
from tarifftalks.load import DATA_DIR, SEEDS_DIR, Facts, load_facts, parse_as_of, parse_comparator, parse_since
from tarifftalks.outputs import META_KEY
from tarifftalks.validate import Finding, disagreements

# ---------------------------------------------------------------- blocks


@dataclass
class Html:
    html: str


@dataclass
class Chart:
    """A chart as SVG for the report; `figure` is kept so that the slide PNG can be drawn from it."""

    name: str
    svg: str
    title: str
    figure: object = None


def show(blocks) -> None:
    """Display blocks in the notebook: HTML as HTML, charts as SVG with metadata naming the chart."""
    from IPython.display import display

    for block in blocks if isinstance(blocks, list) else [blocks]:
        if isinstance(block, Chart):
            data = {"image/svg+xml": block.svg, "text/plain": f"<chart {block.name}: {block.title}>"}
            display(data, raw=True, metadata={META_KEY: {"chart": block.name, "title": block.title}})
        else:
            display({"text/html": block.html, "text/plain": "(HTML block)"}, raw=True)


def p(text_html: str) -> Html:
    return Html(f"<p>{text_html}</p>")


def note(text_html: str) -> Html:
    return Html(f'<p class="note">{text_html}</p>')


def ul(items_html: list[str], css: str = "") -> Html:
    cls = f' class="{css}"' if css else ""
    return Html(f"<ul{cls}>" + "".join(f"<li>{i}</li>" for i in items_html) + "</ul>")


def table(
    header: list[str], rows: list[list[str]], source_line: str, caption: str = "", widths: list[int] | None = None
) -> Html:
    """An HTML table; cells are HTML already escaped by the caller; a source line sits under it."""
    cols = ""
    if widths:
        cols = "<colgroup>" + "".join(f'<col style="width:{w}%">' for w in widths) + "</colgroup>"
    head = "<thead><tr>" + "".join(f"<th>{escape(h)}</th>" for h in header) + "</tr></thead>"
    body = "<tbody>" + "".join("<tr>" + "".join(f"<td>{c}</td>" for c in r) + "</tr>" for r in rows) + "</tbody>"
    cap = f"<caption>{escape(caption)}</caption>" if caption else ""
    return Html(
        f'<div class="table-block"><table class="data">{cap}{cols}{head}{body}</table>'
        f'<p class="source">{escape(source_line)}</p></div>'
    )


# ---------------------------------------------------------------- formatting numbers


CURRENCY_PREFIX = {"USD": "US$", "SGD": "S$"}


def money(value: float, currency: str, unit: str) -> str:
    """'US$55.7 billion', '10 trillion won', 'S$9.2 billion'."""
    number = f"{value:,.2f}".rstrip("0").rstrip(".") if value != int(value) else f"{int(value):,}"
    if currency == "KRW":
        return f"{number} {unit} won"
    return f"{CURRENCY_PREFIX.get(currency, currency + ' ')}{number} {unit}"


def pct(value: float) -> str:
    return f"{value:g}%"


def count(value: float) -> str:
    return f"{int(value):,}"


# ---------------------------------------------------------------- the brief


@dataclass
class Brief:
    """Everything a section needs: the facts up to as_of, the parameters, citations, findings."""

    facts_all: Facts
    facts: Facts
    as_of: dt.date
    comparator: str | None
    since: dt.date | None
    citer: Citer
    findings: list[Finding]
    derived: list[Derived]
    charts: list[Chart] = field(default_factory=list)

    # ------------------------------------------------------------ helpers

    def ref(self, ids) -> str:
        return escape(self.citer.ref(ids))

    def cite_ids(self, text: str) -> str:
        """Article ids in data text (a001) as the reader's reference numbers ([2])."""
        return re.sub(
            r"\b(a\d{3})\b",
            lambda m: self.citer.ref(m.group(1)) if m.group(1) in self.citer.numbers else m.group(1),
            text,
        )

    def source_line(self, ids) -> str:
        return self.citer.line(ids)

    def chart(self, name: str, fig, title: str) -> Chart:
        chart = Chart(name, charts.render_svg(fig), title, fig)
        self.charts.append(chart)
        return chart

    @property
    def n_articles(self) -> int:
        return len(self.facts.sources)

    # ------------------------------------------------------------ sections

    def title_block(self) -> list[Html]:
        last = self.facts.sources["published"].max().date()
        parts = [
            f"Facts from {self.n_articles} of {len(self.facts_all.sources)} news articles published up to "
            f"{escape(describe(Period(self.as_of, self.as_of, 'day')))} (newest: {escape(describe(Period(last, last, 'day')))})."
        ]
        if self.comparator:
            parts.append(f"Comparator: {escape(self.comparator)}.")
        if self.since:
            parts.append(f"Changes since {escape(describe(Period(self.since, self.since, 'day')))} are listed first.")
        return [p(" ".join(parts))]

    def key_figures(self) -> list[tuple[str, str]]:
        """(label, value with references) for the summary box, all from the tables."""
        f = self.facts
        items = []
        tb = f["trade_balance"]
        surplus = tb[(tb["measure"] == "surplus") & (tb["reporter"] == KOREA)]
        if not surplus.empty:
            year = int(surplus["year"].max())
            latest = surplus[surplus["year"] == year]
            vals = " / ".join(
                f"{money(r.value, r.currency, r.unit)} {self.ref(r.source_id)}" for r in latest.itertuples()
            )
            flag = " (sources differ)" if latest["value"].nunique() > 1 else ""
            items.append((f"Korea's surplus with the US, {year}", vals + flag))
        _, rows, cells = derive.tariff_grid(f, None)
        for sector, kind in rows:
            cell = cells.get((KOREA, sector, kind))
            if cell is None or cell.rate is None:
                continue
            label = f"US {kind} tariff on Korea" + ("" if sector == "all goods" else f": {sector}")
            items.append(
                (
                    label,
                    f"{pct(cell.rate)} {self.ref(cell.rate_sources)}, {escape(cell.status)} {self.ref(cell.status_sources)}",
                )
            )
        fig = f["figures"]
        for r in fig[fig["unit"] == "troops"].itertuples():
            items.append((escape(r.measure[0].upper() + r.measure[1:]), f"{count(r.value)} {self.ref(r.source_id)}"))
        for r in fig[(fig["unit"] == "billion") & (fig["currency"] == "USD")].itertuples():
            items.append(
                (
                    escape(r.measure[0].upper() + r.measure[1:]),
                    f"{money(r.value, r.currency, r.unit)} a year {self.ref(r.source_id)}",
                )
            )
        ev = f["events"]
        upcoming = ev[(ev["event_type"] == "election") & (ev["date_start"].dt.date >= self.as_of)]
        for r in upcoming.itertuples():
            items.append(
                (
                    escape(r.description),
                    f"{escape(describe(Period(r.date_start.date(), r.date_end.date(), r.date_precision)))} {self.ref(r.source_id)}",
                )
            )
        return items

    def summary(self) -> list:
        f = self.facts
        blocks = []
        items = self.key_figures()
        if items:
            rows = "".join(f"<tr><th>{label}</th><td>{value}</td></tr>" for label, value in items)
            blocks.append(Html(f'<div class="keybox"><h3>Key figures</h3><table>{rows}</table></div>'))
        tl = derive.timeline(f)
        bullets = []
        if not tl.empty:
            meetings = tl[
                (tl["kind"] == "meeting") & tl["what"].str.contains("Korea-US|2\\+2|two plus two", regex=True)
            ]
            done = meetings[
                (meetings["status"] == "happened") & (pd.to_datetime(meetings["end"]).dt.date <= self.as_of)
            ]
            ahead = tl[(tl["status"] == "scheduled") & (pd.to_datetime(tl["start"]).dt.date > self.as_of)]
            if not done.empty:
                r = done.iloc[-1]
                bullets.append(
                    f"Latest Korea–US round reported: <b>{escape(r['when'])}</b>, {escape(r['what'])} {self.ref(r['source_id'])}."
                )
            for r in ahead.itertuples():
                bullets.append(f"Ahead: <b>{escape(r.when)}</b>, {escape(r.what)} {self.ref(r.source_id)}.")
        changes = derive.status_changes(f)
        for c in changes:
            bullets.append(
                f"The {escape(c['kind'])} tariff on {escape(c['applies_to'])} went from “{escape(c['before'])}” "
                f"{self.ref(c['before_source'])} to “{escape(c['after'])}” {self.ref(c['after_source'])}."
            )
        bullets.append("Section 6 sets what Washington asks of Seoul against what Seoul offers, topic by topic.")
        if self.findings:
            bullets.append(
                ("One figure differs" if len(self.findings) == 1 else f"{len(self.findings)} figures differ")
                + " between articles; both values are shown (sections 2 and 8)."
            )
        blocks.append(ul(bullets))
        return blocks

    def trade_balance(self) -> list:
        tb = self.facts["trade_balance"]
        surplus = tb[tb["measure"] == "surplus"].sort_values(["year", "source_id"])
        if surplus.empty:
            return [note("No article up to the report date gives Korea's trade balance with the US.")]
        rows = []
        for r in surplus.itertuples():
            rows.append(
                [
                    escape(str(r.year)),
                    escape(money(r.value, r.currency, r.unit)) + (f" ({escape(r.qualifier)})" if r.qualifier else ""),
                    escape(r.data_cited or "not stated"),
                    f"{self.ref(r.source_id)} {escape(self.citer.name(r.source_id))}",
                    "reported",
                ]
            )
        changes = tb[tb["measure"] == "change_pct"]
        for r in changes.itertuples():
            rows.append(
                [
                    escape(f"{r.year} vs {r.compared_to_year}"),
                    escape(f"+{r.value:g}%" if r.value > 0 else f"{r.value:g}%"),
                    escape(r.data_cited or ""),
                    f"{self.ref(r.source_id)} {escape(self.citer.name(r.source_id))}",
                    "reported",
                ]
            )
        implied = [d for d in self.derived if d in derive.implied_previous_year_surplus(self.facts)]
        for d in implied:
            rows.append(
                [
                    escape(d.name.split(", ")[-1].split(" ")[0]),
                    escape(self._format_derived(d)),
                    "—",
                    self.ref(d.sources),
                    f"<b>derived</b>: {escape(d.formula)}, from {self.ref(d.sources)} only",
                ]
            )
        ids = list(tb["source_id"])
        blocks = [
            table(
                ["Year", "Surplus / change", "Data cited", "Source", "Kind"],
                rows,
                self.source_line(ids),
                widths=[12, 24, 24, 22, 18],
            )
        ]
        findings = [x for x in self.findings if x.table == "trade_balance"]
        for fd in findings:
            vals = " and ".join(
                f"{money(v, tb.loc[row, 'currency'], tb.loc[row, 'unit'])} ({escape(self.citer.name(s))} {self.ref(s)}, citing {escape(tb.loc[row, 'data_cited'] or 'no data')})"
                for s, v, row in fd.values
            )
            blocks.append(
                Html(
                    f'<p class="disagree"><b>The sources disagree.</b> For {escape(str(fd.measure["year"]))} the articles give {vals}. '
                    f"The report shows both and does not choose one; the articles do not explain the difference of "
                    f"{escape(money(abs(fd.values[0][1] - fd.values[1][1]), tb.loc[fd.values[0][2], 'currency'], tb.loc[fd.values[0][2], 'unit']))} "
                    f"(derived: {max(v for _, v, _ in fd.values):g} − {min(v for _, v, _ in fd.values):g}).</p>"
                )
            )
        labels, values, is_derived, colors = [], [], [], []
        for r in surplus.itertuples():
            labels.append(
                f"{r.year}\n{derive.outlet_short(self.citer.by_id.loc[r.source_id, 'outlet'])} {self.citer.ref(r.source_id)}"
            )
            values.append(r.value)
            is_derived.append(False)
            colors.append(charts.PALETTE[KOREA])
        for d in implied:
            labels.append(f"{d.name.split(', ')[-1].split(' ')[0]}\nimplied by {self.citer.ref(d.sources)}")
            values.append(d.value)
            is_derived.append(True)
            colors.append(charts.PALETTE[KOREA])
        order = sorted(range(len(labels)), key=lambda i: labels[i])
        formula = "; ".join(f"{d.name} = {d.formula}" for d in implied)
        fig = charts.bar_chart(
            [labels[i] for i in order],
            [values[i] for i in order],
            [is_derived[i] for i in order],
            [colors[i] for i in order],
            "South Korea's trade surplus with the US",
            f"US$ billion ({surplus['unit'].iloc[0]})".replace(" (billion)", ""),
            self.source_line(ids),
            note=("Derived: " + formula) if formula else None,
        )
        blocks.append(self.chart("trade_balance", fig, "South Korea's trade surplus with the US"))
        return blocks

    def tariffs(self) -> list:
        columns, rows, cells = derive.tariff_grid(self.facts, self.comparator)
        if not rows:
            return [note("No article up to the report date reports a tariff rate.")]
        header = ["Sector", "Kind"] + [c if c not in derive.GROUPS else f"{c} (as reported)" for c in columns]
        body, ids = [], []
        for sector, kind in rows:
            line = [escape(sector), escape(kind)]
            for col in columns:
                cell = cells[(col, sector, kind)]
                if cell is None:
                    line.append('<span class="na">not reported</span>')
                    continue
                ids += cell.rate_sources + cell.status_sources
                rate = (
                    f"<b>{pct(cell.rate)}</b> {self.ref(cell.rate_sources)}"
                    if cell.rate is not None
                    else '<span class="na">rate not given</span>'
                )
                line.append(f"{rate}<br>{escape(cell.status)} {self.ref(cell.status_sources)}")
            body.append(line)
        width_rest = int(76 / len(columns))
        blocks = [table(header, body, self.source_line(ids), widths=[12, 12] + [width_rest] * len(columns))]
        notes = []
        if (
            "most nations" in columns
            and (KOREA, "all goods", "baseline") in cells
            and cells[(KOREA, "all goods", "baseline")] is None
        ):
            notes.append(
                "The baseline rate is reported for “most nations”; no article says whether it applies to Korea."
            )
        if "all countries" in columns:
            notes.append(
                "“all countries” rows are US tariffs on all imports of the sector, as the articles describe them."
            )
        if notes:
            blocks.append(note(" ".join(escape(n) for n in notes)))
        series, unrated = [], []
        for col in columns:
            vals, active = [], []
            for sector, kind in rows:
                cell = cells[(col, sector, kind)]
                vals.append(None if cell is None else cell.rate)
                active.append(cell is not None and cell.status.startswith("in effect"))
                if cell is not None and cell.rate is None:
                    unrated.append(f"{col}, {sector} ({kind}) {self.citer.ref(cell.status_sources)}")
            series.append((col, vals, active))
        chart_note = (
            ("Reported without a rate, so not drawn: " + "; ".join(unrated) + ". Status of each rate: see the table.")
            if unrated
            else "Status of each rate: see the table."
        )
        fig = charts.rate_chart(
            [f"{s} ({k})" for s, k in rows], series, "US tariff rates by sector", self.source_line(ids), note=chart_note
        )
        blocks.append(self.chart("tariffs", fig, "US tariff rates by sector"))
        return blocks

    def timeline_items(self) -> pd.DataFrame:
        tl = derive.timeline(self.facts)
        if tl.empty:
            return tl
        tl["number"] = range(1, len(tl) + 1)
        tl["lane"] = [self._lane(r) for r in tl.itertuples()]
        return tl

    @staticmethod
    def _lane(r) -> str:
        text = r.what
        if r.kind in ("political", "election", "plan"):
            return "Korean politics"
        if r.kind == "tariff":
            return "Tariff actions"
        if any(k in text for k in ("Japan", "Vietnam", "Akazawa", "Ishiba", "Tokyo")):
            return "US–Japan, others"
        if r.kind in ("meeting", "trip") or "2+2" in text:
            return "Korea–US talks"
        return "Statements, reports"

    def timeline(self) -> list:
        tl = self.timeline_items()
        if tl.empty:
            return [note("No dated event in the articles up to the report date.")]
        ids = [s for sources in tl["source_ids"] for s in sources]  # an event reported by several articles cites all
        # the axis opens the month before the first article; older context is listed under the chart
        first_article = self.facts_all.sources["published"].min().date() - dt.timedelta(days=30)
        start = max(min(tl["start"]), first_article)
        start = dt.date(start.year, start.month, 1)
        end = max([*list(tl["end"]), self.as_of]) + dt.timedelta(days=10)
        earlier = tl[tl["end"] < start]
        items = [
            dict(
                number=r.number,
                lane=r.lane,
                start=max(r.start, start),
                end=r.draw_end,
                precision=r.precision,
                scheduled=r.status == "scheduled",
            )
            for r in tl.itertuples()
            if r.end >= start
        ]
        notes = []
        if not earlier.empty:
            notes.append(
                "Before the axis, not drawn: " + "; ".join(f"{r.number}. {r.when}" for r in earlier.itertuples()) + "."
            )
        pauses = derive.undated_pauses(self.facts)
        for (days, kind, sid), group in pauses.groupby(["pause_days", "kind", "source_id"]):
            on = ", ".join(group["applies_to"])
            notes.append(
                f"The {int(days)}-day pause of the {kind} tariffs on {on} {self.citer.ref(sid)} has no start date in the articles, so its end is not drawn."
            )
        note_text = " ".join(notes) or None
        fig = charts.timeline_chart(
            items, start, end, self.as_of, "Timeline of the talks", self.source_line(ids), note=note_text
        )
        blocks = [self.chart("timeline", fig, "Timeline of the talks")]
        rows = [
            [
                str(r.number),
                escape(r.when),
                escape(r.precision),
                escape(r.what)
                + (f" <i>(reported as scheduled {self.ref(r.source_id)})</i>" if r.status == "scheduled" else ""),
                self.ref(r.source_ids),
            ]
            for r in tl.itertuples()
        ]
        blocks.append(
            table(["#", "When", "Precision", "What", "Source"], rows, self.source_line(ids), widths=[5, 20, 10, 57, 8])
        )
        return blocks

    def negotiators(self) -> list:
        d = derive.delegations(self.facts)
        if d.empty:
            return [note("No person is named in the articles up to the report date.")]
        blocks = []
        orgs = self.facts["people"].dropna(subset=["organisation"]).groupby("name")["organisation"].first()
        for side in [KOREA, "United States", "Japan", "other"]:
            part = d[d["side"] == side]
            if part.empty:
                continue
            rows = [
                [
                    f"<b>{escape(r.name)}</b>",
                    "<br>".join(escape(x) for x in r.roles)
                    + (
                        f"<br><span class='na'>{escape(orgs[r.name])}</span>"
                        if r.name in orgs and orgs[r.name] not in " ".join(r.roles)
                        else ""
                    ),
                    escape(", ".join(r.talks_roles)),
                    self.ref(r.sources),
                ]
                for r in part.itertuples()
            ]
            title = {"other": "Analysts and others"}.get(side, side)
            blocks.append(Html(f"<h3>{escape(title)}</h3>"))
            blocks.append(
                table(
                    ["Name", "Role as printed", "Part in the talks", "Sources"],
                    rows,
                    self.source_line([s for ss in part["sources"] for s in ss]),
                    widths=[20, 45, 23, 12],
                )
            )
        shared = derive.shared_titles(self.facts)
        for role, names in shared:
            blocks.append(
                note(
                    f"Articles give the title “{escape(role)}” to {escape(' and '.join(names))}; the role column shows each article's wording."
                )
            )
        for name, titles in derive.differing_titles(self.facts):
            listed = "; ".join(f"“{escape(t)}” {self.ref(ids)}" for t, ids in titles)
            blocks.append(note(f"The articles give {escape(name)} different titles: {listed}."))
        for text in self.delegation_disagreements():
            blocks.append(Html(f'<p class="disagree"><b>The sources disagree.</b> {text}</p>'))
        return blocks

    def delegation_disagreements(self) -> list[str]:
        """Sentences (HTML) on meetings that articles staff differently."""
        out = []
        for versions in derive.meeting_disagreements(self.facts):
            told = "; ".join(f"{self.ref(v['sources'])} names {escape(', '.join(v['people']))}" for v in versions)
            out.append(f"For the same Korea–US meeting, {told}. Both versions are shown; the report does not choose.")
        return out

    def positions(self) -> list:
        f = self.facts
        matrix = derive.positions_matrix(f)
        if not matrix:
            return [note("No demand or offer is reported up to the report date.")]
        rows, ids = [], []
        for m in matrix:

            def cell(frame):
                return "".join(
                    f"<div class='pos'><span class='kind'>{escape(r.kind.replace('_', ' '))}</span> {escape(r.statement)} {self.ref(r.source_id)}</div>"
                    for r in frame.itertuples()
                )

            rows.append([f"<b>{escape(m['topic'])}</b>", cell(m["a"]), cell(m["b"])])
            ids += list(m["a"]["source_id"]) + list(m["b"]["source_id"])
        blocks = [
            Html("<h3>Trade: US demands and complaints against Korean offers</h3>"),
            table(
                ["Topic", "United States → South Korea", "South Korea → United States"],
                rows,
                self.source_line(ids),
                widths=[14, 43, 43],
            ),
        ]
        kind = ("Kind", lambda r: escape(r.kind.replace("_", " ")))
        source = ("Source", lambda r: self.ref(r.source_id))
        sec = derive.security_positions(f)
        sides = [KOREA, "United States"]
        blocks += self.position_table(
            "The security link, set apart",
            sec[sec["actor"].isin([*sides, COMMENTATORS]) & sec["addressed_to"].isin(sides)],
            [("Side", lambda r: escape(r.actor)), kind, ("Position", lambda r: escape(r.statement)), source],
            [16, 14, 60, 10],
            intro="The articles treat troops and defence cost-sharing as a separate track that Washington may tie to tariffs:",
        )
        positions = f["positions"]
        blocks += self.position_table(
            "What Korean commentators advise",
            positions[(positions["actor"] == COMMENTATORS) & ~positions["security_linked"]],
            [
                kind,
                ("Advice or reading", lambda r: escape(r.statement)),
                ("Who", lambda r: escape(r.speaker or "editorial")),
                source,
            ],
            [14, 56, 20, 10],
            intro="An editorial and trade analysts, not the government:",
        )
        if self.comparator:
            blocks += self.position_table(
                f"For comparison: {self.comparator}",
                positions[(positions["actor"] == self.comparator) | (positions["addressed_to"] == self.comparator)],
                [
                    ("Direction", lambda r: escape(f"{r.actor} → {r.addressed_to}")),
                    kind,
                    ("Position", lambda r: escape(r.statement)),
                    source,
                ],
                [22, 14, 54, 10],
            )
        return blocks

    def position_table(
        self, title: str, frame: pd.DataFrame, columns: list, widths: list[int], intro: str | None = None
    ) -> list:
        """Heading, optional introduction and a table of positions; columns are (header, cell of a row)."""
        if frame.empty:
            return []
        rows = [[cell(r) for _, cell in columns] for r in frame.itertuples()]
        return [
            Html(f"<h3>{escape(title)}</h3>"),
            *([p(escape(intro))] if intro else []),
            table([h for h, _ in columns], rows, self.source_line(list(frame["source_id"])), widths=widths),
        ]

    def other_figures(self) -> list:
        fig = self.facts["figures"]
        if fig.empty:
            return [note("No other figure is reported up to the report date.")]
        blocks = []
        pct_rows = fig[(fig["unit"] == "percent") & fig["year_start"].notna()].sort_values("year_start")
        if not pct_rows.empty:
            labels = [f"{r.year_start}–{r.year_end}" for r in pct_rows.itertuples()]
            change = [d for d in self.derived if d.unit == "percentage points"]
            chart = charts.bar_chart(
                labels,
                list(pct_rows["value"]),
                [False] * len(labels),
                [charts.PALETTE["accent"]] * len(labels),
                "Korea's US investment as a share of its US trade surplus",
                "Share of US trade surplus (%)",
                self.source_line(list(pct_rows["source_id"])),
                value_format="{:.1f}%",
                note=(
                    "Derived: change = " + "; ".join(f"{d.formula} = {d.rounded:+g} percentage points" for d in change)
                )
                if change
                else None,
                height=2.8,
            )
            blocks.append(self.chart("reinvestment", chart, "Korea's US investment as a share of its US trade surplus"))
        for d in derive.implied_current_cost_share(self.facts):
            by_id = fig.set_index("figure_id")
            target, mult = by_id.loc[d.inputs[0]], by_id.loc[d.inputs[1]]
            title = f"{d.name.split(':')[0]}: Korea's annual share"
            chart = charts.bar_chart(
                ["current annual share\n(implied)", textwrap.fill(target["measure"], 28)],
                [d.value, target["value"]],
                [True, False],
                [charts.PALETTE["United States"]] * 2,
                title,
                f"{d.unit.replace('USD', 'US$')} a year",
                self.source_line(d.sources),
                value_format="{:.2f}",
                note=(
                    f"Derived: current share = {d.formula} = {d.value:.2f} {d.unit.replace('USD', 'US$')}, since the demand is "
                    f"{mult['value']:g} times the current share; the article gives no current figure itself."
                ),
                height=2.8,
            )
            blocks.append(self.chart("cost_sharing", chart, title))
        rows = []
        for r in fig.sort_values(["subject", "figure_id"]).itertuples():
            value = "—" if pd.isna(r.value) else self._format_figure(r)
            period = (
                ""
                if pd.isna(r.year_start)
                else (f"{r.year_start}" if r.year_start == r.year_end else f"{r.year_start}–{r.year_end}")
            )
            rows.append([escape(r.subject), escape(r.note), escape(value), escape(period), self.ref(r.source_id)])
        blocks.append(
            table(
                ["Subject", "What", "Value", "Period", "Source"],
                rows,
                self.source_line(list(fig["source_id"])),
                widths=[18, 50, 14, 10, 8],
            )
        )
        if self.derived:
            rows = [
                [escape(d.name), escape(self._format_derived(d)), escape(d.formula), self.ref(d.sources)]
                for d in self.derived
            ]
            blocks += [
                Html("<h3>Derived figures</h3>"),
                p("Computed from the coded figures, not printed in the articles:"),
                table(
                    ["Figure", "Value", "Formula", "From"],
                    rows,
                    self.source_line([s for d in self.derived for s in d.sources]),
                    widths=[44, 18, 28, 10],
                ),
            ]
        return blocks

    @staticmethod
    def _format_figure(r) -> str:
        if r.currency:
            return money(r.value, r.currency, r.unit)
        if r.unit == "percent":
            return pct(r.value)
        if r.unit == "share":
            return f"{r.value:.3g} of the total"
        if r.unit == "rank":
            return f"rank {int(r.value)}"
        if r.unit == "times":
            return f"{r.value:g}×"
        return f"{r.value:,.10g} {r.unit}"

    @staticmethod
    def _format_derived(d: Derived) -> str:
        if d.unit == "percentage points":
            return f"{d.rounded:+g} percentage points"
        currency, unit = d.unit.split()
        return "≈ " + money(d.rounded, currency, unit)

    def sources_section(self) -> list:
        src = self.facts.sources.sort_values(["published", "source_id"])
        rows = []
        for r in src.itertuples():
            headline = (
                escape(r.headline) if r.headline else f"<i>[no headline; descriptive title]</i> {escape(r.label)}"
            )
            rows.append(
                [
                    self.ref(r.source_id),
                    escape(
                        r.outlet.removeprefix("Unknown (").removesuffix(")")
                        if r.outlet.startswith("Unknown")
                        else r.outlet
                    ),
                    escape(derive.source_date(self.facts.sources.set_index("source_id").loc[r.source_id])),
                    headline,
                    escape(self.cite_ids(f"Date: {r.date_basis} Outlet: {r.outlet_basis}")),
                ]
            )
        blocks = [
            table(
                ["Ref", "Outlet", "Date", "Headline", "How the date is known"],
                rows,
                "Articles kept byte for byte in seeds/; facts coded in data/.",
                widths=[6, 14, 13, 30, 37],
            )
        ]
        items = [escape(self._describe_finding(fd)) for fd in self.findings] + self.delegation_disagreements()
        blocks.append(Html("<h3>Where the sources disagree</h3>"))
        if items:
            blocks.append(ul(items))
        else:
            blocks.append(p("No two articles up to the report date give different values for the same measure."))
        return blocks

    def _finding_value(self, fd: Finding, value: float, row: int) -> str:
        """A disputed value as the table writes it: with currency and scale, or as a percentage."""
        r = self.facts[fd.table].loc[row]
        if r.get("currency"):
            return money(value, r["currency"], r["unit"])
        if fd.table == "tariffs" or r.get("unit") == "percent":
            return pct(value)
        return f"{value:g} {r.get('unit', '')}".strip()

    def _describe_finding(self, fd: Finding) -> str:
        measure = ", ".join(
            f"{v}"
            for k, v in fd.measure.items()
            if v is not None and not pd.isna(v) and k not in ("reporter", "partner")
        )
        vals = "; ".join(
            f"{self._finding_value(fd, v, row)} in {self.citer.ref(s)} {self.citer.name(s)}" for s, v, row in fd.values
        )
        return f"{fd.table.replace('_', ' ')} ({measure}): {vals}."

    def what_changed_section(self) -> list:
        """The 'What changed' section with its heading, or nothing when no since date is set."""
        if self.since is None:
            return []
        heading = Html(
            f'<h2 id="what-changed">What changed since {escape(describe(Period(self.since, self.since, "day")))}</h2>'
        )
        return [heading, *self.what_changed()]

    def what_changed(self) -> list:
        if self.since is None:
            return []
        since = self.since
        new = derive.first_reported_after(self.facts, since)
        blocks = []
        new_sources = self.facts.sources[self.facts.sources["published"].dt.date > since]
        if new_sources.empty:
            return [p(f"No article in the fact base appeared after {escape(describe(Period(since, since, 'day')))}.")]
        blocks.append(
            p(
                f"Articles after {escape(describe(Period(since, since, 'day')))}: "
                + "; ".join(
                    f"{self.ref(s)} {escape(self.citer.name(s))}"
                    for s in new_sources.sort_values("published")["source_id"]
                )
                + "."
            )
        )
        tl = derive.timeline(self.facts)
        published = self.facts.published
        tl = tl[tl["source_id"].map(lambda sid: published[sid] > since)]
        if not tl.empty:
            blocks += [
                Html("<h3>Events in the articles since then</h3>"),
                p("Dated as the articles report them; an article may repeat an event an earlier one gave."),
                ul(
                    [
                        f"{escape(r.when)}: {escape(r.what)}"
                        + (" <i>(reported as scheduled)</i>" if r.status == "scheduled" else "")
                        + f" {self.ref(r.source_id)}"
                        for r in tl.itertuples()
                    ]
                ),
            ]
        figs = [
            f"{escape(r.note)}: {escape(self._format_figure(r))} {self.ref(r.source_id)}"
            for _, r in new["figures"].iterrows()
            if not pd.isna(r["value"]) and not derive.already_reported(self.facts, "figures", r, since)
        ]
        for _, r in new["trade_balance"].iterrows():
            if derive.already_reported(self.facts, "trade_balance", r, since):
                continue
            if r["measure"] == "surplus":
                qualifier = f" ({r['qualifier']})" if r["qualifier"] else ""
                figs.append(
                    f"Korea's surplus {r['year']}: {escape(money(r['value'], r['currency'], r['unit']))}{escape(qualifier)} {self.ref(r['source_id'])}"
                )
            else:
                figs.append(
                    f"Korea's surplus {r['year']} against {r['compared_to_year']}: {r['value']:+g}% {self.ref(r['source_id'])}"
                )
        if figs:
            blocks += [
                Html("<h3>New figures</h3>"),
                p("Figures no earlier article gave with the same value:"),
                ul(figs),
            ]
        tariffs = derive.new_tariff_reports(self.facts, since)
        if not tariffs.empty:
            items = []
            for _, r in tariffs.iterrows():
                rate = "rate not given" if pd.isna(r["rate_pct"]) else pct(r["rate_pct"])
                items.append(
                    f"{escape(r['applies_to'])}, {escape(r['kind'])} ({escape(r['sector'])}): {rate}, {escape(derive.status_text(r))} {self.ref(r['source_id'])}"
                )
            blocks += [Html("<h3>Tariffs reported since then</h3>"), p("New tariffs, rates or statuses:"), ul(items)]
        pos = new["positions"]
        if not pos.empty:
            blocks += [
                Html("<h3>Demands, offers and stances in the articles since then</h3>"),
                ul(
                    [
                        f"{escape(r.actor)} ({escape(r.kind.replace('_', ' '))}): {escape(r.statement)} {self.ref(r.source_id)}"
                        for r in pos.itertuples()
                    ]
                ),
            ]
        revised = derive.revised_after(self.findings, self.facts, since)
        blocks.append(Html("<h3>Revised or contradicted</h3>"))
        blocks.append(
            ul([escape(self._describe_finding(fd)) for fd in revised])
            if revised
            else p("No figure was revised or contradicted by a later article.")
        )
        moved = derive.status_changes_after(self.facts, since)
        blocks.append(Html("<h3>Tariff status changes</h3>"))
        blocks.append(
            ul(
                [
                    f"{escape(c['applies_to'])}, {escape(c['kind'])} ({escape(c['sector'])}): “{escape(c['before'])}” {self.ref(c['before_source'])} → “{escape(c['after'])}” {self.ref(c['after_source'])}"
                    for c in moved
                ]
            )
            if moved
            else p("No tariff moved between announced, in effect and paused in the articles since then.")
        )
        return blocks


def build_brief(
    as_of: object = None,
    comparator: object = "Japan",
    since: object = None,
    data_dir: str | Path | None = None,
    seeds_dir: str | Path | None = None,
) -> Brief:
    """Load the facts and check the parameters; a bad value raises ParameterError naming it."""
    facts_all = load_facts(data_dir or DATA_DIR, seeds_dir or SEEDS_DIR)
    as_of_date = parse_as_of(as_of, facts_all)
    since_date = parse_since(since, as_of_date)
    comparator_name = parse_comparator(comparator, facts_all)
    facts = facts_all.restrict(as_of_date)
    return Brief(
        facts_all=facts_all,
        facts=facts,
        as_of=as_of_date,
        comparator=comparator_name,
        since=since_date,
        citer=Citer(facts_all.sources),
        findings=disagreements(facts),
        derived=derive.derived_figures(facts),
    )


def write_chart_pngs(brief: Brief, directory: str | Path) -> list[str]:
    """Draw every chart the brief has shown as a slide PNG in `directory`; returns the file names.

    The runner calls it in the notebook's own kernel once the notebook has run, while it prints the PDF.
    """
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    names = []
    for chart in brief.charts:
        (directory / f"{chart.name}.png").write_bytes(charts.render_png(chart.figure))
        names.append(f"{chart.name}.png")
    return names
