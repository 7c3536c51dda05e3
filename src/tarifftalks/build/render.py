"""Rendering: execute the report notebook with papermill, export HTML with nbconvert, print the PDF
with WeasyPrint. The runner drives the kernel; a forked printer does the HTML and the PDF, a forked
checker the validation (see `render`). Nothing is written until every stage succeeded, and every output
is written to a temporary file and then moved into place, so a failed run leaves the previous report
untouched.
"""

from __future__ import annotations

import contextlib
import copy
import datetime as dt
import functools
import gc
import hashlib
import html
import logging
import os
import re
import shutil
import signal
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import ClassVar

from tarifftalks.errors import FactError, ReportError
from tarifftalks.build.outputs import META_KEY
from tarifftalks.paths import BUILD_DIR, DATA_DIR, NOTEBOOK, PROJECT_ROOT, REPORTS_DIR, SEEDS_DIR
from tarifftalks.build.publish import Staging, alive, output_stem, publish_data, write_file

TITLE = "Korea–US tariff talks, {years}"  # the years are those of the articles used
REMOVE_TAGS = {"parameters", "injected-parameters", "remove-in-report"}


@dataclass
class Stages:
    """Seconds spent in each stage, for progress lines and the benchmark."""

    times: dict[str, float] = field(default_factory=dict)
    sizes: dict[str, int] = field(default_factory=dict)


# ---------------------------------------------------------------- execute


class Kernel:
    """One kernel, started at once so that it boots while the runner loads and checks the data.

    It imports the report package (pandas, matplotlib) while it starts (IPython's exec_lines), so
    no client has to talk to it before papermill runs the notebook on it. Once the notebook has run,
    `finish_in_background` gives it a last piece of work and stops it, in a thread, while the runner
    goes on; `join` waits for both and raises the kernel's error, if any.
    """

    WARM_UP = "import tarifftalks.present.report"
    ARGUMENTS = ("--IPKernelApp.log_level=ERROR", "--HistoryManager.enabled=False")  # a batch run keeps no history
    POLL = 0.5  # seconds between checks that the kernel is still alive while waiting for it

    def __init__(self, cwd: Path, warm_up: str = WARM_UP):
        from jupyter_client.manager import KernelManager

        self.km = KernelManager(kernel_name="python3")
        self.km.start_kernel(cwd=str(cwd), extra_arguments=[*self.ARGUMENTS, f"--IPKernelApp.exec_lines={[warm_up]!r}"])
        self._finishing: threading.Thread | None = None
        self._error: BaseException | None = None
        self._stop_requested = threading.Event()
        self._stop_lock = threading.Lock()
        self._stop_done = False

    def interrupt(self) -> None:
        """Interrupt what the kernel runs, as Jupyter's stop button does (SIGINT): the running cell fails
        at once and papermill reports it as usual. Stopping the kernel under papermill instead can leave
        nbclient waiting for output for ever. Safe from any thread."""
        pid = getattr(self.km.provisioner, "pid", None)
        if pid:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGINT)

    def finish_in_background(self, code: str, what: str, timeout: float = 120) -> None:
        """Run `code` in the kernel, then stop the kernel, both in a thread; `join` collects the outcome."""
        client = self.km.blocking_client()
        client.start_channels()
        msg_id = client.execute(code, silent=False, store_history=False)

        def finish() -> None:
            try:
                self._wait_for(client, msg_id, what, timeout)
            except BaseException as exc:  # handed to join(), in the runner's thread
                self._error = exc
            finally:
                client.stop_channels()
                self._stop()

        self._finishing = threading.Thread(target=finish, name="kernel-finish")
        self._finishing.start()

    def _wait_for(self, client, msg_id: str, what: str, timeout: float) -> None:
        """Wait for the reply to msg_id; an error in the kernel becomes a ReportError naming `what`."""
        import queue

        deadline = time.monotonic() + timeout
        while True:
            try:
                reply = client.get_shell_msg(timeout=self.POLL)
            except queue.Empty:
                if self._stop_requested.is_set() or not self.km.is_alive():
                    raise ReportError(f"{what}: the kernel stopped before it answered") from None
                if time.monotonic() > deadline:
                    raise ReportError(f"{what}: no answer from the kernel in {timeout:.0f} s") from None
                continue
            if reply["parent_header"].get("msg_id") == msg_id:
                break
        content = reply["content"]
        if content["status"] != "ok":
            raise ReportError(f"{what}: {content.get('ename')}: {_strip_ansi(content.get('evalue', ''))}")

    def _stop(self) -> None:
        """Stop the kernel, exactly once whichever thread asks first; a second caller waits for the first."""
        self._stop_requested.set()  # a wait in the finishing thread gives up at its next poll
        with self._stop_lock:
            if not self._stop_done:
                try:
                    self.km.shutdown_kernel(now=True)
                finally:
                    self._stop_done = True

    def join(self) -> None:
        """Wait for the background work and the kernel's end; raise the work's error, if any."""
        if self._finishing is not None:
            self._finishing.join()
        if self._error is not None:
            raise self._error

    def shutdown(self) -> None:
        """Stop the kernel now (a no-op if the finishing thread already did), then wait for that thread."""
        self._stop()
        if self._finishing is not None:
            self._finishing.join()


