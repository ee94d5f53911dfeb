# One command each: `make site` sets up and builds the site, `make test` sets up and runs the tests.
VENV ?= .venv
BIN := $(VENV)/bin
export NO_MKDOCS_2_WARNING := 1

.PHONY: site serve test test-fast check pdf system-deps clean

$(BIN)/.installed: pyproject.toml
	python3 -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[test]'
	touch $@

site: $(BIN)/.installed
	$(BIN)/mkdocs build --strict

# Served at the root of the local address (not under the published site_url's /briefing/ path), so
# links and Material's instant navigation behave as they will once deployed.
serve: $(BIN)/.installed
	BRIEFING_SITE_URL=http://127.0.0.1:8000/ $(BIN)/mkdocs serve --livereload -a 127.0.0.1:8000

check: $(BIN)/.installed
	$(BIN)/briefing check

system-deps:
	bash scripts/system-deps.sh

test: system-deps $(BIN)/.installed
	$(BIN)/python -m pytest

# The edit loop: no browser and no whole-site build (tests/conftest.py marks every test using a built site or
# Chromium): 550 tests in 28 s on 2 shared cores (54-72 s before, December 2026); `make test` runs everything.
test-fast: $(BIN)/.installed
	$(BIN)/python -m pytest -q -m "not slow and not browser"

clean:
	rm -rf site $(VENV)
