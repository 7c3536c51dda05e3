"""Draft rows for a new article: each construction of the reviewed test articles in
tests/fixtures/candidates/, the sources row of an article not registered yet, rows repeating a fact
already coded, drafts that validate once accepted, and a floor on the measured quality."""

from __future__ import annotations

import csv
import hashlib
import subprocess

import pytest
from conftest import ROOT

from tarifftalks.draft.candidates import draft_article
from tarifftalks.draft.score import score_fixtures, score_seeds
from tarifftalks.facts.text import find_number_mentions, normalize_ws

FIXTURES = ROOT / "tests" / "fixtures" / "candidates"
DEAL = FIXTURES / "t_0731_deal.txt"  # dateline July 31 without a year; not in sources.csv
PAUSE = FIXTURES / "t_0804_pause.txt"  # 'Posted :' line, byline, copyright credit
DEADLINE = FIXTURES / "t_1229_deadline.txt"  # date line December 29, 2025; a deadline in the next year


@pytest.fixture(scope="module")
def drafted(facts):
    """The drafts of each test article, against the shipped tables (none of them is registered)."""
    return {a.name: draft_article(facts, a) for a in (DEAL, PAUSE, DEADLINE)}


def rows(result, table: str) -> list[dict]:
    return [d.row | {"same_as": d.same_as, "guessed": d.guessed} for d in result.drafts if d.table == table]


def one(result, table: str, **match) -> dict:
    found = [r for r in rows(result, table) if all(str(r.get(k)) == str(v) for k, v in match.items())]
    assert len(found) == 1, f"{table} rows matching {match}: {found}"
    return found[0]


# ---------------------------------------------------------------- the sources row


def test_an_unregistered_article_gets_its_sources_row_drafted(drafted):
    deal = drafted[DEAL.name].source.row
    assert deal["sha256"] == hashlib.sha256(DEAL.read_bytes()).hexdigest()
    assert deal["source_id"] == "a005"  # the next id after a000 ... a004
    assert (deal["published"], deal["outlet"], deal["headline"]) == (
        "2025-07-31", "Test Wire", "Korea and US announce trade deal",
    )  # fmt: skip
    assert "dateline 'July 31' without a year" in deal["date_basis"]
    assert "published" in drafted[DEAL.name].source.guessed  # the year was inferred, not printed
    pause = drafted[PAUSE.name].source
    assert (pause.row["published"], pause.row["outlet"], pause.row["byline"]) == (
        "2025-08-04", "Test Press (TP)", "Yoon Ha-eun",
    )  # fmt: skip
    assert "Copyright" in pause.row["outlet_basis"] and "published" not in pause.guessed
    deadline = drafted[DEADLINE.name].source.row
    assert (deadline["published"], deadline["outlet"], deadline["byline"]) == (
        "2025-12-29", "Test Wire", "Test Wire, SEOUL",
    )  # fmt: skip


def test_the_news_day_gives_the_date_of_an_article_that_prints_none(facts, workspace):
    """a000 prints no date; the reviewer took the day of "said on Tuesday (Apr 8)"."""
    from tarifftalks.draft.score import without_article

    result = draft_article(without_article(facts, "a000"), ROOT / "seeds" / "000_a44d2b94a242b928.txt")
    assert result.source.row["published"] == "2025-04-08"
    assert "on Tuesday (Apr 8)" in result.source.row["date_basis"]


def test_page_furniture_is_drafted_as_omissions(drafted):
    omitted = {(r["mention"], r["occurrence"]) for r in rows(drafted[PAUSE.name], "omissions")}
    assert omitted == {("August 4, 2025", 1), ("09", 1), ("15", 1), ("August 4", 1)}


