"""The schema describes every table and column, and is a valid Frictionless data package."""

import csv
import json

from conftest import ROOT


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


def test_frictionless_accepts_the_descriptor_and_data():
    from frictionless import Package

    report = Package(str(ROOT / "data" / "datapackage.json")).validate()
    errors = [e.message for task in report.tasks for e in task.errors][:5]
    assert report.valid, errors
