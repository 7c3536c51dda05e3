"""The pins install on every supported Python, and the Makefile refuses an unsupported one before doing anything.

The pin check asks pip to resolve requirements.txt under constraints.txt for the oldest release of each Python
that pyproject.toml's requires-python admits (3.11 means 3.11.0, so a pin needing 3.11.5 fails), wheels only, for
the platform of Debian 12 (glibc 2.36, the older of the two Debians tried) on this machine's architecture, from
the package index alone (`--isolated` leaves out this machine's pip configuration, as on a fresh machine).
A resolution that passed is remembered in pytest's cache under a hash of everything it depends on, so a re-run
with the same pins asks pip nothing; a clean clone (CI) asks it every time.
"""

from __future__ import annotations

import hashlib
import json
import platform
import re
import subprocess
import sys
import tomllib
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest
from packaging.specifiers import SpecifierSet
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[1]
INDEX_URL = "https://pypi.org/simple/"
DEBIAN_12_GLIBC = (2, 36)
MAX_PINS_REPORTED = 5  # pip names one missing pin per run
PIN_FILES = ("requirements.txt", "constraints.txt")


@dataclass
class Resolution:
    python: str
    error: str  # pip's error lines, empty when it resolved
    installs: dict[str, str]  # canonical name -> version


def requires_python() -> str:
    return tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["requires-python"]


def supported_pythons() -> list[str]:
    """Each minor version pyproject's requires-python admits, as its oldest release ('3.11')."""
    spec = SpecifierSet(requires_python())
    return [f"3.{minor}" for minor in range(40) if f"3.{minor}" in spec]


def read_pins(path: Path) -> dict[str, str]:
    """name -> version of each `name==version` line."""
    pins = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        name, sep, version = line.split("#")[0].strip().partition("==")
        if sep:
            pins[canonicalize_name(name)] = version
    return pins


def wheel_platforms(glibc: tuple[int, int], arch: str) -> list[str]:
    """The manylinux tags a system with this glibc accepts (pip does not expand them from one --platform)."""
    major, newest = glibc
    tags = [f"manylinux_{major}_{minor}_{arch}" for minor in range(5, newest + 1)]
    legacy = {"manylinux1": (2, 5), "manylinux2010": (2, 12), "manylinux2014": (2, 17)}
    return tags + [f"{name}_{arch}" for name, floor in legacy.items() if floor <= glibc]


def pip_dry_run(python: str, requirement_args: list[str], workdir: Path, *, no_deps: bool = False) -> Resolution:
    """What pip would install for `python`, or its error."""
    report = workdir / "report.json"
    platforms = [arg for tag in wheel_platforms(DEBIAN_12_GLIBC, platform.machine()) for arg in ("--platform", tag)]
    command = [
        sys.executable, "-m", "pip", "install", "--isolated", "--dry-run", "--ignore-installed", "--quiet",
        "--disable-pip-version-check", "--no-input", "--only-binary=:all:", "--index-url", INDEX_URL,
        "--python-version", python, "--implementation", "cp", *platforms,
        "--target", str(workdir / "target"), "--report", str(report), *(["--no-deps"] if no_deps else []),
        *requirement_args,
    ]  # fmt: skip
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=600)
    if done.returncode != 0:
        return Resolution(python, done.stderr, {})
    installs = {
        canonicalize_name(i["metadata"]["name"]): i["metadata"]["version"]
        for i in json.loads(report.read_text())["install"]
    }
    return Resolution(python, "", installs)


def resolve_pins(python: str, workdir: Path) -> Resolution:
    return pip_dry_run(python, ["-r", "requirements.txt", "-c", "constraints.txt"], workdir)


def unavailable_pins(python: str, workdir: Path) -> list[str]:
    """Each pin without a wheel for `python`, with the reason pip gives; pip stops at the first, so ask again."""
    remaining, problems = read_pins(ROOT / "constraints.txt"), []
    pin_file = workdir / "pins.txt"
    while remaining and len(problems) < MAX_PINS_REPORTED:
        pin_file.write_text("".join(f"{name}=={version}\n" for name, version in remaining.items()))
        error = pip_dry_run(python, ["-r", str(pin_file)], workdir, no_deps=True).error
        missing = re.search(r"No matching distribution found for (\S+?)==(\S+)", error)
        if not missing:
            return problems
        name, version = canonicalize_name(missing[1]), missing[2]
        needs = re.search(rf"(?:: |; ){re.escape(version)} Requires-Python ([^\s;]+)", error)
        why = f"it needs Python {needs[1]}" if needs else "no wheel for this Python and platform"
        problems.append(f"constraints.txt pins {name}=={version}, which does not install on Python {python}: {why}")
        remaining.pop(name, None)
    return problems + ([f"(stopped after {MAX_PINS_REPORTED} pins: there may be more)"] if remaining else [])


def one_line(pip_error: str) -> str:
    return " / ".join(line.strip() for line in pip_error.splitlines() if line.strip() and "notice" not in line)


