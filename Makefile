# Quick start: `make run` opens the app, `make test` runs lint, types and the tests, `make demo` builds the sample pack.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: setup lint test test-fast bench clean demo

setup: $(STAMP)

# Reinstall only when the project's metadata changes, so repeated runs are quick.
$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $(STAMP)

.PHONY: run qt-x11

# Debian packages Qt's X11 platform plugin needs beyond a minimal system (installed by
# `make run` only when the plugin reports a missing library).
QT_X11_PACKAGES := libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0 \
	libxcb-render-util0 libxcb-xinerama0 libxcb-randr0 libxcb-shape0 libxcb-xfixes0 \
	libxcb-sync1 libxcb-xkb1 libxkbcommon-x11-0 libegl1 libfontconfig1 libdbus-1-3
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

# Opens the desktop app on the user's library (created from the starter library on first run).
run: setup qt-x11
	$(BIN)/python main.py

qt-x11: setup
	@plugin=$$($(BIN)/python -c "import PySide6, pathlib; print(pathlib.Path(PySide6.__file__).parent / 'Qt/plugins/platforms/libqxcb.so')"); \
	if [ "$$(uname)" = Linux ] && ldd "$$plugin" | grep -q "not found"; then \
		echo "Installing the X11 libraries Qt needs: $(QT_X11_PACKAGES)"; \
		$(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $(QT_X11_PACKAGES); \
	fi

# Lint (ruff over the whole checkout, as configured in pyproject.toml) and types (mypy on
# briefing/, strict on the core); both must report nothing. `make test` runs them first.
lint: setup
	@status=0; \
	$(BIN)/ruff check . || status=1; \
	$(BIN)/mypy || status=1; \
	exit $$status

test: lint
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
