"""Import a JSON or XLSX library file: check all of it first, then write it in one transaction."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from briefing import files
from briefing.errors import Cancelled, ConflictError, ValidationError
from briefing.library.validate import Validated, union_links, with_changes
from briefing.models import LINK_FIELDS, Item
from briefing.text import quoted

if TYPE_CHECKING:
    from briefing.library.store import LibraryStore

OnConflict = Literal["fail", "skip", "replace"]
ON_CONFLICT: tuple[str, ...] = ("fail", "skip", "replace")
Key = tuple[str, str]
Progress = Callable[[int, int], None]
# Link fields held once for both sides: a partnership's priorities are its priorities' partnerships.
_MIRRORED = {("partnership", "priorities"), ("priority", "partnerships")}
# An import is checked whole before it writes (about 6 MB of memory per MB of JSON): a
# larger file is refused with this limit named, never left to exhaust the machine.
MAX_FILE_BYTES = 40 * 2**20
_ANY_SIZE = 2**62  # the size is checked with the message above, once the file is open


@dataclass(frozen=True)
class ImportReport:
    """What an import did, as (kind, id) keys, and the warnings it met."""

    added: tuple[Key, ...] = ()
    replaced: tuple[Key, ...] = ()
    skipped: tuple[Key, ...] = ()
    unchanged: tuple[Key, ...] = ()
    warnings: tuple[str, ...] = ()
    backup: Path | None = None

    def summary(self, name: str) -> str:
        """One line: `imported lib.json: 12 added, 3 unchanged, 0 replaced, 0 skipped`."""
        return (f"imported {name}: {len(self.added)} added, {len(self.unchanged)} unchanged, "
                f"{len(self.replaced)} replaced, {len(self.skipped)} skipped")


def import_file(
    store: LibraryStore,
    path: str | os.PathLike[str],
    *,
    on_conflict: OnConflict = "fail",
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> ImportReport:
    """Import `path` (.json or .xlsx) into `store`, all or nothing; every problem in one error."""
    if on_conflict not in ON_CONFLICT:
        raise ValueError(f"on_conflict must be one of {ON_CONFLICT}, not {on_conflict!r}")
    validated = read_library_file(path, known=_KnownIn(store))
    return import_validated(store, validated, on_conflict=on_conflict, progress=progress,
                            cancelled=cancelled)


def read_library_file(path: str | os.PathLike[str], *,
                      known: Callable[[str, str], bool] | None = None) -> Validated:
    """Read and check a library file of either format, told apart by content, then extension."""
    from briefing.library import jsonio, xlsxio

    kind = detect_format(path)
    reader = xlsxio.read_xlsx if kind == "xlsx" else jsonio.read_json
    return reader(path, known=known)


def _check_size(size: int, name: str) -> None:
    if size > MAX_FILE_BYTES:
        raise ValidationError(f"{name}: refused: the file is {size / 2**20:.0f} MB; an import file "
                              f"may be at most {MAX_FILE_BYTES // 2**20} MB (split it into "
                              "several files)")


def detect_format(path: str | os.PathLike[str]) -> Literal["json", "xlsx"]:
    """`xlsx` for a zip archive or an .xlsx name, `json` for JSON text; anything else is refused.

    Only a regular file of at most MAX_FILE_BYTES is read: a device, a named pipe or a
    folder is refused in one line, without blocking.
    """
    name = str(path)
    with files.open_regular(path, limit=_ANY_SIZE, what="file") as stream:
        _check_size(os.fstat(stream.fileno()).st_size, name)
        try:
            head = stream.read(512)
        except OSError as exc:
            raise ValidationError(f"{name}: cannot read the file: "
                                  f"{files.describe_os_error(exc)}") from None
    suffix = Path(path).suffix.lower()
    if head.startswith(b"PK\x03\x04") or suffix == ".xlsx":
        return "xlsx"
    if suffix == ".json" or not head.strip():
        return "json"  # the JSON reader names the fault of an empty or binary file
    if head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{"):
        return "json"
    raise ValidationError(f"{name}: not a library file (expected JSON or XLSX)")


def import_validated(
    store: LibraryStore,
    validated: Validated,
    *,
    on_conflict: OnConflict = "fail",
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> ImportReport:
    """Write checked items into `store` in one transaction, sorting them by what they change."""
    content = union_links(validated.content)
    plan = _Plan.make(store, content.items(), cancelled, validated.kept)
    if plan.conflicts and on_conflict == "fail":
        raise ConflictError(
            f"{validated.where[key]}:id: a different {key[0]} {quoted(key[1])} is already in the "
            "library" for key in plan.conflicts)
    replacing = plan.conflicts if on_conflict == "replace" else {}
    skipped = plan.stored if on_conflict == "skip" else {}
    to_add = [_without_skipped(item, skipped) for item in plan.new]
    to_put = [_without_skipped(item, skipped) for item in replacing.values()]
    # A rolling copy before an import changes a library that holds something.
    backup = store.backup() if (to_add or to_put) and store.count() else None
    _write(store, to_add, to_put, progress, cancelled)
    return ImportReport(
        added=tuple(_keys(plan.new)), replaced=tuple(replacing), skipped=tuple(skipped),
        unchanged=tuple(plan.unchanged), warnings=validated.warnings, backup=backup,
    )


@dataclass
class _Plan:
    """Incoming items sorted into new, unchanged and conflicting (stored item differs)."""

    new: list[Item]
    unchanged: list[Key]
    conflicts: dict[Key, Item]
    stored: dict[Key, Item]  # the library's own version of each conflicting item

    @classmethod
    def make(cls, store: LibraryStore, items: Iterable[Item],
             cancelled: Callable[[], bool] | None,
             kept: Mapping[str, tuple[str, ...]] | None = None) -> _Plan:
        plan = cls([], [], {}, {})
        items = list(items)
        held = _stored_versions(store, items)
        for number, item in enumerate(items):
            if cancelled is not None and number % 500 == 0 and cancelled():
                raise Cancelled()
            stored = held.get((item.kind, item.id))
            if stored is not None and kept and kept.get(item.kind):
                # Fields the file cannot carry (an XLSX photo) stay as stored, compared or replaced.
                item = with_changes(item, {name: getattr(stored, name) for name in kept[item.kind]})
            if stored is None:
                plan.new.append(item)
            elif _comparable(stored) == _comparable(item):
                plan.unchanged.append((item.kind, item.id))
            else:
                plan.conflicts[(item.kind, item.id)] = item
                plan.stored[(item.kind, item.id)] = stored
        return plan


def _stored_versions(store: LibraryStore, items: list[Item]) -> dict[Key, Item]:
    """The library's own version of each incoming item it holds, fetched in one batch."""
    if not store.count():
        return {}
    return store.get_many((item.kind, item.id) for item in items)


