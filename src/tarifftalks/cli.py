"""Command line: `python -m tarifftalks validate|report|...`; errors exit non-zero with one message."""

from __future__ import annotations

import argparse
import json
import signal
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tarifftalks.errors import FactError, FactErrors, ReportError, problems
from tarifftalks.paths import BUILD_DIR, DATA_DIR, PROJECT_ROOT, REPORTS_DIR, SEEDS_DIR

STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)


class Interrupted(KeyboardInterrupt):
    """Ctrl-C or SIGTERM, raised where the render is, so that its clean-up runs. A KeyboardInterrupt, because
    asyncio (which runs the notebook) lets only that and SystemExit out of its callbacks and tasks: any other
    BaseException raised there is logged and dropped, and the run went on until the cell's time limit."""

    def __init__(self, signum: int):
        super().__init__(signum)
        self.signum = signum


@contextmanager
def stop_on_signals() -> Iterator[None]:
    """Turn Ctrl-C and SIGTERM into Interrupted: the first one only, the clean-up is not interrupted again."""

    def interrupt(signum, _frame):
        for sig in STOP_SIGNALS:
            signal.signal(sig, signal.SIG_IGN)
        raise Interrupted(signum)

    previous = {sig: signal.signal(sig, interrupt) for sig in STOP_SIGNALS}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def interrupted_message(signum: int) -> str:
    return f"interrupted ({signal.Signals(signum).name}): stopped, nothing written; the previous report is as it was"


def checkout_of(folder: Path) -> Path | None:
    """The project checkout that holds `folder`, if any: the nearest folder up with this package's source."""
    for candidate in [folder, *folder.parents]:
        if (candidate / "src" / "tarifftalks" / "__init__.py").is_file() and (candidate / "Makefile").is_file():
            return candidate
    return None


def check_checkout(cwd: Path) -> None:
    """Refuse to run another checkout's code on this one: a copied `.venv` still imports the package
    (and so reads the data and writes the reports) of the checkout it was made in."""
    here = checkout_of(cwd.resolve())
    if here is not None and here != PROJECT_ROOT:
        raise ReportError(
            f"this command runs the tarifftalks package of {PROJECT_ROOT}, not of the checkout {here} you are in "
            "(its .venv was made there); run `make` here, which uses this checkout's own code"
        )


def cmd_validate(args: argparse.Namespace) -> int:
    from tarifftalks.facts.load import load_facts
    from tarifftalks.facts.validate import check

    facts = load_facts(args.data, args.seeds)
    result = check(facts)
    rows = sum(len(facts[n]) for n in facts.fact_tables)
    print(
        f"validate: {len(facts.sources)} articles, {rows} fact rows: schema, quotes (whole clauses, hedges coded), "
        "numbers, dates and event keys OK"
    )
    print("coverage (numbers and dates of each article coded or deliberately omitted):")
    incomplete = False
    for cov in result.coverage:
        print(
            f"  {cov.source_id}: {cov.share:6.1%}  ({cov.coded} coded, {cov.omitted} omitted, "
            f"{len(cov.missing)} missing of {cov.mentions})"
        )
        for m in cov.missing:
            incomplete = True
            print(f"      missing: {m.text!r} at character {m.start}")
    print(f"disagreements between articles: {len(result.findings) + len(result.date_findings)}")
    for f in result.findings + result.date_findings:
        print(f"  {f.describe()}")
    if result.duplicates:
        print(f"event keys that may be one event (review): {len(result.duplicates)}")
        for f in result.duplicates:
            print(f"  {f.describe()}")
    if incomplete and args.strict_coverage:
        print("error: coverage is below 100% (--strict-coverage)", file=sys.stderr)
        return 1
    return 0


