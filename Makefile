# Korea-US tariff talks report. `make report` and `make test` do all the set-up.
SHELL := /bin/bash
.DEFAULT_GOAL := report

PYTHON ?= python3
VENV ?= .venv
AS_OF ?=
SINCE ?=
COMPARATOR ?= Japan
FILE ?=
FIXTURES ?= tests/fixtures/candidates
PORT ?= 8888
# The Pythons the pins install on (pyproject's requires-python, ">=3.11,<3.14"; tests/test_pins.py checks each):
# checked first, before anything is installed. Only ">=" and "<" bounds are read here.
ifeq ($(origin REQUIRES_PYTHON),undefined)
REQUIRES_PYTHON := $(shell sed -n 's/^requires-python = "\(.*\)"$$/\1/p' pyproject.toml)
endif

# Values given on the command line (or in the environment) are used literally: taken as written ($(value): a
# `$(...)` in them is not expanded by Make), never pasted into a shell line, and handed to the commands through the
# environment, where a recipe reads them quoted ("$$COMPARATOR"): a quote, `;`, `$( )` or backtick is a character.
LITERAL := PYTHON VENV AS_OF SINCE COMPARATOR FILE FIXTURES PORT REQUIRES_PYTHON
$(foreach v,$(LITERAL),$(eval override $(v) := $$(value $(v))))
export $(LITERAL)
# The package is run from this checkout's src/, whatever the editable install in .venv points at: a copied or moved
# checkout checks and renders its own data into its own reports/.
override PYTHONPATH := $(CURDIR)/src$(if $(value PYTHONPATH),:$(value PYTHONPATH))
export PYTHONPATH

READY := $(VENV)/.ready
PY := "$$VENV/bin/python"
RUN := $(PY) -m tarifftalks
# A Ctrl-C during the set-up stops it with one line: nothing is installed on an interrupted check.
ON_INTERRUPT := trap 'echo "interrupted: stopped before anything was installed" >&2; exit 130' INT TERM

# ---------------------------------------------------------------- environment

.PHONY: python-check
python-check:
	@$(ON_INTERRUPT); command -v "$$PYTHON" >/dev/null || { echo "error: no $$PYTHON found: install Python $$REQUIRES_PYTHON (on Debian 12 or 13: apt-get install python3)" >&2; exit 1; }; \
	msg=$$("$$PYTHON" -c 'import sys; lo, hi = (tuple(map(int, b.lstrip("<>=").split("."))) for b in sys.argv[1].split(",")); \
	    lo <= sys.version_info[:3] < hi or sys.exit("error: %s is Python %s; the pinned packages need Python %s: install one (Debian 12 and 13 have 3.11 and 3.13) and run make PYTHON=python3.X" \
	    % (sys.argv[2], sys.version.split()[0], sys.argv[1]))' "$$REQUIRES_PYTHON" "$$PYTHON" 2>&1) || { echo "$$msg" >&2; exit 1; }

# Debian packages the build needs: venv; Pango for WeasyPrint; HarfBuzz's subsetter, with which WeasyPrint subsets
# the fonts (without it, it falls back to fontTools, and the same report gives other PDF bytes: the build refuses);
# the DejaVu fonts of the charts, Symbola for the few characters DejaVu lacks, such as the "ⓒ" of a credit line.
# Present on most machines; on a bare Debian they are installed from Debian's archive when run as root.
SYSTEM_PACKAGES := python3-venv libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core fonts-symbola
# `make test` also wants Chromium, to check in a browser that no script in the data runs (skipped without it).
TEST_PACKAGES := chromium

.PHONY: system-deps
system-deps: python-check
	@$(ON_INTERRUPT); \
	if "$$PYTHON" -c "import venv, ensurepip" 2>/dev/null && ldconfig -p 2>/dev/null | grep -q libpangoft2-1.0 \
	    && ldconfig -p 2>/dev/null | grep -q libharfbuzz-subset \
	    && fc-list 2>/dev/null | grep -qi dejavu && fc-list 2>/dev/null | grep -qi symbola; then exit 0; fi; \
	if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "==> installing Debian packages: $(SYSTEM_PACKAGES)"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $(SYSTEM_PACKAGES); \
	else echo "error: missing system packages; run: sudo apt-get install $(SYSTEM_PACKAGES)" >&2; exit 1; fi

.PHONY: test-deps
test-deps: system-deps
	@$(ON_INTERRUPT); command -v chromium >/dev/null && exit 0; \
	if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "==> installing Debian packages for the tests: $(TEST_PACKAGES)"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $(TEST_PACKAGES); \
	else echo "note: no chromium: the browser check of the HTML is skipped (sudo apt-get install $(TEST_PACKAGES))"; fi

$(READY): requirements.txt constraints.txt pyproject.toml | system-deps
	@echo "==> creating $$VENV from requirements.txt (first run only)"
	"$$PYTHON" -m venv "$$VENV"
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt -c constraints.txt
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	@touch "$$VENV/.ready"

