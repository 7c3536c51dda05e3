"""Claims keep their hedges, quotes carry their claims, people are coded as printed: each rule refuses a bad row."""

from __future__ import annotations

import pytest

from tarifftalks.facts.clauses import clause_problem
from tarifftalks.facts.hedges import CUES, cues_in, first_guess, relayed_cues
from tarifftalks.facts.validate import validate

# A whole sentence or clause of an article that carries each hedge cue.
CUE_PASSAGES = {
    "reportedly": ("a004", "South Korea reportedly plans to separate trade from security in negotiations with the US, but it is questionable whether the Trump administration will understand such a policy."),
    "media said": ("a003", "South Korean media have also said that US objections over restrictions on its beef imports and tariffs on rice could be included in talks."),
    "media reported": ("a003", "The US demanded that South Korea resolve the large trade imbalance between the countries during recent trade talks, South Korean media reported yesterday."),
    "reported": ("a001", "The Wall Street Journal also reported separately that Bessent has identified South Korea, Britain, Australia, India, and Japan as his top priorities for new trade arrangements."),
    "cited by media": ("a003", "They also discussed non-tariff measures, economic security, digital trade, the origin of goods and commercial considerations, the official cited by media said, adding that Washington made specific requests for the first time."),
    "according to": ("a004", "According to a lawmaker's analysis of data from the Korea International Trade Association and the Export-Import Bank of Korea, Korea's US investment amounted to 96.2 percent of its US trade surplus annually on average from 2017 to 2020."),
    "is said to": ("a004", "Trump is said to have demanded Tokyo pay more for stationing US troops in Japan, increase sales of US automobiles and reduce US trade deficit."),
    "quoted as saying": ("a003", "“The US is interested in potentially having Japan repair American warships, which is something we’re willing to support,” NHK quoted Ishiba as saying."),
    "expected to": ("a001", "As part of its strategy, Seoul is expected to present a roadmap addressing longstanding U.S. concerns over trade imbalances and non-tariff barriers."),
    "likely": ("a004", "Washington will likely make similar demands of South Korea, which like Japan, greatly relies on the US for its security."),
    "appears set to": ("a000", "While another US ally, Japan, appears set to begin trade talks with Washington, South Korea’s ability to deal with Trump’s sweeping tariff campaign remains hindered as the country prepares to elect a new leader in the coming weeks."),
    "willing to": ("a002", "In an interview with the Financial Times published April 20, Acting President and Prime Minister Han Duck-soo indicated Seoul was willing to discuss reducing its trade surplus with the U.S. by expanding purchases of American liquefied natural gas (LNG), commercial aircraft, and cooperating on naval shipbuilding projects"),
    "floated": ("a003", "Floated as one of Japan’s bargaining chips is its technological prowess in shipbuilding, including of ice-breakers, local media said."),
    "could": ("a003", "a request by Alphabet Inc’s Google to transfer local map data overseas could be part of trade discussions."),
    "may": ("a001", "Adding to the complexity is South Korea’s upcoming presidential election, which analysts say may limit Seoul’s negotiating flexibility in the short term."),
    "cannot be excluded": ("a004", "The possibility of US President Donald Trump choosing to get directly involved in the talks cannot be excluded."),
    "suggesting": ("a004", "The US president has also touted a \"one-stop shopping\" approach, suggesting his intention to bundle tariff negotiations and defense cost sharing into a single package deal."),
    "signaling": ("a002", "Han said no “clear framework” existed yet for discussing security issues but signaled a willingness to revisit the current cost-sharing deal “depending on the issues.”"),
    "points to": ("a004", "Trump's choice to get directly involved in negotiations points to his desire to quickly finalize a slew of trade deals as China responds strongly to US tariffs, financial markets become volatile, US recession risks rise and anti-Trump protests erupt."),
}  # fmt: skip


def errors_of(ws):
    return [(e.row, e.field, str(e)) for e in validate(ws.facts()).errors]


def carrier(ws, source_id: str) -> int:
    """Index of a positions row of the article, to carry a passage under test."""
    return next(i for i, r in enumerate(ws.rows("positions")) if r["source_id"] == source_id)


def test_every_cue_has_a_passage_that_carries_it():
    assert set(CUE_PASSAGES) == {c.name for c in CUES}
    for cue, (_sid, passage) in CUE_PASSAGES.items():
        assert cue in [c.name for c in cues_in(passage)], cue


