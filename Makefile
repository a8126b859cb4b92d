# One entry point for people and CI. `make test` is what README.md and .ci/run call.
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python

.PHONY: setup test lint typecheck unit browsers up bench clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[dev]'
	touch $@

setup: $(VENV)/.installed

browsers:
	bash scripts/ensure-chromium.sh

lint: setup
	$(PY) -m ruff check .

typecheck: setup
	$(PY) -m mypy

unit: setup
	$(PY) -m pytest

# pytest exits 5 when it collected no test: make treats that, like any non-zero, as a failure.
test: setup browsers lint typecheck unit

up: setup
	bash scripts/up.sh

bench: setup
	$(PY) -m pip install -q -e '.[bench]'
	$(PY) -m bench

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache
