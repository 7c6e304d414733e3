"""The pack tree model: Qt's model contract, moveRows, drops and undoable edits."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QModelIndex, Qt

from briefing.models import ItemRef, Section
from ui.mime import encode_library_items
from ui.pack_editor import PackEditor
from ui.pack_model import ID_ROLE, KIND_ROLE, NODE_ROLE, PackTreeModel


def _sections() -> list[Section]:
    return [
        Section(title="Objectives", items=(ItemRef(kind="priority", id="p1"), ItemRef(kind="priority", id="p2"),
                                          ItemRef(kind="priority", id="p3"))),
        Section(title="Background", intro="Why we meet", items=(ItemRef(kind="partnership", id="a"),)),
        Section(title="Quotes"),
    ]


def _ids(model: PackTreeModel) -> list[list[str]]:
    return [[ref.id for ref in section.items] for section in model.sections()]


@pytest.fixture
def model(qtbot) -> PackTreeModel:
    model = PackTreeModel()
    model.reset_sections(_sections())
    return model


def test_model_passes_qt_model_tester(qtmodeltester, model: PackTreeModel) -> None:
    qtmodeltester.check(model)


def test_empty_model_passes_qt_model_tester(qtmodeltester) -> None:
    qtmodeltester.check(PackTreeModel())


def test_indexes_carry_roles(model: PackTreeModel) -> None:
    section = model.index(0, 0)
    item = model.index(1, 0, section)
    assert section.data(NODE_ROLE) == "section" and section.data() == "Objectives"
    assert item.data(NODE_ROLE) == "item" and item.data(KIND_ROLE) == "priority" and item.data(ID_ROLE) == "p2"
    assert model.parent(item) == section
    assert item.data() == "Missing priority: p2"  # no resolver: nothing is in a library


def test_move_rows_within_a_section_down_and_up(model: PackTreeModel) -> None:
    section = model.index(0, 0)
    assert model.moveRows(section, 0, 1, section, 3)  # p1 to the end (Qt counts before the move)
    assert _ids(model)[0] == ["p2", "p3", "p1"]
    assert model.moveRows(section, 2, 1, section, 0)
    assert _ids(model)[0] == ["p1", "p2", "p3"]
    assert model.moveRows(section, 1, 2, section, 0)
    assert _ids(model)[0] == ["p2", "p3", "p1"]


def test_move_rows_between_sections_and_of_sections(model: PackTreeModel) -> None:
    assert model.moveRows(model.index(0, 0), 1, 1, model.index(2, 0), 0)
    assert _ids(model) == [["p1", "p3"], ["a"], ["p2"]]
    assert model.moveRows(QModelIndex(), 2, 1, QModelIndex(), 0)
    assert [s.title for s in model.sections()] == ["Quotes", "Objectives", "Background"]
    assert _ids(model) == [["p2"], ["p1", "p3"], ["a"]]
    # children of a moved section are still reachable through fresh indexes
    assert model.index(0, 0, model.index(0, 0)).data(ID_ROLE) == "p2"


def test_move_rows_refuses_invalid_moves(model: PackTreeModel) -> None:
    section = model.index(0, 0)
    assert not model.moveRows(section, 0, 1, section, 1)  # onto itself
    assert not model.moveRows(section, 2, 2, section, 0)  # past the end
    assert not model.moveRows(section, 0, 1, QModelIndex(), 0)  # an item among sections
    assert not model.moveRows(section, 0, 1, section, 9)
    assert _ids(model)[0] == ["p1", "p2", "p3"]


def test_move_keeps_persistent_indexes(model: PackTreeModel) -> None:
    from PySide6.QtCore import QPersistentModelIndex

    kept = QPersistentModelIndex(model.index(0, 0, model.index(0, 0)))
    model.moveRows(model.index(0, 0), 0, 1, model.index(1, 0), 1)
    assert kept.data(ID_ROLE) == "p1" and model.position(kept) == (1, 1)


def test_rename_through_set_data(model: PackTreeModel) -> None:
    assert model.setData(model.index(1, 0), "  Context ")
    assert model.sections()[1].title == "Context"
    assert not model.setData(model.index(1, 0), "   ")


@pytest.fixture
def editor(qtbot) -> PackEditor:
    editor = PackEditor()
    from briefing.models import Pack

    editor.load(Pack(title="T", sections=tuple(_sections())), None)
    return editor


def test_drop_library_items_is_undoable_and_skips_duplicates(editor: PackEditor) -> None:
    model = editor.model
    data = encode_library_items([("quote", "q1"), ("priority", "p1"), ("quote", "q2")])
    assert model.canDropMimeData(data, Qt.DropAction.CopyAction, -1, 0, model.index(2, 0))
    assert model.dropMimeData(data, Qt.DropAction.CopyAction, -1, 0, model.index(2, 0))
    assert _ids(model)[2] == ["q1", "q2"]
    editor.undo_stack.undo()
    assert _ids(model)[2] == []
    editor.undo_stack.redo()
    assert _ids(model)[2] == ["q1", "q2"]


def test_drop_pack_rows_moves_them_without_copying(editor: PackEditor) -> None:
    model = editor.model
    section = model.index(0, 0)
    data = model.mimeData([model.index(0, 0, section), model.index(2, 0, section)])
    assert model.dropMimeData(data, Qt.DropAction.MoveAction, 0, 0, model.index(1, 0))
    assert _ids(model) == [["p2"], ["p1", "p3", "a"], []]
    editor.undo_stack.undo()
    assert _ids(model) == [["p1", "p2", "p3"], ["a"], []]


def test_drop_sections_reorders_them(editor: PackEditor) -> None:
    model = editor.model
    data = model.mimeData([model.index(2, 0)])
    assert model.dropMimeData(data, Qt.DropAction.MoveAction, 0, 0, QModelIndex())
    assert [s.title for s in model.sections()] == ["Quotes", "Objectives", "Background"]


def test_drop_from_another_model_is_refused(editor: PackEditor) -> None:
    other = PackTreeModel()
    other.reset_sections(_sections())
    data = other.mimeData([other.index(0, 0, other.index(0, 0))])
    assert not editor.model.canDropMimeData(data, Qt.DropAction.MoveAction, 0, 0, editor.model.index(1, 0))


def test_keyboard_moves_cross_sections_and_undo_in_order(editor: PackEditor) -> None:
    model = editor.model
    first = model.index(0, 0, model.index(0, 0))
    assert not editor.move(first, -1)  # nothing above the first item of the first section
    last = model.index(2, 0, model.index(0, 0))
    assert editor.move(last, +1)
    assert _ids(model) == [["p1", "p2"], ["p3", "a"], []]
    assert editor.move(model.index(0, 0, model.index(1, 0)), +1)
    assert _ids(model) == [["p1", "p2"], ["a", "p3"], []]
    assert editor.move(model.index(1, 0), -1)  # the section itself
    assert [s.title for s in model.sections()] == ["Background", "Objectives", "Quotes"]
    for _ in range(3):
        editor.undo_stack.undo()
    assert _ids(model) == [["p1", "p2", "p3"], ["a"], []]
    assert [s.title for s in model.sections()] == ["Objectives", "Background", "Quotes"]


def test_every_edit_is_undoable(editor: PackEditor) -> None:
    before = editor.to_pack()
    editor.set_detail("title", "New title")
    editor.set_detail("title", "New title 2")  # merges with the previous keystroke
    editor.set_detail("meeting.date", "2026-12-01")
    editor.set_detail("objectives", ("One", "Two"))
    editor.add_section("Annex")
    editor.rename_section(3, "Annexes")
    editor.set_section_intro(3, "Papers")
    editor.set_note(0, 1, "Raise first")
    editor.add_items([ItemRef(kind="quote", id="q9")], 3)
    editor.remove_items([(0, 0), (0, 2)])
    editor.remove_section(1)
    after = editor.to_pack()
    assert after.title == "New title 2" and after.meeting.date == "2026-12-01"
    assert [s.title for s in after.sections] == ["Objectives", "Quotes", "Annexes"]
    assert after.sections[0].items == (ItemRef(kind="priority", id="p2", note="Raise first"),)
    assert editor.undo_stack.count() == 10
    while editor.undo_stack.canUndo():
        editor.undo_stack.undo()
    assert editor.to_pack() == before
    while editor.undo_stack.canRedo():
        editor.undo_stack.redo()
    assert editor.to_pack() == after
