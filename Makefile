# Two commands matter: `make run` and `make test`. Both set up .venv themselves.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
RAW    ?= ../shared/data/raw
PORT   ?= 8501

.PHONY: run test lint docs geo bench fmt validate clean i18n

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

$(VENV)/.run-installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q -e .
	touch $@

$(VENV)/.dev-installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q -e '.[dev]'
	touch $@ $(VENV)/.run-installed

run: $(VENV)/.run-installed
	$(BIN)/streamlit run app.py --server.headless true --server.port $(PORT) \
		--browser.gatherUsageStats false

test: $(VENV)/.dev-installed
	@sh scripts/ensure-chromium.sh
	$(BIN)/python -m pytest

lint: $(VENV)/.dev-installed
	$(BIN)/ruff check src tests benchmarks scripts app.py
	$(BIN)/mypy
	$(BIN)/lint-imports

# The README's command reference, regenerated from the click commands (cog).
docs: $(VENV)/.dev-installed
	$(BIN)/cog -r -I scripts README.md

# Interface strings: extract them from the code, merge them into each language's .po, and
# compile the .mo files the package reads (docs/translations.md).
LOCALE := src/controlmap/locale
i18n: $(VENV)/.dev-installed
	$(BIN)/pybabel extract -F $(LOCALE)/babel.cfg -k N_ -k ngettext:1,2 --no-location \
		--sort-output --project controlmap --copyright-holder "controlmap contributors" \
		-o $(LOCALE)/messages.pot.new src/controlmap
	@# Keep the old .pot when only its creation date differs: `make i18n` twice changes nothing.
	if diff -q -I '^"POT-Creation-Date' $(LOCALE)/messages.pot $(LOCALE)/messages.pot.new \
		>/dev/null 2>&1; then rm $(LOCALE)/messages.pot.new; \
		else mv $(LOCALE)/messages.pot.new $(LOCALE)/messages.pot; fi
	for lang in en uk; do test -f $(LOCALE)/$$lang/LC_MESSAGES/messages.po || \
		$(BIN)/pybabel init -i $(LOCALE)/messages.pot -d $(LOCALE) -l $$lang --no-wrap; done
	$(BIN)/pybabel update -i $(LOCALE)/messages.pot -d $(LOCALE) --no-wrap --ignore-obsolete \
		--no-fuzzy-matching
	$(BIN)/pybabel compile -d $(LOCALE) --statistics

geo: $(VENV)/.run-installed
	$(BIN)/python scripts/build_geo.py --raw $(RAW) --out geo

bench: $(VENV)/.dev-installed
	$(BIN)/python -m benchmarks

validate: $(VENV)/.run-installed
	$(BIN)/controlmap validate

fmt: $(VENV)/.run-installed
	$(BIN)/controlmap fmt

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .hypothesis
