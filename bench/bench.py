"""`make bench`: time each step of a cold and a warm build, the floor of the tools, the plain pipeline, and sizes.

The floor is what no build can avoid, measured in the same run: start one kernel and import pandas
and matplotlib in it, plus WeasyPrint's time on the same HTML. The plain pipeline is the same report
made by the three tools' command lines one after the other. Nothing here asserts a time.
"""

from __future__ import annotations

import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from scale import grow_corpus

from tarifftalks.paths import PROJECT_ROOT

ROUNDS = 5
STAGES = ["check", "execute", "html", "pdf", "total", "wall"]
LABELS = {
    "check": "load and validate (kernel boots alongside)",
    "execute": "execute the notebook",
    "html": "export HTML",
    "pdf": "print PDF",
    "total": "total in process",
    "wall": "wall, with start-up and exit",
}


def timed_build(out: Path, env: dict) -> dict:
    """One full report build in a fresh process; its stage times, wall time and output sizes."""
    timings = out / "timings.json"
    cmd = [
        sys.executable,
        "-m",
        "tarifftalks",
        "report",
        "--out",
        str(out),
        "--build-dir",
        str(out / "build"),
        "--timings",
        str(timings),
    ]
    t0 = time.perf_counter()
    subprocess.run(cmd, check=True, env=env, stdout=subprocess.DEVNULL)
    wall = time.perf_counter() - t0
    times = json.loads(timings.read_text(encoding="utf-8"))
    folder = out / "report"
    sizes = {"html": (folder / "report.html").stat().st_size, "pdf": (folder / "report.pdf").stat().st_size}
    return {"times": times | {"wall": wall}, "sizes": sizes}


def kernel_floor() -> float:
    """Seconds to start a kernel and import pandas and matplotlib in it."""
    from jupyter_client.manager import start_new_kernel

    t0 = time.perf_counter()
    km, kc = start_new_kernel(kernel_name="python3", extra_arguments=["--IPKernelApp.log_level=ERROR"])
    kc.execute_interactive("import pandas, matplotlib", timeout=120)
    seconds = time.perf_counter() - t0
    kc.stop_channels()
    km.shutdown_kernel(now=True)
    return seconds


def pdf_floor(html_path: Path) -> float:
    """WeasyPrint's own time on the report's HTML: library imported, garbage collector paused as
    the build pauses it."""
    import gc

    from weasyprint import HTML

    html = html_path.read_text(encoding="utf-8")
    t0 = time.perf_counter()
    gc.disable()
    HTML(string=html, base_url=str(html_path.parent)).write_pdf()
    gc.enable()
    return time.perf_counter() - t0


