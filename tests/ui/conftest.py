"""Fixtures for the app's tests: a fresh starter library per test, a window, and no blocking dialogs."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox

from briefing.library.store import LibraryStore


@dataclass(frozen=True)
class StarterCounts:
    """What the bundled starter library holds, read from its JSON file with `json` alone, so
    tests compare the app against the data rather than against numbers copied from it."""

    by_kind: dict[str, int]  # "partnership" -> how many
    past_review: int  # items whose review date is before BRIEFING_TODAY (at its precision)

    @property
    def total(self) -> int:
        """Items of every kind."""
        return sum(self.by_kind.values())


@pytest.fixture
def starter() -> StarterCounts:
    """Counts of the starter library every test's library is built from."""
    from briefing.resources import starter_library_path

    data = json.loads(starter_library_path().read_text(encoding="utf-8"))
    lists = {"partnership": data["partnerships"], "priority": data["priorities"], "quote": data["quotes"],
             "person": data["people"]}
    today = os.environ["BRIEFING_TODAY"]  # set for every test by tests/conftest.py
    due = [item["review_due"] for items in lists.values() for item in items if item.get("review_due")]
    return StarterCounts(by_kind={kind: len(items) for kind, items in lists.items()},
                         past_review=sum(date < today[:len(date)] for date in due))


@pytest.fixture(scope="session")
def starter_library_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The starter library built once; tests get copies of the file."""
    from briefing.library import open_library

    path = tmp_path_factory.mktemp("starter") / "library.sqlite"
    open_library(path).close()  # closing folds the WAL back into the one file
    return path


@pytest.fixture
def library_path(starter_library_file: Path, tmp_path: Path) -> Path:
    """A private copy of the starter library."""
    target = tmp_path / "library.sqlite"
    shutil.copyfile(starter_library_file, target)
    return target


@pytest.fixture
def store(library_path: Path) -> Iterator[LibraryStore]:
    """The test's library, open on the GUI thread."""
    opened = LibraryStore(library_path)
    yield opened
    opened.close()


@dataclass
class Dialogs:
    """What tests answer to the app's questions, and a log of what it asked and said."""

    unsaved: str = "discard"
    recover: bool = True
    confirm: bool = True
    conflict: str | None = "skip"
    delete: bool = True
    open_file: str = ""
    save_file: str = ""
    folder: str = ""
    item: str | None = None
    text: str | None = None
    breach: str = "export"  # to "items are marked above the pack": 'raise', 'export' or 'cancel'
    replace: list[str] = field(default_factory=list)  # answers to "replace existing files?", in turn
    log: list[tuple[str, Any]] = field(default_factory=list)
    real: dict[str, Any] = field(default_factory=dict)  # the app's own functions, before replacing

    def said(self, kind: str) -> list[Any]:
        """Everything shown of one kind ('problems', 'info', 'confirm', ...)."""
        return [payload for logged, payload in self.log if logged == kind]


@pytest.fixture(autouse=True)
def dialogs(monkeypatch: pytest.MonkeyPatch) -> Dialogs:
    """Every question the app asks is answered from `Dialogs`; no modal ever blocks a test."""
    from ui import messages

    answers = Dialogs()
    answers.real.update((name, getattr(messages, name)) for name in ("ask_conflict", "ask_breach", "ask_replace"))

    def record(kind: str, payload: Any, answer: Any) -> Any:
        answers.log.append((kind, payload))
        return answer

    monkeypatch.setattr(messages, "show_problems",
                        lambda parent, title, summary, lines: record("problems", [summary, *lines], None))
    monkeypatch.setattr(messages, "show_info",
                        lambda parent, title, text, details=(): record("info", [text, *details], None))
    monkeypatch.setattr(messages, "ask_unsaved", lambda parent, name: record("unsaved", name, answers.unsaved))
    monkeypatch.setattr(messages, "confirm",
                        lambda parent, title, text, lines, accept: record("confirm", list(lines), answers.confirm))
    monkeypatch.setattr(messages, "ask_recover",
                        lambda parent, name, when: record("recover", name, answers.recover))
    monkeypatch.setattr(messages, "ask_conflict", lambda parent, lines: record("conflict", list(lines), answers.conflict))
    monkeypatch.setattr(messages, "confirm_delete", lambda parent, labels, in_pack, links=(): (
        record("delete-links", list(links), None), record("delete", (list(labels), in_pack), answers.delete))[1])
    monkeypatch.setattr(messages, "ask_breach", lambda parent, marking, items, raise_to: record(
        "breach", (marking, list(items), raise_to), answers.breach))
    monkeypatch.setattr(messages, "ask_replace", lambda parent, folder, names: record(
        "replace", (folder, list(names)), answers.replace.pop(0) if answers.replace else "replace"))
    monkeypatch.setattr(QFileDialog, "getOpenFileName",
                        staticmethod(lambda *a, **k: (record("open-file", a[1:2], answers.open_file), "")))
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *a, **k: (record("save-file", a[1:3], answers.save_file), "")))
    monkeypatch.setattr(QFileDialog, "getExistingDirectory",
                        staticmethod(lambda *a, **k: record("folder", a[1:2], answers.folder)))
    monkeypatch.setattr(QInputDialog, "getItem",
                        staticmethod(lambda *a, **k: (record("item", a[1:3], answers.item), answers.item is not None)))
    monkeypatch.setattr(QInputDialog, "getText",
                        staticmethod(lambda *a, **k: (record("text", a[1:3], answers.text), answers.text is not None)))
    for name in ("question", "warning", "information", "critical", "about"):
        monkeypatch.setattr(QMessageBox, name, staticmethod(_unexpected(name)))
    return answers


def _unexpected(name: str):
    def fail(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError(f"unexpected QMessageBox.{name}: {args[1:3]}")
    return fail


@pytest.fixture
def make_window(qtbot, store: LibraryStore, dialogs: Dialogs):
    """Build real main windows on the test's library; each is closed (cleanly) at the end."""
    from ui.main_window import MainWindow
    from ui.settings import app_settings

    made = []

    def make(show: bool = True) -> MainWindow:
        main = MainWindow(store, app_settings())
        made.append(main)
        if show:
            main.show()
            qtbot.waitExposed(main)
        return main

    yield make
    import shiboken6

    for main in made:
        if not shiboken6.isValid(main):
            continue  # deleted by the test itself
        if main.isVisible():
            main.close()
        main.pool.shutdown()
        main.deleteLater()


@pytest.fixture
def window(make_window):
    """The real main window on the test's library, with the default template's empty pack."""
    return make_window()
