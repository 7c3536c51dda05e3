"""A corpus grown N-fold for scale runs: the five articles and all their rows copied with new ids.

Copy 0 is the shipped corpus as it is; copy k (k >= 1) of article `a003` is `a003_c001`, its file
`003_…_c001.txt` (the same bytes), and each of its rows gets the suffix `_c001` on its row id. Keys that
say which rows are the same fact (event_key, claim_key, announcement_key) are kept, so the copies report
the same facts as the originals: a report on N copies knows no more than a report on one.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd

from tarifftalks.paths import DATA_DIR, SEEDS_DIR


def copy_suffix(k: int) -> str:
    return "" if k == 0 else f"_c{k:03d}"


def _copies(table: pd.DataFrame, n: int, rename_id) -> pd.DataFrame:
    parts = []
    for k in range(n):
        part = table.copy()
        rename_id(part, copy_suffix(k))
        parts.append(part)
    return pd.concat(parts, ignore_index=True)


def _grow_sources(sources: pd.DataFrame, n: int) -> pd.DataFrame:
    def rename(part, suffix):
        part["source_id"] = part["source_id"] + suffix
        part["file"] = [Path(f).stem + suffix + Path(f).suffix for f in part["file"]]

    return _copies(sources, n, rename)


def _grow_rows(table: pd.DataFrame, n: int) -> pd.DataFrame:
    id_col = table.columns[0]
    has_row_id = id_col != "source_id"

    def rename(part, suffix):
        part["source_id"] = part["source_id"] + suffix
        if has_row_id:
            part[id_col] = part[id_col] + suffix

    return _copies(table, n, rename)


def grow_corpus(n: int, out: Path, data_dir: Path = DATA_DIR, seeds_dir: Path = SEEDS_DIR) -> tuple[Path, Path]:
    """Write `out/data` and `out/seeds` holding the corpus copied n-fold; return both folders."""
    if n < 1:
        raise ValueError(f"n={n}: a corpus needs at least one copy")
    data_out, seeds_out = Path(out) / "data", Path(out) / "seeds"
    data_out.mkdir(parents=True, exist_ok=True)
    seeds_out.mkdir(parents=True, exist_ok=True)
    shutil.copy2(data_dir / "datapackage.json", data_out / "datapackage.json")
    sources = pd.read_csv(data_dir / "sources.csv", dtype=str, keep_default_na=False)
    for file in sources["file"]:
        text = (seeds_dir / file).read_bytes()
        for k in range(n):
            (seeds_out / (Path(file).stem + copy_suffix(k) + Path(file).suffix)).write_bytes(text)
    _grow_sources(sources, n).to_csv(data_out / "sources.csv", index=False)
    for csv in sorted(data_dir.glob("*.csv")):
        if csv.name != "sources.csv":
            table = pd.read_csv(csv, dtype=str, keep_default_na=False)
            grown = _grow_rows(table, n) if "source_id" in table.columns else table  # judgements: the analyst's own
            grown.to_csv(data_out / csv.name, index=False)
    return data_out, seeds_out
