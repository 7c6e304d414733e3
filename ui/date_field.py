"""A date field: typed (YYYY, YYYY-MM or YYYY-MM-DD), or picked from a calendar, checked as typed."""

from __future__ import annotations

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QCalendarWidget,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from briefing import dates
from ui.icons import MISSING_COLOUR


class DateField(QWidget):
    """`edit` holds the text (partial dates allowed); the button opens a calendar whose chosen
    day is written as YYYY-MM-DD; a line under the field says what is wrong, as it is typed."""

    picked = Signal(str)  # a day chosen in the calendar

    def __init__(self, label: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        self.edit = QLineEdit(placeholderText="YYYY-MM-DD")
        self.button = QToolButton()
        self.button.setText("Calendar…")
        self.button.setAccessibleName(f"Pick the {label.lower()} from a calendar")
        self.button.setToolTip("Pick a day from a calendar (a year or a month alone can be typed)")
        self.button.clicked.connect(self.open_calendar)
        row.addWidget(self.edit, 1)
        row.addWidget(self.button)
        layout.addLayout(row)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setAccessibleName(f"{label} check")
        self.status.setStyleSheet(f"color: {MISSING_COLOUR};")
        self.status.hide()
        layout.addWidget(self.status)
        self.popup = QFrame(self, Qt.WindowType.Popup)
        self.popup.setFrameShape(QFrame.Shape.StyledPanel)
        self.calendar = QCalendarWidget(self.popup)
        self.calendar.setGridVisible(True)
        self.calendar.clicked.connect(self._chosen)
        self.calendar.activated.connect(self._chosen)
        QVBoxLayout(self.popup).addWidget(self.calendar)
        self.edit.textChanged.connect(self.check)
        self.setFocusProxy(self.edit)

    def open_calendar(self) -> None:
        """Show the calendar under the field, on the typed date (or today)."""
        text = self.edit.text().strip()
        day = (dates.to_date(text) if dates.is_iso(text) else None) or dates.today()
        self.calendar.setSelectedDate(QDate(day.year, day.month, day.day))
        self.popup.move(self.edit.mapToGlobal(self.edit.rect().bottomLeft()))
        self.popup.show()
        self.calendar.setFocus()

    def _chosen(self, day: QDate) -> None:
        self.popup.hide()
        text = day.toString("yyyy-MM-dd")
        self.edit.setText(text)
        self.edit.setFocus()
        self.picked.emit(text)

    def check(self, text: str) -> bool:
        """Show whether the text reads as a date; True when it does (or is empty)."""
        text = text.strip()
        valid = not text or dates.is_iso(text)
        self.status.setText("" if valid else f"“{text}” is not a date: write 2026-03-26, 2026-03 or 2026, "
                                             "or pick a day from the calendar. The pack cannot be saved with it.")
        self.status.setVisible(not valid)
        self.edit.setProperty("invalid", not valid)
        self.edit.style().unpolish(self.edit)
        self.edit.style().polish(self.edit)
        return valid
