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

PACKAGE_CODE := $(wildcard src/tarifftalks/*.py)
DATA := $(wildcard data/*.csv) data/datapackage.json
SEEDS := $(wildcard seeds/*.txt)

# ---------------------------------------------------------------- environment
$(READY): requirements.txt constraints.txt pyproject.toml
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

.PHONY: test
test: $(READY)
	$(RUN) validate --strict-coverage
	$(BIN)/ruff check src tests
	$(BIN)/ruff format --check src tests
	$(BIN)/python -m pytest -q

.PHONY: lint
lint: $(READY)
	$(BIN)/ruff check --fix src tests
	$(BIN)/ruff format src tests

# ---------------------------------------------------------------- report
# One recipe writes both files of a report; Make knows every input, so a second run does nothing.
STEM := report$(if $(AS_OF),-$(AS_OF))
REPORT_INPUTS := $(DATA) $(SEEDS) notebooks/report.ipynb $(PACKAGE_CODE) src/tarifftalks/assets/report.css
PARAMS := build/params/$(STEM).txt
REPORT_ARGS := $(if $(AS_OF),--as-of $(AS_OF)) --comparator "$(COMPARATOR)" $(if $(SINCE),--since $(SINCE))

# the parameters file changes only when the parameters do, so a new SINCE or COMPARATOR re-renders
$(PARAMS): FORCE
	@mkdir -p $(@D)
	@echo '$(REPORT_ARGS)' | cmp -s - $@ || echo '$(REPORT_ARGS)' > $@

reports/$(STEM).html reports/$(STEM).pdf &: $(READY) $(REPORT_INPUTS) $(PARAMS)
	@echo "==> rendering $(STEM) ($(REPORT_ARGS))"
	$(RUN) report $(REPORT_ARGS)

.PHONY: report
report: reports/$(STEM).html reports/$(STEM).pdf

.PHONY: lab
lab: $(READY) .venv-lab/.ready
	.venv-lab/bin/jupyter lab notebooks/

.venv-lab/.ready: requirements.txt requirements-lab.txt constraints.txt
	@echo "==> creating .venv-lab (JupyterLab, kept apart from the batch environment)"
	$(PYTHON) -m venv .venv-lab
	.venv-lab/bin/pip install --quiet --disable-pip-version-check -r requirements.txt -r requirements-lab.txt -c constraints.txt
	.venv-lab/bin/pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	@touch $@

.PHONY: FORCE
FORCE:

.PHONY: clean
clean:
	rm -rf build reports/*.html reports/*.pdf reports/charts reports/data

.PHONY: distclean
distclean: clean
	rm -rf $(VENV) .venv-lab
