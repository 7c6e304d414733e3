"""The pack as a tree model: sections at the top level, their item references below."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace

from PySide6.QtCore import QAbstractItemModel, QMimeData, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor, QFont, QUndoCommand, QUndoStack

from briefing.models import Entry, ItemRef, Section, TextBlock
from ui import icons
from ui.breaches import is_breach
from ui.mime import LIBRARY_MIME, PACK_MIME, decode_library_items, decode_pack_rows, encode_pack_rows
from ui.summaries import KIND_LABELS, ItemSummary, packable

# Custom roles, shared with views and tests.
NODE_ROLE = Qt.ItemDataRole.UserRole + 1  # "section", "item" or "text" (a text block)
KIND_ROLE = Qt.ItemDataRole.UserRole + 2
ID_ROLE = Qt.ItemDataRole.UserRole + 3
NOTE_ROLE = Qt.ItemDataRole.UserRole + 4
NOTE_MARK = "✎"  # after the title of an item that carries a note
STALE_ROLE = Qt.ItemDataRole.UserRole + 5
BREACH_ROLE = Qt.ItemDataRole.UserRole + 6  # True: the item is marked above the pack

Resolver = Callable[[str, str], "ItemSummary | None"]
AnyIndex = QModelIndex | QPersistentModelIndex
_uids = itertools.count(1)


@dataclass(eq=False)
class SectionNode:
    """A section while it is edited; `uid` identifies it in model indexes across moves."""

    title: str
    intro: str | None = None
    items: list[Entry] = field(default_factory=list)
    uid: int = field(default_factory=lambda: next(_uids))

    def freeze(self) -> Section:
        """The section as the core's frozen dataclass."""
        return Section(title=self.title, intro=self.intro, items=tuple(self.items))

    @classmethod
    def thaw(cls, section: Section) -> SectionNode:
        """An editable node from a frozen section."""
        return cls(title=section.title, intro=section.intro, items=list(section.items))


