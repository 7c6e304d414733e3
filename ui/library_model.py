"""Library search results as a lazily fetched table model, and the proxy that filters them locally."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QMimeData,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QColor

from ui import icons
from ui.mime import LIBRARY_MIME, encode_library_items
from ui.summaries import KIND_LABELS, ItemSummary

# Custom roles, shared with views and tests.
KIND_ROLE = Qt.ItemDataRole.UserRole + 1
ID_ROLE = Qt.ItemDataRole.UserRole + 2
STALE_ROLE = Qt.ItemDataRole.UserRole + 3
RANK_ROLE = Qt.ItemDataRole.UserRole + 4
IN_PACK_ROLE = Qt.ItemDataRole.UserRole + 5

TITLE_COLUMN, KIND_COLUMN = 0, 1
_HEADERS = ("Title", "Kind")
AnyIndex = QModelIndex | QPersistentModelIndex


# A page of results: what fills the view with room to scroll; later pages double in size,
# so reading all of a large result costs about as much as one query for all of it.
PAGE = 100
Fetch = Callable[[int], Sequence[Any]]  # limit -> search hits (kind, id, label, rank), best first


class LibraryTableModel(QAbstractTableModel):
    """Search results in rank order, fetched lazily from the store a page at a time."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._rows: list[ItemSummary] = []
        self._keys: set[tuple[str, str]] = set()
        self._fetch: Fetch | None = None
        self._stale: frozenset[tuple[str, str]] = frozenset()
        self._limit = 0
        self._complete = True
        self._in_pack: frozenset[tuple[str, str]] = frozenset()

    def set_in_pack(self, keys: frozenset[tuple[str, str]]) -> None:
        """Mark the rows of items the open pack holds."""
        if keys != self._in_pack:
            self._in_pack = keys
            if self._rows:
                self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1, len(_HEADERS) - 1))

    def set_rows(self, rows: Sequence[ItemSummary]) -> None:
        """Show a fixed list of rows (nothing more to fetch)."""
        self.beginResetModel()
        self._fetch = None
        self._rows = list(rows)
        self._keys = {row.key for row in self._rows}
        self.endResetModel()

    def set_query(self, fetch: Fetch, stale: frozenset[tuple[str, str]] = frozenset()) -> None:
        """Show the results of a new search: its first page now, the rest as the view scrolls."""
        self.beginResetModel()
        self._fetch, self._stale = fetch, stale
        self._rows, self._keys, self._limit = [], set(), 0
        self._append(self._read(PAGE))
        self.endResetModel()

    def _read(self, limit: int) -> list[ItemSummary]:
        """Query with a larger limit and keep the hits not shown yet (the order is stable)."""
        assert self._fetch is not None
        hits = self._fetch(limit)
        self._limit = limit
        self._complete = len(hits) < limit
        return [ItemSummary(kind=h.kind, id=h.id, label=h.label, rank=h.rank, stale=(h.kind, h.id) in self._stale)
                for h in hits if (h.kind, h.id) not in self._keys]

    def _append(self, fresh: list[ItemSummary]) -> None:
        self._rows.extend(fresh)
        self._keys.update(row.key for row in fresh)

    def is_complete(self) -> bool:
        """True when every match is loaded."""
        return self._fetch is None or self._complete

    def canFetchMore(self, parent: AnyIndex = QModelIndex()) -> bool:
        return not parent.isValid() and not self.is_complete()

    def fetchMore(self, parent: AnyIndex = QModelIndex()) -> None:
        if not self.canFetchMore(parent):
            return
        fresh = self._read(max(PAGE, self._limit * 2))
        if fresh:
            before = len(self._rows)
            self.beginInsertRows(QModelIndex(), before, before + len(fresh) - 1)
            self._append(fresh)
            self.endInsertRows()

    def summary(self, row: int) -> ItemSummary:
        """The summary shown on `row`."""
        return self._rows[row]

    def stale_count(self) -> int:
        """How many loaded results are past their review date."""
        return sum(1 for s in self._rows if s.stale)

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
        in_pack = summary.key in self._in_pack
        if role == Qt.ItemDataRole.DecorationRole and index.column() == TITLE_COLUMN:
            return icons.kind_icon(summary.kind, summary.stale, in_pack=in_pack)
        if role == Qt.ItemDataRole.ToolTipRole:
            return _tooltip(summary) + ("\nAlready in the pack" if in_pack else "")
        if role == IN_PACK_ROLE:
            return in_pack
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
    lines = [f"{KIND_LABELS[summary.kind]}: {summary.label}", f"Id: {summary.id}"]
    if summary.stale:
        lines.append("Past its review date — check it before use" if not summary.review_due
                     else f"Past its review date ({summary.review_due}) — check it before use")
    return "\n".join(lines)


class LibraryFilterProxy(QSortFilterProxyModel):
    """Filters the loaded results locally: it can hide the items the open pack already holds
    (something only the app knows, not the store)."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._hidden: frozenset[tuple[str, str]] = frozenset()

    def set_hidden(self, keys: frozenset[tuple[str, str]]) -> None:
        """Hide rows whose (kind, id) is in `keys` (empty: show every row)."""
        if keys != self._hidden:
            self.beginFilterChange()
            self._hidden = keys
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: AnyIndex) -> bool:
        if not self._hidden:
            return True
        model = self.sourceModel()
        # Read the summary directly: cheaper than data() through the Qt role machinery.
        return not isinstance(model, LibraryTableModel) or model.summary(source_row).key not in self._hidden

    def summary(self, index: AnyIndex) -> ItemSummary | None:
        """The item summary behind a proxy index."""
        source = self.mapToSource(index)
        model = self.sourceModel()
        if not source.isValid() or not isinstance(model, LibraryTableModel):
            return None
        return model.summary(source.row())
