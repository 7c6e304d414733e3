"""A combo box whose choices are read only when the user first opens or focuses it."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox


class LazyCombo(QComboBox):
    """Starts with one "any" entry; the rest is read when the user opens or focuses the combo,
    so thousands of partnerships (or every template file) cost nothing at start-up."""

    def __init__(self, any_label: str, choices: Callable[[], Sequence[tuple[str, ...]]], name: str,
                 tip: str) -> None:
        super().__init__()
        self._any_label, self._choices, self._loaded = any_label, choices, False
        self.addItem(any_label, None)
        self.setAccessibleName(name)
        self.setToolTip(tip)
        # Long partnership names must not widen the whole panel.
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(8)

    def forget(self) -> None:
        """The store changed: read the choices again when next needed."""
        self._loaded = False

    def load(self) -> None:
        """Fill in the choices, keeping the chosen one when it still exists."""
        if self._loaded:
            return
        self._loaded = True
        chosen = self.currentData()
        self.blockSignals(True)
        self.clear()
        self.addItem(self._any_label, None)
        for text, value, *described in self._choices():  # (text, value[, description])
            self.addItem(text, value)
            if described and described[0]:
                self.setItemData(self.count() - 1, described[0], Qt.ItemDataRole.ToolTipRole)
        found = self.findData(chosen) if chosen is not None else 0
        if found < 0:  # chosen elsewhere (a pack's template) but not available here
            self.addItem(f"{chosen} (not found)", chosen)
            found = self.count() - 1
        self.setCurrentIndex(found)
        self.blockSignals(False)

    def choose(self, value: object) -> None:
        """Show `value` as chosen, before or after the choices are read."""
        index = self.findData(value)
        if index < 0 and value is not None:
            self.addItem(str(value) if not self._loaded else f"{value} (not found)", value)
            index = self.count() - 1
        self.setCurrentIndex(max(index, 0))

    def showPopup(self) -> None:
        self.load()
        super().showPopup()

    def focusInEvent(self, event) -> None:
        self.load()  # the arrow keys choose without opening the list
        super().focusInEvent(event)
