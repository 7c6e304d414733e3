"""The library: SQLite store, search, and interchange import/export."""

from __future__ import annotations

import os
import re
import secrets
from pathlib import Path
from typing import TYPE_CHECKING

from briefing import resources
from briefing.errors import LibraryError
from briefing.files import describe_os_error

if TYPE_CHECKING:
    from briefing.library.recovery import Restored
    from briefing.library.store import LibraryStore

# Folder names cloud clients sync, casefolded: "OneDrive - Contoso", "Dropbox (Personal)",
# and macOS's CloudStorage folders such as "GoogleDrive-me@example.org" count too.
_CLOUD_FOLDERS = (
    (re.compile(r"onedrive(?: - .*|-.*)?"), "OneDrive"),
    (re.compile(r"dropbox(?: \(.*\)|-.*)?"), "Dropbox"),
    (re.compile(r"google ?drive(?:-.*)?|my drive"), "Google Drive"),
    (re.compile(r"icloud ?drive|mobile documents"), "iCloud"),
    (re.compile(r"box sync"), "Box"),
)


def open_library(path: str | os.PathLike[str] | None = None, *,
                 warnings: list[str] | None = None) -> LibraryStore:
    """Open the library at `path` (default: BRIEFING_LIBRARY, else the user data folder).

    A library that does not exist yet (or is an empty file) is created from the bundled
    starter library, and appears only once complete. A warning about a cloud-synced
    folder is appended to `warnings` when given.
    """
    from briefing.library.store import LibraryStore

    target = Path(path) if path is not None else resources.default_library_path()
    note = cloud_sync_warning(target)
    if note and warnings is not None:
        warnings.append(note)
    # A zero-byte file holds nothing to lose (a creation cut short): it is filled like a new one.
    from briefing.library.store import library_file_size

    size = library_file_size(target)
    if size is not None and size > 0:
        return LibraryStore(target)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise LibraryError(f"{target}: cannot create the library's folder: "
                           f"{exc.strerror or exc}") from exc
    _create_from_starter(target)
    return LibraryStore(target)


def _create_from_starter(target: Path) -> None:
    """Fill a new library under a temporary name, then move it into place.

    The library file thus exists only once complete: a crash, or a second first start at
    the same moment (two app windows), never finds it half-filled or fills it twice.
    """
    from briefing.library.recovery import remove_library_files
    from briefing.library.store import LibraryStore

    partial = target.with_name(f".{target.name}.{os.getpid()}-{secrets.token_hex(4)}.new")
    try:
        store = LibraryStore(partial)
        try:
            load_starter(store)
            store.fold_wal()  # all of it in the one file, or an error now (a full disk)
        finally:
            store.close()
        _move_into_place(partial, target)
    except LibraryError as exc:
        # Messages name the library the user asked for, not the temporary file.
        raise LibraryError([p.replace(str(partial), str(target)) for p in exc.problems]) from exc
    except OSError as exc:
        raise LibraryError(f"{target}: cannot create the library: {describe_os_error(exc)}") from exc
    finally:
        remove_library_files(partial)


def _move_into_place(partial: Path, target: Path) -> None:
    from briefing.library.store import library_file_size

    try:
        os.link(partial, target)  # never replaces: a library another start put there wins
    except FileExistsError:
        if library_file_size(target) == 0:  # an empty regular file only, never a device or pipe
            os.replace(partial, target)
    except OSError:  # a file system without hard links
        if library_file_size(target) in (None, 0):
            os.replace(partial, target)


def restore_latest_backup(path: str | os.PathLike[str]) -> Restored:
    """Replace a damaged library by its newest usable backup (see briefing.library.recovery)."""
    from briefing.library.recovery import restore_latest_backup as restore

    return restore(path)


def load_starter(store: LibraryStore, path: str | os.PathLike[str] | None = None) -> None:
    """Fill a new, empty library with the bundled starter library (or the file at `path`)."""
    from briefing.library.importer import import_file

    import_file(store, path or resources.starter_library_path(), on_conflict="fail")


def cloud_sync_warning(path: str | os.PathLike[str]) -> str | None:
    """A warning when `path` lies in a folder a cloud client syncs, where SQLite locking is unsafe."""
    provider = _cloud_provider(Path(path).expanduser().absolute())
    if provider is None:
        return None
    return (f"{path}: the library is inside a folder synced by {provider}; SQLite's file "
            "locking is not safe there and the library may be damaged — keep it in a local "
            "folder (--library or BRIEFING_LIBRARY)")


def _cloud_provider(path: Path) -> str | None:
    for part in path.parts:
        for pattern, provider in _CLOUD_FOLDERS:
            if pattern.fullmatch(part.casefold()):
                return provider
    return None
