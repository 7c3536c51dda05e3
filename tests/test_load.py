"""Malformed tables stop loading with a message naming file, row and field."""

from __future__ import annotations

import json

import pytest

from tarifftalks.errors import FactError, FactErrors


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


# ---------------------------------------------------------------- what spreadsheets save


def rewrite(path, change) -> None:
    path.write_bytes(change(path.read_bytes()))


SPREADSHEET_SAVES = {
    "byte-order mark": (lambda raw: b"\xef\xbb\xbf" + raw, "starts with a byte-order mark"),
    "semicolons": (lambda raw: raw.replace(b",", b";"), "columns are separated by semicolons"),
    "Windows-1252": (lambda raw: raw.decode("utf-8").encode("cp1252", errors="replace"), "Windows-1252"),
}


@pytest.mark.parametrize("save", SPREADSHEET_SAVES.values(), ids=SPREADSHEET_SAVES.keys())
def test_a_table_saved_by_a_spreadsheet_is_named_as_such_with_how_to_save_it(workspace, save):
    change, says = save
    rewrite(workspace.data / "positions.csv", change)
    err = load_error(workspace)
    assert err.file.endswith("positions.csv") and err.row is not None
    assert says in err.detail and "save it as CSV in UTF-8, comma-separated" in err.detail, str(err)


def test_crlf_line_ends_read_like_lf(workspace, facts):
    rewrite(workspace.data / "positions.csv", lambda raw: raw.replace(b"\n", b"\r\n"))
    assert workspace.facts()["positions"].equals(facts["positions"])


HEADERS = {
    "an empty header cell": (lambda h: h + ",", "of the header has no name", None),
    "an extra column": (lambda h: h + ",comment", "unknown column", "comment"),
    "a column twice": (lambda h: h + ",quote", "column appears twice", "quote"),
    "columns out of order": (lambda h: h.replace("actor,addressed_to", "addressed_to,actor"), "out of order", None),
}


@pytest.mark.parametrize("case", HEADERS.values(), ids=HEADERS.keys())
def test_a_header_that_is_not_the_schema_s_is_one_clear_error(workspace, case):
    change, says, field = case
    path = workspace.data / "positions.csv"
    header, rest = path.read_text(encoding="utf-8").split("\n", 1)
    path.write_text(change(header) + "\n" + rest, encoding="utf-8")
    err = load_error(workspace)
    assert (err.row, err.field) == (1, field) and says in err.detail, str(err)


# ---------------------------------------------------------------- a table of a previous schema


def give_default(ws, table: str, column: str, default: str) -> None:
    path = ws.data / "datapackage.json"
    package = json.loads(path.read_text(encoding="utf-8"))
    res = next(r for r in package["resources"] if r["name"] == table)
    next(f for f in res["schema"]["fields"] if f["name"] == column)["default"] = default
    path.write_text(json.dumps(package), encoding="utf-8")


def drop_column(ws, table: str, column: str) -> None:
    rows = ws.rows(table)
    ws.write_rows(table, [{k: v for k, v in r.items() if k != column} for r in rows])


def test_a_column_missing_with_a_default_is_filled_and_noted_once(workspace, facts, capsys):
    give_default(workspace, "people", "talks_role", "other")
    drop_column(workspace, "people", "talks_role")
    first, second = workspace.facts(), workspace.facts()
    assert set(first["people"]["talks_role"]) == {"other"}
    assert first["people"].drop(columns="talks_role").equals(facts["people"].drop(columns="talks_role"))
    assert second.filled == {"people": ["talks_role"]}
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "people.csv lacks talks_role" in err and "`make migrate`" in err, err


def test_a_column_missing_without_a_default_is_an_error_naming_file_and_column(workspace):
    drop_column(workspace, "people", "talks_role")
    err = load_error(workspace)
    assert err.file.endswith("people.csv") and (err.row, err.field) == (1, "talks_role")


def test_every_table_s_problems_are_raised_together(workspace):
    workspace.edit("people", 2, name="")
    workspace.edit("positions", 0, security_linked="maybe")
    with pytest.raises(FactErrors) as info:
        workspace.facts()
    assert [e.field for e in info.value.errors] == ["name", "security_linked"]
