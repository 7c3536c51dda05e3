"""Scale: a corpus of the five articles copied N-fold (same facts, new ids) gives a report as long as the five."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.scale import grow_corpus
from tarifftalks.facts import validate
from tarifftalks.facts.checks import base
from tarifftalks.facts.load import load_facts
from tarifftalks.present.report import build_brief
from tests.conftest import render_into


def page_count(pdf: Path) -> int:
    import pypdfium2 as pdfium

    return len(pdfium.PdfDocument(str(pdf)))


@pytest.fixture(scope="module")
def corpus_20(tmp_path_factory) -> tuple[Path, Path]:
    return grow_corpus(4, tmp_path_factory.mktemp("corpus20"))


def test_grown_corpus_is_valid_and_fully_covered(corpus_20):
    shipped, grown = load_facts(), load_facts(*corpus_20)
    result = validate.check(grown)
    assert len(grown.sources) == 20 and grown.sources["source_id"].is_unique
    assert all(c.mentions == c.coded + c.omitted for c in result.coverage)
    for name in shipped.fact_tables:
        assert len(grown[name]) == 4 * len(shipped[name])
    assert set(grown["events"]["event_key"]) == set(shipped["events"]["event_key"])


def test_validation_finds_mentions_once_per_distinct_text(corpus_20, monkeypatch):
    calls = []
    real = base.find_mentions
    monkeypatch.setattr(base, "find_mentions", lambda text: calls.append(text) or real(text))
    validate.validate(load_facts(*corpus_20))
    assert len(calls) == len(set(calls)) == 5


def test_a_fact_reported_by_many_articles_is_one_row_citing_them_all(corpus_20):
    shipped, brief = build_brief(), build_brief(data_dir=corpus_20[0], seeds_dir=corpus_20[1])
    for name in shipped.facts.fact_tables:
        assert len(brief.facts[name]) == len(shipped.facts[name]), name
    row = brief.facts["trade_balance"].iloc[0]["balance_id"]
    assert brief.source_ids(row) == ["a000", "a000_c001", "a000_c002", "a000_c003"]
    assert brief.cite(row) == "[" + ", ".join(f"[{n}](#ev-{row})" for n in range(1, 5)) + "]"  # all link to one entry
    every_row = list(brief.scope.row_source)
    assert brief.source_line(every_row) == "Sources: [1]–[20]: 20 articles; see Sources."


def test_200_article_report_renders_as_long_as_the_five_article_one(tmp_path, newest_report):
    data, seeds = grow_corpus(40, tmp_path / "corpus")
    folder = render_into(tmp_path / "out", data_dir=data, seeds_dir=seeds, validate=False)  # validated at 20, above
    five, two_hundred = page_count(newest_report / "report.pdf"), page_count(folder / "report.pdf")
    assert abs(two_hundred - five) <= 1, (five, two_hundred)
    assert (folder / "report.html").stat().st_size < 2_000_000
    charts = sorted(p.name for p in (folder / "charts").glob("*.svg"))
    assert charts == sorted(
        p.name for p in (newest_report / "charts").glob("*.svg")
    )  # one chart per fact, not per copy
    html = (folder / "report.html").read_text(encoding="utf-8")
    assert "Sources: [1]–[200]: 200 articles; see Sources." in html
    assert "(40 articles, the same text)" in html
    assert '[<a href="#ev-tb_a000_2024">1</a>–<a href="#ev-tb_a000_2024">40</a>]' in html


def test_positions_without_a_claim_key_merge_by_actor_kind_topic_and_statement(corpus_20):
    import datetime as dt

    from tarifftalks.analysis.claims import claims as claims_of
    from tarifftalks.analysis.scope import make_scope, split_ids

    shipped, grown = load_facts(), load_facts(*corpus_20)
    # each copy of a key-less position with its own quote and id, so only the identity can merge them
    grown.tables["positions"] = grown["positions"].assign(
        quote=grown["positions"]["quote"] + grown["positions"].index.astype(str)
    )
    as_of = dt.date(2025, 5, 27)
    claims = claims_of(make_scope(grown, as_of))
    assert len(claims) == len(claims_of(make_scope(shipped, as_of)))
    assert all(len(split_ids(ids)) % 4 == 0 for ids in claims["source_ids"])  # every copy of each claim merged


def test_a_long_source_line_grows_the_chart_instead_of_pushing_its_axes_out():
    from tarifftalks.present import charts

    fig, ax = charts.new_figure(2.0)
    long_line = "Sources: " + "; ".join(f"[{n}] Bloomberg, Apr 8, 2025" for n in range(1, 91)) + "."
    charts.finish(fig, ax, "A chart", long_line, note="A note.")
    axes_in = ax.get_position().height * fig.get_figheight()
    assert axes_in >= charts.MIN_AXES_IN - 1e-9 and fig.get_figheight() > 2.0


def test_what_changed_names_each_article_text_once(corpus_20):
    from tarifftalks.present.changes import what_changed

    brief = build_brief(since="2025-04-20", data_dir=corpus_20[0], seeds_dir=corpus_20[1])
    line = next(p for p in what_changed(brief).split("\n\n") if p.startswith("Published after"))
    listed, _, rest = line.partition(". ")
    assert listed.count("(4 articles, the same text)") == 2 and listed.count("; ") == 1, line
    assert rest.count("prints no date") + rest.count("print no date") == 1, line  # the undated text once


def body_pages(pdf: Path) -> int:
    """The pages before the appendices begin (the page where Appendix A starts counts)."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(str(pdf))
    try:
        texts = [page.get_textpage().get_text_range() for page in doc]
    finally:
        doc.close()
    return next(n for n, t in enumerate(texts, start=1) if "Appendix A. Sources" in " ".join(t.split()))


def test_a_corpus_of_distinct_articles_keeps_the_body_a_brief(tmp_path, newest_report):
    """80 distinct generated articles (tests/factbase.py, seeded): the body stays within 1.5 times the pages of
    the five-article body, and the timeline chart stays one chart."""
    from factbase import seeded_base, write

    data, seeds = write(seeded_base(80, seed=3), tmp_path / "base")
    folder = render_into(tmp_path / "out", data_dir=data, seeds_dir=seeds, comparator="none")
    five = body_pages(newest_report / "report.pdf")
    grown = body_pages(next(folder.glob("*.pdf")))
    assert grown <= 1.5 * five, (five, grown)
    assert sorted(p.name for p in (folder / "charts").glob("*.svg")) == ["timeline.svg"]