.PHONY: venv
venv: $(READY)

# ---------------------------------------------------------------- checks
.PHONY: validate
validate: $(READY)
	$(RUN) validate

# tables kept from a previous schema brought up to date: new columns added with their defaults, each change
# printed; a second run changes nothing (docs/data-model.md, "Changing the schema")
.PHONY: migrate
migrate: $(READY)
	$(RUN) migrate

.PHONY: test
test: $(READY) test-deps
	$(RUN) validate --strict-coverage
	$(PY) -m ruff check src tests bench
	$(PY) -m ruff format --check src tests bench
	$(PY) -m pytest -q -n 2 --dist loadfile  # two workers, each file on one (its fixtures rendered once)

.PHONY: lint
lint: $(READY)
	$(PY) -m ruff check --fix src tests bench
	$(PY) -m ruff format src tests bench

# ---------------------------------------------------------------- report
# Each parameter set has its own outputs, in reports/<stem>/ (see tarifftalks.build.publish.output_stem). The
# command renders only when what the report reads changed (tarifftalks.build.fingerprint): a second
# `make report` says it is up to date. It swaps the new outputs in only once everything succeeded.

.PHONY: report
report: $(READY)
	@$(RUN) report --as-of "$$AS_OF" --comparator "$$COMPARATOR" --since "$$SINCE"

# One report per article date (with the given COMPARATOR), rendered in parallel across the cores: each as far as
# its own rows allow (a bad row of a later article does not stop an earlier snapshot), then one summary line.
.PHONY: snapshots
snapshots: | $(READY)
	@mkdir -p build && rm -f build/snapshots.failed; dates=$$($(RUN) dates --comparator "$$COMPARATOR") || exit 1; \
	$(MAKE) --no-print-directory -k -j$$(nproc) $$(printf 'snapshot-%s ' $$dates); \
	failed=$$(sort build/snapshots.failed 2>/dev/null | tr '\n' ' '); set -- $$dates; \
	if [ -z "$$failed" ]; then echo "snapshots: all $$# rendered or up to date"; \
	else echo "snapshots: $$(( $$# - $$(wc -w <<< "$$failed") )) of $$# rendered or up to date; failed: $${failed% } (their errors are above)" >&2; exit 1; fi

snapshot-%: | $(READY)
	@$(RUN) report --as-of "$*" --comparator "$$COMPARATOR" || { echo "$*" >> build/snapshots.failed; exit 1; }

.PHONY: candidates
candidates: | $(READY)
	@test -n "$$FILE" || { echo "usage: make candidates FILE=seeds/NEW.txt" >&2; exit 2; }
	@$(RUN) candidates "$$FILE"

# how many drafted values are right, wrong or missing on reviewed test articles (FIXTURES: a folder of <stem>.txt
# with the reviewed rows in <stem>/; default tests/fixtures/candidates) and on the shipped articles
.PHONY: candidates-score
candidates-score: | $(READY)
	$(RUN) candidates-score --fixtures "$$FIXTURES"

# the build against the plain papermill + nbconvert + WeasyPrint pipeline, then the report at 5, 50 and 200 articles
.PHONY: bench bench-scale
bench: | $(READY)
	$(PY) bench/bench.py
	$(PY) bench/bench.py scale

bench-scale: | $(READY)
	$(PY) bench/bench.py scale

# JupyterLab on the report notebook (PORT=8888 by default), from its own environment .venv-lab
.PHONY: lab port-check
lab: port-check $(READY) .venv-lab/.ready
	.venv-lab/bin/jupyter lab --port="$$PORT" --ServerApp.port_retries=0 \
	    --LabApp.default_url=/lab/tree/notebooks/report.ipynb $$([ "$$(id -u)" = 0 ] && echo --allow-root)

port-check:
	@case "$$PORT" in ''|*[!0-9]*) echo "error: PORT=$$PORT: expected a port number, such as 8888" >&2; exit 2;; esac; \
	[ "$${#PORT}" -le 5 ] && [ "$$PORT" -ge 1 ] && [ "$$PORT" -le 65535 ] || { echo "error: PORT=$$PORT: expected a port number from 1 to 65535, such as 8888" >&2; exit 2; }

.venv-lab/.ready: requirements.txt requirements-lab.txt constraints.txt | system-deps
	@echo "==> creating .venv-lab (JupyterLab, kept apart from the batch environment)"
	"$$PYTHON" -m venv .venv-lab
	.venv-lab/bin/pip install --quiet --disable-pip-version-check -r requirements.txt -r requirements-lab.txt -c constraints.txt
	.venv-lab/bin/pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	@touch $@

.PHONY: clean
clean:
	rm -rf build reports/report* reports/.report*

.PHONY: distclean
distclean: clean
	rm -rf "$$VENV" .venv-lab
