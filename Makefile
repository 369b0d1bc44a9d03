# The commands: `make run` (set up, then serve the dashboard in one process), `make serve WORKERS=N` (N processes
# behind nginx with sticky sessions: the production set-up, see the README's "Running it for a council"),
# `make check` (ruff, mypy and import-linter, set in pyproject.toml), `make test` (set up, check, then every test),
# `make fuzz` (a long search for files that break the drop folder) and `make bench` (the benchmark, writes
# bench/RESULTS.md).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8501
WORKERS ?= 2
LISTEN ?= 0.0.0.0

.PHONY: run serve check test bench fuzz screenshots browser-deps serve-deps db-deps clean

$(VENV)/.installed: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

# Debian packages, installed when missing (as root, or through sudo).
APT_INSTALL = if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq

# Debian's chromium for the browser tests (Playwright's own browser download cannot work offline).
browser-deps:
	@command -v chromium >/dev/null 2>&1 || { $(APT_INSTALL) chromium fonts-dejavu-core >/dev/null; }

# Debian's nginx for `make serve`, its tests and the benchmark (the reverse proxy in front of several processes).
serve-deps:
	@command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || { $(APT_INSTALL) nginx >/dev/null; }

# Debian's postgresql for the commentary store's tests (they start their own server in a temporary folder).
db-deps:
	@ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1 || { $(APT_INSTALL) postgresql >/dev/null; }

run: $(VENV)/.installed
	$(PY) -m streamlit run dashboard.py --server.port $(PORT) --server.headless true

serve: $(VENV)/.installed serve-deps
	$(PY) deploy/serve.py --workers $(WORKERS) --port $(PORT) --listen $(LISTEN)

# The code's checks, before any test: lint (ruff), types (mypy: strict for logframe/), the import contract
# (import-linter: docs/architecture.md). Settings in pyproject.toml.
check: $(VENV)/.installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy
	$(VENV)/bin/lint-imports

test: $(VENV)/.installed browser-deps serve-deps db-deps
	$(MAKE) --no-print-directory check
	$(PY) -m pytest

# Refresh the README's pictures (docs/screenshots) from the browser tests; `make test` writes them to a temporary folder.
screenshots: $(VENV)/.installed browser-deps
	LOGFRAME_SCREENSHOTS_DIR=docs/screenshots $(PY) -m pytest tests/browser/test_pages.py -q

# A long search for files that break the drop folder; failing batches are copied to tests/fuzz/found/ (not committed).
fuzz: $(VENV)/.installed
	LOGFRAME_FUZZ=long LOGFRAME_FUZZ_FOUND=tests/fuzz/found $(PY) -m pytest tests/fuzz/test_damaged_files.py -q -x

bench: $(VENV)/.installed serve-deps
	$(PY) bench/run.py

clean:
	rm -rf $(VENV) .pytest_cache
