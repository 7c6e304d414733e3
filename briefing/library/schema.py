"""The library's SQLite schema: ordered migrations on `PRAGMA user_version`, a backup before each."""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import functools
import glob
import re
import shutil
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from briefing import dates
from briefing.errors import LibraryError
from briefing.library import rows
from briefing.models import KINDS
from briefing.text import quoted, shown

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
_V1_LINK_TABLES = (
    ("partnership_priority", "partnership", "priority"),
    ("quote_partnership", "quote", "partnership"),
    ("quote_priority", "quote", "priority"),
)
_V4_LINK_TABLES = (
    ("person_partnership", "person", "partnership"),
    ("quote_person", "quote", "person"),
)
LINK_TABLES = _V1_LINK_TABLES + _V4_LINK_TABLES

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
    for table, a, b in _V1_LINK_TABLES:
        run_script(conn, _LINK_TABLE.format(table=table, a=a, b=b))


def _v2_search_index(conn: sqlite3.Connection) -> None:
    # Filled by the last migration that changes what is indexed (v4): the code that fills it
    # reads the tables as they are at the latest version.
    run_script(conn, _V2_SEARCH)


# Every stored date with where it lives: (kind, id, field, value), the sources' dates included.
_STORED_DATES = """
SELECT kind, id, 'last_reviewed', last_reviewed FROM items WHERE last_reviewed IS NOT NULL
UNION ALL SELECT kind, id, 'review_due', review_due FROM items WHERE review_due IS NOT NULL
UNION ALL SELECT i.kind, i.id, 'established', p.established FROM partnerships p
    JOIN items i USING (item_no) WHERE p.established IS NOT NULL
UNION ALL SELECT i.kind, i.id, 'date', q.date FROM quotes q
    JOIN items i USING (item_no) WHERE q.date IS NOT NULL
UNION ALL SELECT i.kind, i.id, 'sources[' || s.position || '].date', s.date FROM sources s
    JOIN items i USING (item_no) WHERE s.date IS NOT NULL
"""


@dataclass(frozen=True)
class DateProblem:
    """A stored date the date rules refuse (kept as typed; builds show it as text)."""

    kind: str
    id: str
    field: str
    value: str

    def __str__(self) -> str:
        return (f"{self.kind} {self.id}:{self.field}: {quoted(self.value)} is not a valid date "
                "(YYYY, YYYY-MM or YYYY-MM-DD, year 0001 to 9999); shown as typed until corrected")


def date_problems(conn: sqlite3.Connection) -> list[DateProblem]:
    """Every stored date that is not valid by briefing.dates, by kind, id and field."""
    verdicts: dict[str, bool] = {}
    found = []
    for kind, item_id, name, value in conn.execute(_STORED_DATES):
        valid = verdicts.get(value)
        if valid is None:
            valid = verdicts[value] = isinstance(value, str) and dates.is_iso(value)
        if not valid:
            found.append(DateProblem(kind, item_id, name, str(value)))
    return sorted(found, key=lambda p: (p.kind, p.id, p.field))


def _v3_date_report(conn: sqlite3.Connection) -> list[str]:
    """Dates stored before years 0000 and 10000+ and non-ASCII digits were refused: reported, kept."""
    return [str(problem) for problem in date_problems(conn)]


# The `items` table with `person` among its kinds. SQLite cannot change a CHECK constraint in
# place: the table is rebuilt as its documentation says (https://sqlite.org/lang_altertable.html,
# "Making Other Kinds Of Table Schema Changes"): foreign keys off (migrate() does it, outside
# the transaction), new table, copy, drop, rename, indexes and triggers again, foreign_key_check.
_V4_ITEMS = """
CREATE TABLE new_items (
    item_no INTEGER PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('partnership', 'priority', 'quote', 'person')),
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
INSERT INTO new_items (item_no, kind, id, label, sort_key, marking, last_reviewed, review_due,
                       created, updated)
    SELECT item_no, kind, id, label, sort_key, marking, last_reviewed, review_due, created, updated
    FROM items;
DROP TABLE items;
ALTER TABLE new_items RENAME TO items;
CREATE INDEX items_by_label ON items (kind, sort_key);
CREATE TRIGGER items_leave_search AFTER DELETE ON items BEGIN
    DELETE FROM search WHERE rowid = old.item_no;
END;
CREATE TABLE people (
    item_no INTEGER PRIMARY KEY REFERENCES items (item_no) ON DELETE CASCADE,
    name TEXT NOT NULL,
    role TEXT,
    organisation TEXT,
    country TEXT,
    biography TEXT,
    pronunciation TEXT,
    languages TEXT NOT NULL DEFAULT '[]',
    photo BLOB
);
ALTER TABLE sources ADD COLUMN note TEXT;
"""


