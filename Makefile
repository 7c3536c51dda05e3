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
.PHONY: report
report: validate
	@echo "==> no notebook yet: the data is validated; the report lands with the report issue"

.PHONY: clean
clean:
	rm -rf build reports/*.html reports/*.pdf reports/charts reports/data

.PHONY: distclean
distclean: clean
	rm -rf $(VENV)
