"""Starts the desktop app: parses `--library PATH`, opens the library, shows the main window."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

APP_TITLE = "Briefing Pack Builder"


def parse_args(argv: Sequence[str]) -> argparse.Namespace:
    """The app's own options (Qt's, such as -platform, are left to Qt)."""
    parser = argparse.ArgumentParser(prog="briefing-pack", description=f"{APP_TITLE}: the desktop app")
    parser.add_argument("--library", metavar="PATH", type=Path,
                        help="the library file (default: BRIEFING_LIBRARY, else the user data folder)")
    parser.add_argument("pack", nargs="?", type=Path, help="a .briefpack file to open")
    args, _qt_args = parser.parse_known_args(list(argv))
    return args


def run(argv: Sequence[str]) -> int:
    """Run the app until its window closes; the exit code of the event loop."""
    args = parse_args(argv)
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMessageBox

    app = QApplication.instance() or QApplication([sys.argv[0], *argv])
    app.setApplicationName(APP_TITLE)
    app.setOrganizationName("briefing-pack-builder")
    from briefing.errors import BriefingError
    from briefing.library import open_library

    notes: list[str] = []
    try:
        store = open_library(args.library, warnings=notes)
        notes += store.notes  # what opening found, e.g. stored dates the date rule refuses
    except BriefingError as exc:
        from ui.wording import plain_problems

        lines = plain_problems(exc.problems, what="a library")  # each line names the file
        QMessageBox.critical(None, APP_TITLE, "The library cannot be opened:\n\n" + "\n".join(lines))
        return 1
    window = _window(store, args.pack)
    window.show()
    QTimer.singleShot(0, lambda: _after_show(window, notes))
    try:
        return app.exec()
    finally:
        store.close()


def _window(store, pack_path: Path | None):
    from ui.main_window import MainWindow
    from ui.style import apply_style

    apply_style()
    window = MainWindow(store)
    if pack_path is not None:
        window.files.load(pack_path)
    return window


def _after_show(window, notes: list[str]) -> None:
    """What waits until the window is on screen: warnings, and the offer to recover."""
    from ui import messages

    if notes:
        from ui.wording import plain_problems

        messages.show_problems(window, APP_TITLE, "Please note:", plain_problems(notes, what="a library"))
    window.offer_recovery()
