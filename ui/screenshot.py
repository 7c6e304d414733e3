"""Make the README's screenshot from the real app: `python -m ui.screenshot [--out docs/screenshot.png]`.

Runs offscreen on a fresh starter library (in a temporary folder, so no user data shows),
opens the sample pack, searches the library, selects an item and waits for the PDF
preview, then grabs the main window at 1280 x 800.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

SIZE = (1280, 800)
DEFAULT_OUT = Path(__file__).resolve().parent.parent / "docs" / "screenshot.png"


def _wait(app, condition, timeout_s: float = 120.0) -> None:
    """Run the event loop until `condition()` holds."""
    import time

    end = time.monotonic() + timeout_s
    while not condition():
        if time.monotonic() > end:
            raise TimeoutError("the app did not get ready in time")
        app.processEvents()
        time.sleep(0.02)


def _settle(app, seconds: float) -> None:
    """Let queued work (page rendering) finish."""
    import time

    end = time.monotonic() + seconds
    while time.monotonic() < end:
        app.processEvents()
        time.sleep(0.02)


def make_screenshot(out: Path, folder: Path, settle_s: float = 2.0, size: tuple[int, int] = SIZE,
                    tab: str = "preview") -> Path:
    """Open the app on a starter library in `folder`, arrange it, and save the window to `out`."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ["BRIEFING_STATE"] = str(folder / "state")
    os.environ["BRIEFING_LIBRARY"] = str(folder / "library.sqlite")
    from PySide6.QtWidgets import QApplication

    from briefing.library import open_library
    from briefing.resources import sample_pack_path
    from ui.main_window import DETAILS_TAB, ITEM_TAB, PREVIEW_TAB, MainWindow
    from ui.style import apply_style

    app = QApplication.instance() or QApplication([sys.argv[0]])
    apply_style(app)
    store = open_library()
    window = MainWindow(store)
    window.resize(*size)
    window.show()
    window.files.load(sample_pack_path())
    rendered: list[str] = []
    window.preview.rendered.connect(rendered.append)
    window.library_panel.search.setText("semiconductors")
    window.library_panel.apply_filter()
    window.library_panel.select("priority", "semiconductors")
    model = window.editor.model
    window.pack_panel.select(model.item_index(1, 2))
    window.tabs.setCurrentIndex(PREVIEW_TAB)
    _wait(app, lambda: bool(rendered))
    window.tabs.setCurrentIndex({"preview": PREVIEW_TAB, "details": DETAILS_TAB, "item": ITEM_TAB}[tab])
    from PySide6.QtPdfWidgets import QPdfView

    window.preview.view.setZoomMode(QPdfView.ZoomMode.FitInView)  # the whole cover page
    _settle(app, settle_s)  # QPdfView renders pages in a thread of its own
    out.parent.mkdir(parents=True, exist_ok=True)
    if not window.grab().save(str(out)):
        raise OSError(f"cannot write {out}")
    window.editor.undo_stack.setClean()
    window.close()
    store.close()
    return out


def main(argv: list[str] | None = None) -> int:
    """Write the screenshot and print where."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help=f"PNG file (default {DEFAULT_OUT})")
    parser.add_argument("--size", default=f"{SIZE[0]}x{SIZE[1]}", help="window size, WIDTHxHEIGHT")
    parser.add_argument("--tab", choices=("preview", "details", "item"), default="preview",
                        help="the right-hand tab shown")
    args = parser.parse_args(argv)
    width, _, height = args.size.partition("x")
    with tempfile.TemporaryDirectory(prefix="briefing-screenshot-") as folder:
        print(make_screenshot(args.out, Path(folder), size=(int(width), int(height)), tab=args.tab))
    return 0


if __name__ == "__main__":
    sys.exit(main())
