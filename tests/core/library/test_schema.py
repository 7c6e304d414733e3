"""Library file: WAL and schema version, migrations with a backup first, refusals of bad files."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from briefing.errors import LibraryError
from briefing.library import rows, schema
from briefing.library.store import LibraryStore
from briefing.models import Priority
from tests.core.library.store_samples import raw_rows, trio

V1_ROWS = [
    "INSERT INTO items VALUES (1, 'partnership', 'rok-eu', 'ROK-EU Digital Partnership',"
    " 'rok-eu digital partnership', 'OFFICIAL', NULL, '2020', '2021-01-01T00:00:00.000000Z',"
    " '2021-01-01T00:00:00.000000Z')",
    "INSERT INTO partnerships VALUES (1, 'ROK-EU Digital Partnership', NULL, '[\"EU\"]', NULL,"
    " NULL, NULL, 'Semiconductors and Ψηφιακή', '[\"Council met\"]')",
    "INSERT INTO items VALUES (2, 'priority', 'chips', 'Chips', 'chips', NULL, NULL, NULL,"
    " '2021-01-01T00:00:00.000000Z', '2021-01-01T00:00:00.000000Z')",
    "INSERT INTO priorities VALUES (2, 'Chips', 'Secure supply.', '[]', '[]')",
    "INSERT INTO tags VALUES (1, 0, 'korea')",
    "INSERT INTO sources VALUES (1, 0, 'Joint statement', 'EC', NULL, '2022')",
    "INSERT INTO partnership_priority (partnership, priority) VALUES ('rok-eu', 'chips')",
]


def make_v1_library(path: Path, *, keep_open: bool = False) -> sqlite3.Connection | None:
    """A library as version 1 wrote it: core tables, no search index, two items."""
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA wal_autocheckpoint = 0")  # rows stay in the WAL while open
    schema.migrate(conn, path, target=1)
    conn.execute("BEGIN")
    for statement in V1_ROWS:
        conn.execute(statement)
    conn.execute("COMMIT")
    if keep_open:
        return conn
    conn.close()
    return None


def test_a_new_library_is_wal_at_the_latest_version(tmp_path: Path) -> None:
    path = tmp_path / "new" / "library.sqlite"
    with LibraryStore(path) as store:
        store.add_many(trio())
        assert store.path == path
    assert raw_rows(path, "PRAGMA journal_mode") == [("wal",)]
    assert raw_rows(path, "PRAGMA user_version") == [(schema.LATEST_VERSION,)]
    assert raw_rows(path, "PRAGMA application_id") == [(schema.APPLICATION_ID,)]
    assert schema.backups(path) == []


def test_the_search_index_has_the_columns_the_store_writes(tmp_path: Path) -> None:
    path = tmp_path / "library.sqlite"
    LibraryStore(path).close()
    columns = tuple(row[1] for row in raw_rows(path, "PRAGMA table_info(search)"))
    assert columns == rows.SEARCH_COLUMNS


def test_connections_enforce_foreign_keys_and_wait_when_busy(tmp_path: Path) -> None:
    with LibraryStore(tmp_path / "library.sqlite") as store:
        conn = store._conn  # the settings live on the connection itself
        assert conn.execute("PRAGMA foreign_keys").fetchone() == (1,)
        assert conn.execute("PRAGMA busy_timeout").fetchone()[0] >= 1000


def test_a_v1_library_is_backed_up_then_migrated(tmp_path: Path) -> None:
    path = tmp_path / "library.sqlite"
    make_v1_library(path)
    with LibraryStore(path) as store:
        assert store.get("partnership", "rok-eu").priorities == ("chips",)
        assert [hit.id for hit in store.search("ψηφιακη")] == ["rok-eu"]  # index built from rows
        assert store.search("semicond*")[0].id == "rok-eu"
    assert raw_rows(path, "PRAGMA user_version") == [(schema.LATEST_VERSION,)]
    [backup] = schema.backups(path)
    assert backup.name.startswith("library.sqlite.bak-v1-")
    assert raw_rows(backup, "PRAGMA user_version") == [(1,)]
    assert raw_rows(backup, "SELECT id FROM items ORDER BY id") == [("chips",), ("rok-eu",)]


def test_the_backup_holds_rows_still_in_the_wal(tmp_path: Path) -> None:
    path = tmp_path / "library.sqlite"
    writer = make_v1_library(path, keep_open=True)
    try:
        assert Path(f"{path}-wal").stat().st_size > 0
        with LibraryStore(path):
            pass
    finally:
        writer.close()
    [backup] = schema.backups(path)
    assert raw_rows(backup, "SELECT count(*) FROM items") == [(2,)]


def test_only_the_newest_backups_are_kept(tmp_path: Path) -> None:
    path = tmp_path / "library.sqlite"
    for n in range(7):
        (tmp_path / f"library.sqlite.bak-v1-2020010{n}T000000000000Z").write_bytes(b"old")
    strays = [tmp_path / "library.sqlite.bak-v1-20200101T000000000000Z-wal",
              tmp_path / "library.sqlite.bak-v1-20200101T000000000000Z.part"]
    for stray in strays:
        stray.write_bytes(b"not a backup")
    make_v1_library(path)
    LibraryStore(path).close()
    assert all(stray.exists() for stray in strays)  # only whole backups are counted and pruned
    kept = [p.name for p in schema.backups(path)]
    assert len(kept) == schema.KEEP_BACKUPS
    assert kept[:-1] == [f"library.sqlite.bak-v1-2020010{n}T000000000000Z" for n in range(3, 7)]
    assert kept[-1].startswith("library.sqlite.bak-v1-20") and not kept[-1].startswith(
        "library.sqlite.bak-v1-2020")


def test_a_failed_migration_leaves_the_file_at_its_version(tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "library.sqlite"
    make_v1_library(path)

    def broken(conn: sqlite3.Connection) -> None:
        conn.execute("CREATE TABLE half_done (x)")
        conn.execute("SELECT no_such_column FROM items")

    monkeypatch.setattr(schema, "MIGRATIONS", (schema.MIGRATIONS[0], ("broken", broken)))
    with pytest.raises(LibraryError, match="could not update the library's format"):
        LibraryStore(path)
    assert raw_rows(path, "PRAGMA user_version") == [(1,)]
    assert raw_rows(path, "SELECT count(*) FROM sqlite_master WHERE name = 'half_done'") == [(0,)]
    assert raw_rows(path, "SELECT count(*) FROM items") == [(2,)]


def test_a_library_from_a_newer_version_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "library.sqlite"
    LibraryStore(path).close()
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {schema.LATEST_VERSION + 1}")
    conn.close()
    before = path.read_bytes()
    with pytest.raises(LibraryError) as caught:
        LibraryStore(path)
    assert caught.value.problems == [
        f"{path}: this library was written by a newer version of Briefing Pack Builder "
        f"(schema version {schema.LATEST_VERSION + 1}; this version reads up to "
        f"{schema.LATEST_VERSION}) — update the application to open it"]
    assert path.read_bytes() == before and schema.backups(path) == []


@pytest.mark.parametrize("content", [
    b"name,title\nrok-eu,ROK-EU\n" * 50,
    bytes(range(256)) * 40,
    b"SQLite format 3\x00" + b"\xff" * 5000,
], ids=["text", "binary", "bad-header"])
def test_a_file_that_is_not_a_library_is_refused_untouched(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "library.sqlite"
    path.write_bytes(content)
    with pytest.raises(LibraryError) as caught:
        LibraryStore(path)
    [problem] = caught.value.problems
    assert problem.startswith(f"{path}: the library file is damaged or is not a library")
    assert path.read_bytes() == content


def test_a_truncated_library_is_reported_not_reset(tmp_path: Path) -> None:
    path = tmp_path / "library.sqlite"
    with LibraryStore(path) as store:
        store.add_many(trio() + [Priority(id=f"p{n}", title=f"Priority {n}", summary="x" * 400)
                                 for n in range(300)])
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(LibraryError, match="damaged"), LibraryStore(path) as store:
        store.items("priority")
        store.search("priority")
    assert path.stat().st_size == len(data) // 2


def test_another_programs_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE photos (name TEXT)")
    conn.commit()
    conn.close()
    with pytest.raises(LibraryError, match="not a Briefing Pack Builder library"):
        LibraryStore(path)


def test_an_empty_file_becomes_a_new_library(tmp_path: Path) -> None:
    path = tmp_path / "library.sqlite"
    path.write_bytes(b"")
    with LibraryStore(path) as store:
        assert store.count() == 0
    assert schema.backups(path) == []


def test_a_folder_in_place_of_the_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(LibraryError, match="is a folder"):
        LibraryStore(tmp_path)
