"""The preview (real PDF pages, built off the GUI thread), dropping onto the pack tree, lazy start-up."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QDropEvent

from briefing.models import ItemRef, Kind
from briefing.resources import sample_pack_path
from ui.main_window import PREVIEW_TAB, MainWindow
from ui.mime import encode_library_items


def test_preview_shows_the_packs_pdf_pages_and_follows_edits(window: MainWindow, qtbot) -> None:
    window.files.load(sample_pack_path())
    assert window.preview.view is None  # QtPdf waits until the tab is first shown
    with qtbot.waitSignal(window.preview.rendered, timeout=60_000) as blocker:
        window.tabs.setCurrentIndex(PREVIEW_TAB)
    first = Path(blocker.args[0])
    document = window.preview.document
    assert document.pageCount() >= 3
    assert "ROK-EU Digital Partnership Council" in document.getAllText(0).text()
    assert window.preview.status.text().endswith("as it will print")

    window.preview._timer.setInterval(10)
    with qtbot.waitSignal(window.preview.rendered, timeout=60_000) as blocker:
        window.editor.set_detail("title", "Renamed for the preview")
    assert Path(blocker.args[0]) != first
    assert "Renamed for the preview" in window.preview.document.getAllText(0).text()


def test_preview_names_missing_items(window: MainWindow, qtbot) -> None:
    window.editor.add_items([ItemRef(kind="priority", id="not-in-library")], 0)
    with qtbot.waitSignal(window.preview.failed, timeout=60_000) as blocker:
        window.show_preview()
    assert "not-in-library" in blocker.args[0]
    assert "Cannot build the preview" in window.preview.status.text()


def _drop(view, index, mime) -> QDropEvent:
    rect = view.visualRect(index)
    event = QDropEvent(QPointF(rect.center()), Qt.DropAction.CopyAction | Qt.DropAction.MoveAction, mime,
                       Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    view.dropEvent(event)
    return event


def test_dropping_library_items_on_a_section(window: MainWindow) -> None:
    view, model = window.pack_panel.view, window.editor.model
    mime = encode_library_items([("quote", "vestager-5g-rollout"), ("priority", "5g-security")])
    _drop(view, model.section_index(2), mime)
    assert [ref.id for ref in model.section(2).items] == ["vestager-5g-rollout", "5g-security"]
    window.actions.undo.trigger()
    assert model.section(2).items == ()


def test_dragging_within_the_pack_moves_and_never_copies(window: MainWindow) -> None:
    view, model = window.pack_panel.view, window.editor.model
    window.editor.add_items([_ref("priority", "5g-security"), _ref("priority", "cybersecurity")], 0)
    mime = model.mimeData([model.item_index(0, 0)])
    event = _drop(view, model.section_index(1), mime)
    assert [ref.id for ref in model.section(0).items] == ["cybersecurity"]
    assert [ref.id for ref in model.section(1).items] == ["5g-security"]
    # Reported back to the dragging view as a copy, so it does not delete the "original".
    assert event.dropAction() == Qt.DropAction.CopyAction
    assert window.editor.undo_stack.undoText() == "Move item"


def _ref(kind: Kind, item_id: str) -> ItemRef:
    return ItemRef(kind=kind, id=item_id)


def test_start_up_imports_no_document_library_and_no_qtpdf(tmp_path: Path) -> None:
    script = (
        "import sys\n"
        "from PySide6.QtWidgets import QApplication\n"
        "app = QApplication([])\n"
        "from briefing.library import open_library\n"
        "from ui.main_window import MainWindow\n"
        "window = MainWindow(open_library())\n"
        "window.show(); app.processEvents()\n"
        "heavy = [m for m in ('reportlab', 'docx', 'openpyxl', 'PySide6.QtPdf', 'PySide6.QtPdfWidgets') if m in sys.modules]\n"
        "print(','.join(heavy) or 'none')\n"
        "window.close()\n"
    )
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", BRIEFING_LIBRARY=str(tmp_path / "lib.sqlite"),
               BRIEFING_STATE=str(tmp_path / "state"))
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env,
                          cwd=Path(__file__).resolve().parents[2], timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == "none"


def test_closing_while_the_preview_builds_is_clean(make_window, qtbot) -> None:
    window = make_window()
    window.files.load(sample_pack_path())
    window.show_preview()
    assert window.preview._worker is not None
    assert window.close()  # cancels and waits for the worker; its late report must not fail
    window.deleteLater()
    qtbot.wait(300)
    assert window.preview._folder is None  # the temporary PDFs are gone
