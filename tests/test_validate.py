"""Each check of the validator fails on a bad row, and passes on the shipped data."""

from __future__ import annotations

import datetime as dt

import pytest

from tarifftalks.errors import FactError, FactErrors
from tarifftalks.facts.validate import validate


def only_error(ws) -> FactError:
    result = validate(ws.facts())
    assert len(result.errors) == 1, [str(e) for e in result.errors]
    return result.errors[0]


def test_the_shipped_fact_base_passes_every_check(facts):
    result = validate(facts)
    assert result.errors == []


def test_every_article_is_fully_covered(facts):
    result = validate(facts)
    missing = {c.source_id: [m.text for m in c.missing] for c in result.coverage if c.missing}
    assert missing == {}
    assert len(result.coverage) == len(facts.sources)


def test_a_quote_not_in_its_article(workspace):
    row = workspace.edit("figures", 0, quote="Seoul plans to unveil a 10 trillion won extra budget today")
    err = only_error(workspace)
    assert err.file.endswith("figures.csv")
    assert (err.row, err.field) == (row, "quote")
    assert "not in article a000" in str(err)


def test_a_quote_from_another_article(workspace):
    rows = workspace.rows("trade_balance")
    row = workspace.edit("trade_balance", 0, quote=rows[1]["quote"])
    errors = validate(workspace.facts()).errors
    # the a003 quote is not in a000, and neither 55.7 nor 2024 (it says "last year") is in it
    assert sorted((e.row, e.field) for e in errors) == [(row, "quote"), (row, "value"), (row, "year")]


def test_a_number_not_in_its_quote(workspace):
    row = workspace.edit("trade_balance", 0, value="55.8")
    err = only_error(workspace)
    assert (err.row, err.field) == (row, "value")
    assert "55.8 does not appear" in str(err)


def test_numbers_written_as_words_are_recognised(facts):
    figures = facts["figures"].set_index("figure_id")
    assert figures.loc["f_a004_cost_multiple", "value"] == 9  # "ninefold"
    assert figures.loc["f_a000_budget_share", "value"] == pytest.approx(1 / 3)  # "a third"


def test_an_unknown_source(workspace):
    row = workspace.edit("people", 1, source_id="a999")
    result = validate(workspace.facts())
    fk = [e for e in result.errors if e.field == "source_id"]
    assert [(e.row, "unknown source 'a999'" in str(e)) for e in fk] == [(row, True)]


def test_an_unknown_enumeration_value(workspace):
    row = workspace.edit("tariffs", 0, status="rumoured")
    err = only_error(workspace)
    assert (err.row, err.field) == (row, "status")
    assert "expected one of" in str(err)


def test_duplicate_ids(workspace):
    rows = workspace.rows("events")
    row = workspace.edit("events", 1, event_id=rows[0]["event_id"])
    result = validate(workspace.facts())
    assert any(e.row == row and e.field == "event_id" for e in result.errors)


def test_a_week_that_does_not_start_on_monday(workspace):
    rows = workspace.rows("events")
    index = next(i for i, r in enumerate(rows) if r["date_precision"] == "week")
    row = workspace.edit("events", index, date_start="2025-04-01", date_end="2025-04-07")
    result = validate(workspace.facts())
    assert any(e.row == row and e.field == "date_start" and "Monday" in str(e) for e in result.errors)


def test_a_relative_date_resolved_wrongly_is_caught(workspace):
    """a000 is dated Tuesday April 8, 2025: its 'last week' is March 31 - April 6, not April 7-13."""
    rows = workspace.rows("events")
    index = next(i for i, r in enumerate(rows) if r["event_id"] == "e_a000_yoon_removed")
    row = workspace.edit("events", index, date_start="2025-04-07", date_end="2025-04-13")
    err = only_error(workspace)
    assert (err.row, err.field) == (row, "date_start")
    assert "2025-03-31..2025-04-06" in str(err)


def test_a_changed_article_is_an_error(workspace):
    path = workspace.seeds / "003_1b93c9fea018d7f1.txt"
    path.write_bytes(path.read_bytes().replace(b"55.6", b"55.9"))
    result = validate(workspace.facts())
    assert [(e.field, "has changed" in str(e)) for e in result.errors] == [("sha256", True)]


def test_a_missing_article_is_an_error(workspace):
    (workspace.seeds / "000_a44d2b94a242b928.txt").unlink()
    result = validate(workspace.facts())
    assert [(e.row, e.field) for e in result.errors] == [(2, "file")]


def test_an_uncoded_number_lowers_coverage(workspace):
    rows = [r for r in workspace.rows("omissions") if r["mention"] != "300"]
    workspace.write_rows("omissions", rows)
    result = validate(workspace.facts())
    cov = {c.source_id: c for c in result.coverage}
    assert [m.text for m in cov["a001"].missing] == ["300"]
    assert cov["a001"].share < 1


def test_an_omission_that_names_no_mention_is_an_error(workspace):
    row = workspace.append("omissions", source_id="a000", mention="77", occurrence="1", reason="test")
    err = only_error(workspace)
    assert (err.row, err.field) == (row, "mention")


def test_the_surplus_disagreement_is_a_finding_not_an_error(facts):
    result = validate(facts)
    assert result.errors == []
    surplus = [f for f in result.findings if f.table == "trade_balance"]
    assert len(surplus) == 1
    values = sorted((s, v) for s, v, _ in surplus[0].values)
    assert values == [("a000", 55.7), ("a003", 55.6)]


def test_errors_collect_into_one_exception(workspace):
    workspace.edit("trade_balance", 0, value="55.8")
    workspace.edit("figures", 0, quote="not in the article")
    with pytest.raises(FactErrors) as info:
        validate(workspace.facts()).raise_errors()
    # the replaced quote also loses the row's number 10 and the words naming the budget: four problems at once
    assert "4 problem(s)" in str(info.value)
    assert "trade_balance.csv, row 2, field 'value'" in str(info.value)


def test_published_range_is_ordered(facts):
    src = facts.sources
    assert (src["published_earliest"] <= src["published"]).all()
    assert src.set_index("source_id").loc["a004", "published"].date() == dt.date(2025, 4, 23)


def test_an_unknown_source_on_a_row_with_a_relative_date(workspace):
    """Found by hypothesis: the relative-date check must not trip over an unknown source."""
    rows = workspace.rows("events")
    index = next(i for i, r in enumerate(rows) if r["date_basis"].startswith("'last week'"))
    row = workspace.edit("events", index, source_id="1a001")
    result = validate(workspace.facts())
    assert [(e.row, e.field) for e in result.errors] == [(row, "source_id")]


def test_a_number_in_digits_counts_as_coded_only_as_a_value(workspace):
    """'12 years' in a row's note is not enough: the row must hold 12 as a value."""
    rows = workspace.rows("figures")
    index = next(i for i, r in enumerate(rows) if r["figure_id"] == "f_a000_fta_years")
    assert "12" in rows[index]["note"]
    workspace.edit("figures", index, value="", unit="none")
    result = validate(workspace.facts())
    missing = {c.source_id: [m.text for m in c.missing] for c in result.coverage}
    assert missing["a000"] == ["12"]


def test_an_article_file_name_that_cannot_be_opened(workspace):
    """A NUL byte in a file name (found by hypothesis) is a FactError naming the row and field, not a crash."""
    rows = workspace.rows("sources")
    rows[0]["file"] = rows[0]["file"].replace("_", "_\x00", 1)
    workspace.write_rows("sources", rows)
    err = only_error(workspace)
    assert err.field == "file" and "cannot be read" in str(err), str(err)