def execute(notebook: Path, parameters: dict, executed_path: Path, km=None) -> object:
    """Run the notebook with papermill; a failing cell becomes a ReportError naming notebook and cell."""
    import papermill
    from nbclient.exceptions import CellTimeoutError, DeadKernelError
    from papermill.exceptions import PapermillExecutionError

    executed_path.parent.mkdir(parents=True, exist_ok=True)
    tmp = executed_path.with_name(f".partial-{executed_path.name}")
    try:
        nb = papermill.execute_notebook(
            str(notebook),
            str(tmp),
            parameters=parameters,
            cwd=str(notebook.parent),
            kernel_name="python3",
            progress_bar=False,
            log_output=False,
            report_mode=False,
            extra_arguments=["--IPKernelApp.log_level=ERROR"],
            km=km,
            request_save_on_cell_execute=False,
        )
        os.replace(tmp, executed_path)
    except PapermillExecutionError as exc:
        raise ReportError(
            f"{_rel(notebook)}, cell {exc.exec_count or exc.cell_index}: {exc.ename}: {_strip_ansi(exc.evalue)}"
        ) from None
    except (DeadKernelError, CellTimeoutError) as exc:  # the kernel died or a cell hung: say which notebook
        raise ReportError(f"{_rel(notebook)}: {type(exc).__name__}: {_strip_ansi(str(exc)).strip()}") from None
    finally:
        tmp.unlink(missing_ok=True)
    return nb


def _strip_ansi(text: str) -> str:
    return re.sub(r"\x1b\[[0-9;]*m", "", text)


def _rel(path: Path) -> str:
    try:
        return str(Path(path).resolve().relative_to(PROJECT_ROOT))
    except ValueError:
        return str(path)


# ---------------------------------------------------------------- HTML


def shareable(nb):
    """A copy of the executed notebook without the parameter cells and execution metadata (tags stay:
    the template hides code by them)."""
    nb = copy.deepcopy(nb)
    nb.cells = [c for c in nb.cells if not REMOVE_TAGS & set(c.metadata.get("tags", []))]
    for cell in nb.cells:
        cell.metadata = {"tags": cell.metadata["tags"]} if cell.metadata.get("tags") else {}
        cell.pop("execution_count", None)
        if cell.cell_type == "code":
            cell.execution_count = None
            for out in cell.outputs:
                if "execution_count" in out:  # an execute_result must keep the field, empty
                    out.execution_count = None
    nb.metadata = {"language_info": {"name": "python"}}
    return nb


TEMPLATES = Path(__file__).with_name("templates")  # templates/report: the page around the notebook
HIDDEN_INPUT_TAG = "remove-input"  # Jupyter Book's convention: the output shows, the code does not


@functools.lru_cache(maxsize=1)
def html_exporter():
    """nbconvert's HTML exporter with the project's `report` template (basic, inside a page with title
    page and contents): outputs and markdown, code removed by cell tags, no prompts."""
    from nbconvert import HTMLExporter
    from traitlets.config import Config

    config = Config()
    config.TagRemovePreprocessor.enabled = True
    config.TagRemovePreprocessor.remove_cell_tags = set(REMOVE_TAGS)
    config.TagRemovePreprocessor.remove_input_tags = {HIDDEN_INPUT_TAG}
    exporter = HTMLExporter(
        config=config,
        template_name="report",
        extra_template_basedirs=[str(TEMPLATES)],
        exclude_input_prompt=True,
        exclude_output_prompt=True,
        anchor_link_text="",
    )
    exporter.register_preprocessor(contents_preprocessor(), enabled=True)
    exporter.environment  # noqa: B018  (loads the templates now, in the printer's warm-up)
    return exporter


