# Korea-US tariff talks report. `make report` and `make test` do all the set-up.
SHELL := /bin/bash
.DELETE_ON_ERROR:
.DEFAULT_GOAL := report

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
READY := $(VENV)/.ready
RUN := $(BIN)/python -m tarifftalks

AS_OF ?=
SINCE ?=
COMPARATOR ?= Japan

DATA := $(wildcard data/*.csv) data/datapackage.json
SEEDS := $(wildcard seeds/*.txt)

# ---------------------------------------------------------------- environment
# The Pythons the pins install on (pyproject's requires-python, ">=3.11,<3.14"; tests/test_pins.py checks each):
# checked first, before anything is installed. Only ">=" and "<" bounds are read here.
REQUIRES_PYTHON ?= $(shell sed -n 's/^requires-python = "\(.*\)"$$/\1/p' pyproject.toml)

.PHONY: python-check
python-check:
	@command -v $(PYTHON) >/dev/null || { echo "error: no $(PYTHON) found: install Python $(REQUIRES_PYTHON) (on Debian 12 or 13: apt-get install python3)" >&2; exit 1; }
	@$(PYTHON) -c 'import sys; lo, hi = (tuple(map(int, b.lstrip("<>=").split("."))) for b in sys.argv[1].split(",")); \
	    lo <= sys.version_info[:3] < hi or sys.exit("error: %s is Python %s; the pinned packages need Python %s: install one (Debian 12 and 13 have 3.11 and 3.13) and run make PYTHON=python3.X" \
	    % (sys.argv[2], sys.version.split()[0], sys.argv[1]))' "$(REQUIRES_PYTHON)" "$(PYTHON)"

# Debian packages the environment needs (venv, Pango for WeasyPrint, the DejaVu fonts of the charts, Symbola for
# the few characters DejaVu lacks, such as the "ⓒ" of a credit line):
# present on most machines; on a bare Debian they are installed from Debian's archive when run as root.
SYSTEM_PACKAGES := python3-venv libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core fonts-symbola

.PHONY: system-deps
system-deps: python-check
	@if $(PYTHON) -c "import venv, ensurepip" 2>/dev/null && ldconfig -p 2>/dev/null | grep -q libpangoft2-1.0 \
	    && fc-list 2>/dev/null | grep -qi dejavu && fc-list 2>/dev/null | grep -qi symbola; then exit 0; fi; \
	if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "==> installing Debian packages: $(SYSTEM_PACKAGES)"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $(SYSTEM_PACKAGES); \
	else echo "missing system packages; run: sudo apt-get install $(SYSTEM_PACKAGES)" >&2; exit 1; fi

$(READY): requirements.txt constraints.txt pyproject.toml | system-deps
	@echo "==> creating $(VENV) from requirements.txt (first run only)"
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.txt -c constraints.txt
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	@touch $@

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
test: $(READY)
	$(RUN) validate --strict-coverage
	$(BIN)/python -m ruff check src tests
	$(BIN)/python -m ruff format --check src tests
	$(BIN)/python -m pytest -q

.PHONY: lint
lint: $(READY)
	$(BIN)/python -m ruff check --fix src tests
	$(BIN)/python -m ruff format src tests

# ---------------------------------------------------------------- report
# Each parameter set has its own outputs, in one folder: reports/<stem>/ with <stem>.html, <stem>.pdf,
# charts/ and data/, where <stem> is report[-<AS_OF>][-vs-<comparator>][-since-<SINCE>] (Japan, the
# default comparator, is not named; tarifftalks.build.publish.output_stem says the same). The runner swaps
# the folder in only once everything succeeded, and removes what it started on any failure or
# interrupt, so Make must never delete a target itself: they are all .PRECIOUS (with .DELETE_ON_ERROR
# Make would otherwise delete a previous good report whenever a render fails).
#
# A report re-renders only when its own inputs change: build/inputs/<stem>.sha holds a fingerprint
# of the code, the notebook, the schema, the parameters and the articles (and rows) published up to
# its as_of date, and is rewritten only when that changes. A second `make report` does nothing.
# The package is run from this checkout's src/ (PYTHONPATH), whatever the editable install in .venv
# points at: a copied or moved checkout renders its own data into its own reports/.
export PYTHONPATH := $(CURDIR)/src$(if $(PYTHONPATH),:$(PYTHONPATH))
slug = $(shell printf '%s' '$(1)' | tr 'A-Z' 'a-z' | tr -cs 'a-z0-9' '-' | sed 's/^-*//; s/-*$$//')
COMPARATOR_SLUG := $(call slug,$(COMPARATOR))
VS := $(if $(filter-out japan,$(COMPARATOR_SLUG)),-vs-$(COMPARATOR_SLUG))
STEM := report$(if $(AS_OF),-$(call slug,$(AS_OF)))$(VS)$(if $(SINCE),-since-$(call slug,$(SINCE)))
PARAM_ARGS := $(if $(AS_OF),--as-of "$(AS_OF)") --comparator "$(COMPARATOR)" $(if $(SINCE),--since "$(SINCE)")
FINGERPRINT := $(BIN)/python -m tarifftalks.build.fingerprint
# Byte-compile the package before each render: with PYTHONDONTWRITEBYTECODE set (as on CI images) Python
# would otherwise compile it from source in the runner and again in the kernel, every run.
COMPILE := $(BIN)/python -m compileall -q src

# report_rule(stem, arguments): the fingerprint and the report of one parameter set
define report_rule
build/inputs/$(1).sha: FORCE | $$(READY)
	@$$(FINGERPRINT) $$@ $(2)

reports/$(1)/$(1).pdf: build/inputs/$(1).sha | $$(READY)
	@echo "==> rendering reports/$(1)/"
	@$$(COMPILE)
	$$(RUN) report $(2)

.PRECIOUS: reports/$(1)/$(1).pdf
endef

# one report per article date (with the given COMPARATOR), rendered in parallel across the cores; the
# dates are read only when snapshots are asked for (a Python start costs a no-op `make report` 0.1 s)
ifneq ($(filter snapshots,$(MAKECMDGOALS))$(SNAPSHOTS),)
SNAPSHOT_DATES := $(shell $(PYTHON) -c "import csv; print(' '.join(sorted({r['published'] for r in csv.DictReader(open('data/sources.csv', encoding='utf-8'))})))" 2>/dev/null)
endif
SNAPSHOT_STEMS := $(foreach d,$(SNAPSHOT_DATES),report-$(d)$(VS))
$(foreach d,$(SNAPSHOT_DATES),$(eval $(call report_rule,report-$(d)$(VS),--as-of $(d) --comparator "$(COMPARATOR)")))
$(if $(filter $(STEM),$(SNAPSHOT_STEMS)),,$(eval $(call report_rule,$(STEM),$(PARAM_ARGS))))

.PHONY: report
report: reports/$(STEM)/$(STEM).pdf

.PHONY: snapshots
snapshots: | $(READY)
	@$(MAKE) --no-print-directory -j$(shell nproc) SNAPSHOTS=1 $(foreach s,$(SNAPSHOT_STEMS),reports/$(s)/$(s).pdf)

.PHONY: candidates
candidates: | $(READY)
	@test -n "$(FILE)" || { echo "usage: make candidates FILE=seeds/NEW.txt" >&2; exit 2; }
	$(RUN) candidates $(FILE)

# how many drafted values are right, wrong or missing on reviewed test articles (FIXTURES: a folder of <stem>.txt
# with the reviewed rows in <stem>/; default tests/fixtures/candidates) and on the shipped articles
FIXTURES ?= tests/fixtures/candidates
.PHONY: candidates-score
candidates-score: | $(READY)
	$(RUN) candidates-score --fixtures $(FIXTURES)

.PHONY: bench bench-scale
bench: | $(READY)
	@$(COMPILE)
	$(RUN) bench
	$(BIN)/python -m tarifftalks.bench scale

# the report at 5, 50 and 200 articles (the five copied N-fold): time, pages, sizes, peak memory
bench-scale: | $(READY)
	@$(COMPILE)
	$(BIN)/python -m tarifftalks.bench scale

.PHONY: lab
lab: $(READY) .venv-lab/.ready
	.venv-lab/bin/jupyter lab $(if $(filter 0,$(shell id -u)),--allow-root) notebooks/report.ipynb

.venv-lab/.ready: requirements.txt requirements-lab.txt constraints.txt
	@echo "==> creating .venv-lab (JupyterLab, kept apart from the batch environment)"
	$(PYTHON) -m venv .venv-lab
	.venv-lab/bin/pip install --quiet --disable-pip-version-check -r requirements.txt -r requirements-lab.txt -c constraints.txt
	.venv-lab/bin/pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	@touch $@

.PHONY: FORCE
FORCE:

.SECONDARY:

.PHONY: clean
clean:
	rm -rf build reports/report* reports/.report* reports/charts reports/data

.PHONY: distclean
distclean: clean
	rm -rf $(VENV) .venv-lab
