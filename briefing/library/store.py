"""LibraryStore: the library in one SQLite file (WAL, foreign keys, FTS5), items in and out."""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import sqlite3
import stat
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, TypeVar

from briefing.errors import Cancelled, ConflictError, LibraryError, ValidationError
from briefing.files import describe_os_error
from briefing.library import rows, schema
from briefing.library import search as searching
from briefing.library.search import SearchHit
from briefing.library.validate import content_of
from briefing.models import KINDS, Item, LibraryContent
from briefing.text import fold

BUSY_TIMEOUT_MS = 5000
_BATCH = 500  # items written per executemany round in add_many (progress/cancel granularity)
_T = TypeVar("_T")

def _guarded(method: Callable[..., _T]) -> Callable[..., _T]:
    """Turn SQLite's complaints about the file into a LibraryError naming it."""
    @functools.wraps(method)
    def wrapper(self: LibraryStore, *args: Any, **kwargs: Any) -> _T:
        try:
            return method(self, *args, **kwargs)
        except sqlite3.DatabaseError as exc:
            raise _file_error(self.path, exc) from exc
    return wrapper


def _file_error(path: Path, exc: sqlite3.DatabaseError) -> BaseException:
    # Anything schema.file_error does not know is a bug here, not the user's problem: the
    # original exception (and its traceback) is kept.
    return schema.file_error(path, exc) or exc