def test_make_candidates_runs_on_an_unregistered_article_and_writes_the_sources_draft(tmp_path):
    out = ROOT / "build" / "candidates" / DEAL.stem
    done = subprocess.run(
        ["make", "-s", "candidates", f"FILE={DEAL}"], cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr
    assert "not in sources.csv: its row is drafted as a005, dated 2025-07-31" in done.stdout
    with open(out / "draft_sources.csv", newline="", encoding="utf-8") as fh:
        (source,) = list(csv.DictReader(fh))
    assert source["sha256"] == hashlib.sha256(DEAL.read_bytes()).hexdigest()
    with open(out / "draft_tariffs.csv", newline="", encoding="utf-8") as fh:
        tariffs = list(csv.DictReader(fh))
    assert {"same_as", "guessed"} <= set(tariffs[0]) and any(t["same_as"] == "t_a002_kr_steel" for t in tariffs)


# ---------------------------------------------------------------- fields from the words


def test_sector_words_and_both_metals_give_one_row_each(drafted):
    deal = drafted[DEAL.name]
    assert {r["sector"] for r in rows(deal, "tariffs")} == {"autos", "steel", "aluminium", "all goods"}
    steel = one(deal, "tariffs", sector="steel")
    aluminium = one(deal, "tariffs", sector="aluminium")
    assert (
        steel["quote"]
        == aluminium["quote"]
        == "Korean steel and aluminium remain subject to a 25 percent tariff, the ministry said."
    )
    assert {r["sector"] for r in rows(drafted[PAUSE.name], "tariffs")} == {"steel", "aluminium"}  # "aluminum"


def test_status_and_kind_come_from_the_verbs(drafted):
    deal, pause, deadline = (drafted[a.name] for a in (DEAL, PAUSE, DEADLINE))
    assert one(deal, "tariffs", sector="steel")["status"] == "in_effect"  # remain subject to
    assert one(deal, "tariffs", sector="autos", rate_pct="15")["status"] == "announced"  # would fall to 15 percent
    assert one(deal, "tariffs", sector="autos", rate_pct="25")["status"] == "in_effect"  # ... from 25 percent
    threatened = one(deal, "tariffs", sector="all goods")
    assert (threatened["status"], threatened["kind"], threatened["rate_pct"]) == ("announced", "reciprocal", "25")
    assert one(pause, "tariffs", sector="steel")["status"] == "paused"
    assert one(pause, "tariffs", sector="steel")["pause_days"] == "90"
    assert one(deadline, "tariffs", applies_to="Japan")["status"] == "announced"  # threatened to raise
    assert one(deadline, "tariffs", applies_to="South Korea")["status"] == "in_effect"  # remain at


def test_a_sentence_about_the_rate_on_a_sector_lands_in_tariffs_not_figures(drafted):
    deal = drafted[DEAL.name]
    quote = "Under the deal, the rate on Korean vehicles would fall to 15 percent from 25 percent."
    assert [r for r in rows(deal, "figures") if r["quote"] == quote] == []
    row = one(deal, "tariffs", rate_pct="15")
    assert (row["quote"], row["applies_to"], row["imposed_by"]) == (quote, "South Korea", "United States")
    assert "imposed_by" in row["guessed"]  # the sentence does not name the US: marked as guessed


def test_country_and_direction(drafted):
    deadline = drafted[DEADLINE.name]
    assert one(deadline, "tariffs", applies_to="Japan")["imposed_by"] == "United States"
    change = one(deadline, "trade_balance", measure="change_pct")
    assert (change["reporter"], change["partner"], change["year"], change["compared_to_year"]) == (
        "South Korea", "United States", "2025", "2024",
    )  # fmt: skip


def test_a_date_without_a_year_is_the_nearest_and_a_deadline_the_next(drafted):
    deal, deadline = drafted[DEAL.name], drafted[DEADLINE.name]
    ratify = one(deal, "events", event_type="deadline")
    assert (ratify["date_start"], ratify["status"]) == ("2026-03-01", "scheduled")  # March 1 after July 31
    assert {"date_start", "date_end"} <= ratify["guessed"]
    assert one(deal, "tariffs", sector="all goods")["effective"] == "2025-08-01"  # not 2024
    assert one(deal, "events", event_type="election")["date_start"] == "2025-06-03"  # nearest, before
    assert one(deadline, "events", event_type="deadline")["date_start"] == "2026-01-15"  # into the next year
    assert one(deadline, "events", event_type="meeting")["date_start"] == "2025-12-03"


def test_number_words_with_a_fraction(drafted):
    assert [(m.text, m.value) for m in find_number_mentions("over two and a half years")] == [("two and a half", 2.5)]
    figure = one(drafted[DEAL.name], "figures", unit="years")
    assert figure["value"] == "2.5"


def test_a_role_is_the_title_printed_with_the_name_and_nothing_else(drafted):
    # the sentence before ends "in Washington today.": none of it belongs to the role
    han = one(drafted[DEAL.name], "people", name="Han Seo-yeon")
    assert (han["role"], han["side"], han["talks_role"]) == ("Trade Minister", "South Korea", "negotiator")
    kim = one(drafted[DEADLINE.name], "people", name="Kim Min-jae")
    assert (kim["role"], kim["organisation"], kim["side"]) == ("Trade policy expert", "Test Institute", "other")


def test_drafts_repeating_a_coded_fact_name_that_row(drafted):
    deal = drafted[DEAL.name]
    assert one(deal, "trade_balance", value="55.6")["same_as"] == "tb_a003_2024"  # same figure, another article
    assert one(deal, "events", event_type="election")["same_as"] == "e_a004_election"  # same event
    assert one(deal, "tariffs", sector="aluminium")["same_as"] == "t_a002_kr_aluminium"
    assert one(deal, "tariffs", sector="autos", rate_pct="15")["same_as"] == ""  # a new rate: no match


def test_every_draft_quotes_its_article(drafted):
    for name, result in drafted.items():
        text = normalize_ws((FIXTURES / name).read_text(encoding="utf-8"))
        quoted = [d.row["quote"] for d in result.drafts if "quote" in d.row]
        assert quoted and all(q in text for q in quoted), name


# ---------------------------------------------------------------- accepted drafts validate


def test_accepted_drafts_validate_and_cover_the_article(workspace):
    """What a reviewer does: register the drafted source, accept every draft, fill in the prose fields."""
    from tarifftalks.facts.validate import validate

    (workspace.seeds / DEAL.name).write_bytes(DEAL.read_bytes())
    result = draft_article(workspace.facts(), workspace.seeds / DEAL.name)
    workspace.append("sources", **result.source.row)
    prose = {"description": "d", "subject": "s", "measure": "m", "note": "n"}
    for d in result.drafts:
        columns = workspace.rows(d.table)[0]
        prose["measure"] = d.row.get("quote", "m")  # named in the quote's words, as the validator asks
        workspace.append(d.table, **({k: v for k, v in prose.items() if k in columns} | d.row))
    report = validate(workspace.facts())
    assert report.errors == []
    (coverage,) = [c for c in report.coverage if c.source_id == "a005"]
    assert coverage.missing == [], [m.text for m in coverage.missing]


# ---------------------------------------------------------------- the measured quality


def test_drafts_on_the_reviewed_test_articles_reach_the_floor(facts):
    """The twelve tuning articles (measured: 97.7% right of drafted, 93.9% filled, hedges 98.2% right, the date
    of 11 of 12 found)."""
    per_article, total = score_fixtures(facts, FIXTURES)
    hedges = total.of(lambda table, name: name in ("attribution", "certainty"))
    assert total.precision >= 0.97 and total.filled >= 0.92, (total.precision, total.filled, total.misses)
    assert hedges.precision >= 0.96, hedges.precision
    assert sum(1 for s in per_article.values() if s.counts[("sources", "published", "right")]) >= 11


def test_drafts_of_the_shipped_articles_reach_the_floor(facts):
    """Each shipped article drafted as if new, against the rows coded for it, positions and hedges included
    (measured: 88.5% / 78.4%, positions 81.7% / 70.0%; 84.6% / 62.9% and positions 78.0% / 47.3% after round 1)."""
    _, total = score_seeds(facts)
    positions = total.of(lambda table, name: table == "positions")
    # 0.87 / 0.76 / 0.65 before the report's issue 19 recoded the shipped positions (kinds signal and advice,
    # actor commentary, statements without their speaker); 0.851 / 0.751 before the cold check five.md recoded
    # them again (0.847 / 0.749: one statement per agenda topic, headline prominence, the US demand's 'both agreed'
    # no longer a Korean row): the drafter is to learn the new convention
    assert total.precision >= 0.84 and total.filled >= 0.74, (total.precision, total.filled)
    assert positions.filled >= 0.60, positions.filled


def test_drafts_of_the_growth_corpus_reach_the_floor(facts):
    """The eight growth articles of another reviewer (measured: 90.1% / 76.1%, hedges 95.3%; 83.4% / 62.7% and
    hedges 88.3% after round 1; 80.3% / 60.3% and hedges 79.6% before any tuning on them)."""
    _, total = score_fixtures(facts, ROOT / "tests" / "fixtures" / "growth")
    hedges = total.of(lambda table, name: name in ("attribution", "certainty"))
    assert total.precision >= 0.88 and total.filled >= 0.74 and hedges.precision >= 0.93, (
        total.precision, total.filled, hedges.precision,
    )  # fmt: skip


# ---------------------------------------------------------------- bad input and outputs


def run_cli(*args: str):
    from tarifftalks.cli import main

    return main(["candidates", *args])


def test_an_unreadable_article_stops_with_one_line_and_leaves_the_drafts_as_they_were(tmp_path, capsys):
    out = tmp_path / "drafts"
    assert run_cli(str(DEAL), "--out", str(out)) == 0
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    bad = tmp_path / "t_0731_deal.txt"
    bad.write_bytes(b"SEOUL, July 31 (Test Wire) - caf\xe9")
    capsys.readouterr()
    assert run_cli(str(bad), "--out", str(out)) == 2
    assert capsys.readouterr().err == f"error: {bad}: not UTF-8 text (byte 32)\n"
    assert run_cli(str(tmp_path / "missing.txt"), "--out", str(out)) == 2
    assert "missing.txt: cannot read the article" in capsys.readouterr().err
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before


def test_a_new_run_leaves_no_draft_of_the_previous_one(tmp_path):
    out = tmp_path / "drafts"
    assert run_cli(str(DEAL), "--out", str(out)) == 0
    assert (out / "draft_trade_balance.csv").exists()
    assert run_cli(str(PAUSE), "--out", str(out)) == 0  # no surplus in this one
    assert not (out / "draft_trade_balance.csv").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["drafts"]  # no staging folder left behind
