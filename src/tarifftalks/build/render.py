"""The build of one report, one step after the other, in this process and the notebook's kernel.

`render` loads the facts and checks the parameters, then starts the kernel, which boots and imports the report
package while this process validates the facts (an error in a row of an article published after as_of does not
stop an earlier snapshot). papermill executes the notebook on that kernel, each cell
within CELL_TIMEOUT, and the kernel is stopped. The kernel shows every matplotlib Figure as SVG and PNG
(`charts.show_as_svg_and_png`), so each figure the notebook showed is in the executed notebook twice, titled. nbconvert
exports it to HTML with the project's `report` template, all Markdown rendered with raw HTML escaped and harmful
links removed, and WeasyPrint prints that to PDF, reading nothing from the web and subsetting fonts with HarfBuzz.
Every output (the HTML, the PDF, each figure as charts/<name>.svg and .png, the data in scope) is written into a new
folder that `publish.Staging` swaps in with one rename; from that rename on, Ctrl-C and SIGTERM are ignored, so the
run ends saying what it did. Any failure or interrupt before it (the command line turns Ctrl-C and SIGTERM into an
exception) leaves through one `finally` that stops the kernel and removes the new folder and the scratch folder: the
previous report stays as it was and no process or file is left. The same inputs give the same bytes: no clock time
(dates come from as_of), fixed SVG ids, a PDF identifier hashed from the HTML.
"""

from __future__ import annotations

import datetime as dt
import errno
import html
import logging
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from tarifftalks.build.page import describe_images, export_page, page_info, pdf_bytes, shareable
from tarifftalks.build.publish import (
    Staging,
    copy_without_rows,
    later_rows,
    output_stem,
    publish_data,
    signals_ignored,
    write_file,
)
from tarifftalks.errors import FactError, FactErrors, ReportError
from tarifftalks.paths import BUILD_DIR, DATA_DIR, NOTEBOOK, PROJECT_ROOT, REPORTS_DIR, SEEDS_DIR

CELL_TIMEOUT = 120  # seconds a cell may run (a cell of the report takes well under one)
KERNEL_SETUP = [
    "__import__('tarifftalks.present.charts', fromlist=['*']).show_as_svg_and_png()",  # also imports the package
]
KERNEL_ARGUMENTS = [
    "--IPKernelApp.log_level=ERROR",
    "--HistoryManager.enabled=False",  # a batch run keeps no history
    f"--IPKernelApp.exec_lines={KERNEL_SETUP!r}",
]


def render(
    as_of: object = None,
    comparator: object = "Japan",
    since: object = None,
    out_dir: Path = REPORTS_DIR,
    data_dir: Path = DATA_DIR,
    seeds_dir: Path = SEEDS_DIR,
    notebook: Path = NOTEBOOK,
    validate: bool = True,
    progress: Callable[[str], None] = lambda line: print(line, flush=True),
    build_dir: Path = BUILD_DIR,
    inputs_unchanged: Callable[[], bool] | None = None,
) -> dict[str, float]:
    """Check, execute, export, print and publish one report (see the module's docstring); returns the seconds
    of each step. `inputs_unchanged`, asked just before the swap, says whether what the report read is still as it
    was when the run began (a table saved during the run would otherwise be published unchecked)."""
    start = lap = time.perf_counter()
    times: dict[str, float] = {}

    def timed(step: str) -> float:
        nonlocal lap
        times[step], lap = time.perf_counter() - lap, time.perf_counter()
        return times[step]

    out_dir, data_dir, seeds_dir, notebook, build_dir = (
        Path(p).resolve()
        for p in (out_dir, data_dir, seeds_dir, notebook, build_dir)  # the kernel works elsewhere
    )
    stem = output_stem(as_of, comparator, since)
    km = staging = notebook_copy = None
    scratch = Path(tempfile.mkdtemp(prefix="tarifftalks-"))
    try:
        facts, data_read = load_in_scope(data_dir, seeds_dir, as_of, scratch)
        params = notebook_parameters(as_of, comparator, since, facts, data_read, seeds_dir)
        km = start_kernel(notebook.parent)  # it boots while the rows in scope are validated
        if validate:
            check_in_scope(facts, dt.date.fromisoformat(params["as_of"]))
        timed("check")
        progress(
            f"[1/4] data checked; as_of={params['as_of']} comparator={params['comparator']} since={params['since']}"
        )

        pause("execute")
        executed = execute(notebook, params, km)
        stop_kernel(km)
        progress(f"[2/4] notebook executed ({timed('execute'):.1f} s)")

        pause("export")
        figures = figure_outputs(executed)
        used = facts.sources[facts.sources["published"].dt.date <= dt.date.fromisoformat(params["as_of"])]
        info = page_info(params, [int(y) for y in used["published"].dt.year])
        page = describe_images(export_page(shareable(executed), info), [f["title"] for f in figures])
        timed("html")
        pdf = pdf_bytes(page, out_dir, dt.date.fromisoformat(params["as_of"]))
        progress(f"[3/4] HTML exported ({times['html']:.1f} s), PDF printed ({timed('pdf'):.1f} s)")

        pause("write")
        staging = Staging(out_dir, stem)
        for figure in figures:
            write_file(staging.path / "charts" / f"{figure['name']}.svg", figure["svg"])
            write_file(staging.path / "charts" / f"{figure['name']}.png", figure["png"])
        publish_data(data_dir, staging.path / "data", params["as_of"])
        write_file(staging.path / f"{stem}.html", page)
        write_file(staging.path / f"{stem}.pdf", pdf)
        # the executed notebook, for whoever wants to open it, goes into build/executed/ with the report it made
        # (renamed into place after the swap): an interrupted or failed run leaves the previous one there too
        import nbformat

        notebook_copy = build_dir / "executed" / f".{stem}.ipynb.{os.getpid()}"
        notebook_copy.parent.mkdir(parents=True, exist_ok=True)
        write_file(notebook_copy, nbformat.writes(executed))
        pause("swap")
        if inputs_unchanged is not None and not inputs_unchanged():
            raise ReportError(
                f"{rel(data_dir)}/ or {rel(seeds_dir)}/ changed while the report was being made, after the checks: "
                "nothing replaced; run it again"
            )
        with signals_ignored():  # from here on the new report replaces the previous one, and the run says so
            staging.swap()
            os.replace(notebook_copy, notebook_copy.with_name(f"{stem}.ipynb"))
            pause("clean")
            staging.remove_previous()
            times["total"] = time.perf_counter() - start
            progress(
                f"[4/4] wrote {rel(out_dir)}/{stem}/: {stem}.html ({len(page.encode()) / 1e6:.2f} MB), {stem}.pdf "
                f"({len(pdf) / 1e6:.2f} MB), {len(figures)} charts, data — {times['total']:.1f} s"
            )
    except OSError as exc:  # a full disk, a folder that cannot be written: one line, nothing replaced
        raise ReportError(os_error_message(exc, out_dir)) from None
    finally:
        with signals_ignored():  # the clean-up is not interrupted
            stop_kernel(km)
            if staging is not None:
                staging.discard()
            if notebook_copy is not None:
                notebook_copy.unlink(missing_ok=True)
            shutil.rmtree(scratch, ignore_errors=True)
    return times


