"""End to end through the real window: search, add to pack, reorder, undo/redo, save, reopen."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QItemSelectionModel, Qt

from briefing.models import ItemRef, Kind
from briefing.packs import read_pack
from ui.main_window import MainWindow


def _section_ids(window: MainWindow, section: int) -> list[str]:
    return [ref.id for ref in window.editor.model.section(section).items]


def _search(window: MainWindow, qtbot, words: str) -> None:
    panel = window.library_panel
    panel.search.clear()
    qtbot.keyClicks(panel.search, words)
    # Typing is debounced: the list catches up shortly after the last keystroke.
    qtbot.waitUntil(lambda: not panel._search_timer.isActive(), timeout=2000)


def test_new_window_starts_with_the_templates_sections(window: MainWindow) -> None:
    model = window.editor.model
    assert [s.title for s in model.sections()] == ["Lines to take", "Background", "Quotes", "Biographies"]
    assert window.windowTitle().startswith("Briefing Pack Builder — Untitled pack")
    assert not window.isWindowModified()


def test_search_add_reorder_undo_redo_save_and_reopen(window: MainWindow, qtbot, tmp_path: Path,
                                                      dialogs, make_window) -> None:
    panel, pack = window.library_panel, window.pack_panel
    _search(window, qtbot, "semicond")
    top = [panel.proxy.summary(panel.proxy.index(row, 0)).id for row in range(panel.proxy.rowCount())]
    assert top[:2] == ["semiconductors", "rok-eu-semiconductor-research"]

    pack.select(window.editor.model.section_index(1))  # Background
    selection = panel.view.selectionModel()
    flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
    for row in (0, 1):
        selection.select(panel.proxy.index(row, 0), flags)
    qtbot.mouseClick(panel.add_button, Qt.MouseButton.LeftButton)
    assert _section_ids(window, 1) == ["semiconductors", "rok-eu-semiconductor-research"]
    assert window.isWindowModified()

    pack.select(window.editor.model.item_index(1, 1))
    pack.view.setFocus()
    qtbot.waitUntil(pack.view.hasFocus)
    qtbot.keyClick(pack.view, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)
    assert _section_ids(window, 1) == ["rok-eu-semiconductor-research", "semiconductors"]
    assert window.editor.model.position(pack.view.currentIndex()) == (1, 0)  # the selection moved along
    qtbot.keyClick(pack.view, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)  # into the previous section
    assert _section_ids(window, 0) == ["rok-eu-semiconductor-research"]

    window.actions.undo.trigger()
    window.actions.undo.trigger()
    assert _section_ids(window, 1) == ["semiconductors", "rok-eu-semiconductor-research"]
    window.actions.redo.trigger()
    assert _section_ids(window, 1) == ["rok-eu-semiconductor-research", "semiconductors"]
    assert window.actions.undo.text() == "&Undo Move item"

    target = tmp_path / "dpc brief.briefpack"
    dialogs.save_file = str(tmp_path / "dpc brief")  # the extension is added
    window.actions.save.trigger()
    assert not window.isWindowModified()
    assert "dpc brief.briefpack" in window.windowTitle()
    saved = read_pack(target)
    assert [ref.id for ref in saved.sections[1].items] == ["rok-eu-semiconductor-research", "semiconductors"]

    other = make_window()
    dialogs.open_file = str(target)
    other.actions.open.trigger()
    assert other.editor.to_pack() == saved
    assert other.editor.path == target and not other.isWindowModified()
    assert other.files.recent()[0] == str(target)
    assert other.recent_menu.actions()[0].toolTip() == str(target)


def test_pack_details_edits_are_undoable_and_saved(window: MainWindow, qtbot, tmp_path: Path, dialogs) -> None:
    details = window.details
    title = details.widgets["title"]
    title.selectAll()
    qtbot.keyClicks(title, "5G coordination")
    assert window.editor.detail("title") == "5G coordination"
    assert "5G coordination" in window.windowTitle()
    objectives = details.widgets["objectives"]
    objectives.setPlainText("Agree the toolbox review\n\nCoordinate on vendors\n")
    assert window.editor.detail("objectives") == ("Agree the toolbox review", "Coordinate on vendors")
    assert objectives.toPlainText() == "Agree the toolbox review\n\nCoordinate on vendors\n"  # not rewritten
    marking = details.widgets["marking"]
    marking.setCurrentIndex(marking.findData("OFFICIAL-SENSITIVE"))
    marking.activated.emit(marking.currentIndex())
    details.widgets["draft"].setChecked(True)
    date = details.widgets["meeting.date"]
    qtbot.keyClicks(date, "2026-12-01")
    assert window.editor.to_pack().meeting.date == "2026-12-01"

    window.actions.undo.trigger()  # the date, typed in one go, is one step
    assert window.editor.to_pack().meeting.date is None and date.text() == ""
    window.actions.undo.trigger()
    assert details.widgets["draft"].isChecked() is False
    window.actions.redo.trigger()
    window.actions.redo.trigger()
    dialogs.save_file = str(tmp_path / "five-g.briefpack")
    assert window.files.save()
    saved = read_pack(tmp_path / "five-g.briefpack")
    assert (saved.title, saved.marking, saved.draft, saved.meeting.date) == (
        "5G coordination", "OFFICIAL-SENSITIVE", True, "2026-12-01")
    assert saved.objectives == ("Agree the toolbox review", "Coordinate on vendors")


def test_invalid_pack_is_not_saved_and_problems_are_shown(window: MainWindow, qtbot, tmp_path: Path, dialogs) -> None:
    qtbot.keyClicks(window.details.widgets["meeting.date"], "next Tuesday")
    assert window.details.widgets["meeting.date"].property("invalid") is True
    dialogs.save_file = str(tmp_path / "bad.briefpack")
    assert not window.files.save()
    assert not (tmp_path / "bad.briefpack").exists()
    problems = dialogs.said("problems")[-1]
    assert "Meeting date: “next Tuesday” is not an ISO date (YYYY, YYYY-MM or YYYY-MM-DD)." in problems
    assert window.isWindowModified()


def test_sections_and_notes_through_the_inspector(window: MainWindow, qtbot, dialogs) -> None:
    model, pack = window.editor.model, window.pack_panel
    pack.select(model.section_index(2))
    dialogs.text = "Annex: key papers"
    pack.add_section_action.trigger()
    assert [s.title for s in model.sections()][3] == "Annex: key papers"
    window.add_to_pack([_ref("priority", "5g-security")])
    assert _section_ids(window, 3) == ["5g-security"]
    pack.select(model.item_index(3, 0))
    inspector = window.inspector
    assert inspector.note.isVisible()
    inspector.note.setPlainText("Raise the toolbox review first")
    assert model.ref(3, 0).note == "Raise the toolbox review first"
    window.actions.undo.trigger()
    assert model.ref(3, 0).note is None and inspector.note.toPlainText() == ""
    pack.select(model.section_index(3))
    inspector.section_intro.setPlainText("Papers to read before the meeting")
    assert model.section(3).intro == "Papers to read before the meeting"
    pack.remove_action.trigger()
    assert model.section_count() == 4
    window.actions.undo.trigger()
    assert model.section(3).items[0].id == "5g-security"


def _ref(kind: Kind, item_id: str) -> ItemRef:
    return ItemRef(kind=kind, id=item_id)
