"""Each check of the validator fails on a bad row, and passes on the shipped data."""

from __future__ import annotations

import datetime as dt
import hashlib
import json

import pytest
from conftest import files_of, messages, run_make

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


def test_errors_collect_into_one_exception_whose_message_is_the_first_and_the_count(workspace):
    workspace.edit("trade_balance", 0, value="55.8")
    workspace.edit("figures", 0, quote="not in the article")
    with pytest.raises(FactErrors) as info:
        validate(workspace.facts()).raise_errors()
    # the replaced quote also loses the row's number 10 and the words naming the budget: four problems at once
    message = str(info.value)
    assert "\n" not in message
    assert "figures.csv, row 2, field 'quote': quote is not in article a000" in message.split(" (and ")[0]
    assert message.endswith(" (and 3 more problems: `make validate` lists them all)")
    assert any("trade_balance.csv, row 2, field 'value'" in str(e) for e in info.value.errors)


def test_a_duplicate_id_is_one_problem_naming_both_rows(workspace):
    rows = workspace.rows("figures")
    row = workspace.edit("figures", 1, figure_id=rows[0]["figure_id"])
    [err] = validate(workspace.facts()).errors
    assert (err.row, err.field) == (row, "figure_id")
    assert f"duplicate id {rows[0]['figure_id']!r} (also on row 2)" in err.detail


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
    assert err.field == "file" and "must be a plain file name" in str(err), str(err)


# ---------------------------------------------------------------- ids and article files are safe


PAYLOAD = "<img src=x onerror=alert(1)>"


@pytest.mark.parametrize(
    ("table", "column"), [("positions", "position_id"), ("events", "event_key"), ("people", "source_id")]
)
def test_an_id_or_key_with_other_than_letters_digits_underscore_and_hyphen_is_refused(workspace, table, column):
    row = workspace.edit(table, 0, **{column: "x" + PAYLOAD})
    errors = validate(workspace.facts()).errors
    assert [(e.file.endswith(f"{table}.csv"), e.row, e.field) for e in errors] == [(True, row, column)]
    assert "is not a safe id: use only letters, digits, '_' and '-'" in str(errors[0])


@pytest.mark.parametrize(
    "name", ["../../../../etc/passwd", "/etc/hostname", "sub/000.txt", "..", ".hidden.txt", "a\\b.txt"]
)
def test_an_article_file_that_is_no_plain_name_in_seeds_is_refused_and_never_opened(workspace, name):
    row = workspace.edit("sources", 0, file=name)
    [err] = validate(workspace.facts()).errors
    assert (err.row, err.field) == (row, "file") and "plain file name" in err.detail, str(err)


def test_an_article_that_leads_out_of_seeds_is_refused_even_with_its_checksum(workspace, tmp_path):
    """A link in seeds/ to a file elsewhere, registered with that file's own SHA-256: still not read."""
    outside = tmp_path / "outside.txt"
    outside.write_bytes((workspace.seeds / "000_a44d2b94a242b928.txt").read_bytes())
    (workspace.seeds / "000_a44d2b94a242b928.txt").unlink()
    (workspace.seeds / "000_a44d2b94a242b928.txt").symlink_to(outside)
    [err] = validate(workspace.facts()).errors
    assert (err.row, err.field) == (2, "file") and "leads out of" in err.detail, str(err)


# ---------------------------------------------------------------- a schema edit is all a new value or table needs


def edit_package(ws, change) -> None:
    path = ws.data / "datapackage.json"
    package = json.loads(path.read_text(encoding="utf-8"))
    change(package)
    path.write_text(json.dumps(package), encoding="utf-8")


def test_a_new_enumeration_value_is_a_schema_edit(workspace):
    row = workspace.edit("tariffs", 0, status="rumoured")
    assert [(e.row, e.field) for e in validate(workspace.facts()).errors] == [(row, "status")]

    def add_value(package):
        res = next(r for r in package["resources"] if r["name"] == "tariffs")
        next(f for f in res["schema"]["fields"] if f["name"] == "status")["constraints"]["enum"].append("rumoured")

    edit_package(workspace, add_value)
    assert validate(workspace.facts()).errors == []


def test_a_new_table_is_a_schema_edit_and_gets_every_generic_check(workspace, facts):
    """A resource added to datapackage.json is read and checked like the others: ids, references, quotes."""

    def add_table(package):
        package["resources"].append(
            {
                "name": "notes",
                "path": "notes.csv",
                "schema": {
                    "primaryKey": ["note_id"],
                    "foreignKeys": [
                        {"fields": "source_id", "reference": {"resource": "sources", "fields": "source_id"}}
                    ],
                    "fields": [
                        {"name": "note_id", "type": "string", "constraints": {"required": True, "unique": True}},
                        {"name": "source_id", "type": "string", "constraints": {"required": True}},
                        {"name": "quote", "type": "string", "constraints": {"required": True}},
                    ],
                },
            }
        )

    edit_package(workspace, add_table)
    quote = facts["figures"]["quote"].iloc[0]
    rows = [("j1", "a000", quote), ("j1", "a000", quote), ("j<2>", "a999", "Nowhere in any article, this one.")]
    (workspace.data / "notes.csv").write_text(
        "note_id,source_id,quote\n" + "".join(f'{i},{s},"{q}"\n' for i, s, q in rows), encoding="utf-8"
    )
    errors = [(e.row, e.field) for e in validate(workspace.facts()).errors]
    assert errors == [(3, "note_id"), (4, "note_id"), (4, "source_id")]


