"""Starting the app: `--library`, the window on the starter library, shortcuts, the screenshot script."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtGui import QImage, QKeySequence
from PySide6.QtWidgets import QApplication

from ui.app import parse_args, run
from ui.main_window import MainWindow

if TYPE_CHECKING:
    from tests.ui.conftest import StarterCounts


def test_arguments() -> None:
    args = parse_args(["--library", "/tmp/lib.sqlite"])
    assert args.library == Path("/tmp/lib.sqlite") and args.pack is None
    assert parse_args(["brief.briefpack"]).pack == Path("brief.briefpack")


def test_run_opens_the_window_on_a_new_starter_library(qtbot, tmp_path: Path, dialogs,
                                                        starter: StarterCounts) -> None:
    library = tmp_path / "new" / "library.sqlite"
    seen: list[tuple[str, int]] = []

    def look_and_close() -> None:
        windows = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()]
        for window in windows:
            seen.append((window.windowTitle(), window.library_panel.proxy.rowCount()))
            window.close()

    QTimer.singleShot(300, look_and_close)
    assert run(["--library", str(library)]) == 0
    assert seen == [("Briefing Pack Builder — Untitled pack[*]", starter.total)]
    assert library.exists()


def test_run_reports_a_library_it_cannot_open(qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from PySide6.QtWidgets import QMessageBox

    broken = tmp_path / "library.sqlite"
    broken.write_bytes(b"this is not a database" * 100)
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", staticmethod(lambda parent, title, text: shown.append(text)))
    assert run(["--library", str(broken)]) == 1
    assert shown and str(broken) in shown[0]


def test_standard_shortcuts(window: MainWindow, qtbot) -> None:
    acts = window.actions
    assert acts.new.shortcut() == QKeySequence(QKeySequence.StandardKey.New)
    assert acts.open.shortcut() == QKeySequence(QKeySequence.StandardKey.Open)
    assert acts.save.shortcut() == QKeySequence(QKeySequence.StandardKey.Save)
    assert acts.undo.shortcut() == QKeySequence(QKeySequence.StandardKey.Undo)
    assert acts.export.shortcut() == QKeySequence("Ctrl+E")
    window.pack_panel.view.setFocus()
    acts.find.trigger()
    qtbot.waitUntil(window.library_panel.search.hasFocus)


def test_screenshot_script_grabs_the_real_window(qtbot, tmp_path: Path) -> None:
    from ui import screenshot

    out = screenshot.make_screenshot(tmp_path / "shot.png", tmp_path / "work", settle_s=0.2)
    image = QImage(str(out))
    assert (image.width(), image.height()) == screenshot.SIZE
    colours = {image.pixel(x, y) for x in range(0, image.width(), 40) for y in range(0, image.height(), 40)}
    assert len(colours) > 20  # a drawn window, not a blank canvas
