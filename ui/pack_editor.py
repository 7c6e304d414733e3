"""The pack being edited: its details, its section tree and the undo stack every edit goes through."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

from PySide6.QtCore import QModelIndex, QObject, Signal
from PySide6.QtGui import QUndoStack

from briefing.models import ItemRef, LibraryContent, Pack, Section, TextBlock
from ui import pack_commands as commands
from ui.pack_model import PackTreeModel, Resolver
from ui.summaries import packable

# Pack details edited in the form; dotted names reach into `meeting` and `contact`.
DETAIL_FIELDS = (
    "title", "subtitle", "meeting.name", "meeting.date", "meeting.location", "audience",
    "author", "objectives", "marking", "template", "draft", "requested_by", "contact.name",
    "contact.email", "contact.phone", "attendees", "revision",
)
LIST_DETAILS = ("objectives", "attendees")
UNTITLED = "Untitled pack"


def get_detail(pack: Pack, name: str) -> Any:
    """One detail of a pack by its (dotted) name."""
    head, _, tail = name.partition(".")
    value = getattr(pack, head)
    return getattr(value, tail) if tail else value


def with_detail(pack: Pack, name: str, value: Any) -> Pack:
    """A copy of `pack` with one detail changed."""
    head, _, tail = name.partition(".")
    if tail:
        return replace(pack, **{head: replace(getattr(pack, head), **{tail: value})})
    return replace(pack, **{head: value})


class PackEditor(QObject):
    """Holds the open pack; views edit it only through undoable commands."""

    detailChanged = Signal(str)
    packLoaded = Signal()

    def __init__(self, resolve: Resolver | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.undo_stack = QUndoStack(self)
        stack = self.undo_stack
        # A dying QUndoStack clears itself and signals it; by then the window that listens is
        # half destroyed. `destroyed` comes before the children go, so silence the stack then.
        self.destroyed.connect(lambda: stack.blockSignals(True))
        self.model = PackTreeModel(resolve, self)
        self.model.undo_stack = self.undo_stack
        self._details = Pack(title=UNTITLED)
        self.path: Path | None = None

    # --- the whole pack --------------------------------------------------------------------

    def load(self, pack: Pack, path: Path | None) -> None:
        """Show `pack` (opened from `path`, or new when None), with an empty undo history."""
        self._details = replace(pack, sections=())
        self.path = path
        self.model.reset_sections(pack.sections)
        self.undo_stack.clear()
        self.packLoaded.emit()

    def to_pack(self) -> Pack:
        """The pack as it stands now."""
        return replace(self._details, sections=self.model.sections())

    def is_modified(self) -> bool:
        """True when there are edits since the last save (or a recovered pack was loaded)."""
        return not self.undo_stack.isClean()

    def mark_saved(self, path: Path) -> None:
        """The pack was written to `path`: this is the new clean state."""
        self.path = path
        self.undo_stack.setClean()

    def set_embedded(self, library: LibraryContent | None) -> None:
        """The items the pack carries (a self-contained save); not an edit: they copy the library."""
        self._details = replace(self._details, library=library)
        self.detailChanged.emit("library")

    def mark_unsaved(self) -> None:
        """No state in the history matches a file (a recovered autosave)."""
        self.undo_stack.resetClean()

    def display_name(self) -> str:
        """What the window title calls the pack: its title, else its file name."""
        title = self._details.title.strip()
        if title and title != UNTITLED:
            return title
        return self.path.name if self.path else title or UNTITLED

    # --- details ---------------------------------------------------------------------------

    def detail(self, name: str) -> Any:
        """The current value of one detail."""
        return get_detail(self._details, name)

    def set_detail(self, name: str, value: Any) -> None:
        """Change a detail through the undo stack (a no-op when unchanged)."""
        if value != self.detail(name):
            self.undo_stack.push(commands.SetDetailCommand(self, name, value))

    def apply_detail(self, name: str, value: Any) -> None:
        """Change a detail now; called by the undo command only."""
        self._details = with_detail(self._details, name, value)
        self.detailChanged.emit(name)

    # --- sections and items ----------------------------------------------------------------

    def add_section(self, title: str, row: int | None = None) -> int:
        """Add an empty section (at the end unless `row` is given); returns its row."""
        row = self.model.section_count() if row is None else row
        self.undo_stack.push(commands.InsertSectionCommand(self.model, row, Section(title=title)))
        return row

    def remove_section(self, row: int) -> None:
        """Remove a section with its items."""
        self.undo_stack.push(commands.RemoveSectionCommand(self.model, row))

    def rename_section(self, row: int, title: str) -> None:
        """Rename a section."""
        if title.strip() and title != self.model.section(row).title:
            self.undo_stack.push(commands.RenameSectionCommand(self.model, row, title.strip()))

    def set_section_intro(self, row: int, intro: str | None) -> None:
        """Change a section's intro text."""
        if intro != self.model.section(row).intro:
            self.undo_stack.push(commands.SetSectionIntroCommand(self.model, row, intro))

    def add_items(self, refs: list[ItemRef], section_row: int | None = None, row: int | None = None) -> int:
        """Add items not yet in the pack to a section (default: the last); returns how many."""
        present = self.model.item_keys()
        fresh = [ref for ref in refs if (ref.kind, ref.id) not in present and packable(ref.kind)]
        if not fresh:
            return 0
        if self.model.section_count() == 0:
            self.add_section("Background")
        section_row = self.model.section_count() - 1 if section_row is None else section_row
        size = self.model.rowCount(self.model.section_index(section_row))
        row = size if row is None else min(row, size)
        self.undo_stack.push(commands.InsertRefsCommand(self.model, section_row, row, fresh))
        return len(fresh)

    def remove_items(self, positions: list[tuple[int, int]]) -> None:
        """Remove items given as (section, row)."""
        if positions:
            self.undo_stack.push(commands.RemoveItemsCommand(self.model, positions))

    def set_note(self, section_row: int, row: int, note: str | None) -> None:
        """Change an item's note."""
        if note != self.model.ref(section_row, row).note:
            self.undo_stack.push(commands.SetNoteCommand(self.model, section_row, row, note))

    def add_text_block(self, section_row: int | None = None, row: int | None = None) -> tuple[int, int]:
        """Add an empty text block to a section (default: the last; a pack without sections
        gets one first), at `row` or at the end; returns its (section, row)."""
        if self.model.section_count() == 0:
            self.add_section("Background")
        section_row = self.model.section_count() - 1 if section_row is None else section_row
        size = self.model.rowCount(self.model.section_index(section_row))
        row = size if row is None else min(row, size)
        self.undo_stack.push(commands.InsertRefsCommand(self.model, section_row, row, [TextBlock()]))
        return (section_row, row)

    def set_text_field(self, section_row: int, row: int, name: str, value: str | tuple[str, ...] | None) -> None:
        """Change a text block's title, text or bullets (a no-op when unchanged)."""
        block = self.model.text_block(section_row, row)
        if block is not None and getattr(block, name) != value:
            self.undo_stack.push(commands.SetTextBlockCommand(self.model, section_row, row, name, value))

    def move(self, index: QModelIndex, step: int) -> bool:
        """Move a section or item one place up (-1) or down (+1); an item at the edge of its
        section moves into the neighbouring section. False when it cannot move."""
        section_row, row = self.model.position(index)
        if section_row < 0:
            return False
        if row < 0:
            last = self.model.section_count() - 1
            if (step < 0 and section_row == 0) or (step > 0 and section_row >= last):
                return False
            target = section_row - 1 if step < 0 else section_row + 2
            command = commands.MoveSectionsCommand(self.model, [section_row], target)
        else:
            target = self._item_step_target(section_row, row, step)
            if target is None:
                return False
            command = commands.MoveItemsCommand(self.model, [(section_row, row)], target)
        if not command.is_effective():
            return False
        self.undo_stack.push(command)
        return True

    def _item_step_target(self, section_row: int, row: int, step: int) -> tuple[int, int] | None:
        size = self.model.rowCount(self.model.section_index(section_row))
        if step < 0:
            if row > 0:
                return (section_row, row - 1)
            if section_row == 0:
                return None
            return (section_row - 1, self.model.rowCount(self.model.section_index(section_row - 1)))
        if row < size - 1:
            return (section_row, row + 2)
        return (section_row + 1, 0) if section_row + 1 < self.model.section_count() else None
