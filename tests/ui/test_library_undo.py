"""Library edits can be undone in the session: delete (with its links), edit, add and import."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialog, QLineEdit

from briefing.library.store import LibraryStore
from ui.item_dialog import ItemDialog
from ui.main_window import MainWindow


def _linked_partnership(store: LibraryStore) -> tuple[str, dict[str, list[str]]]:
    """A partnership that a quote and some priorities link to, with those links."""
    for partnership in store.items("partnership"):
        links = store.links_to([("partnership", partnership.id)]).get(("partnership", partnership.id), {})
        if links.get("quote") and links.get("priority"):
            return partnership.id, links
    raise AssertionError("the starter library has no such partnership")


def test_delete_names_the_links_it_removes_and_undo_brings_all_back(window: MainWindow, store: LibraryStore,
                                                                    dialogs) -> None:
    item_id, links = _linked_partnership(store)
    partnership = store.get("partnership", item_id)
    quote_id = links["quote"][0]
    assert window.library_panel.select("partnership", item_id)
    window.actions.delete_items.trigger()
    said = dialogs.said("delete-links")[0]
    quote_title = store.get("quote", quote_id) and window.title_of("quote", quote_id)
    assert f"“{quote_title}” will no longer link to “{partnership.label}”" in said
    assert len(said) == sum(len(ids) for ids in links.values())
    assert store.get("partnership", item_id) is None
    assert item_id not in store.get("quote", quote_id).partnerships

    assert window.actions.undo.text() == f"&Undo Delete “{partnership.label}” from the library"
    window.actions.undo.trigger()
    assert store.get("partnership", item_id) == partnership
    assert item_id in store.get("quote", quote_id).partnerships
    assert window.library_panel.select("partnership", item_id)  # the list shows it again
    window.actions.redo.trigger()
    assert store.get("partnership", item_id) is None


def test_edit_and_add_are_undone(window: MainWindow, store: LibraryStore, monkeypatch: pytest.MonkeyPatch) -> None:
    before = store.get("priority", "semiconductors")

    def fill_and_save(self: ItemDialog) -> int:
        if self.original is None:
            self.inputs["id"].setText("gaia-x")
            self.inputs["title"].setText("Gaia-X")
            self.inputs["summary"].setPlainText("A federated data infrastructure.")
        else:
            self.inputs["summary"].setPlainText("Edited in the app.")
        return QDialog.DialogCode.Accepted if self.try_save() else QDialog.DialogCode.Rejected

    monkeypatch.setattr(ItemDialog, "exec", fill_and_save)
    window.library_actions.edit("priority", "semiconductors")
    window.library_actions.edit("priority")
    assert store.get("priority", "gaia-x") is not None
    window.actions.undo.trigger()
    assert store.get("priority", "gaia-x") is None
    assert store.get("priority", "semiconductors").summary == "Edited in the app."
    window.actions.undo.trigger()
    assert store.get("priority", "semiconductors").summary == before.summary
    assert "Edited in the app." not in window.inspector.details.toPlainText()


def test_import_is_undone(window: MainWindow, store: LibraryStore, dialogs, qtbot, tmp_path: Path) -> None:
    before = store.get("priority", "semiconductors")
    data = {"format": "briefing-library", "version": 1, "partnerships": [], "quotes": [],
            "priorities": [{"id": "space-connectivity", "title": "Secure space connectivity", "summary": "IRIS2."},
                           {"id": "semiconductors", "title": before.title, "summary": "Replaced by the import."}]}
    incoming = tmp_path / "incoming.json"
    incoming.write_text(json.dumps(data), encoding="utf-8")
    dialogs.conflict = "replace"
    window.activateWindow()
    with qtbot.waitSignal(window.library_actions.importFinished, timeout=30_000):
        window.library_actions.import_file(str(incoming))
        window.library_panel.view.setFocus()  # while the import writes, its history is held back
        assert window.undo_group.activeStack() is window.editor.undo_stack
    assert store.get("priority", "semiconductors").summary == "Replaced by the import."
    assert window.actions.undo.text() == "&Undo Import incoming.json"
    window.actions.undo.trigger()
    assert store.get("priority", "space-connectivity") is None
    restored = store.get("priority", "semiconductors")
    assert (restored.summary, restored.partnerships) == (before.summary, before.partnerships)
    window.actions.redo.trigger()
    assert store.get("priority", "space-connectivity") is not None


def test_undo_follows_the_pane_worked_in(window: MainWindow, store: LibraryStore, dialogs) -> None:
    window.activateWindow()
    assert window.library_panel.select("priority", "semiconductors")
    window.actions.add_to_pack.trigger()  # a pack edit
    assert window.library_panel.select("priority", "digital-rights")
    window.actions.delete_items.trigger()  # then a library edit
    window.pack_panel.view.setFocus()
    assert window.actions.undo.text() == "&Undo Add item"
    window.library_panel.view.setFocus()
    assert window.actions.undo.text().startswith("&Undo Delete “")
    QTest.keyClick(window.library_panel.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert store.get("priority", "digital-rights") is not None
    assert ("priority", "semiconductors") in window.editor.model.item_keys()  # the pack kept its edit


def test_ctrl_z_in_a_pack_field_undoes_through_the_pack_history(window: MainWindow) -> None:
    window.activateWindow()
    window.tabs.setCurrentIndex(1)
    title = window.details.widgets["title"]
    assert isinstance(title, QLineEdit)
    title.setFocus()
    title.selectAll()
    QTest.keyClicks(title, "Council brief")
    assert window.editor.detail("title") == "Council brief" and window.actions.undo.isEnabled()
    QTest.keyClick(title, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.focusWidget() is title
    assert window.editor.detail("title") != "Council brief" and title.text() == window.editor.detail("title")
    # The toolbar follows: Redo is there to bring the text back, not both greyed out.
    assert window.actions.redo.isEnabled()
    QTest.keySequence(title, window.actions.redo.shortcut())
    assert title.text() == "Council brief"
