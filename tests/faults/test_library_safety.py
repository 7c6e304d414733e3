"""Library safety: rolling backups, damaged files named with a backup to restore, no lost writes."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import time
from dataclasses import replace
from pathlib import Path

import pytest

from briefing import resources
from briefing.cli import main
from briefing.errors import ConflictError, LibraryError
from briefing.library import jsonio, open_library, restore_latest_backup, schema
from briefing.library import store as store_module
from briefing.library.importer import import_file
from briefing.library.store import LibraryStore
from briefing.models import Priority
from tests.faults import tally
from tests.faults.drivers import halfway, rendezvous
from tests.faults.libraries import library_state
from tests.faults.processes import PYTHON, ROOT, child_env

DRIVER = [PYTHON, "-m", "tests.faults.drivers"]
STARTER_IDS = [item.id for item in jsonio.read_json(resources.starter_library_path()).content.items()]


def one_item_file(path: Path, number: int) -> Path:
    path.write_text(json.dumps({"format": "briefing-library", "version": 1, "priorities": [
        {"id": f"imported-{number}", "title": f"Imported {number}", "summary": "From a file."}]}),
        encoding="utf-8")
    return path


def make_v1_library(path: Path) -> None:
    """A library at schema version 1, as an older release left it."""
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    schema.migrate(conn, path, target=1)
    conn.close()


def test_backups_roll_before_migrations_and_imports_keeping_the_newest(tmp_path: Path) -> None:
    path = tmp_path / "library.sqlite"
    make_v1_library(path)
    LibraryStore(path).close()  # migrates, backing up first
    assert [b.name.split("-")[1] for b in schema.backups(path)] == ["v1"]
    before_each = []
    for number in range(schema.KEEP_BACKUPS + 1):
        before_each.append(library_state(path))
        with LibraryStore(path) as store:
            report = import_file(store, one_item_file(tmp_path / f"in-{number}.json", number))
        # The first import fills an empty library: nothing to lose, so no copy is taken.
        assert (report.backup is None) == (number == 0)
    kept = schema.backups(path)
    assert len(kept) == schema.KEEP_BACKUPS  # the migration's copy rolled out
    assert [library_state(backup) for backup in kept] == before_each[1:]
    with LibraryStore(path) as store:  # an import that changes nothing takes no copy
        assert import_file(store, tmp_path / "in-3.json").backup is None
    assert schema.backups(path) == kept


def damage(path: Path, how: str) -> None:
    """Damage the library file the way disks and careless copies do."""
    data = bytearray(path.read_bytes())
    tally.count("faults injected")
    if how == "header":
        data[:100] = b"\x00garbage" * 12 + b"\x00" * 4
    elif how == "truncated":
        data = data[: len(data) // 3]
    else:  # pages overwritten in the middle of the file
        middle = len(data) // 2
        data[middle:middle + 8192] = bytes(range(256)) * 32
    path.write_bytes(bytes(data))


@pytest.fixture
def library_with_backup(tmp_path: Path) -> tuple[Path, str]:
    """A starter library that an import has changed (so a backup exists), and the backup's content."""
    path = tmp_path / "library.sqlite"
    open_library(path).close()
    backed_up = library_state(path)
    with LibraryStore(path) as store:
        import_file(store, one_item_file(tmp_path / "new.json", 1))
    return path, backed_up


def read_everything(path: Path) -> None:
    with LibraryStore(path) as store:
        store.content()
        store.search("semicond*")


@pytest.mark.parametrize("how", ["header", "truncated", "pages"])
def test_a_damaged_library_names_its_newest_backup_which_restores(
        library_with_backup: tuple[Path, str], how: str, capsys: pytest.CaptureFixture[str]) -> None:
    path, backed_up = library_with_backup
    capsys.readouterr()
    [newest] = schema.backups(path)
    damage(path, how)
    damaged = path.read_bytes()
    with pytest.raises(LibraryError) as caught:
        read_everything(path)
    [line] = caught.value.problems
    assert line.startswith(f"{path}: the library file is damaged") and str(newest) in line
    out = path.with_name("everything.json")  # reads every page, damaged ones included
    assert main(["export-library", str(out), "--library", str(path)]) == 1
    assert capsys.readouterr().err.splitlines() == [line]  # the command line says the same
    restored = restore_latest_backup(path)
    assert restored.backup == newest and restored.set_aside is not None
    assert restored.set_aside.read_bytes() == damaged  # kept, never deleted
    assert library_state(path) == backed_up


def test_the_wal_a_crash_left_beside_a_damaged_library_is_set_aside_too(tmp_path: Path) -> None:
    path = tmp_path / "library.sqlite"
    open_library(path).close()
    backed_up = library_state(path)
    LibraryStore(path).backup()
    crashed = subprocess.run([*DRIVER, "add-then-die", str(path)], cwd=ROOT, env=child_env(),
                             capture_output=True, timeout=60)
    assert crashed.returncode == -9 and Path(f"{path}-wal").stat().st_size > 0
    wal = Path(f"{path}-wal").read_bytes()
    damage(path, "header")
    restored = restore_latest_backup(path)
    # Replayed into the restored copy, the old WAL would overwrite its pages with foreign ones.
    assert Path(f"{restored.set_aside}-wal").read_bytes() == wal
    assert library_state(path) == backed_up
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()


