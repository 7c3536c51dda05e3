"""The schema describes every table and column, and asks only for what the schema engine enforces."""

import copy
import csv
import json
import re

import pytest
from conftest import ROOT

from tarifftalks.errors import FactError
from tarifftalks.facts.schema import descriptor_problems, names_rows, read_package


def package() -> dict:
    return json.loads((ROOT / "data" / "datapackage.json").read_text(encoding="utf-8"))


def test_every_csv_is_a_described_resource():
    described = {r["path"] for r in package()["resources"]}
    assert described == {p.name for p in (ROOT / "data").glob("*.csv")}


def test_every_column_has_a_description_and_matches_the_header():
    for res in package()["resources"]:
        with open(ROOT / "data" / res["path"], newline="", encoding="utf-8") as fh:
            header = next(csv.reader(fh))
        assert header == [f["name"] for f in res["schema"]["fields"]], res["name"]
        assert all(f.get("description") for f in res["schema"]["fields"]), res["name"]


def test_the_engine_enforces_every_rule_of_the_descriptor():
    assert descriptor_problems(package()) == []


def test_columns_that_name_rows_say_in_the_schema_too_that_they_are_safe_ids():
    """The engine refuses unsafe ids whatever the schema says; the published schema says so to its readers."""
    for res in package()["resources"]:
        for f in res["schema"]["fields"]:
            if names_rows(res, f["name"]):
                pattern = f["constraints"]["pattern"]
                assert re.fullmatch(pattern, "a1"), (res["name"], f["name"])
                assert not any(re.fullmatch(pattern, bad) for bad in ("a<b", "a b", "a/b", 'a"b', "")), f["name"]


def edited(change) -> dict:
    pkg = copy.deepcopy(package())
    change(next(r for r in pkg["resources"] if r["name"] == "tariffs"))
    return pkg


def field(res: dict, name: str) -> dict:
    return next(f for f in res["schema"]["fields"] if f["name"] == name)


UNENFORCED = {
    "a type it does not know": lambda r: field(r, "announced").update(type="datetime"),
    "a constraint it does not know": lambda r: field(r, "status")["constraints"].update(maxLength=5),
    "a CSV dialect": lambda r: r.update(dialect={"delimiter": ";"}),
    "another encoding": lambda r: r.update(encoding="cp1252"),
    "a path out of data/": lambda r: r.update(path="../tariffs.csv"),
    "a default its column refuses": lambda r: field(r, "status").update(default="rumoured"),
    "an empty default on a required column": lambda r: field(r, "status").update(default=""),
    "an annotation naming no field": lambda r: field(r, "announced").update({"x-precision": "nothing"}),
    "a foreign key to no table": lambda r: r["schema"]["foreignKeys"][0]["reference"].update(resource="nothing"),
}


@pytest.mark.parametrize("change", UNENFORCED.values(), ids=UNENFORCED.keys())
def test_a_descriptor_asking_for_what_the_engine_does_not_enforce_is_refused(workspace, change):
    path = workspace.data / "datapackage.json"
    path.write_text(json.dumps(edited(change)), encoding="utf-8")
    with pytest.raises(FactError) as info:
        read_package(workspace.data)
    assert info.value.file.endswith("datapackage.json") and info.value.field.startswith("tariffs"), str(info.value)
