"""Charts: one style for all, a title, labelled axes with units and a source line under each.

Every chart function returns a plain matplotlib Figure. `show_as_svg_and_png` makes a notebook show every Figure
as SVG and PNG, free of timestamps and random ids; the build saves them (see the section below).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import textwrap

import matplotlib.dates as mdates
from matplotlib import rc_context
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

# Okabe-Ito, readable in colour and for colour-blind readers
# by the part a country plays in the report, never by its name
PALETTE = {
    "focus": "#0072B2",  # the side the tariffs apply to
    "comparator": "#D55E00",
    "counterpart": "#CC79A7",  # the side imposing them
    "group": "#7F7F7F",  # groups of countries ('all countries'), in turn
    "group2": "#B0B0B0",
    "other": "#444444",
    "derived": "#FFFFFF",
    "accent": "#009E73",
    "muted": "#56B4E9",
}
WIDTH_IN = 6.7  # A4 text width with 20 mm margins
PNG_DPI = 200
STYLE = {
    "font.family": "DejaVu Sans",
    "font.size": 8.5,
    "axes.titlesize": 10,
    "axes.titleweight": "bold",
    "axes.labelsize": 8.5,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "grid.color": "#E5E5E5",
    "grid.linewidth": 0.6,
    "axes.axisbelow": True,
    "legend.frameon": False,
    "legend.fontsize": 8,
    "svg.hashsalt": "tarifftalks",
    "svg.fonttype": "none",
    "path.simplify": True,
    "text.parse_math": False,  # "US$" in labels is money, not mathtext
}


# ---------------------------------------------------------------- how every figure is shown and saved
# A chart is any function that returns a matplotlib Figure. Shown in a notebook (a cell's last expression, or
# display(fig)), every Figure becomes two outputs: SVG, which the report's page embeds, and PNG, for slides and
# for any viewer (an untrusted notebook in JupyterLab shows the PNG). Both carry the figure's title in their
# metadata, and the build saves each figure the notebook showed as charts/<name>.svg and .png, the name taken from
# the figure's label (fig.set_label) or else its title.

SAVE_RC = {"svg.hashsalt": "tarifftalks", "svg.fonttype": "none"}  # fixed SVG ids, text kept as text


def figure_title(fig: Figure) -> str:
    """The figure's title: its suptitle, else the first title of its first titled axes."""
    suptitle = fig.get_suptitle() if hasattr(fig, "get_suptitle") else ""
    if suptitle:
        return suptitle
    for ax in fig.axes:
        for loc in ("center", "left", "right"):
            if ax.get_title(loc):
                return ax.get_title(loc)
    return ""


def figure_svg(fig: Figure) -> str:
    """The figure as SVG text, byte for byte the same for the same figure: no date, fixed ids, text as text,
    trimmed to what is drawn (bbox_inches="tight": nothing clipped), its title and label in the metadata."""
    svg = io.StringIO()
    metadata = {"Title": figure_title(fig) or None, "Identifier": fig.get_label() or None}
    metadata |= {"Date": None, "Creator": None}
    with rc_context(SAVE_RC):
        fig.savefig(svg, format="svg", bbox_inches="tight", metadata=metadata)
    return svg.getvalue()


def figure_png(fig: Figure) -> tuple[bytes, dict]:
    """The figure as PNG at PNG_DPI (slides), with its title and no software tag; and the width a notebook shows it at."""
    png = io.BytesIO()
    with rc_context(SAVE_RC):
        fig.savefig(
            png, format="png", dpi=PNG_DPI, bbox_inches="tight", metadata={"Title": figure_title(fig), "Software": None}
        )
    data = png.getvalue()
    return data, {"width": round(int.from_bytes(data[16:20], "big") * 100 / PNG_DPI)}


def show_as_svg_and_png(shell=None) -> None:
    """Show every matplotlib Figure in this notebook as SVG and PNG. Call it once at the top of a notebook; the
    build's kernel calls it before the notebook runs. matplotlib's inline backend is set up first, so that a later
    `import matplotlib.pyplot` keeps these formats."""
    if shell is None:
        from IPython import get_ipython

        shell = get_ipython()
    if shell is None:
        return
    with contextlib.suppress(ImportError):
        import matplotlib_inline.backend_inline  # noqa: F401  (sets up pyplot's inline display now, not later)
    formatters = shell.display_formatter.formatters
    formatters["image/svg+xml"].for_type(Figure, figure_svg)
    formatters["image/png"].for_type(Figure, figure_png)