def os_error_message(exc: OSError, out_dir: Path) -> str:
    """One line for an error of the system: the folder it could not write into, or the file that failed."""
    path = Path(exc.filename).resolve() if exc.filename else None
    if exc.errno in (errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EACCES, errno.EPERM, errno.EFBIG):
        folder = out_dir if path is None or out_dir in path.parents else path.parent  # reports/, not its staging
        return f"cannot write into {rel(folder)}: {exc.strerror}"
    return f"{rel(path)}: {exc.strerror}" if path else str(exc)


def pause(stage: str) -> None:
    """For tests: with TARIFFTALKS_PAUSE_AT=<stage>, say so and wait for a line on stdin before that stage."""
    if os.environ.get("TARIFFTALKS_PAUSE_AT") == stage:
        print(f"paused before {stage}", flush=True)
        sys.stdin.readline()


def rel(path: Path) -> str:
    try:
        return str(Path(path).resolve().relative_to(PROJECT_ROOT))
    except ValueError:
        return str(path)


# ---------------------------------------------------------------- check and execute


def start_kernel(cwd: Path):
    """A kernel, launched now: it boots while the data is checked (papermill waits until it is ready). An
    asynchronous manager, as nbclient makes for itself: with a blocking one, a wait for output blocks the loop
    that would notice a cell's timeout."""
    from jupyter_client.manager import AsyncKernelManager
    from jupyter_core.utils import run_sync

    km = AsyncKernelManager(kernel_name="python3")
    # Its own stderr is not the terminal's: stopped while it boots (bad data found meanwhile, or Ctrl-C), the
    # kernel printed a 26-line KeyboardInterrupt traceback above the one-line message. What the notebook prints
    # reaches papermill over the kernel's channels as before.
    run_sync(km.start_kernel)(cwd=str(cwd), extra_arguments=KERNEL_ARGUMENTS, stderr=subprocess.DEVNULL)
    return km


def stop_kernel(km) -> None:
    """Stop the kernel now, if it runs (a bounded wait: jupyter_client kills it after a few seconds)."""
    from jupyter_core.utils import run_sync

    if km is not None and km.has_kernel:
        run_sync(km.shutdown_kernel)(now=True)


