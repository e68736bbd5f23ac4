# Two commands on a fresh machine with nothing but Python 3.10-3.13 and make:
#   make plan   the offline plan of the root Pulumi.yaml program (no CLI, no credentials)
#   make test   lint, type-check and test everything
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# Two stamps: `make plan` needs the library and the cloud SDKs only (.[all]); the development
# toolchain (pyright with Node.js, mypy, pytest, Hypothesis, matplotlib: about 1 GB more) is
# installed on top of it by the targets that use it.
MAIN_STAMP := $(VENV)/.installed-main
STAMP := $(VENV)/.installed-dev
STACK ?= sample

.PHONY: test plan lint typecheck pytest policy-check bench drill fuzz pythons clean

$(MAIN_STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[all]'
	touch $(MAIN_STAMP)

$(STAMP): $(MAIN_STAMP)
	$(BIN)/python -m pip install --quiet -e '.[all,dev]'
	touch $(STAMP)

plan: $(MAIN_STAMP)
	$(BIN)/failover-components plan . --stack $(STACK)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# pyright checks every SDK call against the SDKs' own types (about 20 s); mypy (strict) checks
# our own code with the cloud SDKs skipped, because following them costs it ~2 min and 5.7 GB.
typecheck: $(STAMP)
	$(BIN)/pyright
	$(BIN)/mypy

# Two workers: the machines have two cores, and ~1000 mock-engine runs halve to ~2 min.
# Branch coverage is a gate (95% when set; the CLI's subprocesses are measured too, see
# [tool.coverage.run] in pyproject.toml).
pytest: $(STAMP)
	$(BIN)/pytest -n 2 --cov --cov-report=term --cov-fail-under=93

# The CrossGuard pack runs in a virtualenv of its own: pulumi-policy pins protobuf and grpcio
# older than the cloud SDKs want. policy/test_pack.py drives the real policies directly and over
# gRPC against the same findings the offline plan reports.
POLICY_VENV := .venv-policy
$(POLICY_VENV)/.installed: pyproject.toml policy/requirements.txt
	$(PYTHON) -m venv $(POLICY_VENV)
	$(POLICY_VENV)/bin/python -m pip install --quiet 'pulumi-policy>=1.21,<2' -e '.[all]'
	touch $@

policy-check: $(POLICY_VENV)/.installed
	$(POLICY_VENV)/bin/python policy/test_pack.py

bench: $(STAMP)
	$(BIN)/python benchmarks/bench.py --write-readme --json benchmarks/results.json

drill: $(MAIN_STAMP)
	$(BIN)/failover-components drill . --stack $(STACK) --all

# The property-based tests (tests/test_properties.py) with many more examples than `make test`
# runs, and a random seed per run (the `fuzz` profile in tests/strategies.py); Hypothesis keeps
# any failure it finds in .hypothesis/ and replays it first next time.
fuzz: $(STAMP)
	HYPOTHESIS_PROFILE=fuzz $(BIN)/pytest -n 2 -p no:cacheprovider --no-cov tests/test_properties.py

test: lint typecheck policy-check pytest

# The tests on every other Python that pyproject.toml declares, each in a venv of its own
# (.venv-<interpreter>); not part of `make test` (each install is several minutes). With
# pyenv: PYENV_VERSION=3.10.13:3.12.1:3.13.0 make pythons
PYTHONS ?= python3.10 python3.12 python3.13
pythons:
	set -e; for py in $(PYTHONS); do \
	  venv=.venv-$$(basename $$py); \
	  [ -f $$venv/.installed ] || { $$py -m venv $$venv && \
	    $$venv/bin/python -m pip install --quiet --upgrade pip && \
	    $$venv/bin/python -m pip install --quiet -e '.[all,dev]' && touch $$venv/.installed; }; \
	  echo "== $$($$venv/bin/python --version)"; \
	  $$venv/bin/pytest -n 2 -q -p no:cacheprovider; \
	done

clean:
	rm -rf $(VENV) $(POLICY_VENV) .venv-python3.* .mypy_cache .pytest_cache .ruff_cache build *.egg-info