class LibraryStore:
    """One connection to a library file; open one store per thread."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self._depth = 0
        self._conn = _connect(self.path)
        try:
            # What opening found that the user should see (the app and CLI show these lines).
            self.notes: tuple[str, ...] = tuple(schema.prepare(self._conn, self.path))
        except BaseException:
            self._conn.close()
            raise

    def close(self) -> None:
        """Close the connection (the last one to close folds the WAL back into the file)."""
        with contextlib.suppress(sqlite3.Error):
            self._conn.execute("PRAGMA optimize")
        self._conn.close()

    def __enter__(self) -> LibraryStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @_guarded
    def fold_wal(self) -> None:
        """Copy everything from the write-ahead log into the library file itself, or fail.

        Closing does this too, but silently gives up on a full disk; a library about to be
        moved into place without its -wal file must hold everything itself.
        """
        busy, _log, _done = self._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        if busy:
            raise LibraryError(f"{self.path}: the library is busy (another program is using it); "
                               "try again")

    @_guarded
    def backup(self) -> Path:
        """Copy the library beside itself (`NAME.bak-vN-STAMP`, newest few kept); the copy's path."""
        return schema.backup(self._conn, self.path, schema.LATEST_VERSION)

    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        """One transaction, rolled back on any exception; nested use makes a savepoint."""
        savepoint = f"sp{self._depth}"
        self._execute("BEGIN IMMEDIATE" if self._depth == 0 else f"SAVEPOINT {savepoint}")
        self._depth += 1
        try:
            yield
        except BaseException:
            self._depth -= 1
            self._undo(savepoint)
            raise
        self._depth -= 1
        if self._depth == 0:
            self._commit()
        else:
            self._conn.execute(f"RELEASE {savepoint}")

    def _undo(self, savepoint: str) -> None:
        """Roll back to before `savepoint` (all of it at the outer level), keeping the first error.

        After a disk-full or I/O error SQLite may already have rolled the whole transaction
        back: the savepoint is gone then, and `ROLLBACK TO` would fail with `no such savepoint`,
        hiding the real cause. Undoing what is left is enough.
        """
        if not self._conn.in_transaction:
            return
        try:
            if self._depth == 0:
                self._conn.execute("ROLLBACK")
            else:
                self._conn.execute(f"ROLLBACK TO {savepoint}")
                self._conn.execute(f"RELEASE {savepoint}")
        except sqlite3.Error:
            with contextlib.suppress(sqlite3.Error):
                self._conn.execute("ROLLBACK")

    @_guarded
    def _execute(self, sql: str) -> None:
        self._conn.execute(sql)

    @_guarded
    def _commit(self) -> None:
        try:
            self._conn.execute("COMMIT")
        except sqlite3.IntegrityError as exc:
            # Links are checked at commit, so items may arrive in any order before it.
            problems = self._dangling_links() or [f"{self.path}: {exc}"]
            self._conn.execute("ROLLBACK")
            raise ValidationError(problems) from None
        except BaseException:
            if self._conn.in_transaction:
                self._conn.execute("ROLLBACK")
            raise

    def _dangling_links(self) -> list[str]:
        problems = []
        for table, a, b in schema.LINK_TABLES:
            found = self._conn.execute(
                f"SELECT {a}, {b}, {a} IN (SELECT id FROM items WHERE kind = '{a}') FROM {table}"
                f" WHERE {a} NOT IN (SELECT id FROM items WHERE kind = '{a}')"
                f" OR {b} NOT IN (SELECT id FROM items WHERE kind = '{b}') ORDER BY {a}, {b}")
            for a_id, b_id, a_exists in found:
                holder, missing = ((a, a_id), (b, b_id)) if a_exists else ((b, b_id), (a, a_id))
                problems.append(f"{holder[0]} {holder[1]}: links to {missing[0]} "
                                f"{missing[1]!r}, which is not in the library")
        return problems

    @contextlib.contextmanager
    def _snapshot(self) -> Iterator[sqlite3.Connection]:
        """A read transaction, so that several queries see the same state of the file."""
        if self._depth or self._conn.in_transaction:
            yield self._conn
            return
        self._conn.execute("BEGIN")
        try:
            yield self._conn
        finally:
            self._conn.execute("COMMIT")

    @_guarded
    def get(self, kind: str, item_id: str) -> Item | None:
        """The item of `kind` with `item_id`, links filled in on both sides; None if absent."""
        _check_kind(kind)
        with self._snapshot() as conn:
            found = rows.load(conn, kind, "AND i.id = ?", (item_id,))
        return found[0][1] if found else None

    @_guarded
    def get_many(self, keys: Iterable[tuple[str, str]]) -> dict[tuple[str, str], Item]:
        """The stored items among `keys`, by (kind, id), as `get` gives them; absent ones left out.

        A few queries per kind however many keys: a build or an import asks for its items at once.
        """
        found: dict[tuple[str, str], Item] = {}
        with self._snapshot() as conn:
            for kind, ids in _by_kind(keys).items():
                for _n, item in rows.load(conn, kind, rows.IDS_IN, (rows.ids_param(ids),)):
                    found[(kind, item.id)] = item
        return found

    @_guarded
    def links_to(self, keys: Iterable[tuple[str, str]]) -> dict[tuple[str, str], dict[str, list[str]]]:
        """For each of `keys` that something links to: the linking items' ids per kind, sorted.

        This is how a partnership finds the quotes naming it (it names none itself).
        """
        found: dict[tuple[str, str], dict[str, list[str]]] = {}
        with self._snapshot() as conn:
            for kind, ids in _by_kind(keys).items():
                for item_id, holders in rows.linking(conn, kind, ids).items():
                    found[(kind, item_id)] = holders
        return found

    @_guarded
    def items(self, kind: str) -> list[Item]:
        """Every item of `kind`, ordered by label (case- and accent-folded)."""
        _check_kind(kind)
        with self._snapshot() as conn:
            return [item for _n, item in rows.load(conn, kind)]

    @_guarded
    def count(self, kind: str | None = None) -> int:
        """How many items (of `kind`, or of every kind) the library holds."""
        if kind is None:
            return int(self._conn.execute("SELECT count(*) FROM items").fetchone()[0])
        _check_kind(kind)
        return int(self._conn.execute("SELECT count(*) FROM items WHERE kind = ?",
                                      (kind,)).fetchone()[0])

    @_guarded
    def content(self) -> LibraryContent:
        """Everything in the library, each kind sorted by id (for export)."""
        with self._snapshot() as conn:
            loaded = [item for kind in KINDS for _n, item in rows.load(conn, kind, order="i.id")]
        return content_of(loaded)

    @_guarded
    def tags(self) -> list[str]:
        """Every tag in use, sorted case- and accent-insensitively."""
        found = [tag for (tag,) in self._conn.execute("SELECT DISTINCT tag FROM tags")]
        return sorted(found, key=lambda tag: (fold(tag), tag))

    @_guarded
    def date_problems(self) -> list[schema.DateProblem]:
        """Stored dates the date rules refuse (kept from before the rules were tightened).

        Builds show them as typed; the app flags these items so that they get corrected.
        """
        with self._snapshot() as conn:
            return schema.date_problems(conn)

    @_guarded
    def search(self, query: str, *, kinds: Iterable[str] | None = None, tag: str | None = None,
               partnership: str | None = None, marking: str | None = None,
               stale: bool | None = None, limit: int = 50) -> list[SearchHit]:
        """Ranked matches for the user's words (see briefing.library.search), best first."""
        return searching.search(self._conn, query, kinds=kinds, tag=tag, partnership=partnership,
                                marking=marking, stale=stale, limit=limit)

    @_guarded
    def add(self, item: Item) -> Item:
        """Add a new item and the links it names; ConflictError if its id is taken."""
        with self.transaction():
            self._refuse_existing([item])
            self._insert([item], _timestamp())
        return self._reload(item)

    @_guarded
    def add_many(self, items: Iterable[Item], progress: Callable[[int, int], None] | None = None,
                 cancelled: Callable[[], bool] | None = None) -> int:
        """Add many new items in one transaction (nested in the caller's, if any); returns how many."""
        pending = list(items)
        now = _timestamp()
        with self.transaction():
            self._refuse_existing(pending)
            for start in range(0, len(pending), _BATCH):
                if cancelled is not None and cancelled():
                    raise Cancelled()
                self._insert(pending[start:start + _BATCH], now)
                if progress is not None:
                    progress(min(start + _BATCH, len(pending)), len(pending))
        return len(pending)

    @_guarded
    def update(self, item: Item, expected_updated: str | None = None) -> Item:
        """Replace a stored item; ConflictError if it changed since `expected_updated`.

        `expected_updated` defaults to `item.updated`, the stamp of the copy being edited.
        """
        expected = expected_updated if expected_updated is not None else item.updated
        with self.transaction():
            stored = self._stored(item)
            if stored is None:
                raise ConflictError(f"{item.kind} {item.id}: no longer in the library "
                                    "(deleted meanwhile?)")
            if expected is not None and stored[1] != expected:
                raise ConflictError(f"{item.kind} {item.id}: changed by someone else since it was "
                                    "opened; reload it and make the change again")
            self._replace(stored[0], item, stored[1])
        return self._reload(item)

    @_guarded
    def put(self, item: Item) -> Item:
        """Insert `item`, or replace its fields and the links it names; identical means unchanged."""
        with self.transaction():
            stored = self._stored(item)
            if stored is None:
                self._insert([item], _timestamp())
            else:
                self._replace(stored[0], item, stored[1])
        return self._reload(item)

    @_guarded
    def delete(self, kind: str, item_id: str) -> None:
        """Remove an item with its sources, tags and links (nothing happens if it is absent)."""
        _check_kind(kind)
        with self.transaction():
            self._conn.execute("DELETE FROM items WHERE kind = ? AND id = ?", (kind, item_id))

    def _stored(self, item: Item) -> tuple[int, str] | None:
        """The stored row number and `updated` stamp of `item`'s (kind, id), if it is held."""
        found = self._conn.execute("SELECT item_no, updated FROM items WHERE kind = ? AND id = ?",
                                   (item.kind, item.id)).fetchone()
        return (int(found[0]), str(found[1])) if found is not None else None

    def _reload(self, item: Item) -> Item:
        stored = self.get(item.kind, item.id)
        assert stored is not None  # just written; the write lock made sure of that
        return stored

    def _refuse_existing(self, items: list[Item]) -> None:
        seen: set[tuple[str, str]] = set()
        problems = []
        for item in items:
            if (item.kind, item.id) in seen:
                problems.append(f"{item.kind} {item.id}: given twice")
            seen.add((item.kind, item.id))
        for kind in KINDS:
            ids = sorted(item_id for item_kind, item_id in seen if item_kind == kind)
            taken = self._conn.execute(
                f"SELECT i.id FROM items i WHERE i.kind = ? {rows.IDS_IN} ORDER BY i.id",
                (kind, rows.ids_param(ids))) if ids else ()
            problems += [f"{kind} {item_id}: already in the library" for (item_id,) in taken]
        if problems:
            raise ConflictError(problems)

    def _insert(self, items: list[Item], now: str) -> None:
        # Numbers are given here, under the write lock, so one executemany writes each table.
        first = self._conn.execute("SELECT coalesce(max(item_no), 0) + 1 FROM items").fetchone()[0]
        numbered = list(enumerate(items, start=first))
        self._conn.executemany(rows.ITEM_INSERT, [rows.item_values(n, item, now, now)
                                                  for n, item in numbered])
        rows.write_children(self._conn, numbered)
        rows.write_links(self._conn, items)

    def _replace(self, item_no: int, item: Item, stored_updated: str) -> None:
        current = rows.load(self._conn, item.kind, "AND i.item_no = ?", (item_no,))[0][1]
        if current == item:
            return  # identical: no new timestamp, so no false conflict for other editors
        table = rows.DETAIL[item.kind][0]
        self._conn.execute(rows.ITEM_UPDATE, rows.update_values(item_no, item, _timestamp(stored_updated)))
        for sql in (f"DELETE FROM {table} WHERE item_no = ?", "DELETE FROM tags WHERE item_no = ?",
                    "DELETE FROM sources WHERE item_no = ?", "DELETE FROM search WHERE rowid = ?"):
            self._conn.execute(sql, (item_no,))
        rows.write_children(self._conn, [(item_no, item)])
        rows.clear_links(self._conn, item)
        rows.write_links(self._conn, [item])


