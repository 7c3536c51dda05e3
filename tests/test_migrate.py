"""`make migrate` brings tables of a previous schema up to date: new columns with their defaults, in the
schema's order, every other byte kept; a second run changes nothing; a column without a default stops it."""

from __future__ import annotations

import csv
import io
import json

import pytest
from conftest import files_of, messages, run_make

from tarifftalks.facts.migrate import migrate, split_cells, split_records


def test_records_and_cells_are_split_as_written():
    text = 'a,b\r\n1,"two\r\nlines, and a comma"\r\n"3 ""quoted""",4'
    records = split_records(text)
    assert records == ["a,b\r\n", '1,"two\r\nlines, and a comma"\r\n', '"3 ""quoted""",4']
    assert split_cells(records[1]) == (["1", '"two\r\nlines, and a comma"'], "\r\n")
    assert [next(csv.reader(io.StringIO(r, newline=""))) for r in records] == [
        ["a", "b"], ["1", "two\r\nlines, and a comma"], ['3 "quoted"', "4"]
    ]  # fmt: skip


def edit_package(data, change) -> None:
    path = data / "datapackage.json"
    package = json.loads(path.read_text(encoding="utf-8"))
    change(package)
    path.write_text(json.dumps(package, indent=2), encoding="utf-8")


def new_schema(data) -> None:
    """The schema of a later version: events gain `arena` (default empty) after `participants`, figures
    gain `per_unit` (default none) at the end."""
    edit_package(data, add_columns)


def add_columns(package: dict) -> None:
    resources = {r["name"]: r for r in package["resources"]}
    events = resources["events"]["schema"]["fields"]
    at = [f["name"] for f in events].index("participants") + 1
    events.insert(at, {"name": "arena", "type": "string", "description": "Sides.", "default": ""})
    per = {"name": "per_unit", "type": "string", "description": "Period.", "default": "none",
           "constraints": {"required": True, "enum": ["none", "year"]}}  # fmt: skip
    resources["figures"]["schema"]["fields"].append(per)


def add_table(package: dict) -> None:
    judgement = {"name": "assessment_id", "type": "string", "description": "Row id.", "constraints": {"required": True}}
    package["resources"].append({"name": "assessments", "path": "assessments.csv", "schema": {"fields": [judgement]}})


def test_a_table_in_crlf_with_quoted_line_breaks_keeps_every_other_byte(workspace):
    path = workspace.data / "figures.csv"
    original = path.read_bytes().replace(b"\n", b"\r\n").replace(b"Extra budget plan", b"Extra\nbudget plan", 1)
    path.write_bytes(original)
    new_schema(workspace.data)
    migrate(workspace.data)
    lines, before = path.read_bytes().split(b"\r\n"), original.split(b"\r\n")
    assert lines[0] == before[0] + b",per_unit"
    assert lines[1:-1] == [line + b",none" for line in before[1:-1]] and lines[-1] == before[-1] == b""


@pytest.fixture(scope="module")
def checkout(tmp_path_factory):
    from test_make import make_checkout

    return make_checkout(tmp_path_factory.mktemp("migrate") / "checkout")


def cells(path) -> list[list[str]]:
    with open(path, newline="", encoding="utf-8") as fh:
        return list(csv.reader(fh))


def test_make_migrate_brings_old_tables_up_to_date_once(checkout):
    data = checkout / "data"
    events, figures = cells(data / "events.csv"), cells(data / "figures.csv")
    new_schema(data)

    # read as they are: the defaults filled, one note
    run = run_make(checkout, "validate")
    assert run.returncode == 0, run.stderr
    assert messages(run.stderr) == [
        "note: tables of a previous schema, read with the new columns' defaults (data/events.csv lacks arena; "
        "data/figures.csv lacks per_unit): `make migrate` brings them up to date"
    ]

    # a table new in the schema is missing until migrated
    edit_package(data, add_table)
    run = run_make(checkout, "validate")
    assert run.returncode == 2 and messages(run.stderr)[-1] == (
        "error: data/assessments.csv: file is missing (a table new in the schema is created by `make migrate`)"
    ), run.stderr

    before = files_of(checkout)
    run = run_make(checkout, "migrate")
    assert run.returncode == 0, run.stderr
    assert run.stdout.splitlines()[1:] == [
        "migrate: data/events.csv: added arena (default '')",
        "migrate: data/figures.csv: added per_unit (default 'none')",
        "migrate: data/assessments.csv: created with its header (a table new in the schema)",
        "migrate: 3 table(s) changed",
    ]
    after = files_of(checkout)
    changed = {name for name in before.keys() | after.keys() if before.get(name) != after.get(name)}
    assert changed == {"data/events.csv", "data/figures.csv", "data/assessments.csv"}
    at = events[0].index("participants") + 1
    assert cells(data / "events.csv") == [[*events[0][:at], "arena", *events[0][at:]]] + [
        [*r[:at], "", *r[at:]] for r in events[1:]
    ]
    assert cells(data / "figures.csv") == [[*figures[0], "per_unit"]] + [[*r, "none"] for r in figures[1:]]
    assert (data / "assessments.csv").read_text(encoding="utf-8") == "assessment_id\n"

    again = run_make(checkout, "migrate")
    assert again.returncode == 0 and again.stdout.splitlines()[1:] == [
        "migrate: every table is up to date; nothing changed"
    ]
    assert files_of(checkout) == after
    run = run_make(checkout, "validate")
    assert run.returncode == 0 and run.stderr == "", run.stderr


def test_make_migrate_stops_on_a_column_without_a_default_and_writes_nothing(checkout):
    path = checkout / "data" / "events.csv"
    rows = cells(path)
    at = rows[0].index("location")
    with open(path, "w", newline="", encoding="utf-8") as fh:
        csv.writer(fh, lineterminator="\n").writerows(r[:at] + r[at + 1 :] for r in rows)
    before = files_of(checkout)
    run = run_make(checkout, "migrate")
    assert run.returncode == 2
    assert messages(run.stderr) == [
        "error: data/events.csv, row 1, field 'location': column is missing (header has: "
        + ", ".join(rows[0][:at] + rows[0][at + 1 :])
        + ")"
    ]
    assert files_of(checkout) == before