def heading_id(title: str) -> str:
    """The id nbconvert's markdown renderer gives a heading with this text."""
    from nbconvert.filters.strings import add_anchor

    return re.search(r'id="([^"]*)"', add_anchor(f"<h2>{html.escape(title)}</h2>")).group(1)


def contents_preprocessor():
    """A preprocessor that lists the level-2 headings of markdown cells and Markdown outputs, in
    document order, as resources["contents"]: (id, title) pairs for the template's contents page."""
    from nbconvert.preprocessors import Preprocessor

    class Contents(Preprocessor):
        def preprocess(self, nb, resources):
            texts = []
            for cell in nb.cells:
                if cell.cell_type == "markdown":
                    texts.append(cell.source)
                texts += [
                    o["data"]["text/markdown"] for o in cell.get("outputs", []) if "text/markdown" in o.get("data", {})
                ]
            titles = [m.group(1).strip() for t in texts for m in re.finditer(r"^## (.+)$", t, re.M)]
            resources["contents"] = [(heading_id(t), t) for t in titles]
            return nb, resources

    return Contents()


@dataclass
class PageInfo:
    """What the template shows around the notebook: the title page's facts."""

    as_of: dt.date
    comparator: str | None
    since: dt.date | None
    n_articles: int
    years: list[int]

    def resources(self) -> dict:
        title = TITLE.format(years="–".join(str(y) for y in sorted({min(self.years), max(self.years)})))
        meta = [("Articles used", str(self.n_articles))]
        if self.comparator:
            meta.append(("Comparator", self.comparator))
        if self.since:
            meta.append(("Changes since", f"{self.since:%B} {self.since.day}, {self.since.year}"))
        return {
            "report": {
                "title": title,
                "as_of_iso": self.as_of.isoformat(),
                "as_of_text": f"{self.as_of:%B} {self.as_of.day}, {self.as_of.year}",
                "meta": meta,
            }
        }


def export_page(nb, info: PageInfo) -> str:
    """The whole self-contained HTML document, from the executed notebook."""
    page_html, _ = html_exporter().from_notebook_node(nb, resources=info.resources())
    return re.sub(r' id="cell-id=[^"]*"', "", page_html)


# ---------------------------------------------------------------- charts and PDF


@dataclass
class ChartOutput:
    name: str
    title: str
    svg: str


def chart_outputs(nb) -> list[ChartOutput]:
    """Every chart the notebook displayed, in document order."""
    found = []
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            meta = out.get("metadata", {}).get(META_KEY, {})
            if meta.get("chart"):
                found.append(ChartOutput(meta["chart"], meta.get("title", meta["chart"]), out["data"]["image/svg+xml"]))
    return found


def png_request(directory: Path, names: list[str]) -> str:
    """The code the runner sends to the notebook's kernel once it has run: draw the slide PNGs."""
    return f"__import__('tarifftalks.present.charts', fromlist=['write_pngs']).write_pngs({str(directory)!r}, {names!r})"


def describe_images(body: str, titles: list[str]) -> str:
    """Replace nbconvert's placeholder alt text with each chart's title, in document order."""
    placeholder = 'alt="No description has been provided for this image"'
    for title in titles:
        body = body.replace(placeholder, f'alt="Chart: {html.escape(title)}"', 1)
    return body