def _comparable(item: Item) -> Item:
    # Links compare as sets; created/updated never take part in equality.
    links = {name: tuple(sorted(set(getattr(item, name)))) for name in LINK_FIELDS[item.kind]}
    return with_changes(item, links)


def _without_skipped(item: Item, skipped: Mapping[Key, Item]) -> Item:
    """The item with its links to skipped items exactly as the library holds them now.

    `skipped` maps each skipped item to its stored version. A skipped item stays as it was,
    links included, so an item written beside it neither adds nor removes a link to it.
    """
    if not skipped:
        return item
    changes = {}
    for name, target_kind in LINK_FIELDS[item.kind].items():
        if (item.kind, name) not in _MIRRORED:
            continue
        back = "priorities" if item.kind == "priority" else "partnerships"
        kept = {target for target in getattr(item, name) if (target_kind, target) not in skipped}
        held = {key[1] for key, stored in skipped.items()
                if key[0] == target_kind and item.id in getattr(stored, back)}
        changes[name] = tuple(sorted(kept | held))
    return with_changes(item, changes)


def _write(store: LibraryStore, to_add: list[Item], to_put: list[Item],
           progress: Progress | None, cancelled: Callable[[], bool] | None) -> None:
    total = len(to_add) + len(to_put)
    if not total:
        return
    with store.transaction():
        if to_add:
            forward = None if progress is None else (lambda done, _total: progress(done, total))
            store.add_many(to_add, progress=forward, cancelled=cancelled)
        for number, item in enumerate(to_put, start=len(to_add) + 1):
            if cancelled is not None and cancelled():
                raise Cancelled()
            store.put(item)
            if progress is not None:
                progress(number, total)


class _KnownIn:
    """What the validator asks to accept links to items that are in the library, not the file.

    `known(kind, id)` over the store, and `among(keys)` to ask in one batch.
    """

    def __init__(self, store: LibraryStore) -> None:
        self.store = store

    def __call__(self, kind: str, item_id: str) -> bool:
        return self.store.get(kind, item_id) is not None

    def among(self, keys: Iterable[Key]) -> set[Key]:
        """The keys the library holds."""
        return set(self.store.get_many(keys))


def _keys(items: Iterable[Item]) -> list[Key]:
    return [(item.kind, item.id) for item in items]
