"""Keeping the report current: a new article, its candidate facts, and what changed since a date."""

from __future__ import annotations

import csv
import hashlib
import re
import shutil

from conftest import ROOT, render_into

from tarifftalks.draft.candidates import candidates, write_drafts
from tarifftalks.present import changes, figures
from tarifftalks.present.report import build_brief
from tarifftalks.present.tables import inline_html

NEW = ROOT / "tests" / "fixtures" / "NEW_test_article.txt"
NEW_DATE = "2025-06-05"  # a Thursday


def add_article(ws) -> None:
    """What the README asks of an analyst: the text in seeds/ and its row in sources.csv."""
    shutil.copy(NEW, ws.seeds / NEW.name)
    ws.append(
        "sources", source_id="t001", file=NEW.name, sha256=hashlib.sha256(NEW.read_bytes()).hexdigest(),
        outlet="Test Wire", byline="Test Wire", published=NEW_DATE, published_earliest=NEW_DATE,
        headline="", label="Test article", date_basis="Printed: dateline 'June 5'.", outlet_basis="Printed: '(Test Wire)'.",
    )  # fmt: skip


def code_two_rows(ws) -> None:
    ws.append(
        "figures", figure_id="f_t001_cap", source_id="t001", subject="Korean proposal", measure="proposed cap on US car tariffs",
        value="15", unit="percent", note="Seoul would propose a cap on US tariffs on its cars",
        attribution="named_official", attributed_to="Park Min-soo", certainty="stated",
        quote="Seoul would propose a 15 percent cap on US tariffs on its cars",
    )  # fmt: skip
    ws.append(
        "events", event_id="e_t001_next_round", event_key="kr-us-next-round", source_id="t001", date_start="2025-06-09", date_end="2025-06-15",
        date_precision="week", event_type="meeting", status="scheduled", description="Next Korea-US meeting (test article)",
        date_basis="'next week' in an article of Thursday June 5, 2025: the week of June 9 to 15, 2025.",
        attribution="named_official", attributed_to="Park Min-soo", certainty="scheduled",
        quote="when the two sides meet again next week.",
    )  # fmt: skip


