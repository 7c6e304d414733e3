"""Writing outputs: a failed write leaves no partial file, the earlier one intact; same input, same bytes."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from briefing import resources
from tests.core.acceptance.conftest import Built
from tests.core.acceptance.pipeline import EPOCH, FORMATS, leftovers, outputs, run_cli

SMALL_PACK = {
    "format": "briefing-pack", "version": 1, "title": "Small brief", "marking": "OFFICIAL",
    "template": "meeting-one-pager",
    "sections": [{"title": "Lines to take", "items": [{"kind": "priority", "id": "semiconductors"}]}],
}
EARLIER = b"an earlier, complete file that must survive"


@pytest.fixture
def pack(tmp_path: Path) -> Path:
    """A one-item pack in a folder of its own."""
    path = tmp_path / "pack" / "brief.briefpack"
    path.parent.mkdir()
    path.write_text(json.dumps(SMALL_PACK), encoding="utf-8")
    return path


def _build(pack: Path, library: Path, *args: str) -> tuple[int, str]:
    run = run_cli(["build", str(pack), "--library", str(library), *args])
    assert "Traceback" not in run.err
    return run.code, run.err


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_folder_in_the_way_gives_a_clear_message(pack: Path, starter_library_file: Path,
                                                   tmp_path: Path, fmt: str) -> None:
    out = tmp_path / "out"
    (out / f"brief.{fmt}").mkdir(parents=True)  # the target name is taken by a folder
    code, err = _build(pack, starter_library_file, "--format", fmt, "--out", str(out))
    assert code == 1 and str(out / f"brief.{fmt}") in err, err
    assert (out / f"brief.{fmt}").is_dir() and leftovers(out) == []
    assert sorted(p.name for p in out.iterdir()) == [f"brief.{fmt}"]


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_folder_that_cannot_be_written_gives_a_clear_message(pack: Path, starter_library_file: Path,
                                                               tmp_path: Path, fmt: str) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_bytes(EARLIER)  # tests run as root: a file where the folder should be cannot be written in
    code, err = _build(pack, starter_library_file, "--format", fmt, "--out", str(blocker / f"brief.{fmt}"))
    assert code == 1 and str(blocker) in err, err
    assert blocker.read_bytes() == EARLIER and leftovers(tmp_path) == []


def _held_open(monkeypatch: pytest.MonkeyPatch, held: set[Path]) -> None:
    """Moving a file onto `held` fails as on Windows when another program has it open."""
    real_replace = os.replace

    def replace(src: str | os.PathLike[str], dst: str | os.PathLike[str], **kwargs: object) -> None:
        if Path(dst) in held:
            raise PermissionError(13, "Permission denied", str(dst))
        real_replace(src, dst, **kwargs)

    monkeypatch.setattr(os, "replace", replace)


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_file_held_open_stays_intact(pack: Path, starter_library_file: Path, tmp_path: Path,
                                       monkeypatch: pytest.MonkeyPatch, fmt: str) -> None:
    out = tmp_path / "out"
    out.mkdir()
    target = out / f"brief.{fmt}"
    target.write_bytes(EARLIER)
    _held_open(monkeypatch, {target})
    code, err = _build(pack, starter_library_file, "--format", fmt, "--out", str(out))
    assert code == 1 and str(target) in err and "Permission denied" in err, err
    assert target.read_bytes() == EARLIER and leftovers(out) == []


def test_one_failed_format_keeps_its_earlier_file(pack: Path, starter_library_file: Path, tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "out"
    out.mkdir()
    targets = outputs(out, "brief")
    for path in targets.values():
        path.write_bytes(EARLIER)
    _held_open(monkeypatch, {targets["pdf"]})
    code, err = _build(pack, starter_library_file, "--out", str(out))
    assert code == 1 and str(targets["pdf"]) in err, err
    assert targets["pdf"].read_bytes() == EARLIER and leftovers(out) == []
    for fmt, path in targets.items():  # every other file is either the earlier one or a whole new one
        assert path.read_bytes() == EARLIER or path.read_bytes()[:4] in (b"PK\x03\x04", b"%PDF"), fmt


def test_the_same_input_gives_the_same_bytes(sample_builds: dict[str, Built], starter_library_file: Path,
                                             tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(EPOCH))
    out = tmp_path / "again"
    run = run_cli(["build", str(resources.sample_pack_path()), "--out", str(out),
                   "--library", str(starter_library_file)])
    assert run.code == 0, run.err
    first = sample_builds["ministerial-brief"].paths
    second = outputs(out, resources.sample_pack_path().stem)
    assert first["docx"].parent != second["docx"].parent
    differ = [fmt for fmt in FORMATS if first[fmt].read_bytes() != second[fmt].read_bytes()]
    assert differ == []
