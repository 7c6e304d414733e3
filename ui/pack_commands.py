"""Undoable edits of a pack: each command changes the pack tree model or the pack's details."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QModelIndex
from PySide6.QtGui import QUndoCommand

from briefing.models import Entry, Section, TextBlock

if TYPE_CHECKING:
    from ui.pack_editor import PackEditor
    from ui.pack_model import PackTreeModel

# Merge ids: consecutive edits of the same text field become one undo step.
_MERGE_DETAIL, _MERGE_NOTE, _MERGE_INTRO, _MERGE_TEXT = 1, 2, 3, 4

# A text block's fields, as the undo history names them.
_TEXT_FIELDS = {"title": "heading", "text": "text", "bullets": "bullets"}

# A position in the tree: (parent, row), parent being a section row or None for the top level.
Position = tuple[int | None, int]


def _parent(model: PackTreeModel, key: int | None) -> QModelIndex:
    return QModelIndex() if key is None else model.section_index(key)


def _move_one(model: PackTreeModel, source: Position, target: Position) -> None:
    """Move one row so that it ends up exactly at `target` (translating to Qt's numbering)."""
    (from_key, from_row), (to_key, to_row) = source, target
    destination = to_row + 1 if from_key == to_key and to_row > from_row else to_row
    moved = model.moveRows(_parent(model, from_key), from_row, 1, _parent(model, to_key), destination)
    assert moved, f"move {source} -> {target} refused"


def plan_moves(lists: dict[int | None, list[Any]], sources: Sequence[Position],
               target: Position) -> list[tuple[Position, Position]]:
    """Moves (from, to) that bring `sources` (in order) together before `target`, simulated on
    copies of `lists`; a row already in place gives no move."""
    rows = {key: list(values) for key, values in lists.items()}
    moving = [rows[key][row] for key, row in sources]
    to_key, insert_at = target
    moves = []
    for thing in moving:
        # Identity, not equality: a pack may hold equal references in two places.
        key, row = next((k, i) for k, values in rows.items() for i, v in enumerate(values) if v is thing)
        if key == to_key and row in (insert_at, insert_at - 1):
            insert_at = row + 1
            continue
        del rows[key][row]
        if key == to_key and row < insert_at:
            insert_at -= 1
        rows[to_key].insert(insert_at, thing)
        moves.append(((key, row), (to_key, insert_at)))
        insert_at += 1
    return moves


class _MoveCommand(QUndoCommand):
    """Replays planned single-row moves; undo plays them back in reverse."""

    def __init__(self, model: PackTreeModel, moves: list[tuple[Position, Position]], text: str) -> None:
        super().__init__(text)
        self._model = model
        self._moves = moves

    def is_effective(self) -> bool:
        """False when nothing would move (dropped where it already is)."""
        return bool(self._moves)

    def redo(self) -> None:
        for source, target in self._moves:
            _move_one(self._model, source, target)

    def undo(self) -> None:
        for source, target in reversed(self._moves):
            _move_one(self._model, target, source)


class MoveItemsCommand(_MoveCommand):
    """Move items (given as (section, row)) before `target` (section, row in Qt's numbering)."""

    def __init__(self, model: PackTreeModel, rows: Sequence[tuple[int, int]],
                 target: tuple[int, int] | None) -> None:
        lists = {s: [model.entry(s, r) for r in range(model.rowCount(model.section_index(s)))]
                 for s in range(model.section_count())}
        moves = plan_moves(lists, list(rows), target) if target is not None else []
        super().__init__(model, moves, "Move item" if len(rows) == 1 else f"Move {len(rows)} items")


class MoveSectionsCommand(_MoveCommand):
    """Move sections before `target_row` (Qt's numbering)."""

    def __init__(self, model: PackTreeModel, rows: Sequence[int], target_row: int) -> None:
        lists = {None: [object() for _ in range(model.section_count())]}
        moves = plan_moves(lists, [(None, r) for r in rows], (None, target_row))
        super().__init__(model, moves, "Move section" if len(rows) == 1 else "Move sections")


class InsertRefsCommand(QUndoCommand):
    """Add library items (or a text block) to a section."""

    def __init__(self, model: PackTreeModel, section_row: int, row: int, refs: Sequence[Entry]) -> None:
        if len(refs) == 1 and isinstance(refs[0], TextBlock):
            text = "Add text block"
        else:
            text = "Add item" if len(refs) == 1 else f"Add {len(refs)} items"
        super().__init__(text)
        self._model, self._section, self._row, self._refs = model, section_row, row, list(refs)

    def redo(self) -> None:
        self._model.insert_refs(self._section, self._row, self._refs)

    def undo(self) -> None:
        self._model.remove_refs(self._section, self._row, len(self._refs))


class RemoveItemsCommand(QUndoCommand):
    """Remove items, given as (section, row) positions."""

    def __init__(self, model: PackTreeModel, rows: Sequence[tuple[int, int]]) -> None:
        super().__init__("Remove item" if len(rows) == 1 else f"Remove {len(rows)} items")
        self._model = model
        self._rows = sorted(set(rows))
        self._removed: list[Entry] = []

    def redo(self) -> None:
        self._removed = [self._model.remove_refs(s, r, 1)[0] for s, r in reversed(self._rows)]
        self._removed.reverse()

    def undo(self) -> None:
        for (s, r), ref in zip(self._rows, self._removed):
            self._model.insert_refs(s, r, [ref])


class InsertSectionCommand(QUndoCommand):
    """Add a section (with its items, when undoing a removal)."""

    def __init__(self, model: PackTreeModel, row: int, section: Section) -> None:
        super().__init__(f"Add section “{section.title}”")
        self._model, self._row, self._section = model, row, section

    def redo(self) -> None:
        self._model.insert_section(self._row, self._section)

    def undo(self) -> None:
        self._model.remove_section(self._row)


class RemoveSectionCommand(QUndoCommand):
    """Remove a section and its items."""

    def __init__(self, model: PackTreeModel, row: int) -> None:
        self._model, self._row = model, row
        self._section = model.section(row)
        super().__init__(f"Remove section “{self._section.title}”")

    def redo(self) -> None:
        self._section = self._model.remove_section(self._row)

    def undo(self) -> None:
        self._model.insert_section(self._row, self._section)


class RenameSectionCommand(QUndoCommand):
    """Change a section's title."""

    def __init__(self, model: PackTreeModel, row: int, title: str) -> None:
        super().__init__("Rename section")
        self._model, self._row = model, row
        self._old, self._new = model.section(row).title, title

    def redo(self) -> None:
        self._model.update_section(self._row, title=self._new)

    def undo(self) -> None:
        self._model.update_section(self._row, title=self._old)


class _MergingCommand(QUndoCommand):
    """A text edit whose consecutive keystrokes on the same target merge into one step."""

    merge_id = -1

    def __init__(self, text: str, target: Any, old: Any, new: Any) -> None:
        super().__init__(text)
        self.target, self.old, self.new = target, old, new

    def id(self) -> int:
        return self.merge_id

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, type(self)) or other.target != self.target:
            return False
        self.new = other.new
        self.setObsolete(self.new == self.old)
        return True

    def redo(self) -> None:
        self.apply(self.new)

    def undo(self) -> None:
        self.apply(self.old)

    def apply(self, value: Any) -> None:
        raise NotImplementedError