@contextlib.contextmanager
def gc_paused():
    """Pause Python's cyclic garbage collector: WeasyPrint allocates millions of small objects and
    the collector's passes over them cost about a quarter of its time. Memory is freed afterwards."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def offline_fetcher():
    """A WeasyPrint URL fetcher that reads data: URLs and local files, never the network, and fails loudly."""
    from weasyprint.urls import URLFetcher

    return URLFetcher(allowed_protocols={"data", "file"}, fail_on_errors=True)


def pdf_bytes(page_html: str, base_url: Path, as_of: dt.date) -> bytes:
    """Print the page to PDF with WeasyPrint; same HTML, same bytes.

    Font subsets carry a timestamp: fontTools takes it from SOURCE_DATE_EPOCH, set here to the
    as_of date (unless the caller set it), so no clock time reaches the file.
    """
    for name in ("weasyprint", "fontTools", "fontTools.subset", "fontTools.ttLib"):
        logging.getLogger(name).setLevel(logging.ERROR)
    from weasyprint import HTML
    from weasyprint.urls import FatalURLFetchingError

    identifier = hashlib.sha256(page_html.encode("utf-8")).hexdigest()[:32].encode("ascii")
    epoch = str(int(dt.datetime.combine(as_of, dt.time(), dt.UTC).timestamp()))
    previous = os.environ.setdefault("SOURCE_DATE_EPOCH", epoch)
    try:
        document = HTML(string=page_html, base_url=str(base_url), url_fetcher=offline_fetcher())
        with gc_paused():
            return document.write_pdf(pdf_identifier=identifier, uncompressed_pdf=False)
    except FatalURLFetchingError as exc:  # a BaseException in WeasyPrint: made one clear message here
        raise ReportError(f"printing the PDF: only data: and file: resources are allowed, not the web: {exc}") from None
    finally:
        if previous == epoch and os.environ.get("SOURCE_DATE_EPOCH") == epoch:
            del os.environ["SOURCE_DATE_EPOCH"]


# ---------------------------------------------------------------- all together


WARM_UP_MARKDOWN = """## Heading