def _v4_people(conn: sqlite3.Connection) -> None:
    run_script(conn, _V4_ITEMS)
    for table, a, b in _V4_LINK_TABLES:
        run_script(conn, _LINK_TABLE.format(table=table, a=a, b=b))
    broken = conn.execute("PRAGMA foreign_key_check").fetchall()
    if broken:
        raise sqlite3.IntegrityError(f"{len(broken)} rows would break a link ({broken[0]})")
    rebuild_search_index(conn)  # source notes and people are searched too


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


# Ordered migrations: entry i takes a library from version i to version i + 1. A migration
# may return report lines (what it found that the user should know); None when it has none.
Migration = Callable[[sqlite3.Connection], "list[str] | None"]
MIGRATIONS: tuple[tuple[str, Migration], ...] = (
    ("items, sources, tags and links", _v1_core_tables),
    ("full-text search index", _v2_search_index),
    ("stored dates checked against the date rules", _v3_date_report),
    ("people, quote speakers and source notes", _v4_people),
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


def prepare(conn: sqlite3.Connection, path: Path) -> list[str]:
    """Check that `path` is a library this version can use and bring its schema up to date.

    Returns what the migrations reported (e.g. stored dates the rules now refuse), one line each.
    """
    version = check(conn, path)
    if version == LATEST_VERSION:
        check_tables(conn, path)
        return []
    if version > 0:
        check_tables(conn, path, version)
        backup(conn, path, version)
    return migrate(conn, path, LATEST_VERSION)


def refuse_foreign(path: Path) -> None:
    """LibraryError when `path` holds another program's SQLite database, checked without writing.

    Opening a library switches it to WAL, which rewrites the file's header; another
    program's database must be refused before that, and left byte for byte as it was. The
    file is read as immutable: no lock, no journal, no -wal or -shm file is created.
    """
    try:
        if not path.exists() or path.stat().st_size == 0:
            return
        conn = sqlite3.connect(f"{path.absolute().as_uri()}?immutable=1", uri=True)
    except (OSError, ValueError, sqlite3.Error):
        return  # the normal open names the problem; it writes nothing to a file it cannot read
    try:
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        has_tables = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0] > 0
    except sqlite3.DatabaseError:
        return  # not an SQLite file at all: the normal open refuses it without writing
    finally:
        conn.close()
    if app_id not in (0, APPLICATION_ID) or (has_tables and app_id != APPLICATION_ID):
        raise LibraryError(f"{path}: not a Briefing Pack Builder library (another program's database)")


def check(conn: sqlite3.Connection, path: Path) -> int:
    """The library's schema version; LibraryError for a foreign, damaged or too new file."""
    try:
        version = int(conn.execute("PRAGMA user_version").fetchone()[0])
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        has_tables = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0] > 0
    except sqlite3.DatabaseError as exc:
        raise (file_error(path, exc) or damaged(path, exc)) from exc
    if version > LATEST_VERSION:
        raise LibraryError(
            f"{path}: this library was written by a newer version of Briefing Pack Builder "
            f"(schema version {version}; this version reads up to {LATEST_VERSION}) — "
            "update the application to open it"
        )
    if app_id not in (0, APPLICATION_ID) or (has_tables and app_id != APPLICATION_ID):
        raise LibraryError(f"{path}: not a Briefing Pack Builder library (another program's database)")
    return version


def check_tables(conn: sqlite3.Connection, path: Path, version: int = LATEST_VERSION) -> None:
    """LibraryError (damaged) when a table or column of `version`'s schema is missing or changed.

    A dropped table, a dropped search index or a damaged schema row would otherwise surface
    later as `no such table`/`no such column` in the middle of some operation.
    """
    try:
        found = _tables(conn)
    except sqlite3.DatabaseError as exc:
        raise (file_error(path, exc) or damaged(path, exc)) from exc
    for table, columns in _expected_tables(version).items():
        if table not in found:
            raise damaged(path, f"its table {table!r} is missing")
        if found[table] != columns:
            raise damaged(path, f"its table {table!r} does not have the columns it should")


