"""The pack panel: the tree of sections and items, with actions to arrange them."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QAction, QDropEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QMenu,
    QPushButton,
    QToolButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from briefing.models import ItemRef
from ui.mime import PACK_MIME
from ui.pack_editor import PackEditor


class PackTreeView(QTreeView):
    """A tree view whose internal drags move rows through the model (never copy and delete)."""

    def dropEvent(self, event: QDropEvent) -> None:
        internal = event.mimeData().hasFormat(PACK_MIME)
        super().dropEvent(event)
        if internal and event.isAccepted():
            # The model already moved the rows; reporting a copy stops the view from
            # removing the "originals" as it would after a move.
            event.setDropAction(Qt.DropAction.CopyAction)


class PackPanel(QWidget):
    """Shows the pack's sections and items; every change goes through the editor's undo stack."""

    currentChanged = Signal(object)  # QPersistentModelIndex of the current row (may be invalid)

    def __init__(self, editor: PackEditor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.editor = editor
        self.model = editor.model
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(QLabel("<b>Pack</b>"))
        self.view = self._tree()
        layout.addWidget(self.view, 1)
        self._make_actions()
        layout.addLayout(self._buttons())
        hint = QLabel("Drag items here from the library. Alt+Up / Alt+Down move the selection.")
        hint.setWordWrap(True)
        hint.setEnabled(False)  # drawn in the palette's muted text colour
        layout.addWidget(hint)
        editor.packLoaded.connect(self._pack_loaded)
        self.model.rowsInserted.connect(self._rows_inserted)

    def _tree(self) -> PackTreeView:
        view = PackTreeView(self)
        view.setModel(self.model)
        view.setHeaderHidden(True)
        view.setAccessibleName("Pack sections and items")
        view.setToolTip("Sections and their items, in the order they will print. "
                        "Drag to reorder; F2 renames a section.")
        view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        view.setTabKeyNavigation(False)  # one Tab stop; the arrow keys move inside the tree
        view.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        view.setDefaultDropAction(Qt.DropAction.MoveAction)
        view.setDragEnabled(True)
        view.setAcceptDrops(True)
        view.setDropIndicatorShown(True)
        view.setEditTriggers(QAbstractItemView.EditTrigger.EditKeyPressed
                             | QAbstractItemView.EditTrigger.DoubleClicked)
        view.setUniformRowHeights(True)
        view.setExpandsOnDoubleClick(False)
        view.selectionModel().currentChanged.connect(
            lambda current, _previous: self.currentChanged.emit(QPersistentModelIndex(current)))
        view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        view.customContextMenuRequested.connect(self._context_menu)
        return view

    def _make_actions(self) -> None:
        def action(text: str, tip: str, slot, shortcut: QKeySequence | None = None) -> QAction:
            act = QAction(text, self)
            act.setToolTip(tip)
            act.setStatusTip(tip)
            if shortcut is not None:
                act.setShortcut(shortcut)
                # Only while the tree has the focus: Alt+Up in a text field stays the field's.
                act.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            act.triggered.connect(slot)
            self.view.addAction(act)
            return act

        self.move_up_action = action("Move up", "Move the selection up (into the previous section at the top)",
                                     lambda: self.move_current(-1), QKeySequence("Alt+Up"))
        self.move_down_action = action("Move down", "Move the selection down (into the next section at the end)",
                                       lambda: self.move_current(+1), QKeySequence("Alt+Down"))
        self.add_section_action = action("Add section…", "Add a new section after the current one",
                                         self.add_section)
        self.add_text_action = action("New text block", "Add a block of your own text (a steer, a handling "
                                      "note) after the current row", self.add_text_block,
                                      QKeySequence("Ctrl+Shift+T"))
        self.rename_action = action("Rename section…", "Rename the current section", self.rename_section)
        self.remove_action = action("Remove from pack", "Remove the selected sections or items from the pack",
                                    self.remove_selected, QKeySequence(QKeySequence.StandardKey.Delete))

    def _buttons(self) -> QHBoxLayout:
        row = QHBoxLayout()
        # One "Add" button for what a pack gains besides library items: a section, a text block.
        self.add_button = QPushButton("Add")
        self.add_button.setAccessibleName("Add section or text block")
        self.add_button.setToolTip("Add a section, or a block of your own text")
        add_menu = QMenu(self.add_button)
        add_menu.addActions([self.add_section_action, self.add_text_action])
        self.add_button.setMenu(add_menu)
        self.add_button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        row.addWidget(self.add_button)
        for act, label, arrow in ((self.rename_action, "Rename", None),
                                  (self.remove_action, "Remove", None), (self.move_up_action, "", Qt.ArrowType.UpArrow),
                                  (self.move_down_action, "", Qt.ArrowType.DownArrow)):
            button = QToolButton() if arrow else QPushButton(label)
            if arrow:
                button.setArrowType(arrow)
            shortcut = act.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
            button.setToolTip(act.toolTip() + (f" ({shortcut})" if shortcut else ""))
            button.setAccessibleName(act.text().rstrip("…"))
            button.setFocusPolicy(Qt.FocusPolicy.TabFocus)  # clicking keeps the tree's selection focused
            button.clicked.connect(act.trigger)
            row.addWidget(button)
        row.addStretch(1)
        return row

    # --- commands --------------------------------------------------------------------------

    def current_position(self) -> tuple[int, int]:
        """(section, item) of the current row; item -1 for a section, (-1, -1) for none."""
        return self.model.position(self.view.currentIndex())

    def target_section(self) -> int | None:
        """The section new items go into: the current one, else the last."""
        section_row, _ = self.current_position()
        if section_row >= 0:
            return section_row
        return self.model.section_count() - 1 if self.model.section_count() else None

    def add_refs(self, refs: list[ItemRef]) -> int:
        """Add library items after the current row (or to the end of the current section)."""
        _, row = self.current_position()
        added = self.editor.add_items(refs, self.target_section(), row + 1 if row >= 0 else None)
        return added

    def move_current(self, step: int) -> bool:
        """Move the current section or item one place (keyboard Alt+Up / Alt+Down)."""
        index = self.view.currentIndex()
        moved = index.isValid() and self.editor.move(index, step)
        if moved:
            self.view.scrollTo(self.view.currentIndex())
        return moved

    def add_section(self, title: str | None = None) -> None:
        """Ask for a title and add a section after the current one."""
        if not title:
            title, ok = QInputDialog.getText(self, "Add section", "Section title:")
            if not ok or not title.strip():
                return
        section_row, _ = self.current_position()
        row = section_row + 1 if section_row >= 0 else self.model.section_count()
        self.editor.add_section(title.strip(), row)
        self.select(self.model.section_index(row))

    def add_text_block(self) -> None:
        """Add an empty text block after the current row (or at the end of the current section),
        and make it current so that the inspector shows it for typing."""
        _, row = self.current_position()
        section_row, row = self.editor.add_text_block(self.target_section(), row + 1 if row >= 0 else None)
        self.select(self.model.item_index(section_row, row))

    def rename_section(self) -> None:
        """Rename the current section (or the section of the current item)."""
        section_row, _ = self.current_position()
        if section_row >= 0:
            self.view.edit(self.model.section_index(section_row))

    def remove_selected(self) -> None:
        """Remove the selected items and sections in one undoable step."""
        positions = sorted({self.model.position(i) for i in self.view.selectionModel().selectedRows()})
        if not positions and self.view.currentIndex().isValid():
            positions = [self.current_position()]
        sections = [s for s, row in positions if row < 0]
        items = [(s, row) for s, row in positions if row >= 0 and s not in sections]
        if not sections and not items:
            return
        self.editor.undo_stack.beginMacro("Remove from pack")
        self.editor.remove_items(items)
        for section_row in reversed(sections):
            self.editor.remove_section(section_row)
        self.editor.undo_stack.endMacro()

    def select(self, index: QModelIndex) -> None:
        """Make `index` current and selected."""
        flags = QItemSelectionModel.SelectionFlag.ClearAndSelect
        self.view.selectionModel().setCurrentIndex(index, flags)
        self.view.scrollTo(index)

    def _pack_loaded(self) -> None:
        self.view.expandAll()
        if self.model.section_count():
            self.select(self.model.section_index(0))

    def _rows_inserted(self, parent: QModelIndex, first: int, last: int) -> None:
        # New sections open, and so does a section that gains items, so they are seen.
        if not parent.isValid():
            self.view.expand(self.model.index(first, 0))
        else:
            self.view.expand(parent)

    def _context_menu(self, position) -> None:
        menu = QMenu(self)
        for act in (self.add_section_action, self.add_text_action, self.rename_action, self.remove_action, None,
                    self.move_up_action, self.move_down_action):
            if act is None:
                menu.addSeparator()
            else:
                menu.addAction(act)
        menu.exec(self.view.viewport().mapToGlobal(position))
