"""A brief you would forward (issue 19), measured on the shipped articles: the newest report, the April 16
snapshot and 'what changed since April 20' each lead on page one with where the talks stand, keep the body
before the appendices to 2,500 words and the PDF to 14 pages, print nothing beyond the text block, and stack
no hedge in parentheses on another. The analyst's judgements show only on facts in scope."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from conftest import pdf_pages

from tarifftalks.facts.validate import validate

MARGIN_PT = 18 / 25.4 * 72  # the stylesheet's @page margin, left and right
OVERHANG_PT = 1.0  # a glyph's ink may reach this far past its origin (DejaVu's 'J' starts 0.5 pt left of it)
BODY_WORDS, PAGES = 2500, 14


def outside_the_text_block(pdf: Path) -> list[tuple[int, str]]:
    """Characters printed left or right of the text block, with their page."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(pdf)
    found = []
    try:
        for n, page in enumerate(doc, start=1):
            width = page.get_size()[0]
            text = page.get_textpage()
            for i in range(text.count_chars()):
                char = text.get_text_range(i, 1)
                if char.strip():
                    left, _bottom, right, _top = text.get_charbox(i)
                    if left < MARGIN_PT - OVERHANG_PT or right > width - MARGIN_PT + OVERHANG_PT:
                        found.append((n, char))
    finally:
        doc.close()
    return found


@pytest.fixture(
    scope="module",
    params=[{}, {"as_of": "2025-04-16"}, {"as_of": "2025-05-27", "since": "2025-04-20"}],
    ids=["newest", "april16", "since-april20"],
)
def report(request, shipped_report) -> Path:
    folder = shipped_report(**request.param)
    return folder / f"{folder.name}.pdf"


def test_page_one_says_where_the_talks_stand(report):
    """Page one: the title and date, 'what changed since' directly under them when asked for, the lead (the
    newest article's news, or under 'what changed' the main new claims; the tariffs; what is ahead) and the
    headline figures; the key judgements follow at once."""
    pages = pdf_pages(report)
    first = pages[0]
    assert "Korea–US tariff talks" in first and "Situation as of" in first
    assert "Where the talks stand" in first and "tariffs on South Korea" in first and "Ahead:" in first
    if "since" in report.name:
        assert first.index("What changed since") < first.index("Main news") < first.index("Where the talks stand")
    else:
        assert "Newest article: [" in first
    assert "Key judgements" in first + pages[1][:400]


def test_the_body_is_at_most_2500_words_and_the_pdf_14_pages(report):
    pages = pdf_pages(report)
    text = " ".join(pages)
    body = text[: text.index("Appendix A. Sources")]
    body_pages = next(n for n, p in enumerate(pages, start=1) if "Appendix A. Sources" in p)
    running = body_pages * len(
        ["Korea–US", "tariff", "talks,", "2025", "Situation", "as", "of", "May", "27,", "2025", "Page", "1", "of", "14"]
    )
    assert len(body.split()) - running <= BODY_WORDS, len(body.split()) - running
    assert len(pages) <= PAGES


def test_nothing_is_printed_beyond_the_text_block(report):
    assert outside_the_text_block(report) == []


def test_no_hedge_is_stacked_on_another(report):
    text = " ".join(pdf_pages(report))
    assert not re.findall(r"\)\s*\(", text)


# ---------------------------------------------------------------- the analyst's judgements


def test_a_snapshot_shows_only_the_judgements_written_on_facts_in_its_scope():
    from tarifftalks.present import summary
    from tarifftalks.present.report import build_brief

    early, late = build_brief(as_of="2025-04-16"), build_brief()
    assert 1 <= len(summary.key_judgements(early)) <= len(summary.key_judgements(late))
    ids = set(early.scope.row_source)
    for cell in summary.key_judgements(early)["Rests on"]:
        assert all(i in ids for i in re.findall(r"#ev-([^)]+)\)", cell))


def test_a_judgement_a_later_one_replaces_is_not_shown():
    """A judgement revised on new evidence (`replaces`) takes the place of the earlier one from its date on; a
    report as of the day before shows the earlier one (when its own rows are in scope by then)."""
    from tarifftalks.present import summary
    from tarifftalks.present.report import build_brief

    table = build_brief().facts["judgements"]
    revised = table[table["replaces"].fillna("") != ""]
    assert not revised.empty
    for _, later in revised.iterrows():
        earlier = table[table["judgement_id"] == later["replaces"]].iloc[0]
        day = later["holds_from"].date()
        shown = set(summary.current_judgements(build_brief(as_of=day.isoformat()))["judgement_id"])
        assert later["judgement_id"] in shown and earlier["judgement_id"] not in shown
        before = build_brief(as_of=(day - dt.timedelta(days=1)).isoformat())
        ready = earlier["holds_from"].date() < day and all(
            i in before.scope.row_source for i in earlier["rests_on"].split(";")
        )
        if ready:
            assert earlier["judgement_id"] in set(summary.current_judgements(before)["judgement_id"])


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"judgement": "Seoul will offer 40 billion dollars more of US imports."}, "judgement"),  # no row gives 40
        ({"rests_on": "pos_a000_no_such_row"}, "rests_on"),
        ({"holds_from": "2025-04-01"}, "holds_from"),  # before the articles it rests on
        ({"until_event": "no-such-event"}, "until_event"),
        ({"replaces": "no_such_judgement"}, "replaces"),
    ],
)
def test_a_judgement_not_borne_out_by_its_rows_is_refused(workspace, change, field):
    line = workspace.edit("judgements", 0, **change)
    errors = [(e.row, e.field) for e in validate(workspace.facts()).errors]
    assert errors == [(line, field)]
