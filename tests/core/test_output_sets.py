"""Output sets and leftovers: files moved into place together, killed writers' files tidied."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from briefing import atomic
from briefing.errors import ExportError
from briefing.writers import writer_tag

NAMES = ("brief.docx", "brief.pdf", "brief.xlsx")


def gone_writer() -> str:
    """The writer tag of a process that has finished."""
    done = subprocess.run([sys.executable, "-c", "from briefing.writers import writer_tag; print(writer_tag())"],
                          capture_output=True, text=True, check=True)
    return done.stdout.strip()


def old_set(folder: Path) -> None:
    for name in NAMES:
        (folder / name).write_text(f"old {name}")


def test_a_set_is_moved_into_place_only_when_every_file_is_complete(tmp_path: Path) -> None:
    old_set(tmp_path)
    def fail_at_the_third() -> None:
        with atomic.output_set([tmp_path / n for n in NAMES]) as staged:
            staged[0].write_text("new docx")
            staged[1].write_text("new pdf")
            raise RuntimeError("the Excel export failed")

    with pytest.raises(RuntimeError):
        fail_at_the_third()
    assert {p.name: p.read_text() for p in tmp_path.iterdir()} == {n: f"old {n}" for n in NAMES}
    with atomic.output_set([tmp_path / n for n in NAMES]) as staged:
        for stage, name in zip(staged, NAMES, strict=True):
            stage.write_text(f"new {name}")
    assert {p.name: p.read_text() for p in tmp_path.iterdir()} == {n: f"new {n}" for n in NAMES}


def test_a_set_keeps_an_old_file_s_mode(tmp_path: Path) -> None:
    old_set(tmp_path)
    (tmp_path / NAMES[1]).chmod(0o640)
    with atomic.output_set([tmp_path / n for n in NAMES]) as staged:
        for stage in staged:
            stage.write_text("new")
    assert (tmp_path / NAMES[1]).stat().st_mode & 0o777 == 0o640


def test_a_gone_writer_s_journal_completes_its_set(tmp_path: Path) -> None:
    old_set(tmp_path)
    tag = gone_writer()
    staged = [f".{name}.{tag}.0a1b2c3d.part" for name in NAMES]
    for stage, name in zip(staged, NAMES, strict=True):
        (tmp_path / stage).write_text(f"new {name}")
    os.replace(tmp_path / staged[0], tmp_path / NAMES[0])  # killed after the first move
    (tmp_path / f".brief.{tag}.0a1b2c3d.set").write_text(json.dumps(staged))
    assert atomic.tidy(tmp_path) == 1
    assert {p.name: p.read_text() for p in tmp_path.iterdir()} == {n: f"new {n}" for n in NAMES}


def test_a_journal_moves_only_its_own_writer_s_files_in_its_folder(tmp_path: Path) -> None:
    (tmp_path / "keep.txt").write_text("mine")
    tag, other = gone_writer(), writer_tag()
    (tmp_path / f".keep.txt.{other}.0a1b2c3d.part").write_text("a live writer's")
    (tmp_path / f".x.{tag}.0a1b2c3d.set").write_text(json.dumps(
        [f".keep.txt.{other}.0a1b2c3d.part", "../../etc/passwd", f"sub/.keep.txt.{tag}.1.part", 7]))
    atomic.tidy(tmp_path)
    assert (tmp_path / "keep.txt").read_text() == "mine"
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["keep.txt", f".keep.txt.{other}.0a1b2c3d.part"])


def test_tidy_removes_gone_writers_files_and_keeps_live_ones_and_others(tmp_path: Path) -> None:
    gone, live = gone_writer(), writer_tag()
    pid, start = live.split("-")
    reused = f"{pid}-{int(start) + 1}"  # this process's id, another start: an earlier process
    names = {"gone": f".brief.pdf.{gone}.abc.part", "live": f".brief.pdf.{live}.abc.part",
             "reused": f".brief.pdf.{reused}.abc.part", "user": ".brief.pdf.part", "plain": "brief.pdf"}
    for name in names.values():
        (tmp_path / name).write_text("x")
    assert atomic.tidy(tmp_path) == 2
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [names["live"], names["user"], names["plain"]])


def test_a_set_into_a_missing_folder_names_the_file(tmp_path: Path) -> None:
    with pytest.raises(ExportError, match=r"brief\.docx: cannot write in .*: no such file"), \
            atomic.output_set([tmp_path / "missing" / "brief.docx"]):
        pass


def test_a_set_over_a_folder_is_refused_before_anything_moves(tmp_path: Path) -> None:
    old_set(tmp_path)
    (tmp_path / "brief.pdf").unlink()
    (tmp_path / "brief.pdf").mkdir()
    def write_all() -> None:
        with atomic.output_set([tmp_path / n for n in NAMES]) as staged:
            for stage in staged:
                stage.write_text("new")

    with pytest.raises(ExportError, match="is a folder"):
        write_all()
    assert (tmp_path / "brief.docx").read_text() == "old brief.docx"
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(NAMES)
