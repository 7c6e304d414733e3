"""Library files for the fault suite: copies, and their whole content checked and read back."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

from briefing.library import jsonio
from briefing.library.store import LibraryStore


def copy_library(source: Path, target: Path) -> Path:
    """A copy of the closed library file `source` at `target`."""
    shutil.copyfile(source, target)
    return target


def library_state(path: Path) -> str:
    """The library's whole content as interchange JSON, after SQLite's integrity check passed."""
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        conn.close()
    with LibraryStore(path) as store:
        return jsonio.dumps(store.content())
