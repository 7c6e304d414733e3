"""Recovering a damaged library from its newest usable backup, keeping the damaged file aside."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import secrets
import shutil
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from briefing.errors import LibraryError
from briefing.library import schema

_COMPANIONS = ("-wal", "-shm", "-journal")


@dataclass(frozen=True)
class Restored:
    """Which backup now is the library, and where the damaged file was put (if there was one)."""

    backup: Path
    set_aside: Path | None


def restore_latest_backup(path: str | os.PathLike[str]) -> Restored:
    """Put the newest usable backup in place of the library at `path`; LibraryError if none.

    The damaged file (and its -wal/-shm companions, which would otherwise be replayed into
    the restored copy) is renamed `NAME.damaged-STAMP`, never deleted. Close every store
    on the library first.
    """
    path = Path(path)
    tried = []
    for backup in reversed(schema.backups(path)):
        partial = path.with_name(f".{path.name}.restore-{secrets.token_hex(4)}")
        try:
            shutil.copyfile(backup, partial)
            problem = _unusable(partial)
            if problem is None:
                set_aside = _set_aside(path)
                os.replace(partial, path)
                return Restored(backup, set_aside)
            tried.append(f"{backup.name} ({problem})")
        except OSError as exc:
            raise LibraryError(f"{path}: could not restore {backup.name}: {exc.strerror or exc}") from exc
        finally:
            remove_library_files(partial)
    detail = f"; unusable: {', '.join(tried)}" if tried else ""
    raise LibraryError(f"{path}: no usable backup to restore (backups are named "
                       f"{path.name}.bak-v…){detail}")


def remove_library_files(path: Path) -> None:
    """Delete a library file and its -wal/-shm/-journal companions, whichever exist."""
    for suffix in ("", *_COMPANIONS):
        with contextlib.suppress(OSError):
            Path(f"{path}{suffix}").unlink()


def _unusable(copy: Path) -> str | None:
    """Why the copied backup cannot serve as the library, or None when it can."""
    try:
        conn = sqlite3.connect(copy)
        try:
            verdict = conn.execute("PRAGMA quick_check").fetchone()[0]
            app_id = conn.execute("PRAGMA application_id").fetchone()[0]
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            if verdict == "ok" and app_id == schema.APPLICATION_ID and 0 < version <= schema.LATEST_VERSION:
                schema.check_tables(conn, copy, version)  # every table of its version present
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        return f"damaged: {exc}"
    except LibraryError:
        return "damaged: a table or column is missing"
    if verdict != "ok":
        return f"damaged: {verdict}"
    if app_id != schema.APPLICATION_ID or not 0 < version <= schema.LATEST_VERSION:
        return "not a library this version can use"
    return None


def _set_aside(path: Path) -> Path | None:
    if not path.exists():
        for suffix in _COMPANIONS:  # stale companions would be replayed into the restored file
            with contextlib.suppress(FileNotFoundError):
                Path(f"{path}{suffix}").unlink()
        return None
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S%fZ")
    aside = path.with_name(f"{path.name}.damaged-{stamp}")
    for suffix in ("", *_COMPANIONS):
        with contextlib.suppress(FileNotFoundError):
            os.replace(f"{path}{suffix}", f"{aside}{suffix}")
    return aside


def backup_taken(backup: Path) -> str:
    """When a backup was taken, for messages: `2026-11-21 18:56 UTC`."""
    stamp = backup.name.rsplit("-", 1)[-1]
    try:
        when = dt.datetime.strptime(stamp, "%Y%m%dT%H%M%S%fZ")
    except ValueError:
        return stamp
    return when.strftime("%Y-%m-%d %H:%M UTC")
