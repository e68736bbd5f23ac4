# Two commands on a fresh machine with nothing but Python 3.10-3.13 and make:
#   make plan   the offline plan of the root Pulumi.yaml program (no CLI, no credentials)
#   make test   lint, type-check and test everything
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
STACK ?= sample

.PHONY: test plan lint typecheck pytest bench drill clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[all,dev]'
	touch $(STAMP)

plan: $(STAMP)
	$(BIN)/failover-components plan . --stack $(STACK)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# pyright checks every SDK call against the SDKs' own types (about 20 s); mypy (strict) checks
# our own code with the cloud SDKs skipped, because following them costs it ~2 min and 5.7 GB.
typecheck: $(STAMP)
	$(BIN)/pyright
	$(BIN)/mypy

pytest: $(STAMP)
	$(BIN)/pytest

test: lint typecheck pytest

clean:
	rm -rf $(VENV) .mypy_cache .pytest_cache .ruff_cache build *.egg-info