Text with a [link](#x), *emphasis*, `code` and a list:

- one
- two

| a | b |
|---|---|
| 1 | 2 |
"""
WARM_UP_SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20"><text x="2" y="14">1</text></svg>'


def warm_up_exporter() -> None:
    """Export a two-cell notebook once: nbconvert compiles its templates and its markdown and HTML
    rules on first use (about a quarter of a second), here off the critical path."""
    import nbformat

    output = nbformat.v4.new_output(
        "display_data", data={"text/html": "<p>x</p>", "image/svg+xml": WARM_UP_SVG, "text/plain": "x"}
    )
    nb = nbformat.v4.new_notebook(
        cells=[nbformat.v4.new_markdown_cell(WARM_UP_MARKDOWN), nbformat.v4.new_code_cell("x", outputs=[output])]
    )
    export_page(shareable(nb), PageInfo(dt.date(2025, 1, 1), None, None, 1, [2025]))


class Worker:
    """A forked child process that runs `work(inbox, *args)` and sends back what it returns.

    Forked, so it shares what the runner has loaded and imported, and nothing is pickled on the way
    in. Its own interpreter means it never waits on the runner's lock (GIL) nor the runner on it:
    the runner stays free to answer the kernel at once. `send` passes it a message (it reads them
    from `inbox`); `result` waits for its answer and raises its error, if any, as a ReportError.
    With `on_error`, a thread waits for the answer from the start and calls `on_error()` as soon as
    the work fails, so that the runner can stop what depends on it (bad data stops a render at once).

    A worker never outlives the runner: it closes every runner-side pipe end it inherited (so a
    runner that dies leaves it reading EOF, not waiting for ever) and asks the kernel to kill it when
    the runner goes (Linux's parent-death signal). Ctrl-C is the runner's to handle: a worker ignores
    it and is stopped by the runner.
    """

    TIMEOUT = 600  # seconds `result` waits; far above a normal run (a few seconds)
    _runner_ends: ClassVar[list] = []  # runner-side pipe ends of the workers alive, closed in each new child

    def __init__(self, what: str, work: Callable, *args, niceness: int = 0, on_error: Callable | None = None):
        import multiprocessing

        self.what = what
        context = multiprocessing.get_context("fork")
        self._conn, child_end = context.Pipe()
        Worker._runner_ends.append(self._conn)
        self._process = context.Process(target=self._run, args=(what, work, args, niceness, child_end), daemon=True)
        self._process.start()
        child_end.close()
        self._answer: tuple | None = None
        self._receiving = threading.Lock()
        self._stopping = threading.Lock()  # the watcher and the runner may both stop it
        self._watcher = None
        if on_error is not None:
            self._watcher = threading.Thread(target=self._watch, args=(on_error,), name=f"{what}-watch", daemon=True)
            self._watcher.start()

    @staticmethod
    def _run(what: str, work: Callable, args: tuple, niceness: int, conn) -> None:

        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        for end in Worker._runner_ends:
            end.close()
        die_with_parent(signal.SIGKILL)
        if niceness:
            os.nice(niceness)
        try:
            answer = (work(conn, *args), None)
        except ReportError as exc:
            answer = (None, str(exc))  # already says where
        except BaseException as exc:  # anything else still reaches the user as one message, saying where
            answer = (None, f"{what}: {type(exc).__name__}: {exc}")
        conn.send(answer)
        conn.close()

    def _watch(self, on_error: Callable) -> None:
        if self._receive()[1] is not None:
            on_error()

    def _receive(self) -> tuple:
        """(value, error) from the worker, received once whichever thread asks first."""
        with self._receiving:
            if self._answer is None:
                try:
                    if not self._conn.poll(self.TIMEOUT):
                        self._answer = (None, f"{self.what}: no result in {self.TIMEOUT} s")
                    else:
                        self._answer = self._conn.recv()
                except (EOFError, OSError):
                    self._process.join()
                    self._answer = (None, f"{self.what} stopped without a result (exit code {self._process.exitcode})")
            return self._answer

    def failed(self) -> bool:
        """Whether the worker has already answered with an error."""
        return self._answer is not None and self._answer[1] is not None

    def send(self, message: object) -> None:
        """Pass a message; a worker that has already stopped (say, failed in its warm-up) raises its error."""
        try:
            self._conn.send(message)
            return
        except OSError:  # BrokenPipeError: it has ended; its answer, if it sent one, says why
            pass
        # Raised outside the except block: an error raised inside would keep the BrokenPipeError as its
        # context, whose frames hold the pickled message's memoryview of a BytesIO; collected as a cycle,
        # that is an unraisable BufferError under Python 3.13 (and a crash under 3.12.1).
        self.result()
        raise ReportError(f"{self.what} ended before it was given its work")

    def result(self) -> object:
        """Its answer; raises ReportError with its error, or if it stops or hangs without answering."""
        value, error = self._receive()
        self._process.join()
        if error is not None:
            raise ReportError(error)
        return value

    def stop(self) -> None:
        """Kill the worker and close its pipe; safe from any thread, and more than once."""
        with self._stopping:
            if self._process.is_alive():
                self._process.kill()
            self._process.join()
            if self._conn in Worker._runner_ends:
                Worker._runner_ends.remove(self._conn)
            watcher_waiting = self._watcher is not None and self._watcher.is_alive()
            if not self._conn.closed and not watcher_waiting:
                self._conn.close()  # a watcher still waiting reads EOF from the dead worker and ends


def die_with_parent(sig: int) -> None:
    """Ask Linux to send `sig` to this process when its parent dies (prctl PR_SET_PDEATHSIG); elsewhere, nothing."""
    import ctypes

    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, int(sig), 0, 0, 0)  # 1 = PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def quick_check(facts) -> None:
    """The checks that take about a tenth of a second: articles present and unchanged, quotes in their
    articles, numbers in their quotes, dates, omissions, known sources. The runner does them while the
    kernel boots, so bad data of these kinds stops the run before anything renders; the schema checks
    (pandera, about a second) run in the checker."""
    from tarifftalks.errors import FactErrors
    from tarifftalks.facts.validate import (
        article_texts,
        date_errors,
        foreign_key_errors,
        number_errors,
        omission_errors,
        quote_errors,
    )

    texts = article_texts(facts)  # raises on a missing or changed article
    errors = foreign_key_errors(facts) + quote_errors(facts, texts) + number_errors(facts) + date_errors(facts)
    errors += omission_errors(facts, texts)
    if errors:
        raise FactErrors(errors)


def check_data(_inbox, facts) -> float:
    """The full data checks (worker's work); returns their seconds or raises the errors found."""
    from tarifftalks.facts.validate import check

    t0 = time.perf_counter()
    check(facts)
    return time.perf_counter() - t0


@dataclass
class PrintJob:
    """What the printer needs once the notebook has run."""

    notebook_json: str
    chart_titles: list[str]
    info: PageInfo
    base_url: Path


def print_report(inbox) -> dict:
    """The printer's work: warm up nbconvert and WeasyPrint while the kernel runs, then turn the
    executed notebook into the page and the PDF. Returns {"html", "pdf", "times"}."""
    import nbformat

    t0 = time.perf_counter()
    warm_up_exporter()
    import weasyprint  # noqa: F401

    times = {"warm-up": time.perf_counter() - t0}
    job: PrintJob = inbox.recv()
    t0 = time.perf_counter()
    nb = nbformat.reads(job.notebook_json, as_version=4)
    page_html = describe_images(export_page(shareable(nb), job.info), job.chart_titles)
    times["html"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    pdf = pdf_bytes(page_html, job.base_url, job.info.as_of)
    times["pdf"] = time.perf_counter() - t0
    return {"html": page_html, "pdf": pdf, "times": times}


def print_progress(message: str) -> None:
    """A progress line, shown at once also through a pipe (make's output, CI logs)."""
    print(message, flush=True)


def render(
    as_of: object = None,
    comparator: object = "Japan",
    since: object = None,
    out_dir: Path = REPORTS_DIR,
    data_dir: Path = DATA_DIR,
    seeds_dir: Path = SEEDS_DIR,
    notebook: Path = NOTEBOOK,
    validate: bool = True,
    progress: Callable[[str], None] = print_progress,
    build_dir: Path = BUILD_DIR,
) -> Stages:
    """Validate, execute, export HTML and PDF; swap the report's outputs in only when all succeeded.

    Four processes share the work. The kernel starts first and imports the report package while the
    runner loads the data and checks the parameters. A printer (forked) imports and warms up nbconvert
    and WeasyPrint while the notebook runs, then exports the page and prints the PDF. A checker
    (forked, lowest priority) validates the data on whatever CPU is left; if it finds an error, the
    kernel and the printer are stopped at once and the run ends with the checker's message. Once the
    notebook has run, the kernel draws the slide PNGs from its figures, straight into the report's
    staging folder, while the PDF prints. The outputs replace the previous ones in one step
    (`publish.Staging`); on any failure or interrupt every helper is stopped and the staging folder
    removed, so out_dir is as it was.
    """
    with private_tmp():
        return _render(as_of, comparator, since, out_dir, data_dir, seeds_dir, notebook, validate, progress, build_dir)


@contextlib.contextmanager
def private_tmp() -> Iterator[Path]:
    """A temporary folder (TMPDIR) for the run and every process it starts, removed at the end
    whatever happened: a helper stopped mid-work (WeasyPrint, the kernel) leaves nothing behind. One
    left by a runner killed outright (its process gone) is removed by the next run."""
    for old in Path(tempfile.gettempdir()).glob("tarifftalks-*-*"):
        pid = old.name.split("-")[1]
        if pid.isdigit() and not alive(int(pid)):
            shutil.rmtree(old, ignore_errors=True)
    path = tempfile.mkdtemp(prefix=f"tarifftalks-{os.getpid()}-")
    saved = os.environ.get("TMPDIR"), tempfile.tempdir
    os.environ["TMPDIR"] = tempfile.tempdir = path
    try:
        yield Path(path)
    finally:
        if saved[0] is None:
            os.environ.pop("TMPDIR", None)
        else:
            os.environ["TMPDIR"] = saved[0]
        tempfile.tempdir = saved[1]
        shutil.rmtree(path, ignore_errors=True)


def _render(as_of, comparator, since, out_dir, data_dir, seeds_dir, notebook, validate, progress, build_dir) -> Stages:
    stages = Stages()
    start = time.perf_counter()
    # absolute, because the kernel works in the notebook's folder
    out_dir, data_dir, seeds_dir, notebook, build_dir = (
        Path(p).resolve() for p in (out_dir, data_dir, seeds_dir, notebook, build_dir)
    )
    stem = output_stem(as_of, comparator, since)

    kernel = Kernel(notebook.parent)  # boots while pandas is imported and the data loaded
    printer = checker = staging = None

    executed_or_failed = threading.Event()

    def stop_for_bad_data() -> None:
        """The checker found an error: stop the work that would be thrown away. A SIGINT that reaches the
        kernel between two cells is lost (nothing runs to interrupt), so it is sent again until the
        notebook's execution has ended."""
        if printer:
            printer.stop()
        while not executed_or_failed.is_set():
            kernel.interrupt()
            executed_or_failed.wait(0.2)

    def clean_up(strict: bool) -> None:
        """Stop every helper and remove the staging folder. On a failure path (strict=False) an error
        here must not hide the one that stopped the run."""
        executed_or_failed.set()
        steps = [w.stop for w in (checker, printer) if w] + [kernel.shutdown]
        if staging:
            steps.append(staging.discard)
        for step in steps:
            try:
                step()
            except Exception:
                if strict:
                    raise

    try:
        import nbformat

        from tarifftalks.facts.load import load_facts, parse_as_of, parse_comparator, parse_since

        facts = load_facts(data_dir, seeds_dir)
        printer = Worker("printing the report", print_report)  # now, not before: the kernel has booted alone so far
        if validate:
            checker = Worker("validation", check_data, facts, niceness=19, on_error=stop_for_bad_data)
            quick_check(facts)
        as_of_date = parse_as_of(as_of, facts)
        since_date = parse_since(since, as_of_date)
        comparator_name = parse_comparator(comparator, facts)
        progress(f"[1/4] data loaded, parameters as_of={as_of_date} comparator={comparator_name} since={since_date}")
        params = {
            "as_of": as_of_date.isoformat(),
            "comparator": comparator_name,
            "since": since_date.isoformat() if since_date else None,
            "data_dir": str(data_dir),
            "seeds_dir": str(seeds_dir),
        }
        t0 = time.perf_counter()
        try:
            executed = execute(notebook, params, build_dir / "executed" / f"{stem}.ipynb", km=kernel.km)
        finally:
            executed_or_failed.set()
        if checker and checker.failed():  # it found an error between two cells: the run ends here
            checker.result()
        stages.times["execute"] = time.perf_counter() - t0
        staging = Staging(out_dir, stem)
        charts_dir = staging.path / "charts"
        charts_dir.mkdir()
        charts = chart_outputs(executed)
        kernel.finish_in_background(
            png_request(charts_dir, [c.name for c in charts]), f"{_rel(notebook)}: drawing the slide PNGs"
        )
        progress(f"[2/4] notebook executed ({stages.times['execute']:.1f} s)")

        used = facts.sources[facts.sources["published"].dt.date <= as_of_date]
        printer.send(
            PrintJob(
                nbformat.writes(executed),
                [c.title for c in charts],
                PageInfo(
                    as_of_date, comparator_name, since_date, len(used), [int(y) for y in used["published"].dt.year]
                ),
                out_dir,
            )
        )
        printed = printer.result()
        stages.times.update(printed["times"])
        progress(f"[3/4] HTML exported ({stages.times['html']:.1f} s), PDF printed ({stages.times['pdf']:.1f} s)")
        kernel.join()  # the PNGs are drawn and the kernel has stopped
        stages.times["validate"] = checker.result() if checker else 0.0
        progress(
            "[4/4] slide PNGs drawn alongside"
            + (f"; data valid (checked alongside, {stages.times['validate']:.1f} s)" if checker else "")
        )

        page_html, pdf = printed["html"], printed["pdf"]
        write_outputs(staging, charts, page_html, pdf, data_dir, as_of_date)
        staging.commit()  # every stage succeeded: the new set replaces the previous one in one step
    except Exception as exc:
        try:
            if checker and not isinstance(exc, FactError):
                checker.result()  # bad data explains a failure better than its consequence does
        finally:
            clean_up(strict=False)
        raise
    except BaseException:  # an interrupt: stop at once, without waiting for the checker
        clean_up(strict=False)
        raise
    clean_up(strict=True)  # the kernel has stopped already, the workers have ended

    stages.sizes = {"html": len(page_html.encode("utf-8")), "pdf": len(pdf)}
    stages.times["total"] = time.perf_counter() - start
    progress(
        f"wrote {_rel(out_dir)}/{stem}/: {stem}.html ({stages.sizes['html'] / 1e6:.2f} MB), "
        f"{stem}.pdf ({stages.sizes['pdf'] / 1e6:.2f} MB), {len(charts)} charts, data"
        f" — {stages.times['total']:.1f} s"
    )
    return stages


def write_outputs(
    staging: Staging, charts: list[ChartOutput], page_html: str, pdf: bytes, data_dir: Path, as_of
) -> None:
    """Everything of one report into its staging folder; the slide PNGs are there already."""
    folder = staging.path
    try:
        for chart in charts:
            if not (folder / "charts" / f"{chart.name}.png").is_file():
                raise ReportError(f"the slide PNG of chart {chart.name!r} was not drawn")
            write_file(folder / "charts" / f"{chart.name}.svg", chart.svg)
        publish_data(data_dir, folder / "data", as_of.isoformat())
        write_file(folder / f"{staging.stem}.html", page_html)
        write_file(folder / f"{staging.stem}.pdf", pdf)
    except OSError as exc:
        raise ReportError(f"cannot write the report into {_rel(staging.out_dir)}: {exc.strerror or exc}") from None
