"""Undo for the library: deleting, editing and importing items are undoable in the session.

The library keeps its own history, apart from the pack's: a library change is saved at once
and is seen by every pack, so undoing it must not depend on (or disturb) one pack's edits or its
"saved" state. The window's Edit > Undo follows the pane being worked in (see `ui.main_window`).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from PySide6.QtCore import QObject
from PySide6.QtGui import QUndoCommand, QUndoStack

from briefing.library.store import LibraryStore
from briefing.models import LINK_FIELDS, Item

Key = tuple[str, str]


def _restore(store: LibraryStore, items: Sequence[Item]) -> None:
    """Put items back, links included, whatever order they link each other in."""
    with store.transaction():
        for item in items:  # first without links: a link may name an item not yet back
            unlinked: dict[str, Any] = dict.fromkeys(LINK_FIELDS[item.kind], ())
            store.put(dataclasses.replace(item, **unlinked))
        for item in items:
            store.put(item)


def _remove(store: LibraryStore, keys: Iterable[Key]) -> None:
    with store.transaction():
        for kind, item_id in keys:
            if store.get(kind, item_id) is not None:
                store.delete(kind, item_id)


class _LibraryCommand(QUndoCommand):
    """A change already made to the library: the first redo() does nothing."""

    def __init__(self, text: str, store: LibraryStore, changed: Callable[[], None]) -> None:
        super().__init__(text)
        self._store, self._changed, self._done = store, changed, True

    def redo(self) -> None:
        if self._done:
            self._done = False
            return
        self.apply()
        self._changed()

    def undo(self) -> None:
        self.revert()
        self._changed()

    def apply(self) -> None:
        raise NotImplementedError

    def revert(self) -> None:
        raise NotImplementedError


class DeleteItemsCommand(_LibraryCommand):
    """Items deleted, with the items that linked to them as they were."""

    def __init__(self, store: LibraryStore, changed: Callable[[], None], deleted: Sequence[Item],
                 holders: Sequence[Item]) -> None:
        names = f"“{deleted[0].label}”" if len(deleted) == 1 else f"{len(deleted)} items"
        super().__init__(f"Delete {names} from the library", store, changed)
        self._deleted, self._holders = list(deleted), list(holders)

    def apply(self) -> None:
        _remove(self._store, [(item.kind, item.id) for item in self._deleted])

    def revert(self) -> None:
        _restore(self._store, [*self._deleted, *self._holders])


class EditItemCommand(_LibraryCommand):
    """An item added (no `before`) or edited in the item dialog."""

    def __init__(self, store: LibraryStore, changed: Callable[[], None], before: Item | None, after: Item) -> None:
        super().__init__(f"{'Edit' if before else 'Add'} “{after.label}”", store, changed)
        self._before, self._after = before, after

    def apply(self) -> None:
        _restore(self._store, [self._after])

    def revert(self) -> None:
        if self._before is None:
            _remove(self._store, [(self._after.kind, self._after.id)])
        else:
            _restore(self._store, [self._before])


class ImportCommand(_LibraryCommand):
    """An import: the items it added, and those it replaced as they were before and after."""

    def __init__(self, store: LibraryStore, changed: Callable[[], None], name: str, added: Sequence[Item],
                 replaced_before: Sequence[Item], replaced_after: Sequence[Item]) -> None:
        super().__init__(f"Import {name}", store, changed)
        self._added, self._before, self._after = list(added), list(replaced_before), list(replaced_after)

    def apply(self) -> None:
        _restore(self._store, [*self._added, *self._after])

    def revert(self) -> None:
        with self._store.transaction():
            _remove(self._store, [(item.kind, item.id) for item in self._added])
            _restore(self._store, self._before)


class LibraryHistory:
    """The library's undo stack and what each command needs to know before it runs."""

    def __init__(self, store: LibraryStore, changed: Callable[[], None], parent: QObject | None = None) -> None:
        self.store = store
        self.stack = QUndoStack(parent)
        self._changed = changed

    def links_removed(self, keys: Sequence[Key]) -> tuple[list[Item], list[str]]:
        """Items that link to `keys` (outside them), and one line per link a delete removes."""
        chosen = set(keys)
        linking = self.store.links_to(keys)
        holder_keys = sorted({(kind, item_id) for holders in linking.values() for kind, ids in holders.items()
                              for item_id in ids} - chosen)
        found = self.store.get_many(holder_keys + list(keys))
        lines = []
        for key in keys:
            for kind, ids in sorted(linking.get(key, {}).items()):
                for item_id in ids:
                    if (kind, item_id) not in chosen and (kind, item_id) in found and key in found:
                        lines.append(f"“{found[(kind, item_id)].label}” will no longer link to “{found[key].label}”")
        return [found[k] for k in holder_keys if k in found], lines

    def delete(self, keys: Sequence[Key]) -> None:
        """Delete items now, remembering them and their links for Undo."""
        deleted = [item for key in keys if (item := self.store.get(*key)) is not None]
        holders, _lines = self.links_removed(keys)
        _remove(self.store, keys)
        self.stack.push(DeleteItemsCommand(self.store, self._changed, deleted, holders))

    def edited(self, before: Item | None, after: Item) -> None:
        """The item dialog saved `after` (it was `before`, or new)."""
        self.stack.push(EditItemCommand(self.store, self._changed, before, after))

    def imported(self, name: str, added: Sequence[Key], replaced_before: Sequence[Item]) -> None:
        """An import finished: what it added, and the items it replaced as they were."""
        now = self.store.get_many([*added, *((i.kind, i.id) for i in replaced_before)])
        self.stack.push(ImportCommand(self.store, self._changed, name, [now[k] for k in added if k in now],
                                      replaced_before, [now[k] for k in ((i.kind, i.id) for i in replaced_before)
                                                        if k in now]))
