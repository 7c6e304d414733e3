"""A write failing part-way (a full disk: here every file held under a size limit) during a build
or an `export-library`: one line naming the file and the cause; earlier files byte-identical,
no temporary file left behind."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from briefing.library.importer import import_file
from briefing.library.store import LibraryStore
from briefing.models import PACK_KINDS
from tests.faults import tally
from tests.faults.libraries import copy_library
from tests.faults.processes import PYTHON, child_env, run

FORMATS = ("docx", "pdf", "xlsx")
# Below this SQLite cannot even open the library (its shared-memory file is 32 KB).
SMALLEST_LIMIT = 40_000


def limited(limit: int, *command: str) -> tuple[int, list[str]]:
    """Run a command-line command with files held under `limit` bytes; its exit code and error lines."""
    done = run([PYTHON, "-m", "tests.faults.drivers", "limited-write", str(limit), *command],
               env=child_env(SOURCE_DATE_EPOCH="1700000000"))
    return done.returncode, [line for line in done.stderr.splitlines() if not line.startswith("warning: ")]


@pytest.fixture(scope="module")
def big_library(tmp_path_factory: pytest.TempPathFactory, starter_library: Path) -> Path:
    """The starter library and 400 more partnerships: every export is well above the smallest limit."""
    folder = tmp_path_factory.mktemp("big-library")
    library = copy_library(starter_library, folder / "library.sqlite")
    rng = random.Random(5)  # varied text, so that the workbook does not compress to nothing
    items = [{"id": f"extra-{n}", "name": f"Partnership {n}",
              "summary": " ".join(f"{rng.getrandbits(40):x}" for _ in range(40)),
              "key_facts": [f"Fact {n}"], "tags": ["extra"]} for n in range(400)]
    source = folder / "extra.json"
    source.write_text(json.dumps({"format": "briefing-library", "version": 1, "partnerships": items}),
                      encoding="utf-8")
    with LibraryStore(library) as store:
        import_file(store, source)
    return library


def leftovers(folder: Path) -> list[Path]:
    return sorted([*folder.glob(".*.part"), *folder.glob(".*.set")])


def export_under_limits(tmp_path: Path, library: Path, seed: int, runs: int) -> None:
    rng = random.Random(seed)
    for attempt in range(runs):
        suffix = (".json", ".xlsx")[attempt % 2]
        target = tmp_path / f"library{suffix}"
        full = run([PYTHON, "-m", "briefing.cli", "export-library", str(target), "--library", str(library)])
        assert full.returncode == 0, full.stderr
        earlier = target.read_bytes()
        limit = rng.randint(SMALLEST_LIMIT, len(earlier) - 1)
        code, errors = limited(limit, "export-library", str(target), "--library", str(library))
        assert code == 1 and errors == [f"{target}: cannot write the file: File too large"], errors
        assert target.read_bytes() == earlier, tally.lost(f"{target}: changed by a failed export")
        assert leftovers(tmp_path) == []
        tally.count("faults injected")


def test_a_write_failing_during_export_library_is_one_line(tmp_path: Path, big_library: Path) -> None:
    export_under_limits(tmp_path, big_library, seed=41, runs=2)


@pytest.mark.slow
def test_writes_failing_at_many_points_of_export_library(tmp_path: Path, big_library: Path) -> None:
    export_under_limits(tmp_path, big_library, seed=42, runs=10)


def write_pack(path: Path, library: Path) -> Path:
    with LibraryStore(library) as store:
        refs = [{"kind": item.kind, "id": item.id, "note": "Note"} for item in store.content().items()
                if item.kind in PACK_KINDS][:150]
    path.write_text(json.dumps({"format": "briefing-pack", "version": 1, "title": "Brief",
                                "sections": [{"title": "All", "items": refs}]}), encoding="utf-8")
    return path


def build_under_limits(tmp_path: Path, library: Path, seed: int, runs: int) -> None:
    rng = random.Random(seed)
    pack = write_pack(tmp_path / "brief.briefpack", library)
    out = tmp_path / "out"
    command = ["build", str(pack), "--out", str(out), "--library", str(library)]
    code, errors = limited(2**40, *command)
    assert code == 0, errors
    earlier = {fmt: (out / f"brief.{fmt}").read_bytes() for fmt in FORMATS}
    largest = max(len(data) for data in earlier.values())
    for _ in range(runs):
        limit = rng.randint(SMALLEST_LIMIT, largest - 1)
        code, errors = limited(limit, *command)
        assert code == 1 and len(errors) == 1, errors
        assert any(errors[0] == f"{out / f'brief.{fmt}'}: cannot write the file: File too large"
                   for fmt in FORMATS), errors
        for fmt in FORMATS:
            after = (out / f"brief.{fmt}").read_bytes()
            assert after == earlier[fmt], tally.lost(f"brief.{fmt}: changed by a failed build")
        assert leftovers(out) == []
        tally.count("faults injected")


def test_a_write_failing_during_a_build_is_one_line_and_changes_nothing(tmp_path: Path, big_library: Path) -> None:
    build_under_limits(tmp_path, big_library, seed=51, runs=2)


@pytest.mark.slow
def test_writes_failing_at_many_points_of_a_build(tmp_path: Path, big_library: Path) -> None:
    build_under_limits(tmp_path, big_library, seed=52, runs=10)
