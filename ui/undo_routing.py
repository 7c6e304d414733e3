"""Edit > Undo follows the work: the pack's history or the library's, and text fields that write
every keystroke into the pack's history leave Ctrl+Z to it (so the toolbar tells the truth)."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QKeyEvent, QKeySequence, QUndoGroup, QUndoStack
from PySide6.QtWidgets import QApplication, QWidget

_UNDO_KEYS = (QKeySequence.StandardKey.Undo, QKeySequence.StandardKey.Redo)


class PackTextUndo(QObject):
    """An event filter for text fields whose every keystroke is a pack edit: Ctrl+Z and
    Ctrl+Shift+Z go to the window's Undo and Redo, not to the field's own private history,
    which would leave the pack's history (and the toolbar) out of step with the text."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent)
                and any(event.matches(key) for key in _UNDO_KEYS)):
            return True  # not claimed by the field: the window's shortcut runs
        return super().eventFilter(watched, event)

    def watch(self, widgets: Iterable[QWidget]) -> None:
        """Route the undo keys of these fields to the window."""
        for widget in widgets:
            widget.installEventFilter(self)


class UndoFollower(QObject):
    """Makes the pack's or the library's history the active one of `group`: the one whose pane
    has the keyboard focus, or that changed last."""

    def __init__(self, panes: dict[QUndoStack, tuple[QWidget, ...]], parent: QObject) -> None:
        super().__init__(parent)
        # Owned here, and signals go to methods: when the window goes, nothing calls a dead group.
        self.group = QUndoGroup(self)
        self._panes = panes
        self._held: set[QUndoStack] = set()  # histories that must not be undone just now
        for stack in panes:
            self.group.addStack(stack)
            stack.indexChanged.connect(self._stack_changed)
        self.group.setActiveStack(next(iter(panes)))
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._focus_changed)

    def hold(self, stack: QUndoStack, held: bool) -> None:
        """Keep a history out of Edit > Undo (e.g. the library's while an import writes to it)."""
        if held:
            self._held.add(stack)
            if self.group.activeStack() is stack:
                self.group.setActiveStack(next(s for s in self._panes if s not in self._held))
        else:
            self._held.discard(stack)

    def _activate(self, stack: QUndoStack) -> None:
        if stack not in self._held:
            self.group.setActiveStack(stack)

    def _stack_changed(self, _index: int) -> None:
        stack = self.sender()
        if isinstance(stack, QUndoStack):
            self._activate(stack)

    def _focus_changed(self, _old: QWidget | None, new: QWidget | None) -> None:
        if new is None:
            return
        for stack, widgets in self._panes.items():
            if any(pane is new or pane.isAncestorOf(new) for pane in widgets):
                self._activate(stack)
                return
