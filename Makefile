# Two commands do all the set-up on a fresh machine with Python 3.11+:
#   make run    virtual environment, dependencies, migrated database, demo data; serves :5000
#   make test   virtual environment, dependencies, the whole test suite
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
INSTANCE := instance
FLASK := $(BIN)/flask --app tracker
PYTEST_ARGS ?=
WALLET := tests/wallet
WALLET_STAMP := $(WALLET)/node_modules/.installed-stamp
HTMLCHECK := tests/htmlcheck
HTMLCHECK_STAMP := $(HTMLCHECK)/node_modules/.installed-stamp

.PHONY: install run test lint bench check-python clean wallet-verifier html-checker translations catalogues

check-python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed (found " + sys.version.split()[0] + ")")'

$(STAMP): pyproject.toml | check-python
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP) catalogues
	@mkdir -p $(INSTANCE)
	@test -s $(INSTANCE)/demo-password || (umask 077 && $(BIN)/python -c 'import secrets; print(secrets.token_urlsafe(12))' > $(INSTANCE)/demo-password)
	TRACKER_DEBUG=1 $(FLASK) db upgrade
	@TRACKER_DEBUG=1 $(FLASK) seed-demo --password "$$(cat $(INSTANCE)/demo-password)"
	TRACKER_DEBUG=1 $(FLASK) run --host 127.0.0.1 --port 5000

# The wallet verifier tests (tests/wallet) run the verifier library wallets use, with
# Node; its packages come from the committed lock file.  Without npm those tests are
# skipped (CI installs Node and requires them).
$(WALLET_STAMP): $(WALLET)/package.json $(WALLET)/package-lock.json
	npm ci --prefix $(WALLET) --ignore-scripts --no-audit --no-fund --loglevel=error
	touch $@

wallet-verifier:
	@if command -v npm >/dev/null 2>&1; then $(MAKE) --silent --no-print-directory $(WALLET_STAMP); \
	else echo "npm not found: the wallet verifier tests will be skipped."; fi

# The page sweep (tests/browser/test_sweep.py) runs the Nu HTML Checker (vnu.jar, with
# Java) on every page it visits; the jar comes from the committed lock file.  Without npm
# the sweep is skipped (CI installs Node and Java and requires it).
$(HTMLCHECK_STAMP): $(HTMLCHECK)/package.json $(HTMLCHECK)/package-lock.json
	npm ci --prefix $(HTMLCHECK) --ignore-scripts --no-audit --no-fund --loglevel=error
	touch $@

html-checker:
	@if command -v npm >/dev/null 2>&1; then $(MAKE) --silent --no-print-directory $(HTMLCHECK_STAMP); \
	else echo "npm not found: the page sweep (HTML checker) will be skipped."; fi

test: $(STAMP) wallet-verifier html-checker catalogues
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# The translators' workflow: extract every marked string into the template catalogue and
# merge it into each language's catalogue (tracker/translations/LANG/LC_MESSAGES/messages.po).
CATALOGUE := tracker/translations
translations: $(STAMP)
	$(BIN)/pybabel extract --mapping-file babel.cfg --no-location --sort-output \
		--keywords _l --keywords lazy_gettext --keywords nhours:1,2 --keywords lazy_ngettext:1,2 \
		--keywords gettext_noop --keywords N_ --keywords ngettext_noop:1,2 \
		--project tracker --output-file $(CATALOGUE)/messages.pot .
	$(BIN)/pybabel update --input-file $(CATALOGUE)/messages.pot --output-dir $(CATALOGUE) \
		--no-fuzzy-matching --ignore-obsolete

# The compiled catalogues (.mo) the app reads, built from the .po files in git; the app
# refuses to start when one of its LANGUAGES has none.
catalogues: $(STAMP)
	$(BIN)/pybabel compile --statistics --directory $(CATALOGUE)

bench: $(STAMP) catalogues
	$(BIN)/python benchmarks/pages.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache *.egg-info $(WALLET)/node_modules $(HTMLCHECK)/node_modules