def plain_pipeline(out: Path, env: dict) -> float:
    """Seconds for the same report made the plain way, one tool after the other from the command line:
    papermill executes the notebook, nbconvert exports it with the project's template, WeasyPrint prints it."""
    from tarifftalks.build.page import TEMPLATES
    from tarifftalks.paths import NOTEBOOK

    out.mkdir(parents=True, exist_ok=True)
    executed, html = out / "report.ipynb", out / "report.html"
    bin_dir = Path(sys.executable).parent
    steps = [
        [
            sys.executable,
            "-m",
            "papermill",
            "--no-progress-bar",
            "--log-level",
            "ERROR",
            "--cwd",
            str(NOTEBOOK.parent),
            str(NOTEBOOK),
            str(executed),
        ],
        [
            str(bin_dir / "jupyter-nbconvert"),
            "--to",
            "html",
            f"--TemplateExporter.extra_template_basedirs={TEMPLATES}",
            "--template",
            "report",
            "--TagRemovePreprocessor.remove_input_tags=remove-input",
            "--TagRemovePreprocessor.remove_cell_tags=parameters",
            "--TagRemovePreprocessor.remove_cell_tags=injected-parameters",
            "--TagRemovePreprocessor.remove_cell_tags=remove-in-report",
            "--log-level=ERROR",
            str(executed),
            "--output",
            str(html),
        ],
        [str(bin_dir / "weasyprint"), "-q", str(html), str(out / "report.pdf")],
    ]
    t0 = time.perf_counter()
    for step in steps:
        subprocess.run(step, check=True, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - t0


def noop_make() -> float | None:
    """Seconds for `make report` when everything is up to date (None without make)."""
    try:
        subprocess.run(
            ["make", "--no-print-directory", "-s", "report"], cwd=PROJECT_ROOT, check=True, capture_output=True
        )
        t0 = time.perf_counter()
        subprocess.run(
            ["make", "--no-print-directory", "-s", "report"], cwd=PROJECT_ROOT, check=True, capture_output=True
        )
        return time.perf_counter() - t0
    except (OSError, subprocess.CalledProcessError):
        return None


def machine() -> str:
    return f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, {platform.system()} {platform.release()}"


SUMMARIES = {"best": min, "median": statistics.median}  # the same summary on both sides of the ratio


def main(rounds: int = ROUNDS) -> int:
    with tempfile.TemporaryDirectory(prefix="tt-bench-") as tmp:
        tmp = Path(tmp)
        env = dict(os.environ, MPLCONFIGDIR=str(tmp / "mplconfig"))  # cold: no matplotlib font cache yet
        cold = timed_build(tmp / "cold", env)
        warm, kernels, pdfs, plains = [], [], [], []
        for i in range(rounds):  # interleaved, so that a slow spell of the machine hits both sides
            warm.append(timed_build(tmp / f"warm-{i}", env))
            kernels.append(kernel_floor())
            pdfs.append(pdf_floor(tmp / "warm-0" / "report" / "report.html"))
            plains.append(plain_pipeline(tmp / f"plain-{i}", env))
    noop = noop_make()
    fastest = min(warm, key=lambda r: r["times"]["wall"])

    print(f"machine: {machine()}")
    rows = [("stage", "cold (s)", f"warm, fastest of {rounds} (s)")]
    for stage in STAGES:
        rows.append((LABELS.get(stage, stage), f"{cold['times'][stage]:.2f}", f"{fastest['times'][stage]:.2f}"))
    width = max(len(r[0]) for r in rows)
    for r in rows:
        print(f"  {r[0]:<{width}}  {r[1]:>9}  {r[2]:>9}")
    for how, pick in SUMMARIES.items():
        kernel, pdf, wall = pick(kernels), pick(pdfs), pick([r["times"]["wall"] for r in warm])
        print(
            f"floor ({how} of {rounds}): kernel start + import pandas, matplotlib {kernel:.2f} s"
            f" + WeasyPrint on the same HTML {pdf:.2f} s = {kernel + pdf:.2f} s;"
            f" warm wall {wall:.2f} s; ratio {wall / (kernel + pdf):.2f} (goal <= 1.5)"
        )
    for how, pick in SUMMARIES.items():
        plain, wall = pick(plains), pick([r["times"]["wall"] for r in warm])
        print(
            f"plain papermill + nbconvert + WeasyPrint ({how} of {rounds}): {plain:.2f} s; "
            f"the build takes {wall / plain:.2f}x its time"
        )
    print(
        f"sizes: HTML {fastest['sizes']['html'] / 1e6:.2f} MB, PDF {fastest['sizes']['pdf'] / 1e6:.2f} MB (goal < 2 MB each)"
    )
    print("no-op `make report`: " + (f"{noop:.2f} s (goal < 1 s)" if noop is not None else "make not available"))
    return 0


# ---------------------------------------------------------------- scale run

SCALE_COPIES = (1, 10, 40)  # 5, 50 and 200 articles: the shipped five copied N-fold (bench/scale.py)
MEASURE_TREE = (
    "import resource, subprocess, sys; subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL); "
    "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
)


def pdf_pages(pdf: Path) -> int:
    import pypdfium2

    return len(pypdfium2.PdfDocument(str(pdf)))


def scale_build(copies: int, tmp: Path) -> dict:
    """One report on the corpus copied `copies`-fold, in a fresh process tree: wall time, pages, sizes,
    and the peak resident memory of its largest process (the build or its kernel)."""
    data, seeds = grow_corpus(copies, tmp / f"corpus-{copies}")
    out = tmp / f"scale-{copies}"
    cmd = [sys.executable, "-m", "tarifftalks", "--data", str(data), "--seeds", str(seeds), "report"]
    cmd += ["--out", str(out), "--build-dir", str(out / "build")]
    t0 = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", MEASURE_TREE, *cmd], check=True, capture_output=True, text=True)
    wall = time.perf_counter() - t0
    folder = out / "report"
    return {
        "articles": 5 * copies,
        "wall": wall,
        "pages": pdf_pages(folder / "report.pdf"),
        "html": (folder / "report.html").stat().st_size / 1e6,
        "pdf": (folder / "report.pdf").stat().st_size / 1e6,
        "peak_mb": int(done.stdout.split()[-1]) / 1024,
    }


def scale_main(copies: tuple[int, ...] = SCALE_COPIES) -> int:
    """`make bench-scale`: the report at 5, 50 and 200 articles, with the growth against 5. Asserts nothing."""
    with tempfile.TemporaryDirectory(prefix="tt-scale-") as tmp:
        # largest first, so that a cold first build cannot flatter the ratios to the five-article one
        runs = sorted((scale_build(n, Path(tmp)) for n in sorted(copies, reverse=True)), key=lambda r: r["articles"])
    base = runs[0]
    print("scale run: the five articles and all their rows copied N-fold (same facts, new ids)")
    print(
        f"  {'articles':>8}  {'wall (s)':>8}  {'x5':>5}  {'pages':>5}  {'x5':>5}  {'HTML MB':>7}  {'PDF MB':>6}  peak MB"
    )
    for r in runs:
        print(
            f"  {r['articles']:>8}  {r['wall']:>8.2f}  {r['wall'] / base['wall']:>5.2f}  {r['pages']:>5}"
            f"  {r['pages'] / base['pages']:>5.2f}  {r['html']:>7.2f}  {r['pdf']:>6.2f}  {r['peak_mb']:>7.0f}"
        )
    last = runs[-1]
    print(
        f"goals at {last['articles']} articles: wall <= 3x five articles ({last['wall'] / base['wall']:.2f}x), "
        f"pages <= 2x ({last['pages'] / base['pages']:.2f}x), HTML < 2 MB ({last['html']:.2f} MB); "
        "peak memory is the largest ru_maxrss among the build's waited-for processes, not their sum"
    )
    return 0


if __name__ == "__main__":
    sys.exit(scale_main() if sys.argv[1:] == ["scale"] else main())
