"""Property-based: random and mangled input never crashes the loader or validator; it raises the
project's own error type with a message, or passes."""

from __future__ import annotations

import csv
import shutil
import tempfile
from pathlib import Path

from conftest import ROOT
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tarifftalks.errors import FactError, ParameterError
from tarifftalks.facts.load import load_facts, parse_as_of, parse_comparator, parse_since
from tarifftalks.facts.validate import validate

TABLES = sorted(p.stem for p in (ROOT / "data").glob("*.csv"))
SETTINGS = settings(
    max_examples=int(__import__("os").environ.get("TT_EXAMPLES", "30")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)


def scratch() -> Path:
    root = Path(tempfile.mkdtemp(prefix="tt-prop-"))
    shutil.copytree(ROOT / "data", root / "data")
    return root


def load_and_validate(root: Path) -> None:
    """Either passes, or raises FactError with a message; validation errors are FactErrors too."""
    try:
        facts = load_facts(root / "data", ROOT / "seeds")  # the articles are only read
        result = validate(facts)
    except FactError as exc:
        assert str(exc), "an error without a message"
        return
    finally:
        shutil.rmtree(root, ignore_errors=True)
    for err in result.errors:
        assert isinstance(err, FactError) and err.file and str(err)


@SETTINGS
@given(table=st.sampled_from(TABLES), content=st.binary(max_size=400))
def test_random_bytes_as_a_table(table, content):
    root = scratch()
    (root / "data" / f"{table}.csv").write_bytes(content)
    load_and_validate(root)


cell_text = st.one_of(
    st.text(max_size=30),
    st.sampled_from(
        ["", " ", "2025-02-30", "2025-13-01", "NaN", "inf", "-1", "1e309", "true", "None", '"', "a,b", "\n"]
    ),
)


@SETTINGS
@given(table=st.sampled_from(TABLES), data=st.data())
def test_a_mangled_cell(table, data):
    root = scratch()
    path = root / "data" / f"{table}.csv"
    with open(path, newline="", encoding="utf-8") as fh:
        rows = list(csv.reader(fh))
    r = data.draw(st.integers(1, len(rows) - 1), label="row")
    c = data.draw(st.integers(0, len(rows[0]) - 1), label="column")
    rows[r][c] = data.draw(cell_text, label="value")
    with open(path, "w", newline="", encoding="utf-8") as fh:
        csv.writer(fh, lineterminator="\n").writerows(rows)
    load_and_validate(root)


@SETTINGS
@given(table=st.sampled_from(TABLES), data=st.data())
def test_a_mangled_line(table, data):
    """Characters inserted or deleted anywhere in the raw file: quotes, commas, line breaks, anything."""
    root = scratch()
    path = root / "data" / f"{table}.csv"
    text = path.read_text(encoding="utf-8")
    at = data.draw(st.integers(0, len(text)), label="position")
    cut = data.draw(st.integers(0, 20), label="delete")
    insert = data.draw(st.text(alphabet=st.sampled_from([*'",\n\r;x1-', "\x00", "é"]), max_size=5), label="insert")
    path.write_text(text[:at] + insert + text[at + cut :], encoding="utf-8")
    load_and_validate(root)


FACTS = load_facts()


@settings(max_examples=200, deadline=None)
@given(
    as_of=st.one_of(st.none(), st.text(max_size=12), st.dates().map(str)),
    since=st.one_of(st.none(), st.text(max_size=12)),
)
def test_parameters_are_parsed_or_rejected_with_a_parameter_error(as_of, since):
    try:
        day = parse_as_of(as_of, FACTS)
        parse_since(since, day)
    except ParameterError as exc:
        assert exc.name in ("as_of", "since") and "expected" in str(exc)


@settings(max_examples=100, deadline=None)
@given(name=st.text(max_size=15))
def test_comparator_is_known_or_rejected(name):
    try:
        result = parse_comparator(name, FACTS)
    except ParameterError as exc:
        assert exc.name == "comparator"
    else:
        assert result is None or result in set(FACTS["tariffs"]["applies_to"])
