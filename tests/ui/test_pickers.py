"""Links picked by title, ids proposed from titles and checked as typed, speakers suggested."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLineEdit, QPlainTextEdit

from briefing.library.store import LibraryStore
from ui.item_dialog import ItemDialog
from ui.link_picker import ID_ROLE, LinkPicker
from ui.main_window import MainWindow


def _dialog(qtbot, store: LibraryStore, kind: str) -> ItemDialog:
    dialog = ItemDialog(kind, store)
    qtbot.addWidget(dialog)
    with qtbot.waitActive(dialog):
        dialog.show()
        dialog.activateWindow()
    return dialog


def _type(widget, text: str) -> None:
    widget.setFocus()
    QTest.keyClicks(widget, text)


def test_the_id_is_proposed_from_the_title_and_checked_as_typed(qtbot, store: LibraryStore) -> None:
    dialog = _dialog(qtbot, store, "priority")
    id_edit, title = dialog.inputs["id"], dialog.inputs["title"]
    assert isinstance(id_edit, QLineEdit) and isinstance(title, QLineEdit)
    _type(title, "Secure space connectivity")
    assert id_edit.text() == "secure-space-connectivity"
    assert dialog.id_status.text() == "Available." and dialog.id_status.isVisible()
    title.clear()
    _type(title, "Semiconductors")
    assert id_edit.text() == "semiconductors-2"  # the title's own slug is taken
    id_edit.selectAll()
    _type(id_edit, "semiconductors")
    assert dialog.id_status.text() == "Taken by “Semiconductors”: choose another."
    id_edit.selectAll()
    _type(id_edit, "Chips Act")
    assert dialog.id_status.text().startswith("Use lower-case letters, digits and hyphens")
    _type(title, " again")  # a typed id is the officer's: the title no longer changes it
    assert id_edit.text() == "Chips Act"


def test_links_are_a_searchable_check_list_of_titles(qtbot, store: LibraryStore) -> None:
    dialog = _dialog(qtbot, store, "priority")
    picker = dialog.inputs["partnerships"]
    assert isinstance(picker, LinkPicker)
    assert picker.proxy.rowCount() == store.count("partnership")
    _type(picker.search, "working group 4")
    assert picker.proxy.rowCount() == 1
    QTest.keyClick(picker.search, Qt.Key.Key_Down)
    assert QApplication.focusWidget() is picker.view
    current = picker.view.currentIndex()
    wg4 = store.get("partnership", "ttc-wg4-ict-security")
    assert wg4 is not None
    assert current.data() == wg4.name
    assert current.siblingAtColumn(1).data() == "ttc-wg4-ict-security"  # the id, second
    QTest.keyClick(picker.view, Qt.Key.Key_Space)
    assert picker.value() == ("ttc-wg4-ict-security",)
    assert wg4.name in picker.chosen.text()
    _type(dialog.inputs["title"], "Secure space connectivity")
    summary = dialog.inputs["summary"]
    assert isinstance(summary, QPlainTextEdit)
    _type(summary, "IRIS2 and its partners.")
    assert dialog.try_save(), dialog.errors.text()
    assert store.get("priority", "secure-space-connectivity").partnerships == ("ttc-wg4-ict-security",)


def test_editing_shows_the_links_checked_by_title(qtbot, store: LibraryStore) -> None:
    item = store.get("partnership", "ttc-wg4-ict-security")
    dialog = ItemDialog("partnership", store, item)
    qtbot.addWidget(dialog)
    picker = dialog.inputs["priorities"]
    assert isinstance(picker, LinkPicker)
    assert picker.value() == tuple(sorted(item.priorities, key=lambda i: store.get("priority", i).label.casefold()))
    checked = [picker.proxy.index(r, 0) for r in range(picker.proxy.rowCount())
               if picker.proxy.index(r, 0).data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked]
    assert {index.data(ID_ROLE) for index in checked} == set(item.priorities)
    assert "5G security" in {index.data() for index in checked}


def test_a_quote_speaker_is_suggested(qtbot, store: LibraryStore) -> None:
    dialog = _dialog(qtbot, store, "quote")
    speaker = dialog.inputs["speaker"]
    assert isinstance(speaker, QLineEdit) and speaker.completer() is not None
    _type(speaker, "jong")
    completer = speaker.completer()
    assert completer.completionCount() == 1 and completer.currentCompletion() == "Lee Jong-Ho"
    text = dialog.inputs["text"]
    assert isinstance(text, QPlainTextEdit)
    _type(text, "Trust is the currency of the digital age, he said")
    assert dialog.inputs["id"].text() == "jong-trust-is-the-currency"


def test_the_inspector_lists_links_by_title(window: MainWindow, store: LibraryStore) -> None:
    window.inspector.show_item("partnership", "ttc-wg4-ict-security")
    text = window.inspector.details.toPlainText()
    assert "5G security" in text and "Beyond 5G and 6G" in text
    assert "beyond-5g-6g" not in text and "5g-security" not in text
