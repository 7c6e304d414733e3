"""Test set-up shared by every suite: offscreen Qt and folders redirected to temp dirs."""

from __future__ import annotations

import os

# Must be set before any Qt import, so GUI tests run without a screen.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest


@pytest.fixture(autouse=True)
def _isolated_folders(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep every test away from the user's real library, templates and state."""
    base = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("BRIEFING_LIBRARY", str(base / "library.sqlite"))
    monkeypatch.setenv("BRIEFING_TEMPLATES", str(base / "templates"))
    monkeypatch.setenv("BRIEFING_STATE", str(base / "state"))
    monkeypatch.setenv("BRIEFING_TODAY", "2026-11-21")
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]):  # type: ignore[no-untyped-def]
    """A skipped GUI test is a failure, not a pass (DESIGN §9): the app must be tested."""
    outcome = yield
    report = outcome.get_result()
    if report.skipped and "tests/ui/" in item.nodeid.replace("\\", "/") and not hasattr(report, "wasxfail"):
        report.outcome = "failed"
        report.longrepr = f"GUI test skipped ({report.longrepr}); GUI tests must run offscreen"