def cmd_migrate(args: argparse.Namespace) -> int:
    from tarifftalks.facts.migrate import migrate
    from tarifftalks.facts.schema import label

    changes = migrate(args.data)
    for change in changes:
        print(f"migrate: {label(change.path)}: {change.says}")
    print(
        f"migrate: {len(changes)} table(s) changed"
        if changes
        else "migrate: every table is up to date; nothing changed"
    )
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    """Render the report of these parameters, unless it is up to date (its inputs' fingerprint unchanged)."""
    from tarifftalks.build import fingerprint
    from tarifftalks.build.publish import output_stem, remove_abandoned

    params = [args.as_of or None, args.comparator, args.since or None]
    stem = output_stem(*params)
    value = fingerprint.fingerprint(params, args.data, args.seeds)
    if args.out.is_dir():
        remove_abandoned(args.out, stem)  # what a run stopped outright left, even when nothing is rendered
    if fingerprint.up_to_date(value, stem, args.out, args.build_dir):
        print(f"{args.out.name}/{stem}/ is up to date")
        return 0
    from tarifftalks.build.render import render

    times = render(*params, out_dir=args.out, data_dir=args.data, seeds_dir=args.seeds,
                   validate=not args.no_validate, build_dir=args.build_dir,
                   inputs_unchanged=lambda: fingerprint.fingerprint(params, args.data, args.seeds) == value)  # fmt: skip
    fingerprint.record(value, stem, args.build_dir)
    if args.timings:
        args.timings.write_text(json.dumps(times, indent=1), encoding="utf-8")
    return 0


def cmd_dates(args: argparse.Namespace) -> int:
    """The snapshot dates, after checking the comparator once (else each snapshot would refuse it on its own).
    A fact base that does not load is left to each snapshot, which renders what its own rows allow."""
    from tarifftalks.build.fingerprint import snapshot_dates
    from tarifftalks.facts.load import load_facts, parse_comparator

    try:
        facts = load_facts(args.data, args.seeds)
    except FactError:
        facts = None
    if facts is not None:
        parse_comparator(args.comparator, facts)
    print(" ".join(snapshot_dates(args.data)))
    return 0


def cmd_candidates(args: argparse.Namespace) -> int:
    from collections import Counter

    from tarifftalks.draft.candidates import draft_article, write_drafts
    from tarifftalks.facts.load import load_facts

    facts = load_facts(args.data, args.seeds)
    result = draft_article(facts, args.file)
    out = args.out or BUILD_DIR / "candidates" / args.file.stem
    written = write_drafts(facts, result, out)
    for c in result.candidates:
        flag = {"new": "NEW    ", "coded": "coded  ", "omitted": "omitted"}[c.status]
        print(f"{flag} {c.kind:<12} {c.text!r:<32} at {c.start:<5} -> {c.table or '-'}")
    counts = Counter(c.status for c in result.candidates)
    print(
        f"{len(result.candidates)} candidates: {counts['new']} new, {counts['coded']} already coded, "
        f"{counts['omitted']} omitted"
    )
    if result.source is not None and result.source.published:
        print(f"not in sources.csv: its row is drafted as {result.source.row['source_id']}, dated {result.anchor}")
    elif result.source is not None:
        print(
            f"not in sources.csv: its row is drafted as {result.source.row['source_id']}; no date found, so its "
            f"relative dates are read from the newest registered article's, {result.anchor}"
        )
    repeats = sum(1 for d in result.drafts if d.same_as)
    differing = sum(1 for d in result.drafts if d.differs_from)
    print(
        f"{len(result.drafts)} draft rows, {repeats} of them stating a fact already coded (see same_as), "
        f"{differing} giving a coded measure another value (see differs_from)"
    )
    for name, path in written.items():
        print(f"  {name}: {path}")
    print(
        "Review the drafts, copy the rows you accept into data/ (without same_as, differs_from and guessed), "
        "then run `make validate`; see docs/drafting.md."
    )
    return 0