def test_restore_skips_a_damaged_backup_and_says_when_there_is_none(tmp_path: Path) -> None:
    path = tmp_path / "library.sqlite"
    open_library(path).close()
    good = library_state(path)
    older = LibraryStore(path).backup()
    newer = LibraryStore(path).backup()
    damage(newer, "header")
    damage(path, "header")
    assert restore_latest_backup(path).backup == older
    assert library_state(path) == good
    lonely = tmp_path / "alone.sqlite"
    lonely.write_bytes(b"not a database at all" * 50)
    with pytest.raises(LibraryError) as caught:
        LibraryStore(lonely)
    assert caught.value.problems[0].endswith("; no backup of it was found")
    with pytest.raises(LibraryError, match="no usable backup to restore"):
        restore_latest_backup(lonely)
    assert lonely.read_bytes() == b"not a database at all" * 50


def test_two_processes_adding_at_once_lose_no_write(tmp_path: Path) -> None:
    path = tmp_path / "library.sqlite"
    open_library(path).close()
    before = LibraryStore(path).count()
    meet = tmp_path / "meet"
    meet.mkdir()
    writers = [subprocess.Popen([*DRIVER, "add-items", str(path), name, "150", str(meet), "3"], cwd=ROOT,
                                env=child_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
               for name in ("left", "right")]
    with LibraryStore(path) as store:  # and this process writes in between
        rendezvous(str(meet), "middle", 3)
        for n in range(50):
            if n == 25:
                rendezvous(halfway(str(meet)), "middle", 3)
            store.add(Priority(id=f"middle-{n}", title=f"Middle {n}", summary="x"))
    results = [writer.communicate(timeout=120) for writer in writers]
    assert [writer.returncode for writer in writers] == [0, 0], results
    tally.count("faults injected", 2)  # two concurrent writers
    with LibraryStore(path) as store:
        items = {p.id: p for p in store.items("priority")}
        assert store.count() == before + 350
    assert all(f"{name}-{n}" in items for name in ("left", "right") for n in range(150))
    # The two writer processes really overlapped: each began before the other had finished.
    spans = {name: (min(stamps), max(stamps)) for name in ("left", "right")
             for stamps in [[p.created for key, p in items.items() if key.startswith(f"{name}-")]]}
    assert spans["left"][0] < spans["right"][1] and spans["right"][0] < spans["left"][1], spans


def test_two_first_starts_at_once_seed_one_library_and_keep_both_writes(tmp_path: Path) -> None:
    for attempt in range(2):
        path = tmp_path / f"new-{attempt}" / "library.sqlite"
        meet = tmp_path / f"meet-{attempt}"
        meet.mkdir()
        starts = [subprocess.Popen([*DRIVER, "first-start", str(path), name, str(meet), "2"], cwd=ROOT,
                                   env=child_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                   text=True) for name in ("window-a", "window-b")]
        results = [process.communicate(timeout=120) for process in starts]
        assert [process.returncode for process in starts] == [0, 0], results
        tally.count("faults injected")
        # Both were opening the library at the same time (the case this test is about).
        spans = [tuple(map(float, out.split()[1:3])) for out, _err in results]
        assert max(began for began, _ in spans) < min(opened for _, opened in spans), spans
        with LibraryStore(path) as store:
            ids = sorted(item.id for item in store.content().items())
        assert ids == sorted([*STARTER_IDS, "window-a", "window-b"])  # seeded once, nothing lost


def test_a_writer_waits_for_another_process_holding_the_lock(tmp_path: Path) -> None:
    path = tmp_path / "library.sqlite"
    open_library(path).close()
    holder = subprocess.Popen([*DRIVER, "hold-lock", str(path), "1.0"], cwd=ROOT, env=child_env(),
                              stdout=subprocess.PIPE, text=True)
    assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
    started = time.monotonic()
    with LibraryStore(path) as store:
        store.add(Priority(id="waited", title="Waited", summary="Written after the lock."))
        waited = time.monotonic() - started
        assert store.get("priority", "held-lock") is not None  # the holder's write landed too
    holder.communicate(timeout=60)
    assert waited > 0.5


def test_a_lock_held_past_the_busy_timeout_gives_a_clear_message(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "library.sqlite"
    open_library(path).close()
    monkeypatch.setattr(store_module, "BUSY_TIMEOUT_MS", 200)
    holder = subprocess.Popen([*DRIVER, "hold-lock", str(path), "3"], cwd=ROOT, env=child_env(),
                              stdout=subprocess.PIPE, text=True)
    assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
    try:
        with LibraryStore(path) as store, pytest.raises(LibraryError) as caught:
            store.add(Priority(id="impatient", title="Impatient", summary="x"))
        assert caught.value.problems == [f"{path}: the library is busy (another program is "
                                         "writing to it); try again"]
    finally:
        holder.kill()
        holder.communicate()
    tally.count("faults injected")


def test_an_edit_to_an_item_changed_meanwhile_elsewhere_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "library.sqlite"
    open_library(path).close()
    with LibraryStore(path) as mine:
        opened = mine.get("priority", "semiconductors")
        assert opened is not None
        edited = subprocess.run([*DRIVER, "edit-summary", str(path), "semiconductors",
                                 "Changed in the other window."], cwd=ROOT, env=child_env(),
                                capture_output=True, text=True, timeout=60)
        assert edited.returncode == 0, edited.stderr
        tally.count("faults injected")
        with pytest.raises(ConflictError, match="changed by someone else"):
            mine.update(replace(opened, summary="Changed in this window."))
        assert mine.get("priority", "semiconductors").summary == "Changed in the other window."
        current = mine.get("priority", "semiconductors")
        mine.update(replace(current, summary="Changed again, after reloading."))  # reload, retry
        mine.delete("priority", "digital-rights")
        with LibraryStore(path) as other:
            stale = replace(current, id="digital-rights")
            with pytest.raises(ConflictError, match="no longer in the library"):
                other.update(stale)