def pin_problems(resolution: Resolution, workdir: Path) -> list[str]:
    """What stops the pins from installing on a Python, or makes its environment differ from the pins."""
    if resolution.error:
        python = resolution.python
        return unavailable_pins(python, workdir) or [f"Python {python}: {one_line(resolution.error)}"]
    pins = read_pins(ROOT / "constraints.txt")
    return [
        f"Python {resolution.python} would install {name}=={version}, but constraints.txt pins {pins.get(name, 'no version')}"
        for name, version in sorted(resolution.installs.items())
        if pins.get(name) != version
    ]


def cache_key(python: str) -> str:
    """Everything a resolution depends on but the index: the pins, the Python, the platform, pip."""
    from pip import __version__ as pip_version

    inputs = [*((ROOT / name).read_text(encoding="utf-8") for name in PIN_FILES), python, platform.machine()]
    inputs += [str(DEBIAN_12_GLIBC), pip_version, INDEX_URL]
    return "tarifftalks/pins/" + hashlib.sha256("\0".join(inputs).encode()).hexdigest()[:16]


def index_unreachable() -> str | None:
    try:
        urllib.request.urlopen(INDEX_URL + "pip/", timeout=15).close()
    except OSError as error:
        return f"{INDEX_URL} unreachable ({error}): the pin check needs the package index"
    return None


@pytest.fixture(scope="module")
def resolutions(request, tmp_path_factory) -> dict[str, tuple[Resolution, Path]]:
    """pip's resolution of the pins for each supported Python: remembered if it passed before, else asked in
    parallel."""
    pythons = supported_pythons()
    assert pythons, "pyproject.toml's requires-python admits no Python 3 release"
    cache = request.config.cache
    remembered = {p: cache.get(cache_key(p), None) for p in pythons}
    to_ask = [p for p in pythons if remembered[p] is None]
    if to_ask and (reason := index_unreachable()):
        pytest.skip(reason)
    workdirs = {p: tmp_path_factory.mktemp(f"pins-{p}") for p in pythons}
    with ThreadPoolExecutor(max(1, len(to_ask))) as pool:
        asked = dict(zip(to_ask, pool.map(resolve_pins, to_ask, [workdirs[p] for p in to_ask]), strict=True))
    found = {p: asked.get(p) or Resolution(p, "", remembered[p]) for p in pythons}
    for python, resolution in asked.items():
        if not resolution.error:
            cache.set(cache_key(python), resolution.installs)
    return {p: (found[p], workdirs[p]) for p in pythons}


def test_the_pins_install_on_every_supported_python(resolutions):
    problems = [
        problem for resolution, workdir in resolutions.values() for problem in pin_problems(resolution, workdir)
    ]
    assert not problems, "\n".join(problems)


def test_every_pin_is_installed_on_some_supported_python(resolutions):
    """A pin nothing installs is stale: constraints.txt is meant to be the frozen batch environment."""
    unresolved = [resolution.python for resolution, _ in resolutions.values() if resolution.error]
    assert not unresolved, f"the pins do not resolve on Python {', '.join(unresolved)}: nothing to compare"
    installed = {name for resolution, _ in resolutions.values() for name in resolution.installs}
    stale = sorted(set(read_pins(ROOT / "constraints.txt")) - installed)
    assert installed and not stale, f"constraints.txt pins packages requirements.txt does not install: {stale}"


def make_venv(tmp_path: Path, **variables: str) -> subprocess.CompletedProcess:
    settings = [f"{name}={value}" for name, value in {"VENV": str(tmp_path / "venv"), **variables}.items()]
    return subprocess.run(["make", "-C", str(ROOT), "venv", *settings], capture_output=True, text=True, timeout=300)


def test_the_makefile_accepts_this_python_under_pyprojects_range(tmp_path: Path):
    done = subprocess.run(["make", "-C", str(ROOT), "-s", "python-check", f"PYTHON={sys.executable}"],
                          capture_output=True, text=True, timeout=60)  # fmt: skip
    assert (done.returncode, done.stderr) == (0, "")


def test_an_unsupported_python_is_refused_before_anything_is_installed(tmp_path: Path):
    done = make_venv(tmp_path, PYTHON=sys.executable, REQUIRES_PYTHON=">=3.99,<4")
    version = sys.version.split()[0]
    assert done.returncode != 0
    assert done.stderr.splitlines()[0] == (
        f"error: {sys.executable} is Python {version}; the pinned packages need Python >=3.99,<4: install one "
        "(Debian 12 and 13 have 3.11 and 3.13) and run make PYTHON=python3.X"
    )
    assert "installing" not in done.stdout and not (tmp_path / "venv").exists()


def test_a_missing_python_is_named_with_what_to_install(tmp_path: Path):
    done = make_venv(tmp_path, PYTHON=str(tmp_path / "python3"))
    assert done.returncode != 0
    assert done.stderr.splitlines()[0].startswith(
        f"error: no {tmp_path / 'python3'} found: install Python {requires_python()} "
    )
    assert not (tmp_path / "venv").exists()