# ---------------------------------------------------------------- numbers as articles print them


def test_a_fraction_in_words_is_the_number_it_is(workspace):
    """'dropped by about a quarter' holds 0.25: a new article says so, and a figure codes it."""
    text = "Exports of cars to the US dropped by about a quarter from a year earlier, customs data showed.\n"
    (workspace.seeds / "900_fraction.txt").write_text(text, encoding="utf-8")
    first = workspace.rows("sources")[0]
    workspace.append(
        "sources", **{**first, "source_id": "a900", "file": "900_fraction.txt",
                      "sha256": hashlib.sha256(text.encode()).hexdigest(), "headline": ""},
    )  # fmt: skip
    template = workspace.rows("figures")[0]
    workspace.append(
        "figures", **{**template, "figure_id": "f_a900_car_exports", "source_id": "a900", "subject": "car exports",
                      "measure": "fall from a year earlier", "value": "0.25", "unit": "share", "currency": "",
                      "year_start": "", "year_end": "", "date_basis": "", "attribution": "official_data",
                      "attributed_to": "customs data", "certainty": "stated", "quote": text.strip()},
    )  # fmt: skip
    assert validate(workspace.facts()).errors == []


# ---------------------------------------------------------------- through make, the way users run it


@pytest.fixture(scope="module")
def checkout(tmp_path_factory):
    from test_make import make_checkout

    return make_checkout(tmp_path_factory.mktemp("validate") / "checkout")


def spreadsheet_bom(c):
    path = c / "data" / "people.csv"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    return "error: data/people.csv, row 1: starts with a byte-order mark"


def spreadsheet_semicolons(c):
    path = c / "data" / "omissions.csv"
    path.write_bytes(path.read_bytes().replace(b",", b";"))
    return "error: data/omissions.csv, row 1: columns are separated by semicolons, not commas"


def spreadsheet_cp1252(c):
    path = c / "data" / "positions.csv"
    text = path.read_text(encoding="utf-8")
    path.write_bytes(text.encode("cp1252", errors="replace"))
    line, char = next((n, ch) for n, row in enumerate(text.splitlines(), start=1) for ch in row if ord(ch) > 127)
    byte = char.encode("cp1252")[0]
    return f"error: data/positions.csv, row {line}: not UTF-8 text (byte 0x{byte:02x}); it reads as '{char}' in Windows-1252"


def empty_header_cell(c):
    path = c / "data" / "figures.csv"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("\n", ",\n"), encoding="utf-8")
    return (
        f"error: data/figures.csv, row 1: column {len(text.splitlines()[0].split(',')) + 1} of the header has no name"
    )


def unsafe_id(c):
    path = c / "data" / "positions.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("pos_a000_", f"pos_{PAYLOAD}_", 1), encoding="utf-8")
    return f"error: data/positions.csv, row 2, field 'position_id': 'pos_{PAYLOAD}_"


def article_path_out_of_seeds(c):
    path = c / "data" / "sources.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("000_a44d2b94a242b928.txt", "../../../../etc/passwd"))
    return "error: data/sources.csv, row 2, field 'file': article file name '../../../../etc/passwd' must be a plain"


BAD_TABLES = [spreadsheet_bom, spreadsheet_semicolons, spreadsheet_cp1252, empty_header_cell, unsafe_id,
              article_path_out_of_seeds]  # fmt: skip


@pytest.mark.parametrize("breakage", BAD_TABLES, ids=[f.__name__ for f in BAD_TABLES])
def test_make_validate_names_a_bad_table_in_one_line_and_changes_nothing(checkout, breakage):
    data = {p: p.read_bytes() for p in (checkout / "data").iterdir()}
    try:
        expected = breakage(checkout)
        before = files_of(checkout)
        run = run_make(checkout, "validate")
        assert files_of(checkout) == before
    finally:
        for path, content in data.items():
            path.write_bytes(content)
    assert run.returncode == 2, run.stdout + run.stderr
    assert len(messages(run.stderr)) == 1 and messages(run.stderr)[0].startswith(expected), run.stderr
    assert "Traceback" not in run.stderr


def test_make_validate_prints_the_first_problem_and_the_count_then_each_problem_once(checkout):
    path = checkout / "data" / "figures.csv"
    good = path.read_bytes()
    rows = good.decode("utf-8").split("\n")
    first_id, second_id = rows[1].split(",")[0], rows[2].split(",")[0]
    rows[2] = rows[2].replace(second_id, first_id, 1)  # one duplicate id
    rows[3] = rows[3].replace(",scheduled,", ",planned,", 1)  # a certainty the schema does not list
    path.write_text("\n".join(rows), encoding="utf-8")
    try:
        run = run_make(checkout, "validate")
    finally:
        path.write_bytes(good)
    assert run.returncode == 2
    assert messages(run.stderr) == [
        f"error: data/figures.csv, row 3, field 'figure_id': duplicate id {first_id!r} (also on row 2); figure_id "
        "must be unique (and 1 more problem:)",
        "  data/figures.csv, row 4, field 'certainty': expected one of stated, reported, expected, scheduled, "
        "willing, floated, possible, advised, suggested; got 'planned'",
    ], run.stderr
