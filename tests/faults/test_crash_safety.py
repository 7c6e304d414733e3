"""Real processes killed with SIGKILL at random points: exports, imports and pack saves lose nothing."""

from __future__ import annotations

import json
import random
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

import docx
import openpyxl
import pytest

from briefing.library import schema
from briefing.library.importer import import_file
from briefing.library.store import LibraryStore
from briefing.packs import dumps_pack, read_pack
from tests.faults import tally
from tests.faults.libraries import copy_library, library_state
from tests.faults.processes import MAIN, PYTHON, child_env, kill_at, run
from tests.faults.readback import pdf_reader

FORMATS = ("docx", "pdf", "xlsx")
EPOCH = {"SOURCE_DATE_EPOCH": "1700000000"}  # identical bytes for identical input


def write_brief(path: Path, title: str, library: Path, repeats: int = 3) -> Path:
    """A pack naming every starter item `repeats` times (long enough to be killed mid-export)."""
    with LibraryStore(library) as store:
        refs = [{"kind": item.kind, "id": item.id, "note": f"Note {n}"}
                for n in range(repeats) for item in store.content().items()]
    sections = [{"title": f"Section {n + 1}", "items": refs[n::4]} for n in range(4)]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"format": "briefing-pack", "version": 1, "title": title,
                                "marking": "OFFICIAL", "sections": sections}), encoding="utf-8")
    return path


def build_command(pack: Path, out: Path, library: Path) -> list[str]:
    return [PYTHON, MAIN, "build", str(pack), "--out", str(out), "--library", str(library)]


def complete_build(pack: Path, out: Path, library: Path) -> tuple[dict[str, bytes], float]:
    """Build every format to its end; the files' bytes and how long the whole process took."""
    started = time.monotonic()
    done = run(build_command(pack, out, library), env=child_env(**EPOCH))
    assert done.returncode == 0, done.stderr
    files = {fmt: (out / f"{pack.stem}.{fmt}").read_bytes() for fmt in FORMATS}
    for fmt in FORMATS:
        opens_with_its_reader(out / f"{pack.stem}.{fmt}")
    return files, time.monotonic() - started


def opens_with_its_reader(path: Path) -> None:
    """Open the file with the independent reader for its format (fails on a damaged file)."""
    if path.suffix == ".docx":
        assert docx.Document(str(path)).paragraphs
    elif path.suffix == ".pdf":
        assert len(pdf_reader(path).pages) > 0
    else:
        assert openpyxl.load_workbook(path).sheetnames


def leftovers(folder: Path) -> list[Path]:
    """Temporary files a killed writer left (they never take a target's name)."""
    return sorted(folder.glob(".*.part"))


@dataclass(frozen=True)
class Briefs:
    """A pack, its files built to the end (new), an older version's files (old), the build time."""

    library: Path
    pack: Path
    new: dict[str, bytes]
    old: dict[str, bytes]
    old_out: Path
    duration: float


@pytest.fixture(scope="module")
def briefs(tmp_path_factory: pytest.TempPathFactory, starter_library: Path) -> Briefs:
    """The briefs every build-kill test starts from, built once."""
    folder = tmp_path_factory.mktemp("briefs")
    library = copy_library(starter_library, folder / "library.sqlite")
    new_pack = write_brief(folder / "brief.briefpack", "New brief", library)
    new, duration = complete_build(new_pack, folder / "reference", library)
    old_pack = write_brief(folder / "old" / "brief.briefpack", "Old brief", library)
    old, _ = complete_build(old_pack, folder / "old-out", library)
    return Briefs(library, new_pack, new, old, folder / "old-out", duration)


def kill_builds(tmp_path: Path, briefs: Briefs, kills: int, seed: int, over_old: bool) -> None:
    rng = random.Random(seed)
    duration = briefs.duration
    for attempt in range(kills):
        out = tmp_path / f"out-{attempt}"
        if over_old:
            shutil.copytree(briefs.old_out, out)
        command = build_command(briefs.pack, out, briefs.library)
        # Half the kills land anywhere in the process's life, half once a file is being written.
        if attempt % 2:
            kill_at(command, rng.uniform(0, duration / 2),
                    start_when=lambda out=out: bool(leftovers(out)), env=child_env(**EPOCH))
        else:
            kill_at(command, rng.uniform(0, duration), env=child_env(**EPOCH))
        for fmt in FORMATS:
            check_target(out / f"brief.{fmt}", briefs.new[fmt], briefs.old[fmt] if over_old else None)
        tally.count("temp files left by kills", len(leftovers(out)) if out.exists() else 0)


