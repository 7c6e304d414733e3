"""The library's SQLite schema: ordered migrations on `PRAGMA user_version`, a backup before each."""

from __future__ import annotations

import datetime as dt
import glob
import re
import sqlite3
from collections.abc import Callable
from pathlib import Path

from briefing.errors import LibraryError
from briefing.library import rows
from briefing.models import KINDS

# Marks the file as ours ("BPB1"), so another program's SQLite file is never taken for a library.
APPLICATION_ID = 0x42504231
KEEP_BACKUPS = 5
_REBUILD_BATCH = 2000

_V1_TABLES = """
CREATE TABLE items (
    item_no INTEGER PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('partnership', 'priority', 'quote')),
    id TEXT NOT NULL,
    label TEXT NOT NULL,
    sort_key TEXT NOT NULL,
    marking TEXT,
    last_reviewed TEXT,
    review_due TEXT,
    created TEXT NOT NULL,
    updated TEXT NOT NULL,
    UNIQUE (kind, id)
);
CREATE INDEX items_by_label ON items (kind, sort_key);

CREATE TABLE partnerships (
    item_no INTEGER PRIMARY KEY REFERENCES items (item_no) ON DELETE CASCADE,
    name TEXT NOT NULL,
    short_name TEXT,
    partners TEXT NOT NULL DEFAULT '[]',
    established TEXT,
    level TEXT,
    status TEXT,
    summary TEXT NOT NULL,
    key_facts TEXT NOT NULL DEFAULT '[]'
);
CREATE TABLE priorities (
    item_no INTEGER PRIMARY KEY REFERENCES items (item_no) ON DELETE CASCADE,
    title TEXT NOT NULL,
    summary TEXT NOT NULL,
    lines_to_take TEXT NOT NULL DEFAULT '[]',
    defensive_lines TEXT NOT NULL DEFAULT '[]'
);
CREATE TABLE quotes (
    item_no INTEGER PRIMARY KEY REFERENCES items (item_no) ON DELETE CASCADE,
    text TEXT NOT NULL,
    speaker TEXT NOT NULL,
    role TEXT,
    organisation TEXT,
    date TEXT,
    language TEXT,
    translation TEXT,
    context TEXT
);

CREATE TABLE sources (
    item_no INTEGER NOT NULL REFERENCES items (item_no) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    title TEXT NOT NULL,
    publisher TEXT,
    url TEXT,
    date TEXT,
    PRIMARY KEY (item_no, position)
) WITHOUT ROWID;
CREATE TABLE tags (
    item_no INTEGER NOT NULL REFERENCES items (item_no) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    tag TEXT NOT NULL,
    PRIMARY KEY (item_no, position)
) WITHOUT ROWID;
CREATE INDEX tags_by_tag ON tags (tag);
"""

# Links name items by (kind, id), each held once. The constant kind columns are virtual, so
# they cost nothing; the keys are deferred so that items and their links may be written in
# any order inside one transaction, and checked when it commits.
_LINK_TABLE = """
CREATE TABLE {table} (
    {a} TEXT NOT NULL,
    {b} TEXT NOT NULL,
    {a}_kind TEXT GENERATED ALWAYS AS ('{a}') VIRTUAL,
    {b}_kind TEXT GENERATED ALWAYS AS ('{b}') VIRTUAL,
    PRIMARY KEY ({a}, {b}),
    FOREIGN KEY ({a}_kind, {a}) REFERENCES items (kind, id)
        ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
    FOREIGN KEY ({b}_kind, {b}) REFERENCES items (kind, id)
        ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED
) WITHOUT ROWID;
CREATE INDEX {table}_by_{b} ON {table} ({b});
"""
# (table, column naming the item that holds the link field, column naming the other side)
LINK_TABLES = (
    ("partnership_priority", "partnership", "priority"),
    ("quote_partnership", "quote", "partnership"),
    ("quote_priority", "quote", "priority"),
)

# The search index holds case- and accent-folded copies of every text field (briefing.text.fold),
# because the tokenizer's own folding misses the Greek tonos in some SQLite versions.
_V2_SEARCH = """
CREATE VIRTUAL TABLE search USING fts5 (
    title, tags, people, body, sources, ident,
    tokenize = 'unicode61 remove_diacritics 2',
    prefix = '2 3'
);
CREATE TRIGGER items_leave_search AFTER DELETE ON items BEGIN
    DELETE FROM search WHERE rowid = old.item_no;
END;
"""


def _v1_core_tables(conn: sqlite3.Connection) -> None:
    run_script(conn, _V1_TABLES)
    for table, a, b in LINK_TABLES:
        run_script(conn, _LINK_TABLE.format(table=table, a=a, b=b))


def _v2_search_index(conn: sqlite3.Connection) -> None:
    run_script(conn, _V2_SEARCH)
    rebuild_search_index(conn)


