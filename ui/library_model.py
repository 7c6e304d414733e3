"""Library search results as a table model, and the proxy that filters them by kind."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from PySide6.QtCore import (QAbstractTableModel, QMimeData, QModelIndex, QPersistentModelIndex,
                            QSortFilterProxyModel, Qt)
from PySide6.QtGui import QColor

from ui import icons
from ui.mime import LIBRARY_MIME, encode_library_items
from ui.summaries import KIND_LABELS, ItemSummary

# Custom roles, shared with views and tests.
KIND_ROLE = Qt.ItemDataRole.UserRole + 1
ID_ROLE = Qt.ItemDataRole.UserRole + 2
STALE_ROLE = Qt.ItemDataRole.UserRole + 3
RANK_ROLE = Qt.ItemDataRole.UserRole + 4

TITLE_COLUMN, KIND_COLUMN = 0, 1
_HEADERS = ("Title", "Kind")
AnyIndex = QModelIndex | QPersistentModelIndex


class LibraryTableModel(QAbstractTableModel):
    """Rows of item summaries in rank order; data() is cheap, so 10,000 rows cost nothing."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._rows: list[ItemSummary] = []

    def set_rows(self, rows: Sequence[ItemSummary]) -> None:
        """Show a new result list (the search or a filter changed)."""
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def summary(self, row: int) -> ItemSummary:
        """The summary shown on `row`."""
        return self._rows[row]

    def kind_counts(self) -> Counter[str]:
        """How many results of each kind."""
        return Counter(summary.kind for summary in self._rows)

    def stale_count(self, kind: str | None = None) -> int:
        """How many results (of `kind`, or all) are past their review date."""
        return sum(1 for s in self._rows if s.stale and (kind is None or s.kind == kind))

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(_HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < 2:
            return _HEADERS[section]
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        summary = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return summary.label if index.column() == TITLE_COLUMN else KIND_LABELS[summary.kind]
        if role == Qt.ItemDataRole.DecorationRole and index.column() == TITLE_COLUMN:
            return icons.kind_icon(summary.kind, summary.stale)
        if role == Qt.ItemDataRole.ToolTipRole:
            return _tooltip(summary)
        if role == Qt.ItemDataRole.ForegroundRole and summary.stale and index.column() == TITLE_COLUMN:
            return QColor(icons.STALE_TEXT_COLOUR)
        return _custom_role(summary, role)

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsDragEnabled

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.CopyAction

    def mimeTypes(self) -> list[str]:
        return [LIBRARY_MIME]

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:
        rows = sorted({index.row() for index in indexes if index.isValid()})
        return encode_library_items([self._rows[row].key for row in rows])


def _custom_role(summary: ItemSummary, role: int):
    if role == KIND_ROLE:
        return summary.kind
    if role == ID_ROLE:
        return summary.id
    if role == STALE_ROLE:
        return summary.stale
    if role == RANK_ROLE:
        return summary.rank
    return None


def _tooltip(summary: ItemSummary) -> str:
    lines = [f"{KIND_LABELS[summary.kind]} “{summary.id}”"]
    if summary.stale:
        lines.append("Past its review date — check it before use" if not summary.review_due
                     else f"Past its review date ({summary.review_due}) — check it before use")
    return "\n".join(lines)


class LibraryFilterProxy(QSortFilterProxyModel):
    """Keeps the rank order and filters by kind locally, so switching kind tabs needs no query."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._kind: str | None = None

    def kind(self) -> str | None:
        """The kind shown, or None for every kind."""
        return self._kind

    def set_kind(self, kind: str | None) -> None:
        """Show only items of `kind` (None: all)."""
        if kind != self._kind:
            self.beginFilterChange()
            self._kind = kind
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: AnyIndex) -> bool:
        if self._kind is None:
            return True
        model = self.sourceModel()
        # Read the summary directly: cheaper than data() through the Qt role machinery.
        return isinstance(model, LibraryTableModel) and model.summary(source_row).kind == self._kind

    def summary(self, index: AnyIndex) -> ItemSummary | None:
        """The item summary behind a proxy index."""
        source = self.mapToSource(index)
        model = self.sourceModel()
        if not source.isValid() or not isinstance(model, LibraryTableModel):
            return None
        return model.summary(source.row())
