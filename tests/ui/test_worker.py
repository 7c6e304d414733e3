"""The one generic worker: results, failures, throttled progress and cancel through a flag."""

from __future__ import annotations

import threading

import pytest

from briefing.errors import Cancelled, ValidationError
from ui.worker import WorkerPool


@pytest.fixture
def pool(qtbot):
    workers = WorkerPool()
    yield workers
    assert workers.shutdown()


def test_result_comes_back_on_the_gui_thread(pool: WorkerPool, qtbot) -> None:
    threads = []

    def task(progress, cancelled):
        threads.append(threading.current_thread())
        return 42

    results = []
    pool.run(task, finished=results.append)
    qtbot.waitUntil(lambda: results == [42], timeout=5000)
    assert threads[0] is not threading.main_thread()
    qtbot.waitUntil(lambda: pool.running() == [])


def test_callbacks_are_connected_before_the_task_can_finish(pool: WorkerPool, qtbot) -> None:
    got = []
    pool.run(lambda progress, cancelled: "fast", finished=got.append)
    qtbot.waitUntil(lambda: got == ["fast"], timeout=5000)


def test_failure_carries_the_exception(pool: WorkerPool, qtbot) -> None:
    def task(progress, cancelled):
        raise ValidationError(["line one", "line two"])

    failures = []
    worker = pool.run(task, failed=failures.append)
    qtbot.waitUntil(lambda: bool(failures), timeout=5000)
    assert isinstance(failures[0], ValidationError) and failures[0].problems == ["line one", "line two"]
    assert worker.done.is_set()


def test_cancel_is_a_flag_the_busy_task_polls(pool: WorkerPool, qtbot) -> None:
    started = threading.Event()

    def task(progress, cancelled):
        started.set()
        for step in range(10_000):  # busy: it never returns to an event loop
            progress(step, 10_000)
            if cancelled():
                raise Cancelled()
            threading.Event().wait(0.001)
        return "finished anyway"

    failures, progress = [], []
    worker = pool.run(task, failed=failures.append, progress=lambda d, t: progress.append(d))
    assert started.wait(5)
    worker.cancel()
    qtbot.waitUntil(lambda: bool(failures), timeout=5000)
    assert isinstance(failures[0], Cancelled)
    # Progress was throttled: far fewer signals than the task's reports.
    assert len(progress) < 200


def test_last_progress_is_always_delivered(pool: WorkerPool, qtbot) -> None:
    seen = []

    def task(progress, cancelled):
        for step in range(1, 1001):
            progress(step, 1000)
        return

    done = []
    pool.run(task, progress=lambda d, t: seen.append((d, t)), finished=done.append)
    qtbot.waitUntil(lambda: bool(done), timeout=5000)
    assert seen[-1] == (1000, 1000) and len(seen) < 100
