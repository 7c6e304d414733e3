"""People in the app: the editor with its photo (choose, refuse, remove, preview), the inspector's
photo, undo, and placing people in a pack exactly when the core's PACK_KINDS allows it."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import pytest
from PIL import Image
from PySide6.QtCore import QPoint, QRect, Qt, QTimer, QUrl
from PySide6.QtGui import QTextDocument
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractButton, QApplication, QDialogButtonBox, QLabel, QWidget

from briefing import models
from briefing.library.store import LibraryStore
from briefing.models import Person
from ui.item_dialog import ItemDialog
from ui.main_window import MainWindow
from ui.mime import encode_library_items
from ui.photo_field import PREVIEW_SIDE, PhotoField

_RED = (200, 30, 30)


def _png(width: int = 300, height: int = 200, colour: tuple[int, int, int] = _RED) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), colour).save(buffer, "PNG")
    return buffer.getvalue()


def _in_dialog(trigger: Callable[[], object], interact: Callable[[ItemDialog], None]) -> None:
    """Run `trigger` (which opens a modal item dialog) and act in the dialog while it is open;
    the dialog is closed whatever happens, so a failing check never leaves a test hanging."""
    errors: list[BaseException] = []

    def run() -> None:
        dialog = QApplication.activeModalWidget()
        try:
            assert isinstance(dialog, ItemDialog), f"no item dialog open, but {dialog!r}"
            interact(dialog)
        except BaseException as exc:  # re-raised below, outside Qt's event loop
            errors.append(exc)
        finally:
            if dialog is not None and dialog.isVisible():
                dialog.reject()

    QTimer.singleShot(0, run)
    trigger()
    if errors:
        raise errors[0]


def _photo(dialog: ItemDialog) -> PhotoField:
    field = dialog.inputs["photo"]
    assert isinstance(field, PhotoField)
    return field


def _save(dialog: ItemDialog) -> None:
    box = dialog.findChild(QDialogButtonBox)
    QTest.mouseClick(box.button(QDialogButtonBox.StandardButton.Save), Qt.MouseButton.LeftButton)
    assert not dialog.isVisible(), dialog.errors.text()


def test_a_person_is_created_with_a_photo_reopened_the_photo_removed_and_undone(
        window: MainWindow, store: LibraryStore, dialogs, tmp_path: Path) -> None:
    photo = _png()
    (tmp_path / "ha.png").write_bytes(photo)
    dialogs.open_file = str(tmp_path / "ha.png")
    people = store.count("person")

    def create(dialog: ItemDialog) -> None:
        assert dialog.windowTitle() == "New person"
        QTest.keyClicks(dialog.inputs["name"], "Ha Jung-Woo")
        assert dialog.inputs["id"].text() == "ha-jung-woo" and dialog.id_status.text() == "Available."
        QTest.keyClicks(dialog.inputs["role"], "Senior Secretary for AI")
        QTest.keyClicks(dialog.inputs["country"], "Republic of Korea")
        dialog.inputs["biography"].setPlainText("First paragraph.\n\nSecond paragraph.")
        dialog.inputs["languages"].setPlainText("Korean\nEnglish")
        field = _photo(dialog)
        assert field.preview.text() == "No photo" and not field.remove_button.isEnabled()
        QTest.mouseClick(field.choose_button, Qt.MouseButton.LeftButton)
        shown = field.preview.pixmap()
        # Scaled to the preview, the aspect (3:2) kept; the pixels are the photo's.
        assert (shown.width(), shown.height()) == (PREVIEW_SIDE - 2, round((PREVIEW_SIDE - 2) * 2 / 3))
        assert shown.toImage().pixelColor(10, 10).getRgb()[:3] == _RED
        assert field.remove_button.isEnabled() and not field.status.isVisible()
        QTest.keyClicks(dialog.inputs["review_due"], "2027-13")
        check = next(label for label in dialog.findChildren(QLabel) if label.accessibleName() == "Review due check")
        assert check.text() == "“2027-13” is not a date: write 2026-03-26, 2026-03 or 2026."
        dialog.inputs["review_due"].clear()
        _save(dialog)

    menu = window.library_panel.new_button.menu()
    new_person = next(action for action in menu.actions() if action.text() == "New person…")
    _in_dialog(new_person.trigger, create)  # the library panel's New menu
    stored = store.get("person", "ha-jung-woo")
    assert isinstance(stored, Person) and store.count("person") == people + 1
    assert stored.photo == photo  # the file's bytes, never re-encoded
    assert (stored.role, stored.country, stored.languages) == ("Senior Secretary for AI", "Republic of Korea",
                                                               ("Korean", "English"))
    assert stored.biography == "First paragraph.\n\nSecond paragraph."

    def remove(dialog: ItemDialog) -> None:
        field = _photo(dialog)
        assert not field.preview.pixmap().isNull()
        QTest.mouseClick(field.remove_button, Qt.MouseButton.LeftButton)
        assert field.preview.pixmap().isNull() and field.preview.text() == "No photo"
        _save(dialog)

    _in_dialog(lambda: window.library_actions.edit("person", "ha-jung-woo"), remove)
    assert store.get("person", "ha-jung-woo").photo is None
    window.actions.undo.trigger()
    assert store.get("person", "ha-jung-woo").photo == photo
    window.actions.undo.trigger()
    assert store.get("person", "ha-jung-woo") is None


def test_a_refused_file_is_named_in_one_line_and_the_old_photo_kept(qtbot, store: LibraryStore, dialogs,
                                                                    tmp_path: Path) -> None:
    good = _png(120, 160, (20, 90, 200))
    store.add(Person(id="jane-doe", name="Jane Doe", photo=good))
    truncated = _png(400, 400)
    (tmp_path / "truncated.png").write_bytes(truncated[: len(truncated) // 2])
    (tmp_path / "notes.png").write_text("not an image", encoding="utf-8")
    (tmp_path / "folder.png").mkdir()
    dialog = ItemDialog("person", store, store.get("person", "jane-doe"))
    qtbot.addWidget(dialog)
    dialog.show()
    field = _photo(dialog)
    before = field.preview.pixmap().toImage()
    assert (before.width(), before.height()) == (round((PREVIEW_SIDE - 2) * 120 / 160), PREVIEW_SIDE - 2)
    for name, reason in (("truncated.png", "truncated.png: not a readable PNG image"),
                         ("notes.png", "notes.png: not a JPEG or PNG image"),
                         ("folder.png", "folder.png")):
        dialogs.open_file = str(tmp_path / name)
        QTest.mouseClick(field.choose_button, Qt.MouseButton.LeftButton)
        assert field.status.isVisible() and reason in field.status.text()
        assert "\n" not in field.status.text() and "Traceback" not in field.status.text()
        assert field.value() == good and field.preview.pixmap().toImage() == before
    assert field.status.text().endswith("The photo was not changed.")
    assert dialog.try_save(), dialog.errors.text()
    assert store.get("person", "jane-doe").photo == good


def test_the_inspector_shows_the_photo(window: MainWindow, store: LibraryStore, qtbot) -> None:
    photo = _png(200, 100, (10, 160, 60))
    store.add(Person(id="jane-doe", name="Jane Doe", role="Envoy", photo=photo))
    window.library_changed()
    window.inspector.show_item("person", "jane-doe")
    details = window.inspector.details
    html = details.toHtml()
    assert "Envoy" in details.toPlainText() and "data:image/png;base64," in html
    url = html.split("src=\"", 1)[1].split("\"", 1)[0]
    resource = details.document().resource(QTextDocument.ResourceType.ImageResource, QUrl(url))
    assert resource is not None and not resource.isNull()  # Qt decoded the data: URI
    grabbed = details.viewport().grab().toImage()
    colours = {grabbed.pixelColor(x, y).getRgb()[:3] for x in range(0, grabbed.width(), 4)
               for y in range(0, grabbed.height(), 4)}
    assert (10, 160, 60) in colours  # drawn, not only referenced


def test_people_are_refused_while_packs_do_not_hold_them_with_a_status_line(
        window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    # Today's core (people not in PACK_KINDS), held so this stays true once packs take people.
    monkeypatch.setattr(models, "PACK_KINDS", tuple(kind for kind in models.PACK_KINDS if kind != "person"))
    assert models.PACK_KINDS == ("partnership", "priority", "quote")
    model = window.editor.model
    mime = encode_library_items([("person", "lee-jong-ho")])
    assert not model.dropMimeData(mime, Qt.DropAction.CopyAction, -1, 0, model.section_index(0))
    assert model.item_keys() == set()
    message = window.statusBar().currentMessage()
    assert message == "“Lee Jong-Ho”: only partnerships, priorities and quotes can be placed in a pack."
    window.statusBar().clearMessage()
    assert window.library_panel.select("person", "lee-jong-ho")
    window.actions.add_to_pack.trigger()
    assert window.statusBar().currentMessage() == message and model.item_keys() == set()


def test_people_go_into_the_pack_once_the_core_allows_them(window: MainWindow,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(models, "PACK_KINDS", tuple(dict.fromkeys((*models.PACK_KINDS, "person"))))
    model = window.editor.model
    mime = encode_library_items([("person", "lee-jong-ho"), ("quote", "vestager-5g-rollout")])
    assert model.dropMimeData(mime, Qt.DropAction.CopyAction, -1, 0, model.section_index(0))
    assert [ref.id for ref in model.section(0).items] == ["lee-jong-ho", "vestager-5g-rollout"]
    assert window.library_panel.select("person", "thierry-breton")
    window.activateWindow()
    window.library_panel.view.setFocus()
    QTest.keyClick(window.library_panel.view, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert ("person", "thierry-breton") in model.item_keys()
    window.actions.undo.trigger()
    assert ("person", "thierry-breton") not in model.item_keys()


def test_the_person_editor_with_a_photo_fits_and_looks_right(qtbot, store: LibraryStore, tmp_path: Path) -> None:
    store.add(Person(id="jane-doe", name="Jane Doe", role="Envoy", photo=_png(300, 400)))
    dialog = ItemDialog("person", store, store.get("person", "jane-doe"))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.width() <= 1024 and dialog.height() <= 700
    inside = QRect(QPoint(0, 0), dialog.size())
    clipped = []
    for widget in dialog.findChildren(QWidget):
        if not widget.isVisibleTo(dialog) or not isinstance(widget, QAbstractButton | QLabel):
            continue
        if isinstance(widget, QLabel) and (widget.wordWrap() or not widget.text()):
            continue
        rect = QRect(widget.mapTo(dialog, QPoint(0, 0)), widget.size())
        if widget.width() < widget.sizeHint().width() or not inside.contains(rect):
            clipped.append(f"{type(widget).__name__} “{getattr(widget, 'text', lambda: '')()}”")
    assert not clipped, clipped
    shot = dialog.grab()
    assert shot.save(str(tmp_path / "person-editor.png"))
