"""The evidence explorer notebook: papermill runs it with parameters and it finds what the tables hold."""

from __future__ import annotations

import papermill as pm
from conftest import ROOT

from tarifftalks.facts.load import load_facts
from tarifftalks.present import evidence as explorer


def test_search_by_keyword_article_and_date_matches_the_tables():
    facts = load_facts()
    evidence = explorer.all_evidence(facts)
    quotes = facts["tariffs"]["quote"]
    assert len(explorer.search_evidence(evidence, table="tariffs")) == len(facts["tariffs"])
    hits = explorer.search_evidence(evidence, keyword="ROADMAP")
    assert len(hits) > 0 and all("roadmap" in (f + q).lower() for f, q in zip(hits["fact"], hits["quote"], strict=True))
    first = facts.sources["published"].min().date().isoformat()
    early = explorer.search_evidence(evidence, published_to=first)
    assert set(early["source_id"]) == set(
        facts.sources.loc[facts.sources["published"].dt.date.astype(str) == first, "source_id"]
    )
    assert explorer.search_evidence(evidence, keyword="no such words anywhere").empty
    assert any("25 per cent" in q for q in quotes)  # the data the explorer reads is the fact base itself


def test_the_explorer_notebook_runs_with_parameters(tmp_path):
    out = tmp_path / "evidence.ipynb"
    pm.execute_notebook(
        str(ROOT / "notebooks" / "evidence.ipynb"),
        str(out),
        parameters={"keyword": "Lutnick", "article": None},
        cwd=str(ROOT / "notebooks"),
        progress_bar=False,
    )
    import nbformat

    nb = nbformat.read(out, as_version=4)
    printed = "".join(o.get("text", "") for c in nb.cells if c.cell_type == "code" for o in c.outputs)
    evidence = explorer.all_evidence(load_facts())
    expected = len(explorer.search_evidence(evidence, keyword="Lutnick"))
    assert expected > 0 and f"{expected} of {len(evidence)} rows" in printed
