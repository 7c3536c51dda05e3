"""The real pipeline: papermill executes the notebook, nbconvert exports HTML, WeasyPrint prints the PDF.

Reports are rendered once per parameter set (module fixtures) into a temporary folder.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from conftest import ROOT, pdf_pages

from tarifftalks.build.publish import output_stem
from tarifftalks.build.render import render
from tarifftalks.errors import ParameterError
from tarifftalks.facts.load import load_facts

FIRST_ARTICLE = min(load_facts().sources["published"]).date().isoformat()  # the earliest article's date
AFTER_JAPAN_TALKS = "2025-04-16"


class Rendered:
    def __init__(self, out: Path, stem: str):
        self.out = out
        self.html = (out / f"{stem}.html").read_text(encoding="utf-8")
        self.pdf_path = out / f"{stem}.pdf"
        self.text = visible_text(self.html)

    def pdf_pages(self) -> list[str]:
        return pdf_pages(self.pdf_path)


def visible_text(html: str) -> str:
    """The text a reader sees: tags, styles and inline SVG removed."""
    html = re.sub(r"<style.*?</style>|<svg.*?</svg>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def build(tmp_path_factory, **params) -> Rendered:
    out = tmp_path_factory.mktemp("reports")
    render(out_dir=out, build_dir=out / "build", progress=lambda _msg: None, **params)
    return Rendered(out, output_stem(params.get("as_of"), params.get("comparator"), params.get("since")))


@pytest.fixture(scope="module")
def newest(newest_report) -> Rendered:
    return Rendered(newest_report, "report")


@pytest.fixture(scope="module")
def april16(shipped_report) -> Rendered:
    return Rendered(shipped_report(as_of=AFTER_JAPAN_TALKS), output_stem(AFTER_JAPAN_TALKS, None, None))


@pytest.fixture(scope="module")
def first_day(tmp_path_factory) -> Rendered:
    return build(tmp_path_factory, as_of=FIRST_ARTICLE, comparator="none")


# ---------------------------------------------------------------- content by as_of


def test_the_newest_report_has_the_key_figures_of_every_shipped_article(newest):
    printed = " ".join(newest.pdf_pages())  # the charts' text included
    for figure in ["US$55.7 billion", "US$55.6 billion", "28,500", "96.2%", "71.4%", "US$10 billion", "Jun 3, 2025"]:
        assert figure in printed, figure


def test_both_surplus_values_are_shown_with_a_note_that_they_disagree(newest):
    assert "The sources disagree" in newest.text
    assert "55.7" in newest.text and "55.6" in newest.text


def test_derived_figures_are_labelled_with_their_formula(newest):
    assert "derived" in newest.text
    assert "55.6 / (1 + 25/100)" in newest.text  # the 2023 surplus implied by "up 25 percent"
    assert "10 / 9" in newest.text  # the cost share implied by "ninefold to $10 billion"


def test_nothing_published_later_leaks_into_an_earlier_report_of_the_shipped_articles(april16):
    # first published on May 27 (a003): the 55.6 figure, Japan's 24% rate, Akazawa
    for later in ["55.6", "24%", "Akazawa", "Korea Customs Service"]:
        assert later not in april16.text, later
    # first published April 21-23 (a004): the cost-sharing demand and the reinvestment ratios
    for later in ["ninefold", "96.2", "two plus two"]:
        assert later not in april16.text, later
    assert "US$55.7 billion" in april16.text
    assert "paused for 90 days" in april16.text


def test_every_figure_of_an_included_article_is_in_the_report_and_no_excluded_one(newest, april16):
    """Data-driven: each figure unique to one article appears exactly when that article is in scope."""
    facts = load_facts()
    published = dict(zip(facts.sources["source_id"], facts.sources["published"].dt.date.astype(str), strict=True))
    figures = facts["figures"].dropna(subset=["value"])
    digits = figures[figures["value"] >= 100]  # written in digits in the report, e.g. 28,500
    for row in digits.itertuples():
        written = f"{int(row.value):,}"
        assert written in newest.text, written
        assert (written in april16.text) == (published[row.source_id] <= AFTER_JAPAN_TALKS), written


def test_a_report_as_of_the_first_article_uses_only_that_article(first_day):
    """It names no later article, nor says that later ones exist."""
    from tarifftalks.present.report import outlet_short

    facts = load_facts()
    first = facts.sources[facts.sources["published"].dt.date.astype(str) == FIRST_ARTICLE]
    later = facts.sources[facts.sources["published"].dt.date.astype(str) > FIRST_ARTICLE]
    assert f"Articles used: {len(first)}" in first_day.text
    for outlet in set(later["outlet"].map(outlet_short)) - set(first["outlet"].map(outlet_short)):
        assert outlet not in first_day.text, outlet
    assert f" of {len(facts.sources)} " not in first_day.text
    assert "Comparator" not in first_day.text


# ---------------------------------------------------------------- what is shared


def test_no_code_and_no_parameters_cell_in_the_shared_outputs(newest):
    for code in ["build_brief", "show(brief", "from tarifftalks", "as_of = ", "Parameters:"]:
        assert code not in newest.text, code
    for page in newest.pdf_pages():
        assert "build_brief" not in page and "show(brief" not in page


def test_html_is_self_contained_and_works_offline(newest):
    scripts = re.findall(r"<script[^>]*>", newest.html.lower())
    assert scripts == ["<script>"], "only the template's own inline script (citation pop-ups)"
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", newest.html), "a resource is fetched from the web"
    assert "mathjax" not in newest.html.lower() and "require.js" not in newest.html.lower()
    assert newest.html.count('src="data:image/svg+xml;base64,') >= 2  # charts are embedded, as SVG
    assert 'alt="Chart: Timeline of the talks"' in newest.html
    assert len(newest.html.encode()) < 2_000_000


def test_pdf_is_a4_with_numbered_pages_and_the_title_on_page_one(newest):
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(newest.pdf_path)
    width, height = doc[0].get_size()
    doc.close()
    assert (round(width), round(height)) == (595, 842)
    pages = newest.pdf_pages()
    assert "Korea–US tariff talks, 2025" in pages[0] and "May 27, 2025" in pages[0]
    assert "Contents" not in " ".join(pages)  # a brief this short has no contents page; the HTML has a side menu
    assert "Contents" in newest.text
    for number, text in enumerate(pages, start=1):
        assert f"Page {number} of {len(pages)}" in text
    assert "55.7" in " ".join(pages) and "28,500" in " ".join(pages)
    assert newest.pdf_path.stat().st_size < 2_000_000


def test_charts_are_written_for_slides(newest):
    charts = newest.out / "charts"
    names = {p.stem for p in charts.glob("*.svg")}
    assert "timeline" in names and len(names) >= 2
    for name in names:
        png = (charts / f"{name}.png").read_bytes()
        width = int.from_bytes(png[16:20], "big")
        assert width >= 1300, f"{name}.png is {width} px wide, below 200 dpi at 6.7 in"


def test_the_data_is_published_beside_the_report(newest):
    published = newest.out / "data"
    package = json.loads((published / "datapackage.json").read_text(encoding="utf-8"))
    for res in package["resources"]:
        assert (published / res["path"]).is_file()


# ---------------------------------------------------------------- parameters


@pytest.mark.parametrize(
    ("params", "name"),
    [
        ({"as_of": "yesterday"}, "as_of"),
        ({"as_of": "2025-02-30"}, "as_of"),
        ({"as_of": "2025-04-01"}, "as_of"),  # before the first article
        ({"comparator": "Atlantis"}, "comparator"),
        ({"since": "2025-06-01"}, "since"),  # after as_of
    ],
)
def test_a_bad_parameter_stops_before_anything_is_written(tmp_path, params, name):
    with pytest.raises(ParameterError) as info:
        render(out_dir=tmp_path, build_dir=tmp_path / "build", progress=lambda _m: None, **params)
    assert info.value.name == name
    assert list(tmp_path.iterdir()) == []


def test_the_notebook_is_stored_without_outputs():
    nb = json.loads((ROOT / "notebooks" / "report.ipynb").read_text(encoding="utf-8"))
    for cell in nb["cells"]:
        assert not cell.get("outputs"), cell["id"]
        assert cell.get("execution_count") is None, cell["id"]
    tags = [t for c in nb["cells"] for t in c.get("metadata", {}).get("tags", [])]
    assert tags.count("parameters") == 1


def test_the_notebook_runs_top_to_bottom_as_in_jupyter():
    """No papermill, no parameters: what a reader does in JupyterLab (Run All)."""
    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.read(ROOT / "notebooks" / "report.ipynb", as_version=4)
    NotebookClient(nb, kernel_name="python3", resources={"metadata": {"path": str(ROOT / "notebooks")}}).execute()
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    assert sum("image/svg+xml" in o.get("data", {}) for o in outputs) >= 2
    assert {k for o in outputs for k in o.get("data", {})} <= {
        "image/svg+xml",
        "image/png",
        "text/plain",
        "text/html",
        "text/markdown",
    }
    # the report's tables are pandas Stylers (their HTML has pandas' table ids), the tidy frames plain DataFrames
    # (in cells the shared report leaves out), the prose is Markdown, no opaque HTML blocks
    tables = [o["data"]["text/html"] for o in outputs if "text/html" in o.get("data", {})]
    styled = [t for t in tables if re.search(r'<table id="T_[^"]+" class="(data|keyfigures)"', t)]
    tidy = [t for t in tables if 'class="dataframe"' in t]
    assert len(styled) >= 10 and len(tidy) >= 3 and len(styled) + len(tidy) == len(tables)
    assert not [o for o in outputs if o.get("data", {}).get("text/plain") == "(HTML block)"]
    assert sum("text/markdown" in o.get("data", {}) for o in outputs) >= 5


def test_a_cell_that_ends_in_an_expression_exports():
    """A reader may add a cell like `brief.facts["tariffs"]`: its execute_result output must survive
    the clean-up for sharing (the field stays, empty) and export."""
    import nbformat

    from tarifftalks.build.page import export_page, page_info, shareable

    result = nbformat.v4.new_output("execute_result", data={"text/html": "<p>table</p>"}, execution_count=3)
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("x", outputs=[result], execution_count=3)])
    shared = shareable(nb)
    nbformat.validate(shared)
    assert shared.cells[0].outputs[0].execution_count is None
    info = page_info({"as_of": "2025-05-27", "comparator": None, "since": None}, [2025])
    assert "<p>table</p>" in export_page(shared, info)


# ---------------------------------------------------------------- evidence


def test_every_citation_links_to_an_evidence_entry_that_holds_its_quote(newest):
    """Each [n] in the HTML is a link to an anchor in the Evidence section, and that entry carries the
    verbatim quote of the row it cites (quotes taken from data/, compared as the HTML escapes them)."""
    import html as html_lib

    facts = load_facts()
    quotes = {r.iloc[0]: r["quote"] for n in facts.fact_tables if n != "omissions" for _, r in facts[n].iterrows()}
    targets = re.findall(r'<a href="#(ev-[^"]+)">(\d+)</a>', newest.html)
    assert len(targets) > 150, "the report cites its rows"
    entries = {}
    for row in re.findall(r"<tr>(.*?)</tr>", newest.html, re.S):
        quote_cell = re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)[-1:]
        for anchor in re.findall(r'<span id="(ev-[^"]+)"></span>', row):
            entries[anchor] = quote_cell[0]
    for anchor, _number in targets:
        assert anchor in entries, f"citation to {anchor} has no evidence entry"
        quote = quotes[anchor.removeprefix("ev-")]
        assert " ".join(quote.split()) in " ".join(html_lib.unescape(entries[anchor]).split()), anchor


def test_the_pdf_has_the_evidence_section_with_quotes(newest):
    pages = newest.pdf_pages()
    evidence = [p for p in pages if "Quote (verbatim)" in p]
    assert evidence, "no evidence pages"
    facts = load_facts()
    quote = facts["tariffs"]["quote"].iloc[0]
    assert " ".join(quote.split())[:60] in " ".join(evidence)
    assert any("Appendix C. Evidence" in p for p in pages)


def test_fixed_text_of_an_early_snapshot_names_nothing_from_later_shipped_articles(april16):
    """Section introductions that depend on the data come from the data in scope."""
    for later in ["editorial", "cost-sharing", "cost sharing"]:
        assert later not in april16.text.lower(), later
    # a001 (April 15) quotes an analyst, Lee Ji-young: the commentators' section is in scope, with her alone
    assert "Lee Ji-young" in april16.text and "Chang Sang-sik" not in april16.text


def test_the_notebook_shows_dataframes_and_figures_not_html_strings():
    """The package builds no HTML table by string: sections return DataFrames and Figures."""
    import inspect
    import pkgutil

    import pandas as pd
    from matplotlib.figure import Figure

    import tarifftalks.present as present
    from tarifftalks.present import grid, timeline
    from tarifftalks.present.report import build_brief

    for info in pkgutil.iter_modules(present.__path__):
        source = inspect.getsource(__import__(f"tarifftalks.present.{info.name}", fromlist=["_"]))
        assert "<table" not in source and "<tr" not in source, info.name
    brief = build_brief(comparator="Japan")
    assert isinstance(grid.tariff_table(brief), pd.DataFrame)
    assert isinstance(timeline.timeline_chart(brief, timeline.items(brief)), Figure)


def test_the_copyright_sign_is_printed_with_a_font_that_has_it(newest):
    """The Aju Press credit 'Copyright ⓒ' (U+24D2): DejaVu Sans lacks the glyph, Symbola is the fallback."""
    import ctypes

    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    assert "ⓒ" in newest.text
    doc = pdfium.PdfDocument(newest.pdf_path)
    try:
        fonts = []
        for page in doc:
            textpage = page.get_textpage()
            text = textpage.get_text_range()
            for i in [i for i, ch in enumerate(text) if ch == "ⓒ"]:
                name = ctypes.create_string_buffer(200)
                raw.FPDFText_GetFontInfo(textpage.raw, i, name, 200, ctypes.byref(ctypes.c_int()))
                fonts.append(name.value.decode())
    finally:
        doc.close()
    assert fonts and all("Symbola" in f for f in fonts), fonts


def test_every_hedged_claim_is_shown_with_who_says_it_and_how_firmly(newest):
    """Data-driven: each claim the body shows ends its sentence with who says it and how firmly, in plain words
    ('…, Han Duck-soo, in a Financial Times interview, signalled a willingness [3]'); each event and figure
    shown keeps its hedge ('(per the editorial)')."""
    import html as html_lib

    from tarifftalks.present.phrases import claim_voice
    from tarifftalks.present.report import build_brief
    from tarifftalks.present.words import flat, hedge_words

    brief = build_brief()
    text = html_lib.unescape(" ".join(newest.text.split()))
    claims = brief.claims[brief.claims["prominence"] != "appendix"]
    voiced = [claim_voice(brief, r) for _, r in claims.iterrows() if claim_voice(brief, r)]
    assert len(voiced) > 25
    for said in voiced:
        assert f", {said} [" in text or f", {said} (" in text, said
    events = brief.timeline[(brief.timeline["prominence"] != "appendix") & (brief.timeline["kind"] != "tariff")]
    figures = brief.figure_facts[brief.figure_facts["prominence"] != "appendix"]
    said = [
        (r, brief.row(r["wording_row"])["description"]) for _, r in events.iterrows()
    ]  # 'Tokyo says': no 'per Tokyo'
    said += [(r, "") for _, r in figures.iterrows()]
    hedged = [flat(hedge_words(r, text)) for r, text in said if hedge_words(r, text)]
    assert len(hedged) > 10
    printed = text + " " + html_lib.unescape(" ".join(" ".join(newest.pdf_pages()).split()))  # charts' notes too
    for words in hedged:
        assert words in printed, words


def test_hedge_wording():
    from tarifftalks.present.words import hedge, voice

    assert hedge({"attribution": "article", "certainty": "stated"}) == ""
    assert hedge(
        {"attribution": "media_reports", "attributed_to": "The Wall Street Journal", "certainty": "reported"}
    ) == (" *(reported, per The Wall Street Journal)*")
    assert hedge({"attribution": "candidate", "attributed_to": "Donald Trump", "certainty": "stated"}) == (
        " *(per Donald Trump, as a candidate)*"
    )
    assert hedge({"attribution": "unattributed", "certainty": "reported"}) == " *(reported, source not named)*"
    # the label before the claim says 'is willing': the voice says who
    assert voice({"attribution": "named_official", "attributed_to": "Han Duck-soo", "certainty": "willing"}) == (
        "Han Duck-soo said"
    )
    # a statement that keeps the article's hedge word needs only who; one that does not, the voice says how firmly
    possible = {"attribution": "analyst", "attributed_to": "analysts", "certainty": "possible"}
    assert voice(possible | {"statement": "the election may limit Seoul's flexibility"}) == "analysts said"
    assert voice(possible | {"statement": "the election limits Seoul's flexibility"}) == "analysts called it possible"
    # a context after the name stays after the verb
    assert voice(
        {
            "attribution": "media_reports",
            "attributed_to": "Korean media, citing a trade official",
            "certainty": "reported",
        }
    ) == ("Korean media reported, citing a trade official")
    # a claim the article relays without a source: the article says so, naming no source
    assert voice({"attribution": "unattributed", "certainty": "reported"}, "the editorial") == (
        "the editorial reports, naming no source"
    )
    assert voice({"attribution": "editorial", "certainty": "advised"}) == "the editorial advised"
    assert voice({"attribution": "candidate", "attributed_to": "Donald Trump", "certainty": "stated"}) == (
        "Donald Trump said as a candidate"
    )
    assert voice({"attribution": "article", "certainty": "stated"}) == ""


def test_a_statement_is_dated_only_by_its_own_statement(newest):
    """A claim takes the date of the statement its article dates ('Bessent … in an interview … on Monday' → Apr
    14, for all he said there); a remark the article relays through another medium ('…, NHK quoted Ishiba as
    saying') is not dated by another statement of the same person in that article ('Ishiba on Sunday also
    touted …')."""
    assert "Scott Bessent said (Apr 14" in newest.text
    assert "Shigeru Ishiba said, quoted by NHK (May 25)" not in newest.text
    assert "Shigeru Ishiba said, quoted by NHK" in newest.text
