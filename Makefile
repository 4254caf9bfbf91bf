# evalkit — run `make help` for the list of targets.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.DEFAULT_GOAL := help

# Colour only on a terminal and without NO_COLOR (https://no-color.org).
help: ## Show this help
	@if [ -t 1 ] && [ -z "$${NO_COLOR:-}" ]; then kleur=1; else kleur=0; fi; \
	grep -hE '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk -v kleur=$$kleur 'BEGIN {FS = ":.*?## "} \
	  {if (kleur) printf "  \033[36m%-12s\033[0m %s\n", $$1, $$2; else printf "  %-12s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml constraints.txt
	@echo "evalkit: omgeving .venv/ maken en de vastgepinde pakketten installeren (eerste keer: enkele minuten)..."
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	set -o pipefail; $(BIN)/pip install --disable-pip-version-check -c constraints.txt -e '.[dev]' 2>&1 \
	  | { grep --line-buffered -vE '^(Requirement already satisfied|WARNING: Location)' || true; }
	$(BIN)/python -m ipykernel install --sys-prefix --name evalkit --display-name "Python (evalkit)" > /dev/null
	@touch $(STAMP)

venv: $(STAMP) ## Create .venv and install evalkit with pinned dependencies

report: $(STAMP) ## Build the report of every shipped jaarplan (creates .venv when missing)
	$(BIN)/evalkit report
	$(BIN)/evalkit summary

summary: $(STAMP) ## Print the evaluation summary of every shipped jaarplan
	$(BIN)/evalkit summary

validate: $(STAMP) ## Validate all data in data/
	$(BIN)/evalkit validate

run: $(STAMP) ## Execute the notebooks for every params file (incremental)
	$(BIN)/evalkit run

lint: $(STAMP) ## Lint and check formatting with ruff; check the import contract (import-linter)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

format: $(STAMP) ## Format the code with ruff
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Tests run in one worker per core (pytest-xdist); a file's tests stay in one worker.
test: lint ## Run lint and all tests (pytest, nbval)
	$(BIN)/pytest -n auto --dist loadfile

# The unit tests run against an empty project root, so none can depend on the shipped data/.
test-fast: $(STAMP) ## Run the unit tests only (no kernels, renderers, browser or shipped data)
	@leeg=$$(mktemp -d) && EVALKIT_ROOT=$$leeg $(BIN)/pytest -q -n auto --dist loadfile -m "not slow and not e2e and not shipped" tests; \
	rc=$$?; rmdir $$leeg; exit $$rc

baselines: $(STAMP) ## Refresh the outputs nbval compares, after an intended change (review the diff!)
	env -u MPLBACKEND $(BIN)/python -c "import sys, nbformat; from nbclient import NotebookClient; [nbformat.write(NotebookClient(nbformat.read(p, as_version=4), record_timing=False, resources={'metadata': {'path': 'notebooks'}}).execute(), p) for p in sys.argv[1:]]" notebooks/evaluatie.ipynb notebooks/overzicht.ipynb notebooks/stakeholders.ipynb
	$(BIN)/evalkit run --force

lab: $(STAMP) ## Open JupyterLab on the project (notebooks/, with working links to docs/)
	$(BIN)/pip install --quiet -c constraints.txt -e '.[dev,lab]'
	$(BIN)/jupyter lab --ServerApp.root_dir=. --LabApp.default_url=/lab/tree/notebooks

benchmark: $(STAMP) ## Run the speed benchmark (prints its figures)
	$(BIN)/python benchmarks/bench.py

clean: ## Remove caches (keeps .venv and reports)
	rm -rf .pytest_cache .ruff_cache build src/*.egg-info

.PHONY: help venv report summary validate run lint format test test-fast baselines lab benchmark clean