@pytest.mark.parametrize("cue", sorted(CUE_PASSAGES))
def test_a_hedged_quote_coded_as_plainly_stated_is_refused(workspace, cue):
    sid, passage = CUE_PASSAGES[cue]
    index = carrier(workspace, sid)
    # the passage alone, coded with a hedge, passes: the only thing wrong below is 'stated'
    workspace.edit("positions", index, quote=passage, attribution="named_official", certainty="reported")
    assert errors_of(workspace) == []
    row = workspace.edit("positions", index, certainty="stated")
    errors = errors_of(workspace)
    assert [(r, f) for r, f, _ in errors] == [(row, "certainty")]
    assert "cannot be coded as plainly stated" in errors[0][2]


def test_a_relayed_claim_coded_as_the_articles_own_reporting_is_refused(workspace):
    rows = workspace.rows("positions")
    index = next(i for i, r in enumerate(rows) if r["position_id"] == "pos_a003_us_beef")
    row = workspace.edit("positions", index, attribution="article")
    assert [(r, f) for r, f, _ in errors_of(workspace)] == [(row, "attribution")]


def test_an_unknown_attribution_or_certainty_is_refused(workspace):
    row = workspace.edit("events", 0, certainty="certain", attribution="rumour")
    assert sorted((r, f) for r, f, _ in errors_of(workspace)) == [(row, "attribution"), (row, "certainty")]


def test_every_claim_row_is_coded(facts):
    for name in ("events", "positions", "figures", "tariffs", "trade_balance"):
        table = facts[name]
        assert table["attribution"].notna().all() and table["certainty"].notna().all(), name


def test_the_fact_checks_hedges_are_kept(facts):
    """The rows a cold fact-check found stripped of their hedges are coded with them."""
    pos = facts["positions"].set_index("position_id")
    coded = {i: (pos.loc[i, "attribution"], pos.loc[i, "certainty"]) for i in pos.index}
    assert coded["pos_a003_us_imbalance"] == ("media_reports", "reported")
    assert {coded[i] for i in ("pos_a002_kr_lng", "pos_a002_kr_aircraft")} == {("named_official", "willing")}
    assert coded["pos_a003_jp_shipbuilding"] == ("media_reports", "floated")
    assert coded["pos_a004_us_one_stop"] == ("editorial", "suggested")
    assert {
        coded[i] for i in pos.index if i.startswith("pos_a003_us_") and "specific requests" in pos.loc[i, "statement"]
    } == {("unnamed_official", "reported")}


# ---------------------------------------------------------------- a quote carries its claim


def tariff_row(ws) -> int:
    return next(i for i, r in enumerate(ws.rows("tariffs")) if r["tariff_id"] == "t_a000_kr_reciprocal")


def test_a_quote_of_only_the_number_is_refused(workspace):
    row = workspace.edit("tariffs", tariff_row(workspace), quote="25")
    errors = errors_of(workspace)
    assert (row, "quote") in [(r, f) for r, f, _ in errors]
    assert any("fewer than 4 words" in m for _, _, m in errors)


def test_a_quote_cut_mid_clause_is_refused_with_the_nearest_cut_that_passes(workspace):
    index = tariff_row(workspace)
    row = workspace.edit("tariffs", index, quote="slapped with a 25 per cent levy")
    [(r, f, message)] = errors_of(workspace)
    assert (r, f, "mid-clause" in message) == (row, "quote", True)
    assert message.endswith("quote 'South Korea was slapped with a 25 per cent levy'")
    workspace.edit("tariffs", index, quote="South Korea was slapped with a 25 per cent levy")
    assert errors_of(workspace) == []


def test_a_long_cut_is_told_by_its_first_and_last_words():
    words = [f"w{i}" for i in range(60)]
    article = "Officials said " + " ".join(words) + ". Next sentence here."
    message = clause_problem(" ".join(words[5:20]), article)
    assert message.endswith("start at 'w0 w1 w2 w3 w4 w5' and end at 'w54 w55 w56 w57 w58 w59.'"), message


def test_a_whole_line_such_as_a_headline_is_a_whole_clause(workspace):
    index = carrier(workspace, "a001")
    workspace.edit("positions", index, quote="S. Korea prepares for high-stakes tariff talks with US")
    assert errors_of(workspace) == []


def test_the_same_words_as_a_whole_clause_pass(workspace):
    workspace.edit("tariffs", tariff_row(workspace), quote="South Korea was slapped with a 25 per cent levy,")
    assert errors_of(workspace) == []


