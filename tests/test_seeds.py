"""The project's articles are the delivered ones, byte for byte."""

from pathlib import Path

import pytest
from conftest import ROOT, SHARED_SEEDS


def delivered() -> list[Path]:
    return sorted(SHARED_SEEDS.glob("*.txt"))


@pytest.mark.skipif(not SHARED_SEEDS.is_dir(), reason="../shared/seeds is not beside the project")
def test_every_delivered_article_is_kept_byte_for_byte():
    assert delivered(), "no article in ../shared/seeds"
    for article in delivered():
        kept = ROOT / "seeds" / article.name
        assert kept.is_file(), f"seeds/{article.name} is missing"
        assert kept.read_bytes() == article.read_bytes(), f"seeds/{article.name} differs from the delivered article"


def test_every_article_has_exactly_one_sources_row(facts):
    files = sorted(p.name for p in (ROOT / "seeds").glob("*.txt"))
    assert sorted(facts.sources["file"]) == files
