"""Warnings before export: a marking above the pack's, an item past its review date; exit 0 all the same."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from briefing.library.store import LibraryStore
from briefing.models import Priority, Source
from tests.core.acceptance.pipeline import CliRun, leftovers, outputs, run_cli

ABOVE = Priority(id="above-the-pack", title="Above the pack", summary="Marked above the pack.",
                 marking="SENSITIVE", sources=(Source(title="A source"),))
STALE = Priority(id="past-review", title="Past review", summary="Due for review.",
                 review_due="2025-06-30", marking="PUBLIC", sources=(Source(title="A source"),))


def _build(library: Path, tmp_path: Path, today: str, monkeypatch: pytest.MonkeyPatch) -> CliRun:
    with LibraryStore(library) as store:
        store.put(ABOVE)
        store.put(STALE)
    pack = tmp_path / "warned.briefpack"
    pack.write_text(json.dumps({
        "format": "briefing-pack", "version": 1, "title": "Warned", "marking": "official",
        "template": "meeting-one-pager",
        "sections": [{"title": "Lines", "items": [{"kind": "priority", "id": ABOVE.id},
                                                  {"kind": "priority", "id": STALE.id}]}],
    }), encoding="utf-8")
    monkeypatch.setenv("BRIEFING_TODAY", today)
    return run_cli(["build", str(pack), "--out", str(tmp_path / "out"), "--library", str(library)])


def test_warnings_go_to_stderr_and_the_files_are_written(library_copy: Path, tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    run = _build(library_copy, tmp_path, "2025-07-01", monkeypatch)
    assert run.code == 0 and "Traceback" not in run.err
    assert all(line.startswith("warning: ") for line in run.err.splitlines())
    warnings = run.warnings()
    assert [w for w in warnings if "above-the-pack" in w and "SENSITIVE" in w and "OFFICIAL" in w], warnings
    assert [w for w in warnings if "past-review" in w and "30 June 2025" in w], warnings
    assert not [w for w in warnings if "past-review" in w and "SENSITIVE" in w]
    paths = outputs(tmp_path / "out", "warned")
    assert run.out.splitlines() == [str(p) for p in paths.values()]
    assert all(p.stat().st_size > 0 for p in paths.values()) and leftovers(tmp_path / "out") == []


def test_review_dates_are_judged_against_briefing_today(library_copy: Path, tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    run = _build(library_copy, tmp_path, "2025-06-30", monkeypatch)  # due today: not yet past
    assert run.code == 0
    assert not [w for w in run.warnings() if "past-review" in w], run.err
    assert [w for w in run.warnings() if "above-the-pack" in w]