class PackTreeModel(QAbstractItemModel):
    """Sections → item references. Edits from views (rename, drop) become undoable commands
    when `undo_stack` is set; the primitive operations below are what the commands call."""

    # A drop of library items: how many were added, and the refs left out as already in the pack.
    itemsDropped = Signal(int, list)
    itemsRefused = Signal(list)  # dropped refs of kinds a pack cannot hold

    def __init__(self, resolve: Resolver | None = None, parent=None) -> None:
        super().__init__(parent)
        self._sections: list[SectionNode] = []
        self._resolve = resolve or (lambda kind, item_id: None)
        self.undo_stack: QUndoStack | None = None
        self.model_key = f"pack-{id(self)}"
        self.pack_marking: str | None = None

    # --- reading -------------------------------------------------------------------------

    def sections(self) -> tuple[Section, ...]:
        """The pack's sections as frozen dataclasses."""
        return tuple(node.freeze() for node in self._sections)

    def section_count(self) -> int:
        """Number of sections."""
        return len(self._sections)

    def section(self, row: int) -> Section:
        """One section as a frozen dataclass."""
        return self._sections[row].freeze()

    def entry(self, section_row: int, row: int) -> Entry:
        """The entry at a position: an item reference or a text block."""
        return self._sections[section_row].items[row]

    def ref(self, section_row: int, row: int) -> ItemRef:
        """The item reference at a position (which must hold one, not a text block)."""
        entry = self._sections[section_row].items[row]
        assert isinstance(entry, ItemRef), f"({section_row}, {row}) holds a text block"
        return entry

    def text_block(self, section_row: int, row: int) -> TextBlock | None:
        """The text block at a position, or None when an item reference is there."""
        entry = self._sections[section_row].items[row]
        return entry if isinstance(entry, TextBlock) else None

    def item_keys(self) -> set[tuple[str, str]]:
        """(kind, id) of every item in the pack."""
        return {(ref.kind, ref.id) for node in self._sections for ref in node.items if isinstance(ref, ItemRef)}

    def position(self, index: AnyIndex) -> tuple[int, int]:
        """(section row, item row) of an index; item row is -1 for a section."""
        if not index.isValid():
            return (-1, -1)
        if index.internalId() == 0:
            return (index.row(), -1)
        return (self._section_row(index.internalId()), index.row())

    def section_index(self, row: int) -> QModelIndex:
        """The index of section `row`."""
        return self.index(row, 0)

    def item_index(self, section_row: int, row: int) -> QModelIndex:
        """The index of item `row` of section `section_row`."""
        return self.index(row, 0, self.section_index(section_row))

    def _section_row(self, uid: int) -> int:
        for row, node in enumerate(self._sections):
            if node.uid == uid:
                return row
        return -1

    def _node(self, parent: AnyIndex) -> SectionNode | None:
        if parent.isValid() and parent.internalId() == 0 and 0 <= parent.row() < len(self._sections):
            return self._sections[parent.row()]
        return None

    # --- the QAbstractItemModel interface -------------------------------------------------

    def index(self, row: int, column: int, parent: AnyIndex = QModelIndex()) -> QModelIndex:
        if column != 0 or row < 0:
            return QModelIndex()
        if not parent.isValid():
            return self.createIndex(row, 0, 0) if row < len(self._sections) else QModelIndex()
        node = self._node(parent)
        if node is None or row >= len(node.items):
            return QModelIndex()
        return self.createIndex(row, 0, node.uid)

    def parent(self, index: AnyIndex = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # Qt's parent() also has QObject's no-argument form
        if not index.isValid() or index.internalId() == 0:
            return QModelIndex()
        row = self._section_row(index.internalId())
        return self.createIndex(row, 0, 0) if row >= 0 else QModelIndex()

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:
        if not parent.isValid():
            return len(self._sections)
        node = self._node(parent)
        return len(node.items) if node is not None and parent.column() == 0 else 0

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:
        return 1

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and section == 0 and role == Qt.ItemDataRole.DisplayRole:
            return "Pack contents"
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        section_row, row = self.position(index)
        if section_row < 0:
            return None
        node = self._sections[section_row]
        if row < 0:
            return self._section_data(node, role)
        entry = node.items[row]
        if isinstance(entry, TextBlock):
            return self._text_data(entry, role)
        return self._item_data(entry, role)

    def _section_data(self, node: SectionNode, role: int):
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return node.title
        if role == Qt.ItemDataRole.ToolTipRole:
            return node.intro or f"Section “{node.title}”: {len(node.items)} item(s)"
        if role == Qt.ItemDataRole.FontRole:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.DecorationRole:
            return icons.section_icon()
        if role == NODE_ROLE:
            return "section"
        return None

    @staticmethod
    def _text_data(block: TextBlock, role: int):
        if role == NODE_ROLE:
            return "text"
        if role == KIND_ROLE:
            return block.kind
        if role == Qt.ItemDataRole.DisplayRole:
            return block.label or "(empty text block)"
        if role == Qt.ItemDataRole.ToolTipRole:
            lines = [f"Text block: {block.title}" if block.title else "Text block"]
            if block.text:
                lines.append(block.label if not block.title else TextBlock(text=block.text).label)
            if block.bullets:
                lines.append(f"{len(block.bullets)} bullet(s)")
            return "\n".join(lines)
        if role == Qt.ItemDataRole.DecorationRole:
            return icons.kind_icon(block.kind)
        if role == Qt.ItemDataRole.ForegroundRole and block.label == "":
            return QColor(icons.STALE_TEXT_COLOUR)
        if role in (STALE_ROLE, BREACH_ROLE):
            return False
        return None

    def _item_data(self, ref: ItemRef, role: int):
        if role in (NODE_ROLE, KIND_ROLE, ID_ROLE, NOTE_ROLE):
            return {NODE_ROLE: "item", KIND_ROLE: ref.kind, ID_ROLE: ref.id, NOTE_ROLE: ref.note}[role]
        summary = self._resolve(ref.kind, ref.id)
        breach = summary is not None and is_breach(summary.marking, self.pack_marking)
        if role == Qt.ItemDataRole.DisplayRole:
            label = summary.label if summary else f"Missing {KIND_LABELS.get(ref.kind, ref.kind).lower()}: {ref.id}"
            return f"{label}  {NOTE_MARK}" if ref.note else label
        if role == Qt.ItemDataRole.ToolTipRole:
            return _item_tooltip(ref, summary, self.pack_marking if breach else False)
        if role == Qt.ItemDataRole.DecorationRole:
            if summary is None:
                return icons.warning_icon(icons.MISSING_COLOUR)
            return icons.kind_icon(ref.kind, summary.stale, breach)
        if role == Qt.ItemDataRole.ForegroundRole and (summary is None or summary.stale or breach):
            return QColor(icons.MISSING_COLOUR if summary is None or breach else icons.STALE_TEXT_COLOUR)
        if role == STALE_ROLE:
            return bool(summary and summary.stale)
        if role == BREACH_ROLE:
            return breach
        if role == Qt.ItemDataRole.AccessibleDescriptionRole and breach and summary is not None:
            return f"Marked {summary.marking}, above the pack's marking"
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.ItemIsDropEnabled
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsDragEnabled
        if index.internalId() == 0:
            return base | Qt.ItemFlag.ItemIsEditable | Qt.ItemFlag.ItemIsDropEnabled
        return base

    def setData(self, index: AnyIndex, value, role: int = Qt.ItemDataRole.EditRole) -> bool:
        """Renaming a section in place; empty titles are refused."""
        section_row, row = self.position(index)
        if role != Qt.ItemDataRole.EditRole or section_row < 0 or row >= 0:
            return False
        title = str(value).strip()
        if not title or title == self._sections[section_row].title:
            return False
        from ui.pack_commands import RenameSectionCommand

        self.apply(RenameSectionCommand(self, section_row, title))
        return True

    def apply(self, command: QUndoCommand) -> None:
        """Run an edit: through the undo stack when there is one, directly otherwise."""
        if self.undo_stack is not None:
            self.undo_stack.push(command)
        else:
            command.redo()

    # --- primitive edits (called by the undo commands) -------------------------------------

    def reset_sections(self, sections: Sequence[Section]) -> None:
        """Replace every section (a pack was opened or created)."""
        self.beginResetModel()
        self._sections = [SectionNode.thaw(section) for section in sections]
        self.endResetModel()

    def insert_section(self, row: int, section: Section) -> None:
        """Insert a section at `row`."""
        self.beginInsertRows(QModelIndex(), row, row)
        self._sections.insert(row, SectionNode.thaw(section))
        self.endInsertRows()

    def remove_section(self, row: int) -> Section:
        """Remove section `row` and return it, items included."""
        self.beginRemoveRows(QModelIndex(), row, row)
        node = self._sections.pop(row)
        self.endRemoveRows()
        return node.freeze()

    def update_section(self, row: int, **changes: str | None) -> None:
        """Change a section's title or intro."""
        node = self._sections[row]
        for name, value in changes.items():
            setattr(node, name, value)
        index = self.section_index(row)
        self.dataChanged.emit(index, index)

    def insert_refs(self, section_row: int, row: int, refs: Sequence[Entry]) -> None:
        """Insert item references (or text blocks) into a section at `row`."""
        node = self._sections[section_row]
        self.beginInsertRows(self.section_index(section_row), row, row + len(refs) - 1)
        node.items[row:row] = list(refs)
        self.endInsertRows()

    def remove_refs(self, section_row: int, row: int, count: int) -> list[Entry]:
        """Remove `count` entries (item references, text blocks) from a section and return them."""
        node = self._sections[section_row]
        self.beginRemoveRows(self.section_index(section_row), row, row + count - 1)
        removed = node.items[row:row + count]
        del node.items[row:row + count]
        self.endRemoveRows()
        return removed

    def set_note(self, section_row: int, row: int, note: str | None) -> None:
        """Change the officer's note on one item reference."""
        node = self._sections[section_row]
        node.items[row] = replace(self.ref(section_row, row), note=note)
        index = self.item_index(section_row, row)
        self.dataChanged.emit(index, index)

    def set_text_block(self, section_row: int, row: int, block: TextBlock) -> None:
        """Replace the text block at a position (its title, text or bullets changed)."""
        assert self.text_block(section_row, row) is not None
        self._sections[section_row].items[row] = block
        index = self.item_index(section_row, row)
        self.dataChanged.emit(index, index)

    def set_pack_marking(self, marking: str | None) -> None:
        """The pack's marking changed: items above it are flagged."""
        if marking != self.pack_marking:
            self.pack_marking = marking
            self.refresh_items()

    def refresh_items(self) -> None:
        """Library items changed (edited, deleted): repaint every item row."""
        for row, node in enumerate(self._sections):
            if node.items:
                parent = self.section_index(row)
                self.dataChanged.emit(self.index(0, 0, parent), self.index(len(node.items) - 1, 0, parent))

    def moveRows(self, source_parent: AnyIndex, source_row: int, count: int,
                 destination_parent: AnyIndex, destination_child: int) -> bool:
        """Move sections among sections, or items within or between sections (Qt's numbering:
        `destination_child` counts rows before the move)."""
        source = self._rows_under(source_parent)
        target = self._rows_under(destination_parent)
        if source is None or target is None or source_parent.isValid() != destination_parent.isValid():
            return False
        if count < 1 or source_row < 0 or source_row + count > len(source):
            return False
        if not 0 <= destination_child <= len(target):
            return False
        if not self.beginMoveRows(source_parent, source_row, source_row + count - 1,
                                  destination_parent, destination_child):
            return False
        moving = source[source_row:source_row + count]
        del source[source_row:source_row + count]
        if source is target and destination_child > source_row:
            destination_child -= count
        target[destination_child:destination_child] = moving
        self.endMoveRows()
        return True

    def _rows_under(self, parent: AnyIndex) -> list | None:
        if not parent.isValid():
            return self._sections
        node = self._node(parent)
        return node.items if node is not None else None

    # --- drag and drop ---------------------------------------------------------------------

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.CopyAction | Qt.DropAction.MoveAction

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:
        return [LIBRARY_MIME, PACK_MIME]

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:
        positions = sorted({self.position(index) for index in indexes if index.isValid()})
        sections = [(s, -1) for s, row in positions if row < 0]
        if sections:
            return encode_pack_rows(self.model_key, "section", sections)
        return encode_pack_rows(self.model_key, "item", positions)

    def canDropMimeData(self, data: QMimeData, action: Qt.DropAction, row: int, column: int,
                        parent: AnyIndex) -> bool:
        if data.hasFormat(LIBRARY_MIME):
            return bool(self._sections)
        return data.hasFormat(PACK_MIME) and decode_pack_rows(data, self.model_key) is not None

    def dropMimeData(self, data: QMimeData, action: Qt.DropAction, row: int, column: int,
                     parent: AnyIndex) -> bool:
        """Library items are added where dropped; pack rows are moved there (never copied)."""
        if action == Qt.DropAction.IgnoreAction:
            return True
        from ui import pack_commands

        if data.hasFormat(LIBRARY_MIME):
            target = self.drop_target_for_items(row, parent)
            present = self.item_keys()
            dropped = decode_library_items(data)
            refused = [ref for ref in dropped if not packable(ref.kind)]
            if refused:
                self.itemsRefused.emit(refused)  # said, not silently ignored
            dropped = [ref for ref in dropped if packable(ref.kind)]
            refs = [ref for ref in dropped if (ref.kind, ref.id) not in present]
            already = [ref for ref in dropped if (ref.kind, ref.id) in present]
            if target is None or not refs:
                if already:
                    self.itemsDropped.emit(0, already)  # said, not silently ignored
                return False
            self.apply(pack_commands.InsertRefsCommand(self, target[0], target[1], refs))
            self.itemsDropped.emit(len(refs), already)
            return True
        decoded = decode_pack_rows(data, self.model_key)
        if decoded is None:
            return False
        level, rows = decoded
        command = (pack_commands.MoveSectionsCommand(self, [s for s, _ in rows], self._section_drop_row(row, parent))
                   if level == "section" else
                   pack_commands.MoveItemsCommand(self, rows, self.drop_target_for_items(row, parent)))
        if not command.is_effective():
            return False
        self.apply(command)
        return True

    def drop_target_for_items(self, row: int, parent: AnyIndex) -> tuple[int, int] | None:
        """(section, row) where dropped items go: between items, at the end of a section
        dropped on, or at the end of the section above a gap between sections."""
        if not self._sections:
            return None
        section_row, item_row = self.position(parent)
        if section_row >= 0 and item_row >= 0:  # dropped on an item: just after it
            return (section_row, item_row + 1)
        if section_row >= 0:
            size = len(self._sections[section_row].items)
            return (section_row, size if row < 0 else min(row, size))
        section_row = len(self._sections) - 1 if row < 0 else max(0, row - 1)
        return (section_row, len(self._sections[section_row].items))

    def _section_drop_row(self, row: int, parent: AnyIndex) -> int:
        section_row, _ = self.position(parent)
        if section_row >= 0:
            return section_row
        return len(self._sections) if row < 0 else row


def _item_tooltip(ref: ItemRef, summary: ItemSummary | None, breached: str | bool | None) -> str:
    """`breached`: the pack's marking when the item is above it (None: the pack has none), else False."""
    if summary is None:
        return f"{KIND_LABELS.get(ref.kind, ref.kind)} “{ref.id}” is not in the library"
    lines = [f"{KIND_LABELS.get(ref.kind, ref.kind)}: {summary.label}", f"Id: {ref.id}"]
    if summary.marking:
        above = f" — above the pack's marking ({breached or 'none'})" if breached is not False else ""
        lines.append(f"Marking: {summary.marking}{above}")
    if summary.stale:
        lines.append(f"Past its review date ({summary.review_due})")
    if ref.note:
        lines.append(f"Note: {ref.note}")
    return "\n".join(lines)