def load_in_scope(data_dir: Path, seeds_dir: Path, as_of: object, scratch: Path):
    """The fact base, and the folder it was read from. When it does not load only because of values in rows of
    articles published after as_of, it is read without those rows (a copy where they are blank lines, each other
    row on its line), so that a bad row of a later article stops only the reports that include it. Only the rows
    that do not load are left out: the other rows of later articles stay, for the rows in scope that refer to them
    (a statement that holds until a later event; a judgement resting on a later row)."""
    from tarifftalks.facts.load import load_facts

    try:
        return load_facts(data_dir, seeds_dir), data_dir
    except FactError as whole:
        as_of = None if as_of in (None, "") else str(as_of)
        rows = later_rows(data_dir, as_of)
        errors = whole.errors if isinstance(whole, FactErrors) else [whole]
        if not all(e.field and e.row in rows.get(Path(e.file).name, ()) for e in errors):
            raise
        bad: dict[str, set[int]] = {}
        for e in errors:
            bad.setdefault(Path(e.file).name, set()).add(e.row)
        copy_without_rows(data_dir, scratch / "data", bad)
        try:
            facts = load_facts(scratch / "data", seeds_dir)
        except FactError:
            raise whole from None
    facts.paths = {name: data_dir / path.relative_to(scratch / "data") for name, path in facts.paths.items()}
    return facts, scratch / "data"


def check_in_scope(facts, as_of: dt.date) -> None:
    """Validate the whole fact base and raise its errors, but those in rows of articles published after as_of
    (a row of an earlier article may refer to a later one's: it is checked against the whole base)."""
    from tarifftalks.facts.validate import validate

    later = set(facts.sources.loc[facts.sources["published"].dt.date > as_of, "source_id"])
    skip = {
        (facts.label(name), int(row))
        for name, table in facts.tables.items()
        if "source_id" in table.columns
        for row in table.index[table["source_id"].isin(later)]
    }
    errors = [e for e in validate(facts).errors if (e.file, e.row) not in skip]
    if errors:
        raise FactErrors(errors)


def notebook_parameters(as_of, comparator, since, facts, data_dir: Path, seeds_dir: Path) -> dict:
    """The notebook's parameters, checked against the facts (ParameterError names a bad one)."""
    from tarifftalks.facts.load import parse_as_of, parse_comparator, parse_since

    as_of_date = parse_as_of(as_of, facts)
    since_date = parse_since(since, as_of_date)
    return {
        "as_of": as_of_date.isoformat(),
        "comparator": parse_comparator(comparator, facts),
        "since": since_date.isoformat() if since_date else None,
        "data_dir": str(data_dir),
        "seeds_dir": str(seeds_dir),
    }


def execute(notebook: Path, parameters: dict, km) -> object:
    """Run the notebook with papermill on the kernel `km`; a failing cell becomes a ReportError naming notebook and
    cell. Every wait is bounded: the kernel's start (60 s) and each cell (CELL_TIMEOUT)."""
    import papermill
    from nbclient.exceptions import CellTimeoutError, DeadKernelError
    from papermill.exceptions import PapermillExecutionError

    for name in ("papermill", "traitlets"):  # their log lines would come on top of the one message
        logging.getLogger(name).setLevel(logging.CRITICAL)
    try:
        return papermill.execute_notebook(
            str(notebook), None, parameters=parameters, cwd=str(notebook.parent), kernel_name="python3",
            progress_bar=False, log_output=False, request_save_on_cell_execute=False, km=km,
            execution_timeout=CELL_TIMEOUT, start_timeout=60,
        )  # fmt: skip
    except PapermillExecutionError as exc:
        cell = exc.exec_count or exc.cell_index
        raise ReportError(f"{rel(notebook)}, cell {cell}: {exc.ename}: {strip_ansi(exc.evalue)}") from None
    except (DeadKernelError, CellTimeoutError, TimeoutError, RuntimeError) as exc:  # died, hung, never started
        first_line = strip_ansi(str(exc)).strip().splitlines()[0]
        raise ReportError(f"{rel(notebook)}: {type(exc).__name__}: {first_line}") from None


def strip_ansi(text: str) -> str:
    return re.sub(r"\x1b\[[0-9;]*m", "", text)


# ---------------------------------------------------------------- figures


def figure_outputs(nb) -> list[dict]:
    """Every figure the notebook showed (an output with SVG and PNG), in document order: name, title, svg, png.
    The name is the figure's label, else its title, as a slug (the SVG's metadata carries both); a second figure
    of the same name gets -2, and so on."""
    import base64

    figures, seen = [], {}
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            data = out.get("data", {})
            if "image/svg+xml" not in data or "image/png" not in data:
                continue
            svg = data["image/svg+xml"]
            title, label = (html.unescape(svg_metadata(svg, key)) for key in ("title", "identifier"))
            name = re.sub(r"[^a-z0-9_]+", "-", (label or title).lower()).strip("-_")[:60].strip("-_") or "figure"
            seen[name] = seen.get(name, 0) + 1
            name += f"-{seen[name]}" if seen[name] > 1 else ""
            png = base64.b64decode(data["image/png"])
            figures.append({"name": name, "title": title, "svg": svg, "png": png})
    return figures


def svg_metadata(svg: str, key: str) -> str:
    """The first <dc:key> of an SVG's metadata (matplotlib writes the title and the label there)."""
    found = re.search(rf"<dc:{key}>(.*?)</dc:{key}>", svg[:4000], re.S)
    return found.group(1) if found else ""
