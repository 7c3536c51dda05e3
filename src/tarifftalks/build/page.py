"""The shared page: the executed notebook as one HTML document (nbconvert with the project's `report` template) and
as a PDF (WeasyPrint). Data in the page stays text: all Markdown is rendered with raw HTML escaped."""

from __future__ import annotations

import datetime as dt
import gc
import hashlib
import html
import logging
import os
import re
from pathlib import Path

from tarifftalks.errors import ReportError

TITLE = "Korea–US tariff talks, {years}"  # the years are those of the articles used
REMOVE_TAGS = {"parameters", "injected-parameters", "remove-in-report"}
HIDDEN_INPUT_TAG = "remove-input"  # Jupyter Book's convention: the output shows, the code does not
TEMPLATES = Path(__file__).with_name("templates")  # templates/report: the page around the notebook


def shareable(nb):
    """A copy of the executed notebook without the parameter cells and execution metadata (tags stay: the
    template hides code by them)."""
    import copy

    nb = copy.deepcopy(nb)
    nb.cells = [c for c in nb.cells if not REMOVE_TAGS & set(c.metadata.get("tags", []))]
    for cell in nb.cells:
        cell.metadata = {"tags": cell.metadata["tags"]} if cell.metadata.get("tags") else {}
        cell.pop("execution_count", None)
        if cell.cell_type == "code":
            cell.execution_count = None
            for out in cell.outputs:
                if "execution_count" in out:  # an execute_result must keep the field, empty
                    out.execution_count = None
    nb.metadata = {"language_info": {"name": "python"}}
    return nb


def safe_markdown(source: str) -> str:
    """Markdown as HTML the way nbconvert renders it (math, tables, heading anchors), but with raw HTML escaped,
    javascript: and other harmful links removed, and no bare web address made a link (a table cell shows one as
    text too): data in the report's prose cannot add markup or links."""
    from mistune.plugins import import_plugin
    from nbconvert.filters.markdown_mistune import IPythonRenderer, MarkdownWithMath

    renderer = IPythonRenderer(escape=True, allow_harmful_protocols=False, anchor_link_text="")
    plugins = [import_plugin(p) for p in MarkdownWithMath.DEFAULT_PLUGINS if p != "url"]
    return MarkdownWithMath(renderer=renderer, plugins=plugins).render(source)


def html_exporter():
    """nbconvert's HTML exporter with the project's `report` template (basic, inside a page with title page and
    contents): outputs and Markdown (by `safe_markdown`), code removed by cell tags, no prompts."""
    from nbconvert import HTMLExporter
    from traitlets.config import Config

    config = Config()
    config.TagRemovePreprocessor.enabled = True
    config.TagRemovePreprocessor.remove_cell_tags = set(REMOVE_TAGS)
    config.TagRemovePreprocessor.remove_input_tags = {HIDDEN_INPUT_TAG}
    exporter = HTMLExporter(
        config=config, template_name="report", extra_template_basedirs=[str(TEMPLATES)],
        exclude_input_prompt=True, exclude_output_prompt=True, anchor_link_text="",
    )  # fmt: skip
    exporter.register_filter("markdown2html", safe_markdown)
    exporter.register_preprocessor(contents_preprocessor(), enabled=True)
    return exporter


def heading_id(title: str) -> str:
    """The id nbconvert's markdown renderer gives a heading with this text."""
    from nbconvert.filters.strings import add_anchor

    return re.search(r'id="([^"]*)"', add_anchor(f"<h2>{html.escape(title)}</h2>")).group(1)


def contents_preprocessor():
    """A preprocessor that lists the level-2 headings of Markdown cells and outputs, in document order, as
    resources["contents"]: (id, title) pairs for the template's contents page."""
    from nbconvert.preprocessors import Preprocessor

    class Contents(Preprocessor):
        def preprocess(self, nb, resources):
            texts = []
            for cell in nb.cells:
                if cell.cell_type == "markdown":
                    texts.append(cell.source)
                outputs = cell.get("outputs", [])
                texts += [o["data"]["text/markdown"] for o in outputs if "text/markdown" in o.get("data", {})]
            titles = [m.group(1).strip() for t in texts for m in re.finditer(r"^## (.+)$", t, re.M)]
            resources["contents"] = [(heading_id(t), t) for t in titles]
            return nb, resources

    return Contents()


def page_info(params: dict, years: list[int]) -> dict:
    """What the template shows around the notebook: the title page's facts."""
    as_of = dt.date.fromisoformat(params["as_of"])
    meta = [("Articles used", str(len(years)))]
    if params["comparator"]:
        meta.append(("Comparator", params["comparator"]))
    if params["since"]:
        since = dt.date.fromisoformat(params["since"])
        meta.append(("Changes since", f"{since:%B} {since.day}, {since.year}"))
    return {
        "title": TITLE.format(years="–".join(str(y) for y in sorted({min(years), max(years)}))),
        "as_of_iso": as_of.isoformat(),
        "as_of_text": f"{as_of:%B} {as_of.day}, {as_of.year}",
        "meta": meta,
    }


def export_page(nb, info: dict) -> str:
    """The whole self-contained HTML document, from the executed notebook."""
    page, _ = html_exporter().from_notebook_node(nb, resources={"report": info})
    return re.sub(r' id="cell-id=[^"]*"', "", page)


def describe_images(body: str, titles: list[str]) -> str:
    """Replace nbconvert's placeholder alt text with each chart's title, in document order."""
    placeholder = 'alt="No description has been provided for this image"'
    for title in titles:
        body = body.replace(placeholder, f'alt="Chart: {html.escape(title)}"', 1)
    return body


def pdf_bytes(page: str, base_url: Path, as_of: dt.date) -> bytes:
    """Print the page to PDF with WeasyPrint; same HTML, same bytes. Fonts are subset by HarfBuzz (with the
    other subsetter WeasyPrint can fall back to, fontTools, the same page gives other bytes); anything fontTools
    still writes takes its timestamp from SOURCE_DATE_EPOCH, set to as_of. Python's garbage collector is paused:
    its passes over WeasyPrint's many small objects cost about a quarter of the time."""
    for name in ("weasyprint", "fontTools"):
        logging.getLogger(name).setLevel(logging.ERROR)
    from weasyprint import HTML
    from weasyprint.text.ffi import harfbuzz_subset
    from weasyprint.urls import FatalURLFetchingError, URLFetcher

    if harfbuzz_subset is None:
        raise ReportError(
            "printing the PDF: libharfbuzz-subset0 is missing, and the PDF's bytes depend on it: run make"
        )
    identifier = hashlib.sha256(page.encode("utf-8")).hexdigest()[:32].encode("ascii")
    epoch = str(int(dt.datetime.combine(as_of, dt.time(), dt.UTC).timestamp()))
    previous = os.environ.setdefault("SOURCE_DATE_EPOCH", epoch)
    fetcher = URLFetcher(allowed_protocols={"data", "file"}, fail_on_errors=True)  # never the web
    gc.disable()
    try:
        return HTML(string=page, base_url=str(base_url), url_fetcher=fetcher).write_pdf(pdf_identifier=identifier)
    except FatalURLFetchingError as exc:  # a BaseException in WeasyPrint
        raise ReportError(f"printing the PDF: only data: and file: resources are allowed, not the web: {exc}") from None
    finally:
        gc.enable()
        if previous == epoch and os.environ.get("SOURCE_DATE_EPOCH") == epoch:
            del os.environ["SOURCE_DATE_EPOCH"]
