"""Fault suite set-up: report the figures (inputs tried, kill points, faults, losses) at the end."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefing.library import open_library
from tests.faults import tally


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Print the fault figures when any fault test ran."""
    if any(tally.FIGURES.values()):
        terminalreporter.write_line(tally.summary())


@pytest.fixture(scope="session")
def starter_library(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A library holding the starter content, closed (no WAL beside it): copy it, never change it."""
    path = tmp_path_factory.mktemp("starter") / "library.sqlite"
    open_library(path).close()
    return path