def new_figure(height: float) -> tuple[Figure, Axes]:
    with rc_context(STYLE):
        fig = Figure(figsize=(WIDTH_IN, height))
        ax = fig.add_subplot()
    return fig, ax


TITLE_IN = 0.42  # inches above the axes for the title
MIN_AXES_IN = 1.0  # the axes keep at least this height whatever the note and source line under them


def finish(
    fig: Figure, ax: Axes, title: str, source_line: str, note: str | None = None, left: float = 0.1, legend=None
) -> Figure:
    """Title above; legend row (optional), note (optional) and source line under the chart."""
    # the axes' own (centre) title, so that `ax.set_title(...)` replaces it; y given: matplotlib skips its search
    # for overlapping top labels (there are none), a tenth of the drawing time
    ax.set_title(title, fontsize=10, fontweight="bold", pad=10, y=1.0)
    lines = textwrap.wrap(note, 130) if note else []
    lines += textwrap.wrap(source_line, 130)
    text_in = 0.06 + 0.118 * len(lines)
    footer_in = text_in + 0.5 + (0.28 if legend else 0)  # x tick labels and axis label, legend row
    height = max(fig.get_figheight(), TITLE_IN + MIN_AXES_IN + footer_in)  # a long footer grows the figure
    fig.set_figheight(height)
    fig.text(
        0.01, 0.06 / height, "\n".join(lines), fontsize=6.8, color="#555555", ha="left", va="bottom", linespacing=1.35
    )
    if legend:
        fig.legend(
            handles=legend,
            loc="lower left",
            bbox_to_anchor=(0.01, (text_in + 0.04) / height),
            ncol=len(legend),
            fontsize=7,
            handletextpad=0.4,
            columnspacing=1.2,
        )
    fig.subplots_adjust(left=left, right=0.97, top=1 - TITLE_IN / height, bottom=footer_in / height)
    return fig


# ---------------------------------------------------------------- the charts


def bar_chart(
    labels: list[str],
    values: list[float],
    derived: list[bool],
    colors: list[str],
    title: str,
    ylabel: str,
    source_line: str,
    value_format: str = "{:.1f}",
    note: str | None = None,
    height: float = 3.0,
) -> Figure:
    """Vertical bars; derived values are hatched and say so in the legend."""
    with rc_context(STYLE):
        fig, ax = new_figure(height)
        x = range(len(values))
        for i, (v, d, c) in enumerate(zip(values, derived, colors, strict=True)):
            ax.bar(i, v, color="white" if d else c, edgecolor=c, hatch="///" if d else None, linewidth=1.2, width=0.6)
            ax.text(i, v, value_format.format(v), ha="center", va="bottom", fontsize=8.5, fontweight="bold")
        ax.set_xticks(list(x), labels)
        ax.set_ylabel(ylabel)
        ax.set_ylim(0, max(values) * 1.18 if values else 1)
        ax.grid(axis="x", visible=False)
        if any(derived):
            ax.legend(
                handles=[
                    Patch(facecolor="#999999", edgecolor="#999999", label="reported"),
                    Patch(facecolor="white", edgecolor="#555555", hatch="///", label="derived"),
                ],
                loc="upper left",
                bbox_to_anchor=(1.0, 1.0),
            )
        finish(fig, ax, title, source_line, note, left=0.1)
        if any(derived):
            fig.subplots_adjust(right=0.84)
        return fig