def test_a_quote_that_does_not_name_what_is_measured_is_refused(workspace):
    """'first' is in the sentence, but it is about talks with Japan, not jobs created by Korean investment."""
    rows = workspace.rows("figures")
    index = next(i for i, r in enumerate(rows) if r["figure_id"] == "f_a004_jobs_rank")
    row = workspace.edit(
        "figures",
        index,
        year_start="",
        year_end="",
        quote="Last week, the US first held tariff talks with Japan at the White House, with Trump making a surprise attendance in the meeting.",
    )
    assert [(r, f, "does not name" in m) for r, f, m in errors_of(workspace)] == [(row, "quote", True)]


def test_a_role_not_printed_in_the_quote_is_refused(workspace):
    rows = workspace.rows("people")
    index = next(i for i, r in enumerate(rows) if r["person_row_id"] == "p_a001_lutnick")
    row = workspace.edit("people", index, organisation="US Department of Commerce")
    assert [(r, f) for r, f, _ in errors_of(workspace)] == [(row, "organisation")]


# ---------------------------------------------------------------- one event, one key


def event_index(ws, event_id: str) -> int:
    return next(i for i, r in enumerate(ws.rows("events")) if r["event_id"] == event_id)


def test_an_event_key_of_the_wrong_form_is_refused(workspace):
    row = workspace.edit("events", 0, event_key="Two Plus Two")
    assert [(r, f) for r, f, _ in errors_of(workspace)] == [(row, "event_key")]


def test_one_article_giving_one_key_two_dates_is_an_error(workspace):
    row = workspace.edit("events", event_index(workspace, "e_a000_extra_budget"), event_key="yoon-removed-from-office")
    assert [(r, f) for r, f, _ in errors_of(workspace)] == [(row, "event_key")]


def test_two_articles_giving_one_event_different_dates_is_a_finding(workspace):
    workspace.edit("events", event_index(workspace, "e_a003_japan_round3"), event_key="us-japan-talks-round-1")
    result = validate(workspace.facts())
    assert result.errors == []
    [finding] = result.date_findings
    assert (finding.table, finding.key) == ("events", "us-japan-talks-round-1")
    assert {sid for sid, *_ in finding.dates} == {"a001", "a003", "a004"}


def test_one_article_giving_one_announcement_two_dates_is_an_error(workspace):
    rows = workspace.rows("tariffs")
    index = next(i for i, r in enumerate(rows) if r["tariff_id"] == "t_a001_jp_reciprocal")
    row = workspace.edit("tariffs", index, announced="2025-03-01", announced_precision="month")
    errors = [(r, f) for r, f, _ in errors_of(workspace)]
    assert (row, "announcement_key") in errors


def test_rows_of_one_claim_key_make_the_same_claim(workspace):
    rows = workspace.rows("positions")
    index = next(i for i, r in enumerate(rows) if r["position_id"] == "pos_a004_election_constraint")
    row = workspace.edit("positions", index, kind="stance")
    assert [(r, f) for r, f, _ in errors_of(workspace)] == [(row, "kind")]


@pytest.mark.parametrize("cue", sorted(CUE_PASSAGES))
def test_a_drafted_row_keeps_the_hedge_of_its_quote(cue):
    """make candidates codes a draft from its quote: never 'stated' where a cue hedges it."""
    coding = first_guess(CUE_PASSAGES[cue][1])
    assert coding["certainty"] != "stated"
    assert (coding["attribution"] != "article") == bool(relayed_cues(CUE_PASSAGES[cue][1]))
    assert first_guess("Negotiators met in Washington today.") == {"attribution": "article", "certainty": "stated"}


def test_the_hedge_vocabulary_is_the_schema_s():
    """facts.hedges names exactly the attribution and certainty values of datapackage.json, and every cue's
    certainty and relayed attribution is one of them."""
    import json

    from tarifftalks.facts.hedges import ATTRIBUTION, CERTAINTY
    from tarifftalks.paths import DATA_DIR

    package = json.loads((DATA_DIR / "datapackage.json").read_text(encoding="utf-8"))
    enums = {
        (res["name"], f["name"]): f["constraints"]["enum"]
        for res in package["resources"]
        for f in res["schema"]["fields"]
        if f["name"] in ("attribution", "certainty")
    }
    assert enums, "no table has attribution or certainty"
    for (_table, field), values in enums.items():
        assert set(values) == set(ATTRIBUTION if field == "attribution" else CERTAINTY), (_table, field)
    assert {c.certainty for c in CUES} <= set(CERTAINTY)
    assert {c.relays for c in CUES if c.relays} <= set(ATTRIBUTION)
