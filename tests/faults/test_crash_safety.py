"""Real processes killed with SIGKILL at random points: exports, imports and pack saves lose nothing."""

from __future__ import annotations

import json
import random
import shutil
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

import docx
import openpyxl
import pytest

from briefing import atomic
from briefing.library import schema
from briefing.library.importer import import_file
from briefing.library.store import LibraryStore
from briefing.models import PACK_KINDS
from briefing.packs import dumps_pack, read_pack
from briefing.writers import writer_tag
from tests.faults import tally
from tests.faults.libraries import copy_library, library_state
from tests.faults.processes import MAIN, PYTHON, ROOT, child_env, kill_at, run
from tests.faults.readback import pdf_reader

FORMATS = ("docx", "pdf", "xlsx")
EPOCH = {"SOURCE_DATE_EPOCH": "1700000000"}  # identical bytes for identical input


def write_brief(path: Path, title: str, library: Path, repeats: int = 3) -> Path:
    """A pack naming every starter item `repeats` times (long enough to be killed mid-export)."""
    with LibraryStore(library) as store:
        refs = [{"kind": item.kind, "id": item.id, "note": f"Note {n}"}
                for n in range(repeats) for item in store.content().items()
                if item.kind in PACK_KINDS]
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
    """Temporary files and set journals a killed writer left (they never take a target's name)."""
    return sorted([*folder.glob(".*.part"), *folder.glob(".*.set")]) if folder.exists() else []


@dataclass(frozen=True)
class Briefs:
    """A pack, its files built to the end (new), an older version's files (old), the build time."""

    library: Path
    pack: Path
    old_pack: Path
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
    return Briefs(library, new_pack, old_pack, new, old, folder / "old-out", duration)


def set_state(out: Path, briefs: Briefs) -> str:
    """'old', 'new' or 'absent' when the three files are one set; what each holds otherwise."""
    states = []
    for fmt in FORMATS:
        target = out / f"brief.{fmt}"
        data = target.read_bytes() if target.exists() else None
        states.append("absent" if data is None else "new" if data == briefs.new[fmt]
                      else "old" if data == briefs.old[fmt] else "damaged")
    assert "damaged" not in states, tally.lost(f"{out}: a file is neither the old nor the new one")
    return states[0] if len(set(states)) == 1 else "mixed: " + ", ".join(states)


def check_set_after_kill(out: Path, briefs: Briefs, over_old: bool) -> None:
    """The set is all old (or absent) or all new; a kill while moving it into place left a
    journal, and the next writer's first step (`atomic.tidy`) completes the set."""
    state = set_state(out, briefs)
    if list(out.glob(".*.set")):
        atomic.tidy(out)
        tally.count("sets completed by the next writer")
        state = set_state(out, briefs)
    allowed = {"old", "new"} if over_old else {"absent", "new"}
    assert state in allowed, tally.lost(f"{out}: a killed build left the set {state}")
    tally.count(f"build sets left {state}")


def kill_builds(tmp_path: Path, briefs: Briefs, kills: int, seed: int, over_old: bool) -> None:
    """Kill builds into one folder at random points; then one build to its end."""
    rng = random.Random(seed)
    duration = briefs.duration
    out = tmp_path / "out"
    if over_old:
        shutil.copytree(briefs.old_out, out)
    command = build_command(briefs.pack, out, briefs.library)
    for attempt in range(kills):
        before = set(leftovers(out))
        # Half the kills land anywhere in the process's life, half once a file is being written.
        if attempt % 2:
            kill_at(command, rng.uniform(0, duration / 2),
                    start_when=lambda before=before: bool(set(leftovers(out)) - before),
                    env=child_env(**EPOCH))
        else:
            kill_at(command, rng.uniform(0, duration), env=child_env(**EPOCH))
        check_set_after_kill(out, briefs, over_old)
        tally.count("temp files left by kills", len(leftovers(out)))
    next_build_clears_up(out, briefs, briefs.pack, briefs.new)


def next_build_clears_up(out: Path, briefs: Briefs, pack: Path, expected: dict[str, bytes]) -> None:
    """The next build in the folder completes, and no temporary file or journal remains."""
    done = run(build_command(pack, out, briefs.library), env=child_env(**EPOCH))
    assert done.returncode == 0, done.stderr
    for fmt in FORMATS:
        assert (out / f"brief.{fmt}").read_bytes() == expected[fmt]
    left = leftovers(out)
    tally.count("temp files left after the next build", len(left))
    assert left == [], f"the next build left {left}"


@pytest.mark.parametrize("over_old", [True, False], ids=["over-old-files", "into-empty-folder"])
def test_a_killed_build_leaves_the_old_set_or_the_new_one(
        tmp_path: Path, briefs: Briefs, over_old: bool) -> None:
    kill_builds(tmp_path, briefs, kills=2, seed=11, over_old=over_old)


@pytest.mark.slow
@pytest.mark.parametrize("over_old", [True, False], ids=["over-old-files", "into-empty-folder"])
def test_many_killed_builds(tmp_path: Path, briefs: Briefs, over_old: bool) -> None:
    kill_builds(tmp_path, briefs, kills=10, seed=12, over_old=over_old)