def rate_chart(
    rows: list[str],
    series: list[tuple[str, str, list[float | None], list[bool]]],
    title: str,
    source_line: str,
    note: str | None = None,
) -> Figure:
    """Horizontal grouped bars of tariff rates: solid when in effect, hatched when paused or only announced;
    a rate no article gives is left out, and the note says so. Each series: (name, colour, rates, in effect)."""
    series = [s for s in series if any(v is not None for v in s[2])]
    n = max(len(series), 1)
    bar_in = 0.1
    height = 0.9 + len(rows) * (bar_in * n + 0.16) + 0.35 + 0.125 * (2 + (2 if note else 0))
    with rc_context(STYLE):
        fig, ax = new_figure(height)
        bar_h = 0.8 / n
        top = max((v for _, _, vals, _ in series for v in vals if v is not None), default=10)
        for j, (_name, color, vals, in_effect) in enumerate(series):
            for i, (v, active) in enumerate(zip(vals, in_effect, strict=True)):
                if v is None:
                    continue
                y = i + (j - (n - 1) / 2) * bar_h
                ax.barh(y, v, height=bar_h * 0.85, color=color if active else "white", edgecolor=color,
                        hatch=None if active else "////", linewidth=0.9)  # fmt: skip
                ax.text(v + top * 0.01, y, f"{v:g}%" + ("" if active else " (not in effect)"), va="center", fontsize=7)
        ax.set_yticks(range(len(rows)), rows)
        ax.set_ylim(len(rows) - 0.5, -0.5)
        ax.set_xlim(0, top * 1.45)
        ax.set_xlabel("Tariff rate (%)")
        ax.grid(axis="y", visible=False)
        handles = [Patch(color=color, label=name) for name, color, _, _ in series]
        handles.append(Patch(facecolor="white", edgecolor="#555555", hatch="////", label="paused or announced"))
        ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.0, 1.0))
        finish(fig, ax, title, source_line, note, left=0.24)
        fig.subplots_adjust(right=0.76)
        return fig


TRACK_COLORS = {
    "talks": "#0072B2",
    "others": "#D55E00",
    "tariffs": "#444444",
    "politics": "#009E73",
    "statements": "#CC79A7",
}
ROW_STEP = 0.28  # lane units between stacked rows of items


MAX_ROWS = 4  # rows per track: beyond, items share the row that frees first (the chart aggregates, never grows)


def pack_rows(items: list[dict], label_days: float) -> dict[int, int]:
    """Greedy stacking inside each track: an item goes to the first row where it overlaps nothing; with
    MAX_ROWS rows taken, to the row that ends first. Keyed by each item's `key`."""
    placement: dict[int, int] = {}
    ends: dict[str, list[float]] = {}
    for item in sorted(items, key=lambda i: (i["start"], i["key"])):
        x0 = mdates.date2num(item["start"])
        x1 = max(mdates.date2num(item["end"]) + 1, x0) + label_days * (1 + len(item["label"]) / 2)
        rows = ends.setdefault(item["track"], [])
        free = [r for r, end in enumerate(rows) if x0 >= end]
        if free:
            r = free[0]
        elif len(rows) < MAX_ROWS:
            rows.append(x1)
            r = len(rows) - 1
        else:
            r = min(range(len(rows)), key=rows.__getitem__)
        rows[r] = max(rows[r], x1) if not free else x1
        placement[item["key"]] = r
    return placement