def check_target(target: Path, new: bytes, old: bytes | None) -> None:
    """The target holds the old file (or nothing, when there was none) or the complete new one."""
    if not target.exists():
        assert old is None, tally.lost(f"{target}: the earlier file is gone")
        tally.count("build targets left absent")
        return
    data = target.read_bytes()
    assert data in (new, old), tally.lost(f"{target}: neither the old nor the new file")
    tally.count("build targets left new" if data == new else "build targets left old")


@pytest.mark.parametrize("over_old", [True, False], ids=["over-old-files", "into-empty-folder"])
def test_a_killed_build_leaves_the_old_file_or_a_complete_new_one(
        tmp_path: Path, briefs: Briefs, over_old: bool) -> None:
    kill_builds(tmp_path, briefs, kills=2, seed=11, over_old=over_old)


@pytest.mark.slow
@pytest.mark.parametrize("over_old", [True, False], ids=["over-old-files", "into-empty-folder"])
def test_many_killed_builds(tmp_path: Path, briefs: Briefs, over_old: bool) -> None:
    kill_builds(tmp_path, briefs, kills=8, seed=12, over_old=over_old)


def write_big_import(path: Path, count: int) -> Path:
    """An interchange file adding `count` partnerships, each linked to a starter priority."""
    items = [{"id": f"imported-{n}", "name": f"Imported partnership {n}",
              "summary": "A partnership brought in by a large import. " * 4,
              "key_facts": [f"Fact {n}", "Budget: EUR 2 million over 3 years"],
              "priorities": ["semiconductors"], "tags": ["imported"]} for n in range(count)]
    path.write_text(json.dumps({"format": "briefing-library", "version": 1,
                                "partnerships": items}), encoding="utf-8")
    return path


def kill_imports(tmp_path: Path, starter_library: Path, kills: int, seed: int) -> None:
    rng = random.Random(seed)
    big = write_big_import(tmp_path / "big.json", 3000)
    before = library_state(starter_library)
    with LibraryStore(copy_library(starter_library, tmp_path / "reference.sqlite")) as store:
        import_file(store, big)
    after = library_state(tmp_path / "reference.sqlite")
    timed = copy_library(starter_library, tmp_path / "timed.sqlite")
    started = time.monotonic()
    assert run([PYTHON, MAIN, "import", str(big), "--library", str(timed)]).returncode == 0
    duration = time.monotonic() - started
    assert library_state(timed) == after
    for attempt in range(kills):
        library = copy_library(starter_library, tmp_path / f"library-{attempt}.sqlite")
        command = [PYTHON, MAIN, "import", str(big), "--library", str(library)]
        # Half the kills land anywhere; half once the backup taken just before writing is there.
        if attempt % 2:
            kill_at(command, rng.uniform(0, duration / 3),
                    start_when=lambda library=library: bool(schema.backups(library)))
        else:
            kill_at(command, rng.uniform(0, duration))
        state = library_state(library)
        assert state in (before, after), tally.lost(f"{library}: partly imported")
        tally.count("import kills leaving the library unchanged" if state == before
                    else "import kills after the commit")


def test_a_killed_import_leaves_the_library_as_it_was(tmp_path: Path, starter_library: Path) -> None:
    kill_imports(tmp_path, starter_library, kills=3, seed=21)


@pytest.mark.slow
def test_many_killed_imports(tmp_path: Path, starter_library: Path) -> None:
    kill_imports(tmp_path, starter_library, kills=12, seed=22)


def kill_saves(tmp_path: Path, starter_library: Path, kills: int, seed: int) -> None:
    rng = random.Random(seed)
    library = copy_library(starter_library, tmp_path / "library.sqlite")
    first = write_brief(tmp_path / "a.briefpack", "First version", library, repeats=40)
    second = write_brief(tmp_path / "b.briefpack", "Second version, edited", library, repeats=41)
    versions = {dumps_pack(read_pack(first)), dumps_pack(read_pack(second))}
    target = tmp_path / "saved.briefpack"
    for _attempt in range(kills):
        target.unlink(missing_ok=True)
        kill_at([PYTHON, "-m", "tests.faults.drivers", "save-packs", str(target), str(first),
                 str(second)], rng.uniform(0, 0.3), start_when=target.exists)
        assert target.read_text(encoding="utf-8") in versions, tally.lost(f"{target}: truncated")
        read_pack(target)
    tally.count("temp files left by kills", len(leftovers(tmp_path)))


def test_a_killed_pack_save_leaves_the_old_or_the_new_pack(tmp_path: Path, starter_library: Path) -> None:
    kill_saves(tmp_path, starter_library, kills=6, seed=31)


@pytest.mark.slow
def test_many_killed_pack_saves(tmp_path: Path, starter_library: Path) -> None:
    kill_saves(tmp_path, starter_library, kills=40, seed=32)
