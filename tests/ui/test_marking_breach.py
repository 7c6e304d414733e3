"""A marking breach is shown where it happens (tree, marking field) and confirmed on its own."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from pypdf import PdfReader

from briefing.library.store import LibraryStore
from briefing.resources import sample_pack_path
from ui.main_window import MainWindow
from ui.pack_model import BREACH_ROLE


@pytest.fixture
def breach_window(window: MainWindow, store: LibraryStore) -> MainWindow:
    """The sample pack, marked PUBLIC, holding the Semiconductors priority marked OFFICIAL."""
    store.put(dataclasses.replace(store.get("priority", "semiconductors"), marking="OFFICIAL"))
    window.library_changed()
    assert window.files.load(sample_pack_path())
    combo = window.details.widgets["marking"]
    combo.setCurrentIndex(combo.findData("PUBLIC"))
    combo.activated.emit(combo.currentIndex())
    assert window.editor.detail("marking") == "PUBLIC"
    return window


def _index_of(window: MainWindow, item_id: str):
    model = window.editor.model
    return next(model.item_index(s, r) for s in range(model.section_count())
                for r, ref in enumerate(model.section(s).items) if ref.id == item_id)


def test_the_tree_and_the_marking_field_show_the_breach(breach_window: MainWindow) -> None:
    index = _index_of(breach_window, "semiconductors")
    assert index.data(BREACH_ROLE) is True
    assert "above the pack's marking (PUBLIC)" in index.data(0x03)  # the tooltip
    assert _index_of(breach_window, "beyond-5g-6g").data(BREACH_ROLE) is False
    note = breach_window.details.marking_note
    assert not note.isHidden()
    assert "“Semiconductors” (OFFICIAL)" in note.text() and "Raise the marking to OFFICIAL" in note.text()
    # Raising the pack's marking clears both; lowering it again brings them back.
    combo = breach_window.details.widgets["marking"]
    for marking, flagged in (("OFFICIAL", False), ("PUBLIC", True)):
        combo.setCurrentIndex(combo.findData(marking))
        combo.activated.emit(combo.currentIndex())
        assert index.data(BREACH_ROLE) is flagged and note.isHidden() is not flagged


def test_export_confirms_the_breach_separately(breach_window: MainWindow, dialogs, qtbot, tmp_path: Path) -> None:
    dialogs.breach = "cancel"
    dialogs.save_file = str(tmp_path / "brief.pdf")
    with qtbot.waitSignal(breach_window.exports.failed, timeout=60_000):
        breach_window.exports.export("pdf")
    marking, items, raise_to = dialogs.said("breach")[0]
    assert (marking, items, raise_to) == ("PUBLIC", [("Semiconductors", "OFFICIAL")], "OFFICIAL")
    assert dialogs.said("confirm") == []  # the other warnings are not mixed in, nor shown after a cancel
    assert not (tmp_path / "brief.pdf").exists()


def test_raise_pack_marking_then_export(breach_window: MainWindow, dialogs, qtbot, tmp_path: Path) -> None:
    dialogs.breach = "raise"
    dialogs.save_file = str(tmp_path / "brief.pdf")
    with qtbot.waitSignal(breach_window.exports.finished, timeout=120_000):
        breach_window.exports.export("pdf")
    assert breach_window.editor.detail("marking") == "OFFICIAL"
    text = PdfReader(str(tmp_path / "brief.pdf")).pages[1].extract_text()
    assert "OFFICIAL" in text and "PUBLIC" not in text
    # The review-date warnings still come, as one list, naming items by title.
    warnings = dialogs.said("confirm")[0]
    assert any("due for review" in line for line in warnings)
    assert all("'" not in line.split("due")[0] for line in warnings)  # no quoted ids
    assert any("“" in line for line in warnings) and all(line[0].isupper() for line in warnings)
