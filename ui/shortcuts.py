"""Help > Shortcuts: every keyboard shortcut of the window's actions, and the keys inside the panes."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

# Keys that belong to a pane rather than to a menu command.
PANE_KEYS = (
    ("Tab / Shift+Tab", "Move to the next / previous pane or field (one stop per list)"),
    ("Down (in the search box)", "Move into the search results"),
    ("Up / Down (in a list)", "Move through the items"),
    ("Ctrl+Return", "Add the item the inspector shows to the pack"),
    ("Alt+Up / Alt+Down (in the pack)", "Move the selected section or item"),
    ("F2 (in the pack)", "Rename the selected section"),
    ("Delete (in the pack)", "Remove the selection from the pack"),
    ("Ctrl+wheel, Ctrl++ / Ctrl+- (in the preview)", "Zoom the preview"),
    ("Ctrl+Tab", "Next tab of the inspector"),
)


def shortcut_rows(actions: Iterable[QAction]) -> list[tuple[str, str]]:
    """(keys, what they do) for every action with a shortcut, then the pane keys."""
    rows = []
    for act in actions:
        keys = act.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        if keys:
            # An action's data can name it out of its menu ("Pack file…" under Save As).
            label = act.data() if isinstance(act.data(), str) else act.text()
            rows.append((keys, label.replace("&", "").rstrip("…")))
    seen = {keys for keys, _ in rows}
    return rows + [(keys, text) for keys, text in PANE_KEYS if keys not in seen]


class ShortcutsDialog(QDialog):
    """A two-column table of keys and what they do."""

    def __init__(self, rows: list[tuple[str, str]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Keyboard shortcuts")
        self.table = QTableWidget(len(rows), 2, self)
        self.table.setAccessibleName("Keyboard shortcuts")
        self.table.setHorizontalHeaderLabels(["Keys", "Does"])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)
        for row, (keys, text) in enumerate(rows):
            self.table.setItem(row, 0, QTableWidgetItem(keys))
            self.table.setItem(row, 1, QTableWidgetItem(text))
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 8)
        self.table.resizeColumnToContents(0)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addWidget(buttons)
        self.resize(760, 520)

    def text(self) -> str:
        """The table as lines 'keys — does' (what a screen reader or a test reads)."""
        def cell(row: int, column: int) -> str:
            item = self.table.item(row, column)
            return item.text() if item is not None else ""

        return "\n".join(f"{cell(r, 0)} — {cell(r, 1)}" for r in range(self.table.rowCount()))
