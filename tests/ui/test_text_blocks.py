"""Text blocks in the app: added from the pack pane, typed in the inspector, undone, moved,
removed, saved (plain and self-contained) and opened again — through the real widgets."""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QDropEvent, QInputMethodEvent
from PySide6.QtWidgets import QApplication

from briefing.models import ItemRef, Pack, Section, TextBlock
from briefing.packs import read_pack, write_pack
from ui import icons
from ui.main_window import ITEM_TAB, MainWindow
from ui.pack_model import KIND_ROLE, NODE_ROLE

GREEK_KOREAN = "Καλημέρα — 안녕하세요"
MARKUP = "<b>not bold</b> & *not emphasis* {{ not a field }}"


def _new_block(window: MainWindow, qtbot, section: int, row: int | None = None) -> tuple[int, int]:
    """Ctrl+Shift+T in the pack tree, with a section (or an item) current: the new block's position."""
    model, pack = window.editor.model, window.pack_panel
    pack.select(model.section_index(section) if row is None else model.item_index(section, row))
    pack.view.setFocus()
    qtbot.waitUntil(pack.view.hasFocus)
    qtbot.keyClick(pack.view, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    return model.position(pack.view.currentIndex())


def _compose(widget, text: str) -> None:
    """Text committed by an input method, as Greek and Korean are typed (key clicks cannot)."""
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def _type_lines(qtbot, widget, lines: list[str]) -> None:
    for n, line in enumerate(lines):
        if n:
            qtbot.keyClick(widget, Qt.Key.Key_Return)
        qtbot.keyClicks(widget, line)


def test_a_text_block_is_added_typed_shown_undone_and_saved(window: MainWindow, qtbot, tmp_path: Path,
                                                            dialogs) -> None:
    model, inspector = window.editor.model, window.inspector
    last = model.section_count() - 1
    window.editor.add_items([ItemRef(kind="priority", id="5g-security"),
                             ItemRef(kind="priority", id="cybersecurity")], last)
    position = _new_block(window, qtbot, last, 0)
    assert position == (last, 1)  # after the current item, counted like one
    assert model.entry(*position) == TextBlock()
    assert window.editor.undo_stack.undoText() == "Add text block"
    assert window.tabs.currentIndex() == ITEM_TAB and inspector.currentWidget().isAncestorOf(inspector.text_body)

    inspector.text_title.setFocus()
    qtbot.keyClicks(inspector.text_title, "Steer ")
    _compose(inspector.text_title, GREEK_KOREAN)
    inspector.text_body.setFocus()
    _type_lines(qtbot, inspector.text_body, [f"Keep it short. {MARKUP}", "", "Second paragraph."])
    inspector.text_bullets.setFocus()
    _type_lines(qtbot, inspector.text_bullets, ["Welcome the co-chair", "", "Offer a call"])
    expected = TextBlock(title=f"Steer {GREEK_KOREAN}", text=f"Keep it short. {MARKUP}\n\nSecond paragraph.",
                         bullets=("Welcome the co-chair", "Offer a call"))
    assert model.entry(*position) == expected

    index = model.item_index(*position)
    assert index.data(Qt.ItemDataRole.DisplayRole) == f"Steer {GREEK_KOREAN}"
    assert index.data(NODE_ROLE) == "text" and index.data(KIND_ROLE) == "text"
    assert not index.data(Qt.ItemDataRole.DecorationRole).isNull()
    assert icons.KIND_LETTERS["text"] == "Tx" and "Tx</b> text block" in icons.legend_html()

    # Each field is one undo step, and the inspector shows what undo restores.
    window.actions.undo.trigger()
    assert model.entry(*position) == TextBlock(title=expected.title, text=expected.text)
    assert inspector.text_bullets.toPlainText() == ""
    window.actions.undo.trigger()
    assert model.entry(*position) == TextBlock(title=expected.title)
    assert inspector.text_body.toPlainText() == ""
    assert index.data(Qt.ItemDataRole.DisplayRole) == f"Steer {GREEK_KOREAN}"
    window.actions.redo.trigger()
    window.actions.redo.trigger()
    assert model.entry(*position) == expected and inspector.text_bullets.toPlainText() == \
        "Welcome the co-chair\nOffer a call"

    dialogs.save_file = str(tmp_path / "steer.briefpack")
    assert window.files.save()
    saved = read_pack(tmp_path / "steer.briefpack")
    assert [getattr(e, "id", e) for e in saved.sections[last].items] == ["5g-security", expected, "cybersecurity"]
    stored = json.loads((tmp_path / "steer.briefpack").read_text(encoding="utf-8"))
    assert stored["sections"][last]["items"][1] == {
        "kind": "text", "title": expected.title, "text": expected.text, "bullets": list(expected.bullets)}


def test_without_a_heading_the_tree_shows_the_first_words(window: MainWindow, qtbot) -> None:
    model, inspector = window.editor.model, window.inspector
    position = _new_block(window, qtbot, 0)
    index = model.item_index(*position)
    assert index.data(Qt.ItemDataRole.DisplayRole) == "(empty text block)"
    inspector.text_body.setFocus()
    qtbot.keyClicks(inspector.text_body, "Handling note: this brief goes to the Director only, not further")
    assert index.data(Qt.ItemDataRole.DisplayRole) == "Handling note: this brief goes to the Director…"
    assert "Text block" in index.data(Qt.ItemDataRole.ToolTipRole)


def test_an_empty_block_is_not_written_and_the_file_reads_back(window: MainWindow, qtbot, tmp_path: Path,
                                                               dialogs) -> None:
    _new_block(window, qtbot, 0)
    dialogs.save_file = str(tmp_path / "empty.briefpack")
    assert window.files.save()
    assert all(section.items == () for section in read_pack(tmp_path / "empty.briefpack").sections)


def _drop(view, index, mime) -> QDropEvent:
    rect = view.visualRect(index)
    event = QDropEvent(QPointF(rect.center()), Qt.DropAction.CopyAction | Qt.DropAction.MoveAction, mime,
                       Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    view.dropEvent(event)
    return event


def test_text_blocks_move_by_keyboard_and_drag_and_are_removed_like_items(window: MainWindow, qtbot) -> None:
    model, pack = window.editor.model, window.pack_panel
    window.editor.add_items([ItemRef(kind="priority", id="5g-security")], 0)
    _new_block(window, qtbot, 0, 0)
    window.editor.set_text_field(0, 1, "title", "Steer")
    assert [e.kind for e in model.section(0).items] == ["priority", "text"]

    qtbot.keyClick(pack.view, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)
    assert [e.kind for e in model.section(0).items] == ["text", "priority"]
    assert model.position(pack.view.currentIndex()) == (0, 0)

    event = _drop(pack.view, model.section_index(1), model.mimeData([model.item_index(0, 0)]))
    assert event.dropAction() == Qt.DropAction.CopyAction  # moved, never copied
    assert model.section(1).items[-1] == TextBlock(title="Steer")
    assert [e.kind for e in model.section(0).items] == ["priority"]

    pack.select(model.item_index(1, len(model.section(1).items) - 1))
    qtbot.keyClick(pack.view, Qt.Key.Key_Delete)
    assert TextBlock(title="Steer") not in model.section(1).items
    window.actions.undo.trigger()
    assert model.section(1).items[-1] == TextBlock(title="Steer")


def test_a_pack_with_text_opens_shows_it_and_saves_self_contained(window: MainWindow, qtbot, tmp_path: Path,
                                                                  dialogs) -> None:
    block = TextBlock(title="Background note", text=MARKUP, bullets=(GREEK_KOREAN,))
    source = tmp_path / "with-text.briefpack"
    write_pack(Pack(title="Brief", sections=(
        Section(title="Background", items=(ItemRef(kind="priority", id="cybersecurity"), block)),)), source)
    dialogs.open_file = str(source)
    window.actions.open.trigger()
    model, inspector = window.editor.model, window.inspector
    window.pack_panel.select(model.item_index(0, 1))
    assert model.item_index(0, 1).data(Qt.ItemDataRole.DisplayRole) == "Background note"
    assert inspector.text_title.text() == "Background note"
    assert inspector.text_body.toPlainText() == MARKUP
    assert inspector.text_bullets.toPlainText() == GREEK_KOREAN
    assert not inspector.note.isVisible()

    dialogs.save_file = str(tmp_path / "carried.briefpack")
    window.actions.save_self_contained.trigger()
    carried = read_pack(tmp_path / "carried.briefpack")
    assert carried.sections[0].items[1] == block
    assert carried.library is not None
    assert ("priority", "cybersecurity") in {(i.kind, i.id) for i in carried.library.items()}
