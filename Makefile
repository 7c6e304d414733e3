# Quick start: `make run` opens the app, `make test` runs the tests, `make demo` builds the sample pack.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: setup test test-fast bench clean demo

setup: $(STAMP)

# Reinstall only when the project's metadata changes, so repeated runs are quick.
$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $(STAMP)

.PHONY: run

# Opens the desktop app on the user's library (created from the starter library on first run).
run: setup
	$(BIN)/python main.py

test: setup
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q

test-fast: setup
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q -m "not slow"

# Builds the sample pack (a brief for the ROK-EU Digital Partnership Council) as .docx, .pdf and .xlsx.
demo: setup
	$(BIN)/python main.py demo --out out/demo

bench: setup
	$(BIN)/python -m bench.run

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache
