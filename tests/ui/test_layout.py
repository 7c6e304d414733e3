"""At 1024 x 700 every pane, button and label fits: nothing clipped, nothing off the window."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QRect
from PySide6.QtWidgets import QAbstractButton, QLabel, QWidget

from briefing.resources import sample_pack_path
from ui.main_window import DETAILS_TAB, ITEM_TAB, PREVIEW_TAB, MainWindow


def _clipped(window: MainWindow) -> list[str]:
    """Visible buttons and one-line labels narrower than their text needs, or outside the window."""
    inside = QRect(QPoint(0, 0), window.size())
    found = []
    for widget in window.findChildren(QWidget):
        if not widget.isVisibleTo(window) or not isinstance(widget, QAbstractButton | QLabel):
            continue
        if isinstance(widget, QLabel) and (widget.wordWrap() or not widget.text()):
            continue
        if widget.parent() is not None and type(widget).__name__ == "QToolBarExtension":
            continue
        rect = QRect(widget.mapTo(window, QPoint(0, 0)), widget.size())
        name = f"{type(widget).__name__} “{getattr(widget, 'text', lambda: '')()}”"
        if widget.width() < widget.sizeHint().width():
            found.append(f"{name}: {widget.width()} < {widget.sizeHint().width()}")
        elif not inside.contains(rect):
            found.append(f"{name}: outside the window at {rect}")
    return found


@pytest.mark.parametrize("tab", [ITEM_TAB, DETAILS_TAB, PREVIEW_TAB])
def test_the_window_fits_1024_by_700(window: MainWindow, tab: int) -> None:
    window.files.load(sample_pack_path())
    window.resize(1024, 700)
    window.splitter.setSizes([1, 1, 1])  # the worst case: let the splitter share the room
    window.tabs.setCurrentIndex(tab)
    if tab == ITEM_TAB:
        window.pack_panel.select(window.editor.model.item_index(1, 2))
    window.repaint()
    assert (window.width(), window.height()) == (1024, 700)
    clipped = _clipped(window)
    assert not clipped, "\n".join(clipped)
