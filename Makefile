# The two commands: `make run` (set up, then serve the dashboard) and `make test` (set up, then every test).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8501

.PHONY: run test bench screenshots browser-deps clean

$(VENV)/.installed: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

# Debian's chromium for the browser tests (Playwright's own browser download cannot work offline).
browser-deps:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq chromium fonts-dejavu-core >/dev/null; }

run: $(VENV)/.installed
	$(PY) -m streamlit run dashboard.py --server.port $(PORT) --server.headless true

test: $(VENV)/.installed browser-deps
	$(PY) -m pytest

# Refresh the README's pictures (docs/screenshots) from the browser tests; `make test` writes them to a temporary folder.
screenshots: $(VENV)/.installed browser-deps
	LOGFRAME_SCREENSHOTS_DIR=docs/screenshots $(PY) -m pytest tests/browser/test_pages.py -q

bench: $(VENV)/.installed
	$(PY) bench/run.py

clean:
	rm -rf $(VENV) .pytest_cache
