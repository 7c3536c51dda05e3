"""Nothing in the analysis and presentation code is fitted to the shipped articles: no name, place or phrase
of seeds/ in its string literals. The words to look for are read from the articles themselves, not typed:
the proper nouns (words the articles only ever write capitalised: people, places, countries, outlets) and
every run of four words of their text."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from conftest import ROOT

import tarifftalks.analysis
import tarifftalks.present

PACKAGES = [Path(tarifftalks.analysis.__file__).parent, Path(tarifftalks.present.__file__).parent]
WORD = re.compile(r"[A-Za-z][A-Za-z’'-]*[A-Za-z]|[A-Za-z]")
MONEY = re.compile(r"\b[A-Z]{1,3}\$")  # a currency sign such as US$ is notation, not a name


def seed_texts() -> list[str]:
    return [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))]


def proper_nouns(texts: list[str]) -> set[str]:
    """Words the articles write only capitalised, never in lower case, and not only at a sentence's start."""
    words = [w for t in texts for w in WORD.findall(t)]
    lower = {w for w in words if w.islower()}
    starts = {m.group(1) for t in texts for m in re.finditer(r"(?:^|[.!?]\s+|\n)([A-Z][A-Za-z’'-]*)", t)}
    inside = {w for t in texts for m in re.finditer(r"[a-z,;]\s+([A-Z][A-Za-z’'-]*)", t) for w in [m.group(1)]}
    return {
        w
        for w in words
        if w[0].isupper() and w.lower() not in lower and len(w) > 2 and (w in inside or w not in starts)
    }


def four_word_runs(text: str) -> set[str]:
    words = [w.lower() for w in WORD.findall(text)]
    return {" ".join(words[i : i + 4]) for i in range(len(words) - 3)}


def literals(path: Path) -> list[tuple[int, str]]:
    """The string constants of a module (f-strings' constant parts too), docstrings left out."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.FunctionDef | ast.ClassDef | ast.AsyncFunctionDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    return [
        (node.lineno, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings
    ]


def test_the_words_to_look_for_come_from_the_articles():
    nouns = proper_nouns(seed_texts())
    # a sample of what the articles name, to show the reading finds names and places, and no common word
    assert {"Seoul", "Washington", "Japan", "Bessent"} <= nouns
    assert not {"Trade", "Tariff", "The", "May", "Talks"} & nouns


def test_no_name_place_or_phrase_of_the_articles_in_the_analysis_and_presentation_code():
    texts = seed_texts()
    nouns = proper_nouns(texts)
    runs = set().union(*(four_word_runs(t) for t in texts))
    found = []
    for package in PACKAGES:
        for path in sorted(package.glob("*.py")):
            for line, text in literals(path):
                plain = MONEY.sub(" ", text)
                names = {w for w in WORD.findall(plain) if w in nouns}
                phrases = four_word_runs(plain) & runs
                if names or phrases:
                    found.append(f"{path.relative_to(ROOT)}:{line}: {sorted(names | phrases)} in {text!r}")
    assert not found, "\n".join(found)


def test_no_name_or_place_of_the_articles_in_the_fact_base_and_build_code():
    """The fact base's checks, the build and the command line read the sides and countries from the data too
    (the comparator's choices were a typed list of the shipped tables' names once). Calendar words are the
    date readers' vocabulary, not the articles'; the product's title and the documented default comparator
    (README: `COMPARATOR`, default Japan) are the only names allowed, each where it is defined."""
    import calendar

    import tarifftalks.build
    import tarifftalks.facts

    allowed = {
        ("build/page.py", "Korea–US tariff talks, {years}"),
        ("build/render.py", "Japan"),
        ("cli.py", "Japan"),
        ("cli.py", "country beside Korea, or 'none' (default: Japan)"),
    }
    calendar_words = set(calendar.month_name) | set(calendar.day_name)
    nouns = proper_nouns(seed_texts()) - calendar_words
    package = Path(tarifftalks.facts.__file__).parents[1]
    paths = [
        *Path(tarifftalks.facts.__file__).parent.rglob("*.py"),
        *Path(tarifftalks.build.__file__).parent.rglob("*.py"),
        *package.glob("*.py"),
    ]
    found = [
        f"{path.relative_to(ROOT)}:{line}: {sorted(names)} in {text!r}"
        for path in sorted(paths)
        for line, text in literals(path)
        if (names := {w for w in WORD.findall(MONEY.sub(" ", text)) if w in nouns})
        and (path.relative_to(package).as_posix(), text) not in allowed
    ]
    assert not found, "\n".join(found)