class SetSectionIntroCommand(_MergingCommand):
    """Change a section's intro text."""

    merge_id = _MERGE_INTRO

    def __init__(self, model: PackTreeModel, row: int, intro: str | None) -> None:
        self._model = model
        super().__init__("Edit section intro", row, model.section(row).intro, intro)

    def apply(self, value: Any) -> None:
        self._model.update_section(self.target, intro=value)


class SetNoteCommand(_MergingCommand):
    """Change the officer's note on an item of the pack."""

    merge_id = _MERGE_NOTE

    def __init__(self, model: PackTreeModel, section_row: int, row: int, note: str | None) -> None:
        self._model = model
        super().__init__("Edit note", (section_row, row), model.ref(section_row, row).note, note)

    def apply(self, value: Any) -> None:
        self._model.set_note(*self.target, value)


class SetTextBlockCommand(_MergingCommand):
    """Change one field (title, text or bullets) of a text block; keystrokes in one field merge."""

    merge_id = _MERGE_TEXT
    def __init__(self, model: PackTreeModel, section_row: int, row: int, name: str, value: Any) -> None:
        self._model = model
        block = model.text_block(section_row, row)
        assert block is not None and name in _TEXT_FIELDS
        super().__init__(f"Edit text block {_TEXT_FIELDS[name]}", (section_row, row, name),
                         getattr(block, name), value)

    def apply(self, value: Any) -> None:
        section_row, row, name = self.target
        block = self._model.text_block(section_row, row)
        assert block is not None
        self._model.set_text_block(section_row, row, replace(block, **{name: value}))


class SetDetailCommand(_MergingCommand):
    """Change one of the pack's details (title, meeting date, objectives, ...)."""

    merge_id = _MERGE_DETAIL

    def __init__(self, editor: PackEditor, name: str, value: Any) -> None:
        self._editor = editor
        super().__init__(f"Edit {name.replace('_', ' ').replace('.', ' ')}", name,
                         editor.detail(name), value)

    def apply(self, value: Any) -> None:
        self._editor.apply_detail(self.target, value)
