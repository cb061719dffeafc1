# Two commands do all the set-up on a fresh machine:
#   make run    installs, migrates, seeds the demo (SQLite in instance/) and serves http://127.0.0.1:5000
#   make test   installs what the tests need (Debian's chromium and poppler-utils included) and runs the suite
VENV ?= .venv
PYTHON ?= python3
BIN = $(VENV)/bin
export FLASK_APP = app

.PHONY: run test lint translations system-packages

run: $(VENV)/.installed translations
	$(BIN)/flask db upgrade
	$(BIN)/flask demo seed
	@# The demo prints mail to this console: a worker (jobs and mail) runs beside the server and stops with it.
	export TREFFPUNKT_MAIL_BACKEND=console; \
	$(BIN)/flask worker --loop --interval 1 & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(BIN)/flask run --host 127.0.0.1 --port 5000

test: $(VENV)/.installed-dev translations system-packages
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip setuptools  # the venv's bundled setuptools has known advisories
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

# Compiled only when a catalog changed: the two suites CI runs side by side both call `make test`, and must not
# rewrite a catalog the other is reading.
MO_FILES = $(patsubst %.po,%.mo,$(wildcard translations/*/LC_MESSAGES/messages.po))
translations: $(MO_FILES)
translations/%/LC_MESSAGES/messages.mo: translations/%/LC_MESSAGES/messages.po | $(VENV)/.installed
	$(BIN)/pybabel compile -d translations -l $*

# Browser tests drive Debian's Chromium (Playwright's own browser download cannot work offline);
# PDF tests render pages with poppler's pdftoppm.
system-packages:
	@if ! command -v chromium >/dev/null || ! command -v pdftoppm >/dev/null; then \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq chromium poppler-utils >/dev/null; \
	fi
