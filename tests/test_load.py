"""Malformed tables stop loading with a message naming file, row and field."""

from __future__ import annotations

import pytest

from tarifftalks.errors import FactError


def load_error(ws) -> FactError:
    with pytest.raises(FactError) as info:
        ws.facts()
    return info.value


def test_the_shipped_tables_load(facts):
    assert set(facts.tables) >= {"sources", "trade_balance", "tariffs", "events", "people", "positions", "figures"}
    assert facts["trade_balance"]["value"].dtype == "float64"
    assert str(facts["events"]["date_start"].dtype).startswith("datetime64")


def test_a_stray_quote_is_reported_with_its_line(workspace):
    path = workspace.data / "figures.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[3] = lines[3].replace(",", ',"', 1)
    path.write_text("".join(lines), encoding="utf-8")
    err = load_error(workspace)
    assert err.file.endswith("figures.csv")
    assert err.row is not None and err.row >= 4


def test_a_wrong_field_count_names_the_row(workspace):
    path = workspace.data / "trade_balance.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[2] = lines[2].rstrip("\n") + ",extra\n"
    path.write_text("".join(lines), encoding="utf-8")
    err = load_error(workspace)
    assert (err.file.endswith("trade_balance.csv"), err.row) == (True, 3)
    fields = len(lines[0].split(","))
    assert f"expected {fields} fields, found {fields + 1}" in str(err)


def test_a_file_that_is_not_utf8_is_rejected(workspace):
    path = workspace.data / "people.csv"
    path.write_bytes(path.read_bytes().replace(b"Ahn", "Ahn\xe9".encode("latin-1"), 1))
    err = load_error(workspace)
    assert "not UTF-8" in str(err) and err.row is not None


def test_an_empty_file_is_rejected(workspace):
    (workspace.data / "events.csv").write_text("", encoding="utf-8")
    err = load_error(workspace)
    assert "empty" in str(err) and err.file.endswith("events.csv")


def test_a_renamed_column_names_the_missing_field(workspace):
    path = workspace.data / "tariffs.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("rate_pct", "rate", 1), encoding="utf-8")
    err = load_error(workspace)
    assert (err.row, err.field) == (1, "rate_pct")


def test_a_value_of_the_wrong_type(workspace):
    row = workspace.edit("trade_balance", 0, value="fifty-five")
    err = load_error(workspace)
    assert (err.row, err.field) == (row, "value")
    assert "expected a number" in str(err)


@pytest.mark.parametrize("bad", ["2025-02-30", "2025-13-01", "April 8", "2025-4-8"])
def test_an_impossible_or_non_iso_date(workspace, bad):
    row = workspace.edit("events", 3, date_start=bad)
    err = load_error(workspace)
    assert (err.row, err.field) == (row, "date_start")
    assert "date" in err.detail


def test_a_required_value_left_empty(workspace):
    row = workspace.edit("people", 2, name="")
    err = load_error(workspace)
    assert (err.row, err.field, err.detail) == (row, "name", "value is required")


def test_a_boolean_must_be_true_or_false(workspace):
    row = workspace.edit("positions", 0, security_linked="maybe")
    err = load_error(workspace)
    assert (err.row, err.field) == (row, "security_linked")