def _tables(conn: sqlite3.Connection) -> dict[str, tuple[str, ...]]:
    names = [name for (name,) in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")]
    return {name: tuple(row[1] for row in conn.execute(f"PRAGMA table_xinfo({quote_name(name)})"))
            for name in names}


@functools.cache
def _expected_tables(version: int) -> dict[str, tuple[str, ...]]:
    """The tables and columns a library of `version` has: its migrations run in memory."""
    conn = sqlite3.connect(":memory:", isolation_level=None)
    try:
        for number in range(version):
            MIGRATIONS[number][1](conn)
        return _tables(conn)
    finally:
        conn.close()


def quote_name(name: str) -> str:
    """An SQL identifier in double quotes."""
    return '"' + name.replace('"', '""') + '"'


# SQLite primary result codes that mean the file or the disk, not our code, is at fault.
_DAMAGED = {11, 26}  # SQLITE_CORRUPT, SQLITE_NOTADB
_UNWRITABLE = {8, 10, 13, 14}  # READONLY, IOERR, FULL, CANTOPEN
_BUSY = {5, 6}  # BUSY, LOCKED
_FULL = 13
# Schema parts the code relies on, gone from the file (checked at open; this catches the rest).
_MISSING_PART = re.compile(r"no such (table|column|index|module)|malformed|vtable constructor failed")
# Below this much free space, an I/O error while writing is taken for a full disk.
_NEARLY_FULL = 4 * 2**20


def file_error(path: Path, exc: sqlite3.DatabaseError) -> LibraryError | None:
    """The one-line error for SQLite's complaint about the file or the disk; None for others."""
    code = (getattr(exc, "sqlite_errorcode", 0) or 0) & 0xFF
    if str(exc).startswith("Could not decode to UTF-8"):
        # Only a damaged page holds such text (SQLite stores bytes unchecked); the message
        # would quote the garbage, so name the problem instead.
        return damaged(path, sqlite3.DatabaseError("a text value is not UTF-8"))
    if code in _DAMAGED or _MISSING_PART.search(str(exc)):
        return damaged(path, exc)
    if code in _BUSY:
        return LibraryError(f"{path}: the library is busy (another program is writing to it); try again")
    if code == _FULL or (code in _UNWRITABLE and _disk_nearly_full(path)):
        return LibraryError(f"{path}: no space left on the disk to write the library; "
                            "nothing was changed — free some space and try again")
    if code in _UNWRITABLE:
        return LibraryError(f"{path}: cannot read or write the library file: {exc}")
    return None


def _disk_nearly_full(path: Path) -> bool:
    try:
        return shutil.disk_usage(path.parent).free < _NEARLY_FULL
    except OSError:
        return False


def damaged(path: Path, exc: object) -> LibraryError:
    """The error for a file SQLite cannot read, naming the newest backup to restore."""
    from briefing.library.recovery import backup_taken

    found = backups(path)
    advice = (f"; the newest backup is {found[-1]} (taken {backup_taken(found[-1])}), which "
              "can be restored in its place" if found else "; no backup of it was found")
    return LibraryError(f"{path}: the library file is damaged or is not a library "
                        f"({shown(str(exc), 200)}){advice}")


def migrate(conn: sqlite3.Connection, path: Path, target: int = LATEST_VERSION) -> list[str]:
    """Run the migrations up to `target` in one transaction (all or nothing); their report lines."""
    report: list[str] = []
    # Rebuilding a table needs foreign keys off (a DROP would cascade); the pragma is a no-op
    # inside a transaction, so it is set before and restored after (each migration checks them).
    keys_on = conn.execute("PRAGMA foreign_keys").fetchone()[0]
    conn.execute("PRAGMA foreign_keys = OFF")
    try:
        _migrate(conn, path, target, report)
    finally:
        conn.execute(f"PRAGMA foreign_keys = {'ON' if keys_on else 'OFF'}")
    return report


def _migrate(conn: sqlite3.Connection, path: Path, target: int, report: list[str]) -> None:
    conn.execute("BEGIN IMMEDIATE")
    try:
        # Re-read inside the write lock: another process may have migrated meanwhile.
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        for number in range(version, target):
            report += [f"{path}: {line}" for line in MIGRATIONS[number][1](conn) or ()]
        conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        conn.execute(f"PRAGMA user_version = {max(version, target)}")
        conn.execute("COMMIT")
    except BaseException as exc:
        if conn.in_transaction:
            with contextlib.suppress(sqlite3.Error):  # the first error is the one to report
                conn.execute("ROLLBACK")
        if isinstance(exc, sqlite3.DatabaseError):
            known = file_error(path, exc)
            if known is not None and "damaged" not in str(known):
                raise known from exc
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
        known = file_error(partial, exc) if isinstance(exc, sqlite3.DatabaseError) else None
        full = (isinstance(exc, OSError) and exc.errno == errno.ENOSPC) or (
            known is not None and "no space" in str(known))
        reason = "no space left on the disk" if full else str(exc)
        raise LibraryError(f"{path}: could not back up the library before changing it: {reason}; "
                           "nothing was changed") from exc
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
