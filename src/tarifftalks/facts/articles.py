"""The articles in seeds/: found from their sources.csv row, read, and checked against their SHA-256.

sources.csv names an article by a plain file name in seeds/; any other name (a path, '..', a NUL byte, a
name starting with '.') and a file that leads out of seeds/ (a link) is refused, naming the row and the
field, and never opened.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from tarifftalks.errors import FactError
from tarifftalks.facts.load import Facts
from tarifftalks.facts.schema import label, plain_file_name
from tarifftalks.facts.text import normalize_ws


@dataclass(frozen=True)
class Article:
    source_id: str
    raw: str  # as the file holds it
    text: str  # whitespace normalised: what quotes are found in


def article_path(seeds_dir: Path | str, name: str) -> Path:
    """The article file `name` in seeds_dir. ValueError, saying why, for a name that is no plain file name
    or a file that leads out of seeds_dir: such a file is never opened."""
    problem = plain_file_name(name)
    if problem:
        raise ValueError(f"article file name {name!r} {problem}, naming a file in {label(Path(seeds_dir))}")
    path = Path(seeds_dir) / name
    if path.resolve().parent != Path(seeds_dir).resolve():
        raise ValueError(f"article file {name!r} leads out of {label(Path(seeds_dir))} (a link)")
    return path


def read_articles(facts: Facts) -> tuple[dict[str, Article], list[FactError]]:
    """Every article of sources.csv that is present, readable and unchanged, and a problem for each other."""
    where = facts.label("sources")
    articles, problems = {}, []
    for row, src in facts.sources.iterrows():
        try:
            path = article_path(facts.seeds_dir, src["file"])
            raw = path.read_bytes()
        except ValueError as exc:
            problems.append(FactError(where, str(exc), row, "file"))
            continue
        except FileNotFoundError:
            problems.append(FactError(where, f"article file {label(path)} is missing", row, "file"))
            continue
        except OSError as exc:  # a folder, no permission
            problems.append(
                FactError(where, f"article file {label(path)!r} cannot be read: {exc.strerror}", row, "file")
            )
            continue
        digest = hashlib.sha256(raw).hexdigest()
        if digest != src["sha256"]:
            message = f"article {label(path)} has changed: sha256 is {digest}, expected {src['sha256']}"
            problems.append(FactError(where, message, row, "sha256"))
            continue
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            problems.append(
                FactError(where, f"article {label(path)} is not UTF-8 text (byte {exc.start})", row, "file")
            )
            continue
        articles[src["source_id"]] = Article(src["source_id"], text, normalize_ws(text))
    return articles, problems
