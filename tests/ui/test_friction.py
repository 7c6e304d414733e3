"""Small frictions removed: duplicate drops said, markers and a legend, a calendar, preview zoom,
self-contained saves, template descriptions."""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QDropEvent, QWheelEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from briefing.packs import read_pack
from briefing.resources import sample_pack_path
from ui.library_model import IN_PACK_ROLE
from ui.main_window import DETAILS_TAB, PREVIEW_TAB, MainWindow
from ui.mime import encode_library_items
from ui.pack_model import NOTE_MARK


def _drop_on(view, index, mime) -> None:
    rect = view.visualRect(index)
    event = QDropEvent(QPointF(rect.center()), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                       Qt.KeyboardModifier.NoModifier)
    view.dropEvent(event)


def test_dropping_an_item_already_in_the_pack_says_so(window: MainWindow) -> None:
    window.files.load(sample_pack_path())
    view, model = window.pack_panel.view, window.editor.model
    before = model.item_keys()
    _drop_on(view, model.section_index(0), encode_library_items([("priority", "semiconductors")]))
    assert model.item_keys() == before
    assert window.statusBar().currentMessage() == "“Semiconductors” is already in the pack: nothing added."
    _drop_on(view, model.section_index(0), encode_library_items([("priority", "semiconductors"),
                                                                 ("priority", "data-security")]))
    assert window.statusBar().currentMessage() == "Added 1 item to the pack. Already in it: “Semiconductors”."


def test_library_marks_items_in_the_pack_and_the_tree_marks_notes(window: MainWindow) -> None:
    panel = window.library_panel
    assert panel.select("priority", "semiconductors")
    row = panel.view.currentIndex()
    assert row.data(IN_PACK_ROLE) is False
    window.actions.add_to_pack.trigger()
    assert row.data(IN_PACK_ROLE) is True and "Already in the pack" in row.data(Qt.ItemDataRole.ToolTipRole)
    model = window.editor.model
    index = model.item_index(*next((s, r) for s in range(model.section_count())
                                   for r, ref in enumerate(model.section(s).items) if ref.id == "semiconductors"))
    window.pack_panel.select(index)
    assert not index.data().endswith(NOTE_MARK)
    QTest.keyClicks(window.inspector.note, "Raise the Chips Act")
    assert index.data() == f"Semiconductors  {NOTE_MARK}"


def test_the_status_bar_holds_a_legend_of_badges_and_marks(window: MainWindow) -> None:
    text = window.legend.text()
    for shown in (">Pa</b> partnership", ">Pr</b> priority", ">Q</b> quote", "past review",
                  "above pack marking", "in pack", "✎ note"):
        assert shown in text
    assert window.legend.isVisible()


def test_the_meeting_date_has_a_calendar_and_says_what_is_wrong(window: MainWindow, qtbot) -> None:
    window.tabs.setCurrentIndex(DETAILS_TAB)
    field = window.details.date_field
    QTest.mouseClick(field.button, Qt.MouseButton.LeftButton)
    assert field.popup.isVisible()
    from PySide6.QtCore import QDate

    field.calendar.setSelectedDate(QDate(2026, 3, 26))
    QTest.keyClick(QApplication.focusWidget() or field.calendar, Qt.Key.Key_Return)
    assert not field.popup.isVisible()
    assert field.edit.text() == "2026-03-26" and window.editor.detail("meeting.date") == "2026-03-26"
    field.edit.selectAll()
    QTest.keyClicks(field.edit, "2026-03")  # a month alone still reads
    assert window.editor.detail("meeting.date") == "2026-03" and field.status.isHidden()
    field.edit.selectAll()
    QTest.keyClicks(field.edit, "next Tuesday")
    assert not field.status.isHidden()  # said under the field, not only in a tooltip
    assert field.status.text().startswith("“next Tuesday” is not a date")


def test_template_descriptions_are_shown(window: MainWindow) -> None:
    window.tabs.setCurrentIndex(DETAILS_TAB)
    combo = window.details.widgets["template"]
    from briefing.templates import load_template

    index = combo.findData("meeting-one-pager")
    assert combo.itemData(index, Qt.ItemDataRole.ToolTipRole) == load_template("meeting-one-pager").description
    combo.setCurrentIndex(index)
    assert window.details.template_note.text() == load_template("meeting-one-pager").description


def test_preview_zooms_and_fits_the_width(window: MainWindow, qtbot) -> None:
    window.files.load(sample_pack_path())
    with qtbot.waitSignal(window.preview.rendered, timeout=60_000):
        window.tabs.setCurrentIndex(PREVIEW_TAB)
    preview = window.preview
    from PySide6.QtPdfWidgets import QPdfView

    fit = preview.zoom_factor()
    QTest.mouseClick(preview.zoom_buttons["in"], Qt.MouseButton.LeftButton)
    assert preview.view.zoomMode() == QPdfView.ZoomMode.Custom and preview.zoom_factor() > fit
    QTest.mouseClick(preview.zoom_buttons["out"], Qt.MouseButton.LeftButton)
    QTest.mouseClick(preview.zoom_buttons["out"], Qt.MouseButton.LeftButton)
    smaller = preview.zoom_factor()
    assert smaller < fit
    viewport = preview.view.viewport()
    wheel = QWheelEvent(QPointF(20, 20), QPointF(viewport.mapToGlobal(QPoint(20, 20))), QPoint(0, 0),
                        QPoint(0, 120), Qt.MouseButton.NoButton, Qt.KeyboardModifier.ControlModifier,
                        Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(viewport, wheel)
    assert preview.zoom_factor() > smaller
    QTest.mouseClick(preview.zoom_buttons["fit"], Qt.MouseButton.LeftButton)
    assert preview.view.zoomMode() == QPdfView.ZoomMode.FitToWidth


def test_save_as_self_contained_carries_the_items(window: MainWindow, dialogs, tmp_path: Path) -> None:
    window.files.load(sample_pack_path())
    target = tmp_path / "carried.briefpack"
    dialogs.save_file = str(target)
    save_as = next(a.menu() for a in window.menuBar().actions() if a.text() == "&File").actions()
    menu = next(a.menu() for a in save_as if a.menu() is not None and a.text() == "Save &As")
    assert window.actions.save_self_contained in menu.actions()
    window.actions.save_self_contained.trigger()
    saved = read_pack(target)
    assert saved.library is not None
    carried = set(saved.library.by_key())
    assert {(ref.kind, ref.id) for ref in saved.refs()} <= carried
    assert window.editor.path == target and not window.editor.is_modified()
    # Saved again after adding an item, it carries that one too.
    assert window.library_panel.select("priority", "data-security")
    window.actions.add_to_pack.trigger()
    window.actions.save.trigger()
    assert ("priority", "data-security") in read_pack(target).library.by_key()
    assert json.loads(target.read_text(encoding="utf-8"))["library"]