def cmd_candidates_score(args: argparse.Namespace) -> int:
    from tarifftalks.draft.score import format_score, score_fixtures, score_seeds
    from tarifftalks.facts.load import load_facts

    facts = load_facts(args.data, args.seeds)
    per_article, total = score_fixtures(facts, args.fixtures)
    if not per_article:
        print(f"error: {args.fixtures}: no test article (*.txt)", file=sys.stderr)
        return 2
    seeds_per_article, seeds_total = score_seeds(facts)
    for title, (per, tot) in [
        (f"test articles ({args.fixtures})", (per_article, total)),
        (
            "the shipped articles, each drafted as if new, against the rows coded for it",
            (seeds_per_article, seeds_total),
        ),
    ]:
        print(f"== {title}")
        print(format_score(per, tot))
        if args.misses:
            print("\n".join(tot.misses))
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="tarifftalks", description=__doc__)
    parser.add_argument("--data", type=Path, default=DATA_DIR, help="folder with datapackage.json and the CSVs")
    parser.add_argument("--seeds", type=Path, default=SEEDS_DIR, help="folder with the articles")
    sub = parser.add_subparsers(dest="command", required=True)
    v = sub.add_parser("validate", help="check the fact base and print coverage and disagreements")
    v.add_argument("--strict-coverage", action="store_true", help="fail when an article is not fully covered")
    v.set_defaults(func=cmd_validate)
    m = sub.add_parser("migrate", help="bring the tables up to the schema: add new columns with their defaults")
    m.set_defaults(func=cmd_migrate)
    r = sub.add_parser("report", help="execute the notebook and render HTML and PDF")
    r.add_argument("--as-of", default=None, help="ISO date; only articles published on or before it (default: newest)")
    r.add_argument("--comparator", default="Japan", help="country beside Korea, or 'none' (default: Japan)")
    r.add_argument("--since", default=None, help="ISO date: open with what changed since then")
    r.add_argument("--out", type=Path, default=REPORTS_DIR, help="output folder (default: reports/)")
    r.add_argument("--no-validate", action="store_true", help="skip the data checks")
    r.add_argument(
        "--build-dir", type=Path, default=BUILD_DIR, help="where the executed notebook goes (default: build/)"
    )
    r.add_argument("--timings", type=Path, default=None, help="write the seconds of each step as JSON to this file")
    r.set_defaults(func=cmd_report)
    c = sub.add_parser("candidates", help="list the candidate facts of an article and write draft rows for review")
    c.add_argument("file", type=Path, help="the article, e.g. seeds/NEW.txt (registered in sources.csv or not)")
    c.add_argument(
        "--out", type=Path, default=None, help="folder for the drafts (default: build/candidates/<article>/)"
    )
    c.set_defaults(func=cmd_candidates)
    cs = sub.add_parser("candidates-score", help="score the drafts of the test articles against their reviewed rows")
    cs.add_argument(
        "--fixtures", type=Path, default=PROJECT_ROOT / "tests" / "fixtures" / "candidates",
        help="folder of test articles <stem>.txt, each with its reviewed rows in <stem>/",
    )  # fmt: skip
    cs.add_argument("--misses", action="store_true", help="list every drafted value that is not right")
    cs.set_defaults(func=cmd_candidates_score)
    d = sub.add_parser("dates", help="the articles' publication dates, one report each for `make snapshots`")
    d.add_argument("--comparator", default="Japan", help="checked against the tariff table before any snapshot")
    d.set_defaults(func=cmd_dates)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        check_checkout(Path.cwd())
        if args.command != "report":
            return args.func(args)
        with stop_on_signals():
            return args.func(args)
    except FactErrors as exc:
        if args.command not in ("validate", "migrate"):
            print(f"error: {exc}", file=sys.stderr)
        else:  # the command that lists every problem: the first, with the count, then the others
            print(
                f"error: {exc.first}" + (f" (and {exc.more} more {problems(exc.more)}:)" if exc.more else ""),
                file=sys.stderr,
            )
            for error in exc.errors[1:]:
                print(f"  {error}", file=sys.stderr)
        return 2
    except ReportError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except Interrupted as exc:
        print(interrupted_message(exc.signum), file=sys.stderr)
        return 128 + exc.signum


if __name__ == "__main__":
    sys.exit(main())
