"""Showing the analysis in the notebook: tables as pandas Stylers, prose as Markdown.

Cells of the report's DataFrames and the prose hold *inline Markdown*: data text escaped with `esc`,
citations as links (`[[3](#ev-row_id)]`), `**bold**` and `*italic*`. `show` renders a DataFrame as a
Styler whose cells are that Markdown turned into HTML by markdown-it with raw HTML disabled, so article
text can never inject markup; `say` displays prose as Markdown, with any `<` as text (no raw HTML). The page around them (title page,
contents, stylesheet) is the nbconvert template's business, not this module's.
"""

from __future__ import annotations

import html
import re
from functools import lru_cache

import pandas as pd

MARKDOWN_SPECIALS = re.compile(r"([\\`*_\[\]#|~&<>])")


def esc(text: object) -> str:
    """Data text made safe inside Markdown: Markdown's specials and the HTML characters `&`, `<`, `>` escaped with a
    backslash, which every renderer of the page reads as the character itself (an entity such as `&amp;` would be
    escaped again by the renderer of the shared page, which escapes all HTML: "R&D" printed "R&amp;D")."""
    s = "" if text is None or (isinstance(text, float) and pd.isna(text)) else str(text)
    return MARKDOWN_SPECIALS.sub(r"\\\1", s)


@lru_cache(maxsize=1)
def _markdown():
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": False, "breaks": True})


def inline_html(markdown: object) -> str:
    """One cell's inline Markdown as HTML (raw HTML in it is escaped, never passed through)."""
    if markdown is None or (isinstance(markdown, float) and pd.isna(markdown)):
        return ""
    return _markdown().renderInline(str(markdown))


def anchored(anchors: str | list[str], label: str) -> str:
    """A cell that is the target of citations: `{#ev-x}{#ev-y}label` (see `styled`)."""
    anchors = [anchors] if isinstance(anchors, str) else anchors
    return "".join(f"{{#{a}}}" for a in anchors) + label


_ANCHORS = re.compile(r"^(?:\{#[A-Za-z0-9_.:-]+\})+")


def _cell_html(value: object) -> str:
    text = "" if value is None or (isinstance(value, float) and pd.isna(value)) else str(value)
    m = _ANCHORS.match(text)
    if m:  # the one piece of markup Markdown has no syntax for: ids to link to
        ids = re.findall(r"#([^}]+)", m.group(0))
        return "".join(f'<span id="{html.escape(i)}"></span>' for i in ids) + inline_html(text[m.end() :])
    return inline_html(text)


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "table"


# Read left to right, as in the report, also in JupyterLab (whose stylesheet centres tables and right-aligns cells)
LEFT_ALIGNED = [
    {"selector": "", "props": "margin-left: 0;"},
    {"selector": "th", "props": "text-align: left;"},
    {"selector": "td", "props": "text-align: left; vertical-align: top;"},
]


def styled(
    frame: pd.DataFrame,
    source: str | None = None,
    widths: list[int] | None = None,
    name: str | None = None,
    css_class: str = "data",
) -> pd.io.formats.style.Styler:
    """A DataFrame as the report shows it: no index, cells as inline Markdown, optional column widths
    (percent) and a source line under the table. The Styler's id is fixed (from `name`, else the
    columns), so the same table gives the same HTML every time."""
    uuid = slug(name or "-".join(map(str, frame.columns)))[:40]
    styler = (
        frame.style.hide(axis="index")
        .format(_cell_html)
        .format_index(esc_header, axis="columns")
        .set_table_attributes(f'class="{css_class}"')
        .set_uuid(uuid)
    )
    styler.cell_ids = False
    styler = styler.set_table_styles(LEFT_ALIGNED, overwrite=False)
    if source:
        styler = styler.set_caption(esc_header(source))
    if widths:
        styler = styler.set_table_styles(
            [{"selector": f"th.col_heading.col{i}", "props": f"width: {w}%;"} for i, w in enumerate(widths)],
            overwrite=False,
        )
    return styler


def esc_header(text: object) -> str:
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def show(
    frame: pd.DataFrame,
    source: str | None = None,
    widths: list[int] | None = None,
    name: str | None = None,
    css_class: str = "data",
):
    """Display a section's table in the notebook (and so in the report)."""
    from IPython.display import display

    display(styled(frame, source=source, widths=widths, name=name, css_class=css_class))


def say(markdown: str) -> None:
    """Display prose (Markdown, figures formatted from data) as a cell output."""
    from IPython.display import Markdown, display

    if markdown:
        display(Markdown(re.sub(r"(?<!\\)<", r"\\<", dollars_as_text(markdown))))  # raw HTML shows as text, in Lab too


def dollars_as_text(markdown: str) -> str:
    """'US$55.7 billion … US$55.6 billion' is money, not a formula: escape every `$` (Jupyter and
    nbconvert read `$…$` as math)."""
    return re.sub(r"(?<!\\)\$", r"\\$", markdown)


def bullets(items: list[str]) -> str:
    """A Markdown list."""
    return "\n".join(f"- {item}" for item in items)
