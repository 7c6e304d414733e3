"""An editable table of an item's sources (title, publisher, URL, date)."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from briefing.models import Source

COLUMNS = ("title", "publisher", "url", "date")
HEADERS = ("Title", "Publisher", "URL", "Date")
AnyIndex = QModelIndex | QPersistentModelIndex


class SourcesModel(QAbstractTableModel):
    """Rows of source fields as typed; the core validates them when the item is saved."""

    def __init__(self, sources: tuple[Source, ...] = (), parent=None) -> None:
        super().__init__(parent)
        self._rows: list[dict[str, str]] = [
            {name: getattr(source, name) or "" for name in COLUMNS} for source in sources]

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal and 0 <= section < len(HEADERS):
            return HEADERS[section]
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            if index.isValid() and role == Qt.ItemDataRole.ToolTipRole and index.column() == 3:
                return "YYYY-MM-DD, YYYY-MM or YYYY"
            return None
        return self._rows[index.row()][COLUMNS[index.column()]]

    def setData(self, index: AnyIndex, value, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or role != Qt.ItemDataRole.EditRole:
            return False
        self._rows[index.row()][COLUMNS[index.column()]] = str(value)
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole])
        return True

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEditable

    def insertRows(self, row: int, count: int, parent: AnyIndex = QModelIndex()) -> bool:
        if parent.isValid() or not 0 <= row <= len(self._rows) or count < 1:
            return False
        self.beginInsertRows(parent, row, row + count - 1)
        self._rows[row:row] = [dict.fromkeys(COLUMNS, "") for _ in range(count)]
        self.endInsertRows()
        return True

    def removeRows(self, row: int, count: int, parent: AnyIndex = QModelIndex()) -> bool:
        if parent.isValid() or count < 1 or row < 0 or row + count > len(self._rows):
            return False
        self.beginRemoveRows(parent, row, row + count - 1)
        del self._rows[row:row + count]
        self.endRemoveRows()
        return True

    def raw(self) -> list[dict[str, str | None]]:
        """The sources as interchange records; rows left entirely blank are dropped."""
        return [{name: (row[name] or None) for name in COLUMNS}
                for row in self._rows if any(value.strip() for value in row.values())]