def visible(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", re.sub(r"<style.*?</style>", "", html, flags=re.S)))


def test_candidates_of_a_new_article_list_numbers_dates_and_people_with_drafts(workspace, tmp_path):
    from tarifftalks.draft.candidates import draft_article

    add_article(workspace)
    found = {(c.kind, c.text): c for c in candidates(workspace.facts(), workspace.seeds / NEW.name)}
    assert found[("number", "15 percent")].status == "new"
    assert found[("person", "Park Min-soo")].status == "new"
    next_week = found[("date", "next week")]
    assert next_week.table == "events"
    assert (str(next_week.draft["date_start"]), str(next_week.draft["date_end"])) == ("2025-06-09", "2025-06-15")
    assert next_week.draft["date_basis"].startswith("'next week' in an article of")  # the validator re-computes it
    assert str(found[("date", "Thursday")].draft["date_start"]) == NEW_DATE  # said on the day of the article
    written = write_drafts(
        workspace.facts(), draft_article(workspace.facts(), workspace.seeds / NEW.name), tmp_path / "drafts"
    )
    cap = found[("number", "15 percent")]
    value_field = "rate_pct" if cap.table == "tariffs" else "value"
    with open(written[cap.table], newline="", encoding="utf-8") as fh:
        drafts = list(csv.DictReader(fh))
    assert any(r[value_field] == "15" and "15 percent" in r["quote"] for r in drafts)
    assert not any(p.is_relative_to(workspace.data) for p in written.values()), "drafts must not go into data/"


def test_coded_rows_of_the_new_article_count_as_coded(workspace):
    add_article(workspace)
    code_two_rows(workspace)
    found = {(c.kind, c.text): c.status for c in candidates(workspace.facts(), workspace.seeds / NEW.name)}
    assert found[("number", "15 percent")] == "coded"
    assert found[("date", "next week")] == "coded"


def test_the_report_picks_up_the_new_article_from_its_date_on(workspace, tmp_path):
    add_article(workspace)
    code_two_rows(workspace)
    from tarifftalks.facts.validate import validate

    assert validate(workspace.facts()).errors == []
    after = render_into(
        tmp_path / "after", as_of=NEW_DATE, since="2025-05-27", data_dir=workspace.data, seeds_dir=workspace.seeds
    )
    text = visible((after / f"{after.name}.html").read_text(encoding="utf-8"))
    assert "Seoul would propose a cap on US tariffs on its cars" in text and "15%" in text
    assert "Next Korea-US meeting (test article)" in text
    assert "What changed since May 27, 2025" in text
    before = build_brief(as_of="2025-06-04", data_dir=workspace.data, seeds_dir=workspace.seeds)
    assert "t001" not in set(before.facts.sources["source_id"])
    assert "15%" not in figures.other_figures(before).to_string()


def section_text(brief) -> str:
    return visible(inline_html(changes.what_changed(brief)))


def test_what_changed_since_april_20_in_the_shipped_articles():
    """Directly under the title: the articles after the cut-off and the rule; the main news (the US demand, Tokyo's acceleration
    of May 27); the rounds held since the cut-off (the mid-May ministerial round, the technical consultations,
    Japan's third round); dates first given apart from what was first reported (the election's June 3, of an election articles
    before the cut-off named without a date, is left to Ahead on page one); a status a later article changed (the US-Japan
    talks, held); a rate announced before the cut-off that a later article first gives (Japan's 24%): first
    given, not changed; the surplus the sources differ on, as a difference between sources, not a change;
    nothing an article up to the cut-off reported as new."""
    text = section_text(build_brief(as_of="2025-05-27", since="2025-04-20", comparator="Japan"))
    assert "What changed since Apr 20, 2025" in text and "that day counts as before" in text
    assert "prints no date; taken as Apr 20, 2025" in text  # [3], dated on the cut-off day by the brief's reading
    main = text[text.index("Main news") : text.index("Rounds held since")]
    assert "Seoul must resolve the large trade imbalance" in main
    assert "accelerate efforts toward an agreement" in main  # a headline event first reported after the cut-off
    rounds = text[text.index("Rounds held since") : text.index("Dates, rates or status first given")]
    assert "Mid-May 2025" in rounds and "week of May 19, 2025" in rounds and "third round" in rounds
    given = text[text.index("Dates, rates or status first given") : text.index("Sources differ")]
    assert "Jun 3, 2025" not in given  # ahead: page one lists it under Ahead
    assert "earlier reported as scheduled" in given
    assert "24%" in given and "first given" in given and "Tariffs changed" not in text
    assert "Sources differ" in text and "2024 surplus" in text
    assert "Cheong Inkyo leaves" not in text


def test_what_changed_lists_a_status_change_reported_after_since_in_the_shipped_articles():
    text = section_text(build_brief(as_of="2025-04-20", since="2025-04-10"))
    assert (
        "South Korea, all goods (reciprocal): 25%, paused for 90 days" in text and "where it was 25%, announced" in text
    )


def test_no_what_changed_section_without_since():
    assert changes.what_changed(build_brief()) == ""


def test_what_changed_marks_every_new_claim_under_positions_with_its_hedge():
    """The claims first reported after the since date are marked New under Positions, each sentence ending with
    who says it and how firmly; a claim an earlier article already made (the election's constraint) is not
    new."""
    from tarifftalks.present import positions
    from tarifftalks.present.phrases import claim_voice

    brief = build_brief(as_of="2025-05-27", since="2025-04-20")
    new = brief.claims[
        (brief.claims["first_published"] > brief.since) & brief.claims["prominence"].isin(["headline", "body"])
    ]
    text = " ".join(
        f(brief) for f in (positions.by_topic, positions.security, positions.commentary, positions.comparator)
    )
    sentences = [s for s in text.split("*New:* ")[1:]]
    assert sentences and len(sentences) <= len(new)
    for _, r in new.iterrows():
        if claim_voice(brief, r) and r["position_id"] in text.replace("#ev-", " "):
            assert claim_voice(brief, r) in text, r["position_id"]
    old = brief.claims[brief.claims["claim_key"] == "kr-election-limits-talks"]
    assert not (old["first_published"] > brief.since).any()
    assert "*New:*" not in positions.by_topic(build_brief(as_of="2025-05-27"))  # no since date: nothing marked