# Every moment of moving a set into place; the fast run takes one of them.
COMMIT_POINTS = [pytest.param(point, marks=() if point == "renamed-1" else pytest.mark.slow)
                 for point in ("journal", "renamed-0", "renamed-1", "renamed-2", "before-journal-removal")]


@pytest.mark.parametrize("point", COMMIT_POINTS)
def test_a_build_killed_while_moving_its_files_is_completed_by_the_next(
        tmp_path: Path, briefs: Briefs, point: str) -> None:
    out = tmp_path / "out"
    shutil.copytree(briefs.old_out, out)
    command = build_command(briefs.pack, out, briefs.library)[2:]  # the arguments after main.py
    done = run([PYTHON, "-m", "tests.faults.drivers", "build-and-die", point, *command],
               env=child_env(**EPOCH))
    tally.count("kill points")
    assert done.returncode == -9, (done.returncode, done.stdout, done.stderr)
    tally.count("killed mid-work")
    # Killed before its journal was complete: nothing moved. After: the next writer finishes.
    expected = "old" if point == "journal" else "new"
    assert bool(list(out.glob(".*.set"))) == (point != "journal")
    check_set_after_kill(out, briefs, over_old=True)
    atomic.tidy(out)  # what the next writer does first
    assert set_state(out, briefs) == expected
    assert leftovers(out) == []
    # The next build of another version replaces the whole set and leaves nothing behind.
    next_build_clears_up(out, briefs, briefs.old_pack, briefs.old)


ROUNDS = 2


def test_concurrent_builds_into_one_folder_leave_one_whole_set(tmp_path: Path, briefs: Briefs) -> None:
    """Two live builds of different versions: neither removes the other's files, and the set
    ends all one version (the files are moved in under a folder lock)."""
    out = tmp_path / "out"
    for round_ in range(ROUNDS):
        commands = [build_command(pack, out, briefs.library) for pack in (briefs.pack, briefs.old_pack)]
        processes = [subprocess.Popen(c, cwd=ROOT, env=child_env(**EPOCH), stdout=subprocess.PIPE,
                                      stderr=subprocess.PIPE) for c in commands]
        for process in processes:
            _out, err = process.communicate(timeout=120)
            assert process.returncode == 0, err.decode(errors="replace")
        assert set_state(out, briefs) in ("old", "new"), tally.lost(f"round {round_}: mixed set")
        assert leftovers(out) == []
        tally.count("concurrent builds", 2)


def test_only_a_gone_writers_leftovers_are_removed(tmp_path: Path, briefs: Briefs) -> None:
    """Temporary files of a live process are kept, those of a finished one (or of an earlier
    process that had the same id) removed, by the next build in the folder."""
    out = tmp_path / "out"
    out.mkdir()
    sleeper = subprocess.Popen([PYTHON, "-c", "import time; time.sleep(60)"])
    try:
        gone = subprocess.run([PYTHON, "-c", "from briefing.writers import writer_tag; print(writer_tag())"],
                              cwd=ROOT, capture_output=True, text=True, check=True).stdout.strip()
        live = writer_tag(sleeper.pid)
        reused = f"{live.split('-')[0]}-{int(live.split('-')[1]) + 1}"  # same id, another process
        files = {tag: out / f".brief.docx.{tag}.a1b2c3d4.part" for tag in (gone, live, reused)}
        for path in files.values():
            path.write_bytes(b"half a file")
        next_build_clears_up_but_keeps(out, briefs, keep=[files[live]])
        assert not files[gone].exists() and not files[reused].exists()
        tally.count("faults injected", 3)
    finally:
        sleeper.kill()
        sleeper.wait()


def next_build_clears_up_but_keeps(out: Path, briefs: Briefs, keep: list[Path]) -> None:
    done = run(build_command(briefs.pack, out, briefs.library), env=child_env(**EPOCH))
    assert done.returncode == 0, done.stderr
    assert set_state(out, briefs) == "new"
    assert leftovers(out) == keep


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


@pytest.mark.parametrize("cancel_in", [pytest.param(fmt, marks=() if fmt == "xlsx" else pytest.mark.slow)
                                       for fmt in FORMATS])
def test_a_build_cancelled_in_any_file_replaces_none_of_the_set(
        tmp_path: Path, briefs: Briefs, cancel_in: str) -> None:
    """Cancelled while writing one file (the last included): every earlier file stays as it was."""
    from briefing.build import export_document, plan_outputs, prepare_document
    from briefing.errors import Cancelled

    out = tmp_path / "out"
    shutil.copytree(briefs.old_out, out)
    started: list[str] = []
    targets = plan_outputs(briefs.pack, "all", out)

    def progress(done: int, total: int) -> None:
        step = min(done * len(FORMATS) // max(total, 1), len(FORMATS) - 1)
        if FORMATS[step] not in started:
            started.append(FORMATS[step])

    with LibraryStore(briefs.library) as store:
        document = prepare_document(read_pack(briefs.pack), library=store)
    with pytest.raises(Cancelled):
        export_document(document, targets, progress=progress,
                        cancelled=lambda: cancel_in in started and len(started) > FORMATS.index(cancel_in))
    assert set_state(out, briefs) == "old", tally.lost(f"{out}: a cancelled build replaced a file")
    assert leftovers(out) == []
    tally.count("faults injected")
