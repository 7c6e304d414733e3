"""Small icons drawn in code (kind badges, the review-due mark), so the app ships no image files."""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QGuiApplication, QIcon, QPainter, QPainterPath, QPen, QPixmap

# Muted colours that stay readable in light and dark system palettes.
KIND_COLOURS = {"partnership": "#2E74B5", "priority": "#5B8C3A", "quote": "#8A5A9E", "person": "#B5642E",
                "text": "#5F6B7A"}
# Badges that read: "Pa" partnership, "Pr" priority, "Q" quote, "Pe" person, "Tx" the officer's
# text block (the legend in the status bar says so).
KIND_LETTERS = {"partnership": "Pa", "priority": "Pr", "quote": "Q", "person": "Pe", "text": "Tx"}
IN_PACK_COLOUR = "#2E7D32"
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


def kind_icon(kind: str, stale: bool = False, breach: bool = False, in_pack: bool = False) -> QIcon:
    """A rounded badge with the kind's letters (Pa partnership, Pr priority, Q quote); a stale
    item gets an amber corner dot, one above the pack's marking a red "!" corner, one already
    in the pack a green corner tick, so its kind stays readable."""
    # Pixmaps need a GUI application; a model used without one (headless checks) shows none.
    return _kind_icon(kind, stale, breach, in_pack) if QGuiApplication.instance() else QIcon()


@cache
def _kind_icon(kind: str, stale: bool, breach: bool = False, in_pack: bool = False) -> QIcon:
    pixmap, painter = _canvas()
    painter.setBrush(QColor(KIND_COLOURS.get(kind, "#777777")))
    painter.setPen(Qt.PenStyle.NoPen)
    painter.drawRoundedRect(QRectF(2, 2, _SIZE - 4, _SIZE - 4), 7, 7)
    font = QFont()
    font.setBold(True)
    letters = KIND_LETTERS.get(kind, "?")
    font.setPixelSize(19 if len(letters) == 1 else 15)
    painter.setFont(font)
    painter.setPen(QColor("white"))
    painter.drawText(QRectF(0, 0, _SIZE, _SIZE), Qt.AlignmentFlag.AlignCenter, letters)
    if stale:
        painter.setPen(QColor("white"))
        painter.setBrush(QColor(STALE_COLOUR))
        painter.drawEllipse(QRectF(_SIZE - 15, _SIZE - 15, 14, 14))
    if in_pack:  # already in the pack: a green tick in the bottom-left corner
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(IN_PACK_COLOUR))
        painter.drawEllipse(QRectF(1, _SIZE - 15, 14, 14))
        tick = QPainterPath()
        tick.moveTo(4, _SIZE - 8)
        tick.lineTo(7, _SIZE - 5)
        tick.lineTo(12, _SIZE - 11)
        painter.strokePath(tick, QPen(QColor("white"), 2))
    if breach:  # marked above the pack: a red square with "!" in the top corner
        painter.setPen(QColor("white"))
        painter.setBrush(QColor(MISSING_COLOUR))
        painter.drawRect(QRectF(_SIZE - 15, 1, 14, 14))
        font.setPixelSize(12)
        painter.setFont(font)
        painter.drawText(QRectF(_SIZE - 15, 1, 14, 14), Qt.AlignmentFlag.AlignCenter, "!")
    painter.end()
    return QIcon(pixmap)


def legend_html() -> str:
    """The status bar's key to the badges and marks (letters and colours as the icons draw them)."""
    kinds = " ".join(f"<b style='color:{KIND_COLOURS[kind]}'>{KIND_LETTERS[kind]}</b> {kind}"
                     for kind in ("partnership", "priority", "quote", "person"))
    kinds += f" <b style='color:{KIND_COLOURS['text']}'>{KIND_LETTERS['text']}</b> text block"
    return (f"{kinds} · <b style='color:{STALE_COLOUR}'>●</b> past review · "
            f"<b style='color:{MISSING_COLOUR}'>!</b> above pack marking · "
            f"<b style='color:{IN_PACK_COLOUR}'>✓</b> in pack · ✎ note")


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
