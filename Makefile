# evalkit — run `make help` for the list of targets.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.DEFAULT_GOAL := help

help: ## Show this help
	@grep -hE '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  \033[36m%-12s\033[0m %s\n", $$1, $$2}'

$(STAMP): pyproject.toml constraints.txt
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[dev]'
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

test: lint ## Run lint and all tests (pytest, nbval)
	$(BIN)/pytest

baselines: $(STAMP) ## Refresh the outputs nbval compares, after an intended change (review the diff!)
	env -u MPLBACKEND $(BIN)/python -c "import sys, nbformat; from nbclient import NotebookClient; [nbformat.write(NotebookClient(nbformat.read(p, as_version=4), record_timing=False, resources={'metadata': {'path': 'notebooks'}}).execute(), p) for p in sys.argv[1:]]" notebooks/evaluatie.ipynb notebooks/overzicht.ipynb notebooks/stakeholders.ipynb
	$(BIN)/evalkit run --force

lab: $(STAMP) ## Open JupyterLab with the project's kernel
	$(BIN)/pip install --quiet -c constraints.txt -e '.[dev,lab]'
	$(BIN)/jupyter lab --notebook-dir=notebooks

benchmark: $(STAMP) ## Run the speed benchmark (prints its figures)
	$(BIN)/python benchmarks/bench.py

clean: ## Remove caches (keeps .venv and reports)
	rm -rf .pytest_cache .ruff_cache build src/*.egg-info

.PHONY: help venv report summary validate run lint format test baselines lab benchmark clean
