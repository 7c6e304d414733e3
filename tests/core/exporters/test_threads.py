"""Two builds in two threads of one process write the same bytes as two builds in sequence:
no exporter changes process-wide state or shares a cache unsafely."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest

from briefing.build import build_pack
from briefing.library import open_library
from briefing.models import LibraryContent

SAMPLE = Path(__file__).resolve().parents[3] / "assets" / "samples" / "rok-eu-dpc.briefpack"
EPOCH = "1700000000"  # reproducible output: every file of a build carries this time


@pytest.fixture(scope="module")
def starter(tmp_path_factory: pytest.TempPathFactory) -> LibraryContent:
    """The starter library's content (immutable, so both threads may read it)."""
    store = open_library(tmp_path_factory.mktemp("library") / "library.sqlite")
    try:
        return store.content()
    finally:
        store.close()


def _build(folder: Path, format_id: str, library: LibraryContent) -> tuple[bytes, float, float]:
    """The bytes of one build, and when it started and ended."""
    start = time.perf_counter()
    result = build_pack(SAMPLE, formats=format_id, out=folder, library=library)
    end = time.perf_counter()
    [path] = result.paths
    return Path(path).read_bytes(), start, end


@pytest.mark.parametrize("format_id", ["docx", "pdf", "xlsx"])
def test_two_threads_write_what_two_builds_in_sequence_write(
        format_id: str, starter: LibraryContent, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    in_sequence = [_build(tmp_path / f"sequence-{n}", format_id, starter)[0] for n in range(2)]
    assert in_sequence[0] == in_sequence[1]

    barrier = threading.Barrier(2)
    results: dict[int, tuple[bytes, float, float]] = {}
    errors: list[BaseException] = []

    def work(n: int) -> None:
        try:
            barrier.wait(timeout=30)
            results[n] = _build(tmp_path / f"thread-{n}", format_id, starter)
        except BaseException as exc:  # reported below, not lost in the thread
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors, errors
    (first, start1, end1), (second, start2, end2) = results[0], results[1]
    assert max(start1, start2) < min(end1, end2), "the two builds did not overlap"
    assert first == in_sequence[0]
    assert second == in_sequence[0]
