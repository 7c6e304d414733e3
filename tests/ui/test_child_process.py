"""Jobs in a child process: results, the core's errors line for line, crashes, and cancel."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from briefing.errors import Cancelled, ExportError, ValidationError
from briefing.models import ItemRef, Pack, Section
from ui.child_process import run_in_child

if TYPE_CHECKING:
    from tests.ui.conftest import StarterCounts


def _run(job: str, cancel_after: int | None = None, **kwargs):
    reports: list[tuple[int, int]] = []

    def cancelled() -> bool:
        return cancel_after is not None and len(reports) >= cancel_after

    result = run_in_child(job, **kwargs)(lambda done, total: reports.append((done, total)), cancelled)
    return result, reports


def test_a_job_runs_and_returns_its_result(library_path: Path, tmp_path: Path, starter: StarterCounts) -> None:
    target = tmp_path / "lib.json"
    message, _ = _run("ui.jobs:export_library", library_path=library_path, target=target)
    assert message == f"Exported {starter.total} items to {target}."
    data = json.loads(target.read_text(encoding="utf-8"))
    assert {kind: len(data[plural]) for kind, plural in
            (("partnership", "partnerships"), ("priority", "priorities"), ("quote", "quotes"),
             ("person", "people"))} == starter.by_kind


def test_a_job_reports_progress_across_the_process_boundary(library_path: Path, tmp_path: Path) -> None:
    from briefing.packs import read_pack
    from briefing.resources import sample_pack_path

    target = tmp_path / "brief.docx"
    outcome, reports = _run("ui.jobs:export", pack=read_pack(sample_pack_path()), library_path=library_path,
                            targets=[("docx", target)])
    assert outcome.paths == (target,) and target.stat().st_size > 0
    assert len(reports) >= 2, reports  # progress during the build, not only at the end
    assert [done for done, _ in reports] == sorted(done for done, _ in reports)
    assert reports[-1][0] == reports[-1][1] > 0


def test_the_cores_errors_come_back_with_every_line(library_path: Path, tmp_path: Path) -> None:
    with pytest.raises(ExportError) as caught:
        _run("ui.jobs:export_library", library_path=library_path, target=tmp_path / "lib.txt")
    assert caught.value.problems == [f"{tmp_path / 'lib.txt'}: cannot export a library as .txt (use .json or .xlsx)"]
    pack = Pack(title="T", sections=(Section(title="S", items=(ItemRef(kind="quote", id="nobody"),
                                                              ItemRef(kind="priority", id="nothing"))),))
    with pytest.raises(ValidationError) as caught:
        _run("ui.jobs:check", pack=pack, library_path=library_path)
    assert len(caught.value.problems) == 2 and "'nobody'" in caught.value.problems[0]


def test_a_bug_in_the_child_is_reported_not_hidden(library_path: Path) -> None:
    with pytest.raises(RuntimeError, match="AttributeError"):
        _run("ui.jobs:check", pack=None, library_path=library_path)


def test_cancel_lands_at_the_next_progress_report(library_path: Path, tmp_path: Path) -> None:
    from briefing.packs import read_pack
    from briefing.resources import sample_pack_path

    target = tmp_path / "brief.pdf"
    with pytest.raises(Cancelled):
        _run("ui.jobs:export", cancel_after=1, pack=read_pack(sample_pack_path()), library_path=library_path,
             targets=[("pdf", target)])
    assert {p.name for p in tmp_path.iterdir()} <= {"library.sqlite", "library.sqlite-wal", "library.sqlite-shm"}