def library_file_size(target: Path) -> int | None:
    """The size of the library file at `target`, None when there is none; LibraryError (one
    line) when the path is not a regular file: a folder, a device, a pipe, a looping link.

    Only a regular file may ever be opened, filled or replaced as a library.
    """
    try:
        info = target.stat()
    except FileNotFoundError:
        if target.is_symlink():
            raise LibraryError(f"{target}: the library path is a symbolic link to a file that "
                               "does not exist") from None
        return None
    except OSError as exc:
        raise LibraryError(f"{target}: cannot open the library: {describe_os_error(exc)}") from None
    if stat.S_ISDIR(info.st_mode):
        raise LibraryError(f"{target}: is a folder, not a library file")
    if not stat.S_ISREG(info.st_mode):
        raise LibraryError(f"{target}: refused: not a regular file (a device, pipe or socket), "
                           "so not a library")
    return info.st_size


def _connect(path: Path) -> sqlite3.Connection:
    """Open the file with the settings every connection needs; LibraryError if it cannot."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise LibraryError(f"{path}: cannot create the library's folder: {exc.strerror or exc}") from exc
    library_file_size(path)  # a folder, device, pipe or looping link: refused in one line
    schema.refuse_foreign(path)
    try:
        conn = sqlite3.connect(path, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000)
    except sqlite3.Error as exc:
        raise LibraryError(f"{path}: cannot open the library: {exc}") from exc
    try:
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA journal_mode = WAL")  # the first read: a foreign file fails here
        conn.execute("PRAGMA synchronous = NORMAL")  # safe with WAL; commits stay quick
    except sqlite3.DatabaseError as exc:
        conn.close()
        error = _file_error(path, exc)
        if isinstance(error, LibraryError):
            raise error from exc
        raise schema.damaged(path, exc) from exc
    return conn


def _check_kind(kind: str) -> None:
    if kind not in KINDS:
        raise ValueError(f"unknown item kind {kind!r} (known: {', '.join(KINDS)})")


def _by_kind(keys: Iterable[tuple[str, str]]) -> dict[str, list[str]]:
    """Ids grouped by kind (ValueError for an unknown kind, as `get` gives)."""
    grouped: dict[str, list[str]] = {}
    for kind, item_id in keys:
        _check_kind(kind)
        grouped.setdefault(kind, []).append(item_id)
    return grouped


def _timestamp(after: str | None = None) -> str:
    """Now in UTC (ISO, microseconds), always later than `after` so every change is seen."""
    now = dt.datetime.now(dt.UTC)
    if after:
        with contextlib.suppress(ValueError):
            now = max(now, dt.datetime.fromisoformat(after.replace("Z", "+00:00"))
                      + dt.timedelta(microseconds=1))
    return now.strftime("%Y-%m-%dT%H:%M:%S.%fZ")