def run_script(conn: sqlite3.Connection, script: str) -> None:
    """Run SQL statements one by one, inside the caller's transaction.

    `executescript` would commit the migration's transaction first, losing all-or-nothing.
    """
    statement = ""
    for piece in script.split(";"):
        statement += piece + ";"
        if sqlite3.complete_statement(statement):
            if statement.strip(" \n;"):
                conn.execute(statement)
            statement = ""


# Ordered migrations: entry i takes a library from version i to version i + 1.
MIGRATIONS: tuple[tuple[str, Callable[[sqlite3.Connection], None]], ...] = (
    ("items, sources, tags and links", _v1_core_tables),
    ("full-text search index", _v2_search_index),
)
LATEST_VERSION = len(MIGRATIONS)


def rebuild_search_index(conn: sqlite3.Connection) -> None:
    """Fill the search index again from the stored items (used by migrations)."""
    conn.execute("DELETE FROM search")
    last = conn.execute("SELECT coalesce(max(item_no), 0) FROM items").fetchone()[0]
    for start in range(0, last + 1, _REBUILD_BATCH):
        for kind in KINDS:
            numbered = rows.load(conn, kind, "AND i.item_no BETWEEN ? AND ?",
                                 (start, start + _REBUILD_BATCH - 1), order="i.item_no")
            conn.executemany(rows.SEARCH_INSERT, [rows.search_values(n, item) for n, item in numbered])


def prepare(conn: sqlite3.Connection, path: Path) -> None:
    """Check that `path` is a library this version can use and bring its schema up to date."""
    version = check(conn, path)
    if version == LATEST_VERSION:
        return
    if version > 0:
        backup(conn, path, version)
    migrate(conn, path, LATEST_VERSION)


def check(conn: sqlite3.Connection, path: Path) -> int:
    """The library's schema version; LibraryError for a foreign, damaged or too new file."""
    try:
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        has_tables = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0] > 0
    except sqlite3.DatabaseError as exc:
        raise damaged(path, exc) from exc
    if version > LATEST_VERSION:
        raise LibraryError(
            f"{path}: this library was written by a newer version of Briefing Pack Builder "
            f"(schema version {version}; this version reads up to {LATEST_VERSION}) — "
            "update the application to open it"
        )
    if app_id not in (0, APPLICATION_ID) or (has_tables and app_id != APPLICATION_ID):
        raise LibraryError(f"{path}: not a Briefing Pack Builder library (another program's database)")
    return version


def damaged(path: Path, exc: BaseException) -> LibraryError:
    """The error for a file SQLite cannot read, naming the newest backup to restore."""
    from briefing.library.recovery import backup_taken

    found = backups(path)
    advice = (f"; the newest backup is {found[-1]} (taken {backup_taken(found[-1])}), which "
              "can be restored in its place" if found else "; no backup of it was found")
    return LibraryError(f"{path}: the library file is damaged or is not a library ({exc}){advice}")


def migrate(conn: sqlite3.Connection, path: Path, target: int = LATEST_VERSION) -> None:
    """Run the migrations up to `target` in one transaction (all or nothing)."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        # Re-read inside the write lock: another process may have migrated meanwhile.
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        for number in range(version, target):
            MIGRATIONS[number][1](conn)
        conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        conn.execute(f"PRAGMA user_version = {max(version, target)}")
        conn.execute("COMMIT")
    except BaseException as exc:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        if isinstance(exc, sqlite3.DatabaseError):
            raise LibraryError(f"{path}: could not update the library's format: {exc}") from exc
        raise


def backup(conn: sqlite3.Connection, path: Path, version: int) -> Path:
    """Copy the library beside itself (WAL content included) and keep the newest few copies."""
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S%fZ")
    target = path.with_name(f"{path.name}.bak-v{version}-{stamp}")
    partial = target.with_name(target.name + ".part")
    try:
        copy = sqlite3.connect(partial)
        try:
            conn.backup(copy)
        finally:
            copy.close()
        partial.replace(target)
    except (OSError, sqlite3.Error) as exc:
        partial.unlink(missing_ok=True)
        raise LibraryError(f"{path}: could not back up the library before updating it: {exc}") from exc
    _prune_backups(path)
    return target


def backups(path: Path) -> list[Path]:
    """Backup copies of the library at `path`, oldest first."""
    pattern = re.compile(rf"{re.escape(path.name)}\.bak-v\d+-(\d{{8}}T\d+Z)")
    found = [(match.group(1), p) for p in path.parent.glob(f"{glob.escape(path.name)}.bak-v*")
             if (match := pattern.fullmatch(p.name))]
    return [p for _stamp, p in sorted(found)]


def _prune_backups(path: Path) -> None:
    for old in backups(path)[:-KEEP_BACKUPS]:
        old.unlink(missing_ok=True)
