# CJM Studio: `make run` starts the app, `make test` runs every test. Both set themselves up.
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip --disable-pip-version-check
PORT ?= 8501
CHROMIUM ?= /usr/bin/chromium
EMOJI_FONT := /usr/share/fonts/truetype/noto/NotoColorEmoji.ttf

.PHONY: run test lint unit e2e bench schema clean chromium office postgres

# --- setup (stamp files: a second run skips installs that are up to date) -------------------
$(PY):
	$(PYTHON) -m venv $(VENV)

$(VENV)/.runtime-installed: requirements.txt | $(PY)
	$(PIP) install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev-installed: requirements-dev.txt requirements.txt | $(PY)
	$(PIP) install --quiet -r requirements-dev.txt
	touch $@ $(VENV)/.runtime-installed

# Debian's Chromium for the browser tests (Playwright cannot download browsers here), and an emoji
# font so that screenshots show 😡…🤩 as users see them.
chromium:
	@if [ -x "$(CHROMIUM)" ] && [ -f "$(EMOJI_FONT)" ]; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  echo "Installing Debian's chromium for the browser tests…"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-color-emoji >/dev/null; \
	else \
	  echo "Chromium is missing at $(CHROMIUM): install Debian's 'chromium' package (the e2e tests need it)"; \
	fi

# Debian's PostgreSQL for the storage tests, which run on SQLite and on PostgreSQL. Only the programs are used:
# each test run starts a throwaway cluster of its own on a loopback port and stops it afterwards
# (tests/pgserver.py); the package's default cluster, started by its install or not, is left alone.
# CJM_TEST_POSTGRES_URL=postgresql+psycopg://… runs the tests on a server you have instead.
postgres:
	@if [ -n "$$CJM_TEST_POSTGRES_URL" ] || ls /usr/lib/postgresql/*/bin/initdb /usr/lib/postgresql/*/bin/pg_ctl \
	  >/dev/null 2>&1; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  echo "Installing Debian's postgresql for the storage tests…"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null; \
	else \
	  echo "PostgreSQL is missing (no initdb/pg_ctl in /usr/lib/postgresql/*/bin): install Debian's 'postgresql'" \
	    "package or set CJM_TEST_POSTGRES_URL (the storage tests need one; outside CI they skip without it)"; \
	fi

# LibreOffice for the tests that recalculate the Scores sheet's formulas (tests/test_xlsx_office.py) and for the
# benchmark that prints every page of the workbook (PDF, then PNG with poppler's pdftoppm).
office:
	@if command -v soffice >/dev/null && command -v pdftoppm >/dev/null; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  echo "Installing Debian's libreoffice-calc-nogui and poppler-utils for the spreadsheet tests…"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libreoffice-calc-nogui \
	    poppler-utils >/dev/null; \
	else \
	  echo "LibreOffice is missing: install Debian's 'libreoffice-calc-nogui' (tests/test_xlsx_office.py needs it;" \
	    "outside CI it skips without it, and bench/bench_excel.py skips its pages)"; \
	fi

# --- the two commands ------------------------------------------------------------------------
run: $(VENV)/.runtime-installed
	$(PY) -m streamlit run server.py --server.port $(PORT)

test: $(VENV)/.dev-installed chromium postgres office
	$(VENV)/bin/ruff check .
	$(PY) -m pytest

# --- pieces ------------------------------------------------------------------------------------
lint: $(VENV)/.dev-installed
	$(VENV)/bin/ruff check .

unit: $(VENV)/.dev-installed postgres office
	$(PY) -m pytest --ignore=tests/e2e

e2e: $(VENV)/.dev-installed chromium postgres
	$(PY) -m pytest tests/e2e

# Run as modules from the repository root: bench/ and tests/ are packages (server and browser: tests/harness.py).
bench: $(VENV)/.dev-installed chromium office postgres
	$(PY) -m bench.bench_core
	$(PY) -m bench.bench_builder
	$(PY) -m bench.bench_analysis
	$(PY) -m bench.bench_excel
	$(PY) -m bench.bench_jtbd
	$(PY) -m bench.bench_funnel
	$(PY) -m bench.bench_workshop
	$(PY) -m bench.bench_workshop_load
	$(PY) -m bench.bench_workshop_load --postgres

schema: $(VENV)/.runtime-installed
	$(PY) -m cjm schema > docs/map.schema.json

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .artifacts
