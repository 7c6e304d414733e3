"""A searchable check-list of library items by title (ids shown second), for an item's links."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from briefing.text import fold

AnyIndex = QModelIndex | QPersistentModelIndex
ID_ROLE = Qt.ItemDataRole.UserRole + 1
_SECONDARY = "#6B6B6B"
_MEASURED = 500  # ids measured for the id column's width


class LinkChoicesModel(QAbstractTableModel):
    """(title, id) rows, the title checkable; ids not in the library are kept, and say so."""

    checkedChanged = Signal()

    def __init__(self, choices: Sequence[tuple[str, str]], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows = [(title, item_id) for item_id, title in choices]
        self._known = {item_id for _title, item_id in self._rows}
        self._checked: set[str] = set()

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else 2

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return ("Title", "Id")[section] if 0 <= section < 2 else None
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        title, item_id = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return title if index.column() == 0 else item_id
        if role == Qt.ItemDataRole.CheckStateRole and index.column() == 0:
            return Qt.CheckState.Checked if item_id in self._checked else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.ForegroundRole and index.column() == 1:
            return QColor(_SECONDARY)
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{title}\nId: {item_id}"
        if role == ID_ROLE:
            return item_id
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        return flags | Qt.ItemFlag.ItemIsUserCheckable if index.column() == 0 else flags

    def setData(self, index: AnyIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.CheckStateRole or not index.isValid() or index.column() != 0:
            return False
        item_id = self._rows[index.row()][1]
        if Qt.CheckState(value) == Qt.CheckState.Checked:
            self._checked.add(item_id)
        else:
            self._checked.discard(item_id)
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.CheckStateRole])
        self.checkedChanged.emit()
        return True

    def set_checked(self, ids: Sequence[str]) -> None:
        """Check exactly `ids`; an id the library lacks gets a row of its own, so it is not lost."""
        missing = [item_id for item_id in ids if item_id not in self._known]
        if missing:
            self.beginInsertRows(QModelIndex(), len(self._rows), len(self._rows) + len(missing) - 1)
            self._rows += [(f"{item_id} (not in the library)", item_id) for item_id in missing]
            self._known.update(missing)
            self.endInsertRows()
        self._checked = set(ids)
        if self._rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1, 0))
        self.checkedChanged.emit()

    def checked(self) -> tuple[str, ...]:
        """The checked ids, in list order."""
        return tuple(item_id for _title, item_id in self._rows if item_id in self._checked)

    def titles(self) -> list[str]:
        """The checked items' titles, in list order."""
        return [title for title, item_id in self._rows if item_id in self._checked]


class _FoldedFilter(QSortFilterProxyModel):
    """Rows whose title or id holds every typed word (case and accents folded)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._words: list[str] = []

    def set_words(self, text: str) -> None:
        self.beginFilterChange()
        self._words = fold(text).split()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: AnyIndex) -> bool:
        if not self._words:
            return True
        model = self.sourceModel()
        text = fold(" ".join(str(model.index(source_row, c, source_parent).data()) for c in (0, 1)))
        return all(word in text for word in self._words)


class LinkPicker(QWidget):
    """Type to narrow, Down to the list, Space to check; `value()` is the checked ids."""

    def __init__(self, label: str, choices: Sequence[tuple[str, str]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = LinkChoicesModel(choices, self)
        self.proxy = _FoldedFilter(self)
        self.proxy.setSourceModel(self.model)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.search = QLineEdit(placeholderText=f"Type to find {label.lower()}…", clearButtonEnabled=True)
        self.search.setAccessibleName(f"Find {label.lower()}")
        self.search.textChanged.connect(self.proxy.set_words)
        self.search.installEventFilter(self)
        self.view = QTreeView()
        self.view.setModel(self.proxy)
        self.view.setAccessibleName(label)
        self.view.setRootIsDecorated(False)
        self.view.setUniformRowHeights(True)
        self.view.setTabKeyNavigation(False)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.header().setStretchLastSection(False)
        self.view.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        # Not ResizeToContents: that measures every row (thousands) each time the dialog opens.
        self.view.header().setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
        longest = max((item_id for item_id, _title in choices[:_MEASURED]), key=len, default="id")
        self.view.header().resizeSection(1, min(self.view.fontMetrics().horizontalAdvance(longest) + 16, 220))
        self.view.setFixedHeight(self.view.fontMetrics().lineSpacing() * 7 + 24)
        self.chosen = QLabel()
        self.chosen.setWordWrap(True)
        self.chosen.setAccessibleName(f"{label} chosen")
        self.model.checkedChanged.connect(self._show_chosen)
        for widget in (self.search, self.view, self.chosen):
            layout.addWidget(widget)
        self.setFocusProxy(self.search)
        self._show_chosen()

    def value(self) -> tuple[str, ...]:
        """The ids checked."""
        return self.model.checked()

    def set_value(self, ids: Sequence[str]) -> None:
        """Check exactly these ids."""
        self.model.set_checked(list(ids))

    def _show_chosen(self) -> None:
        titles = self.model.titles()
        self.chosen.setText("Chosen: " + "; ".join(titles) if titles else "None chosen")

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (watched is self.search and event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent)
                and event.key() == Qt.Key.Key_Down and self.proxy.rowCount()):
            self.view.setFocus(Qt.FocusReason.OtherFocusReason)
            if not self.view.currentIndex().isValid():
                self.view.setCurrentIndex(self.proxy.index(0, 0))
            return True
        return super().eventFilter(watched, event)
