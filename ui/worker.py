"""One generic background worker: runs a core function off the GUI thread, reports by signal."""

from __future__ import annotations

import threading
import time
import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

# The core function a worker runs: it takes `progress(done, total)` and `cancelled()`.
Task = Callable[[Callable[[int, int], None], Callable[[], bool]], Any]

# Progress is forwarded at most this often, so a chatty core function cannot flood the GUI.
_PROGRESS_INTERVAL = 0.05


class WorkerSignals(QObject):
    """Signals of a worker; they live on the GUI thread, so connected slots run there."""

    progress = Signal(int, int)
    finished = Signal(object)
    failed = Signal(object)


class Worker(QRunnable):
    """Runs `task(progress, cancelled)` on a pool thread; `cancel()` sets a flag the task polls."""

    def __init__(self, task: Task, name: str = "task") -> None:
        super().__init__()
        self.setAutoDelete(False)
        self.name = name
        self.signals = WorkerSignals()
        self._task = task
        # A thread-safe flag, not a queued slot: a busy thread never processes queued calls.
        self._cancel = threading.Event()
        self._last_progress = 0.0
        self.done = threading.Event()

    def cancel(self) -> None:
        """Ask the task to stop at its next cancel check."""
        self._cancel.set()

    def is_cancelled(self) -> bool:
        """True once `cancel()` was called; passed to the core as its `cancelled()` check."""
        return self._cancel.is_set()

    def _progress(self, done: int, total: int) -> None:
        now = time.monotonic()
        if done >= total or now - self._last_progress >= _PROGRESS_INTERVAL:
            self._last_progress = now
            self._emit(self.signals.progress, int(done), int(total))

    def run(self) -> None:
        """Run the task; emit `finished(result)` or `failed(exception)`."""
        try:
            result = self._task(self._progress, self.is_cancelled)
        except Exception as exc:  # every failure goes back to the GUI, which decides how to show it
            if not _is_expected(exc):
                traceback.print_exc()
            self._emit(self.signals.failed, exc)
        else:
            self._emit(self.signals.finished, result)
        finally:
            self.done.set()

    def _emit(self, signal, *args: Any) -> None:
        try:
            signal.emit(*args)
        except RuntimeError:
            # The app is shutting down and the signals object is gone: nobody is listening.
            self._cancel.set()


def _is_expected(exc: Exception) -> bool:
    from briefing.errors import BriefingError, Cancelled

    return isinstance(exc, (BriefingError, Cancelled))


class WorkerPool:
    """Starts workers on a thread pool and keeps them alive until they report."""

    def __init__(self, max_threads: int = 2) -> None:
        self._pool = QThreadPool()
        self._pool.setMaxThreadCount(max_threads)
        self._running: set[Worker] = set()

    def start(self, worker: Worker) -> Worker:
        """Queue `worker` on the pool and return it."""
        self._running.add(worker)
        worker.signals.finished.connect(lambda _result, w=worker: self._running.discard(w))
        worker.signals.failed.connect(lambda _exc, w=worker: self._running.discard(w))
        self._pool.start(worker)
        return worker

    def run(
        self,
        task: Task,
        *,
        finished: Callable[[Any], None] | None = None,
        failed: Callable[[Exception], None] | None = None,
        progress: Callable[[int, int], None] | None = None,
        name: str = "task",
    ) -> Worker:
        """Wrap `task` in a worker, connect the callbacks (before it can report), start it."""
        worker = Worker(task, name)
        for signal, slot in ((worker.signals.finished, finished), (worker.signals.failed, failed),
                             (worker.signals.progress, progress)):
            if slot is not None:
                signal.connect(slot)
        return self.start(worker)

    def running(self) -> list[Worker]:
        """Workers started and not yet reported."""
        return list(self._running)

    def shutdown(self, timeout_ms: int = 10_000) -> bool:
        """Cancel every running worker and wait for the pool; False if it did not stop in time."""
        for worker in self._running:
            worker.cancel()
        return self._pool.waitForDone(timeout_ms)
