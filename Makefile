# One entry point for people and CI. `make test` is what README.md and .ci/run call.
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python

.PHONY: setup test lint typecheck unit browsers redis up bench bench-deps wheel wheel-check clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[dev]'
	touch $@

setup: $(VENV)/.installed

browsers:
	bash scripts/ensure-chromium.sh

# Debian's redis-server for the shared rate-limit store's tests (they start their own).
redis:
	bash scripts/ensure-redis.sh

lint: setup
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

typecheck: setup
	$(PY) -m mypy

# Two workers (pytest-xdist), a test file each at a time: most tests wait on a sandbox or a
# subprocess, and a file's module-scoped fixtures stay on one worker. PYTEST_WORKERS=0 for one.
PYTEST_WORKERS ?= 2
unit: setup
	$(PY) -m pytest -n $(PYTEST_WORKERS) --dist loadfile

# The sdist and the wheel, into dist/ (install with: pip install 'dist/monite_pulumi-<version>-py3-none-any.whl[cli]').
wheel: setup
	rm -rf dist
	$(PY) -m build --no-isolation --sdist --wheel --outdir dist .

# Build, rebuild from the sdist, install the wheel into a fresh venv outside the tree, run its commands.
wheel-check: setup
	$(PY) scripts/check_wheel.py

# pytest exits 5 when it collected no test: make treats that, like any non-zero, as a failure.
test: setup browsers redis lint typecheck unit wheel-check

up: setup
	bash scripts/up.sh

# The official monite SDK and psutil: the bench's baseline (CI installs them so nothing skips).
bench-deps: setup
	$(PY) -m pip install -q -e '.[dev,bench]'

bench: bench-deps
	$(PY) -m bench

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache dist build
