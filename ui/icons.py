"""Small icons drawn in code (kind badges, the review-due mark), so the app ships no image files."""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QGuiApplication, QIcon, QPainter, QPainterPath, QPixmap

# Muted colours that stay readable in light and dark system palettes.
KIND_COLOURS = {"partnership": "#2E74B5", "priority": "#5B8C3A", "quote": "#8A5A9E"}
KIND_LETTERS = {"partnership": "P", "priority": "R", "quote": "Q"}
STALE_COLOUR = "#C77C02"
# Darker amber for text: readable on white (contrast above 4.5:1).
STALE_TEXT_COLOUR = "#8A5300"
MISSING_COLOUR = "#B3261E"
_SIZE = 32


def _canvas() -> tuple[QPixmap, QPainter]:
    pixmap = QPixmap(_SIZE, _SIZE)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    return pixmap, painter


def kind_icon(kind: str, stale: bool = False, breach: bool = False) -> QIcon:
    """A rounded badge with the kind's letter (P partnership, R priority, Q quote); a stale
    item gets an amber corner mark, so its kind stays readable."""
    # Pixmaps need a GUI application; a model used without one (headless checks) shows none.
    return _kind_icon(kind, stale, breach) if QGuiApplication.instance() else QIcon()


@cache
def _kind_icon(kind: str, stale: bool, breach: bool = False) -> QIcon:
    pixmap, painter = _canvas()
    painter.setBrush(QColor(KIND_COLOURS.get(kind, "#777777")))
    painter.setPen(Qt.PenStyle.NoPen)
    painter.drawRoundedRect(QRectF(2, 2, _SIZE - 4, _SIZE - 4), 7, 7)
    font = QFont()
    font.setBold(True)
    font.setPixelSize(19)
    painter.setFont(font)
    painter.setPen(QColor("white"))
    painter.drawText(QRectF(0, 0, _SIZE, _SIZE), Qt.AlignmentFlag.AlignCenter, KIND_LETTERS.get(kind, "?"))
    if stale:
        painter.setPen(QColor("white"))
        painter.setBrush(QColor(STALE_COLOUR))
        painter.drawEllipse(QRectF(_SIZE - 15, _SIZE - 15, 14, 14))
    if breach:  # marked above the pack: a red square with "!" in the top corner
        painter.setPen(QColor("white"))
        painter.setBrush(QColor(MISSING_COLOUR))
        painter.drawRect(QRectF(_SIZE - 15, 1, 14, 14))
        font.setPixelSize(12)
        painter.setFont(font)
        painter.drawText(QRectF(_SIZE - 15, 1, 14, 14), Qt.AlignmentFlag.AlignCenter, "!")
    painter.end()
    return QIcon(pixmap)


def warning_icon(colour: str = STALE_COLOUR) -> QIcon:
    """A triangle with an exclamation mark: an item missing from the library."""
    return _warning_icon(colour) if QGuiApplication.instance() else QIcon()


@cache
def _warning_icon(colour: str) -> QIcon:
    pixmap, painter = _canvas()
    path = QPainterPath()
    path.moveTo(_SIZE / 2, 3)
    path.lineTo(_SIZE - 2, _SIZE - 4)
    path.lineTo(2, _SIZE - 4)
    path.closeSubpath()
    painter.fillPath(path, QColor(colour))
    font = QFont()
    font.setBold(True)
    font.setPixelSize(18)
    painter.setFont(font)
    painter.setPen(QColor("white"))
    painter.drawText(QRectF(0, 6, _SIZE, _SIZE - 8), Qt.AlignmentFlag.AlignCenter, "!")
    painter.end()
    return QIcon(pixmap)


def section_icon() -> QIcon:
    """A folder-like tab for pack sections."""
    return _section_icon() if QGuiApplication.instance() else QIcon()


@cache
def _section_icon() -> QIcon:
    pixmap, painter = _canvas()
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor("#9AA5B1"))
    painter.drawRoundedRect(QRectF(3, 9, _SIZE - 6, _SIZE - 14), 3, 3)
    painter.drawRoundedRect(QRectF(3, 5, 12, 8), 2, 2)
    painter.end()
    return QIcon(pixmap)