def timeline_chart(
    items: list[dict],
    labels: dict[str, str],
    start: dt.date,
    end: dt.date,
    as_of: dt.date,
    title: str,
    source_line: str,
    note: str | None = None,
) -> Figure:
    """Events by track (a row per track, `labels` naming them); a day is a dot, a week, month or range is a
    bar over its span; numbers key to the table.

    Each item: key (unique), label (its number in the table, or '' when the table leaves it out), track,
    start, end, precision, scheduled (bool), off (bool: called off, postponed or replaced; drawn as a cross).
    """
    lanes = [lane for lane in TRACK_COLORS if any(i["track"] == lane for i in items)]
    days = (end - start).days
    rows = pack_rows(items, label_days=days / 40)
    depth = {lane: 1 + max((rows[i["key"]] for i in items if i["track"] == lane), default=0) for lane in lanes}
    base, y = {}, 0.0
    for lane in lanes:
        base[lane] = y
        y += depth[lane] * ROW_STEP + 0.3
    total = y
    n_note = len(textwrap.wrap(note, 130)) if note else 0
    height = 0.75 + total * 0.8 + 0.35 + 0.125 * (n_note + 2) + 0.6
    as_of_x = mdates.date2num(as_of) + 0.5
    days_per_pt = days / ((WIDTH_IN * (0.97 - 0.2)) * 72)  # the axes' width in points (finish: left 0.2, right 0.97)
    with rc_context(STYLE):
        fig, ax = new_figure(height)
        for item in items:
            color = TRACK_COLORS[item["track"]]
            y = base[item["track"]] + rows[item["key"]] * ROW_STEP + 0.15
            x0 = mdates.date2num(item["start"])
            if item["precision"] == "day":
                ax.plot(
                    [x0 + 0.5],
                    [y],
                    marker="x" if item.get("off") else "o",
                    ms=4.5,
                    color=color,
                    mfc="white" if item["scheduled"] else color,
                    mew=1.1,
                    zorder=3,
                )
                label_x = x0 + 0.5 + days / 110
            else:
                width = mdates.date2num(item["end"]) - x0 + 1
                ax.barh(
                    y,
                    width,
                    left=x0,
                    height=0.13,
                    color="white" if item["scheduled"] else color,
                    alpha=1 if item["scheduled"] else 0.55,  # a span dates an event only roughly
                    edgecolor=color,
                    linewidth=0.9,
                    hatch="xxxx" if item.get("off") else "////" if item["scheduled"] else None,
                    zorder=2,
                )
                label_x = x0 + width + days / 200
            if item["label"]:
                ha = "left"
                width_days = (len(item["label"]) * 4.2 + 3) * days_per_pt
                on_line = item["precision"] == "day" and abs(x0 + 0.5 - as_of_x) < days_per_pt * 4  # a marker on it
                if on_line or label_x - days_per_pt * 2 <= as_of_x <= label_x + width_days:  # a label would touch it
                    label_x, ha = x0 - days / 200 - (0 if item["precision"] != "day" else days / 220), "right"
                ax.text(label_x, y, item["label"], fontsize=6.5, color=color, va="center", ha=ha, zorder=4,
                        bbox={"facecolor": "white", "edgecolor": "none", "pad": 0.4})  # fmt: skip
        for lane in lanes[1:]:
            ax.axhline(base[lane] - 0.15, color="#DDDDDD", linewidth=0.6)
        ax.axvline(as_of_x, color="#B00020", linewidth=1, linestyle="--")
        near_end = (end - as_of).days < days * 0.12  # the label goes left of the line
        ax.text(  # above the plot, clear of the items and their numbers
            as_of_x + (-1.5 if near_end else 1.5),
            -0.12,
            f"as of {as_of:%b} {as_of.day}",
            color="#B00020",
            fontsize=7,
            va="bottom",
            ha="right" if near_end else "left",
            clip_on=False,
        )
        ax.set_yticks([base[lane] + (depth[lane] * ROW_STEP) / 2 for lane in lanes], [labels[lane] for lane in lanes])
        ax.tick_params(axis="y", length=0)
        ax.set_ylim(total - 0.1, -0.1)
        ax.set_xlim(mdates.date2num(start), mdates.date2num(end))
        months = max(1, days // 30)
        step = 1 if months <= 6 else 2 if months <= 12 else 3 if months <= 24 else 6  # labels never overlap
        ax.xaxis.set_major_locator(mdates.MonthLocator(interval=step))
        ax.xaxis.set_major_formatter(mdates.DateFormatter("%b %Y"))
        if months <= 6:
            ax.xaxis.set_minor_locator(mdates.WeekdayLocator(byweekday=mdates.MO))
        ax.set_xlabel("Date (minor ticks on Mondays)" if months <= 6 else "Date")
        ax.grid(axis="y", visible=False)
        ax.grid(axis="x", which="minor", color="#F3F3F3")
        handles = [
            Line2D([], [], marker="o", ls="", color="#555555", ms=4.5, label="day"),
            Patch(facecolor="#555555", edgecolor="#555555", alpha=0.55, label="within a week, month or range"),
            Line2D([], [], marker="o", ls="", color="#555555", mfc="white", ms=4.5, label="scheduled (day)"),
            Patch(facecolor="white", edgecolor="#555555", hatch="////", label="scheduled (span)"),
        ]
        if any(i.get("off") for i in items):
            handles.append(
                Line2D([], [], marker="x", ls="", color="#555555", ms=4.5, label="called off, postponed or replaced")
            )
        finish(fig, ax, title, source_line, note, left=0.2, legend=handles)
        return fig
