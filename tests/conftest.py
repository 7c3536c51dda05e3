"""Shared fixtures: a scratch copy of the fact base that a test may break."""

from __future__ import annotations

import csv
import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED_SEEDS = ROOT.parent / "shared" / "seeds"


class Workspace:
    """A copy of data/ and seeds/ under a temporary folder, with helpers to edit a table."""

    def __init__(self, root: Path):
        self.root = root
        self.data = root / "data"
        self.seeds = root / "seeds"
        shutil.copytree(ROOT / "data", self.data)
        shutil.copytree(ROOT / "seeds", self.seeds)

    def rows(self, table: str) -> list[dict]:
        with open(self.data / f"{table}.csv", newline="", encoding="utf-8") as fh:
            return list(csv.DictReader(fh))

    def write_rows(self, table: str, rows: list[dict]) -> None:
        with open(self.data / f"{table}.csv", "w", newline="", encoding="utf-8") as fh:
            writer = csv.DictWriter(fh, list(rows[0]), lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)

    def edit(self, table: str, index: int, **changes) -> int:
        """Change fields of the index-th data row; returns its CSV line number."""
        rows = self.rows(table)
        rows[index].update(changes)
        self.write_rows(table, rows)
        return index + 2

    def append(self, table: str, **values) -> int:
        rows = self.rows(table)
        rows.append({k: values.get(k, "") for k in rows[0]})
        self.write_rows(table, rows)
        return len(rows) + 1

    def facts(self):
        from tarifftalks.facts.load import load_facts

        return load_facts(self.data, self.seeds)


def run_make(checkout: Path, *args: str) -> subprocess.CompletedProcess:
    """`make <args>` in a checkout, as a user runs it (no make or PYTHONPATH settings of this run passed on)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MAKE", "MFLAGS", "PYTHONPATH"))}
    command = ["make", "--no-print-directory", *args]
    return subprocess.run(command, cwd=checkout, env=env, capture_output=True, text=True, timeout=300)


def messages(stderr: str) -> list[str]:
    """What a run said on stderr, without Make's own line about the failed recipe."""
    return [line for line in stderr.splitlines() if not line.startswith("make: ***")]


def files_of(checkout: Path) -> dict[str, tuple[bytes, int]]:
    """Every file of a checkout but its environment and caches, with its bytes and when it was written."""
    return {
        str(p.relative_to(checkout)): (p.read_bytes(), p.stat().st_mtime_ns)
        for p in sorted(checkout.rglob("*"))
        if p.is_file() and not {".venv", "__pycache__"} & set(p.relative_to(checkout).parts)
    }


@pytest.fixture
def workspace(tmp_path: Path) -> Workspace:
    return Workspace(tmp_path)


@pytest.fixture(scope="session")
def facts():
    from tarifftalks.facts.load import load_facts

    return load_facts()


def render_into(out: Path, **params) -> Path:
    """Render a report into `out` (build files too) and return the report's own folder, out/<stem>."""
    from tarifftalks.build.publish import output_stem
    from tarifftalks.build.render import render

    render(out_dir=out, build_dir=out / "build", progress=lambda _msg: None, **params)
    return out / output_stem(params.get("as_of"), params.get("comparator"), params.get("since"))


@pytest.fixture(scope="session")
def shipped_report(tmp_path_factory):
    """`shipped_report(**params)`: the report of the shipped fact base for those parameters, rendered once for the
    whole session and shared by every test that asks for it (they only read it)."""
    rendered: dict[tuple, Path] = {}

    def report(**params) -> Path:
        key = tuple(sorted(params.items()))
        if key not in rendered:
            rendered[key] = render_into(tmp_path_factory.mktemp("shipped"), **params)
        return rendered[key]

    return report


@pytest.fixture(scope="session")
def newest_report(shipped_report) -> Path:
    """The default report, rendered once for the whole session."""
    return shipped_report()


PARAMETERS = "as_of = None\ncomparator = 'Japan'\nsince = None\ndata_dir = None\nseeds_dir = None"


def write_notebook(path: Path, *cells: tuple[str, list[str], str]) -> Path:
    """A notebook of (kind, tags, source) cells after a parameters cell, as nbformat writes it."""
    cells = (("code", ["parameters"], PARAMETERS), *cells)
    found = [
        {"cell_type": kind, "id": f"c{i}", "metadata": {"tags": tags}, "source": source}
        | ({"execution_count": None, "outputs": []} if kind == "code" else {})
        for i, (kind, tags, source) in enumerate(cells)
    ]
    kernelspec = {"display_name": "Python 3", "language": "python", "name": "python3"}
    notebook = {"cells": found, "metadata": {"kernelspec": kernelspec}, "nbformat": 4, "nbformat_minor": 5}
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(__import__("json").dumps(notebook), encoding="utf-8")
    return path


def pdf_pages(path: Path) -> list[str]:
    """The text of each PDF page, read by PDFium (pypdf misreads WeasyPrint's embedded CMaps)."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(path)
    try:
        return [" ".join(page.get_textpage().get_text_range().split()) for page in doc]
    finally:
        doc.close()
