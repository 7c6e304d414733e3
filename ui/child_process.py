"""Run a core job in a child process, supervised from a worker thread (no Qt here).

Why a process and not just the worker thread: the exporters are pure Python, and a thread
running them holds the GIL; on a busy machine the GUI thread then waits hundreds of
milliseconds for it (measured: 400-600 ms stalls while a 1,000-item pack exports, against
about 20 ms with a child process). The worker thread only waits on a pipe, which releases
the GIL. Progress comes back over the pipe; each report waits for the parent's go-ahead,
which is where a cancel lands, so cancelling is prompt and the job stops at its next check.
"""

from __future__ import annotations

import importlib
import os
import sys
import time
import traceback
from collections.abc import Callable
from typing import Any

from briefing import errors

Progress = Callable[[int, int], None]
CancelCheck = Callable[[], bool]
Task = Callable[[Progress, CancelCheck], Any]

# Modules the fork server imports once, so every job after the first starts at once.
PRELOAD = ["ui.jobs", "briefing.build", "briefing.library.store", "briefing.library.importer",
           "briefing.exporters.docx", "briefing.exporters.pdf", "briefing.exporters.xlsx"]
_PROGRESS_INTERVAL = 0.05
_context: Any = None


def context() -> Any:
    """A fork server where there is one (a clean process to fork from, never this threaded
    one), else spawn (Windows)."""
    global _context
    if _context is None:
        import multiprocessing  # here, not at start-up
        if "forkserver" in multiprocessing.get_all_start_methods():
            _context = multiprocessing.get_context("forkserver")
            _context.set_forkserver_preload(PRELOAD)
        else:
            _context = multiprocessing.get_context("spawn")
    return _context


def warm_up() -> None:
    """Start the fork server and import what talking to it needs, ahead of the first job, so
    the first export does not pause the window while those modules load."""
    ctx = context()
    if ctx.get_start_method() == "forkserver":
        from multiprocessing import forkserver, resource_tracker

        resource_tracker.ensure_running()
        forkserver.ensure_running()
    # One round trip: the first child waits until the server has imported its modules.
    run_in_child("ui.jobs:ready")(lambda done, total: None, lambda: False)


def run_in_child(job: str, /, **kwargs: Any) -> Task:
    """A worker task that runs `module:function(**kwargs, progress=, cancelled=)` in a child."""
    def task(progress: Progress, cancelled: CancelCheck) -> Any:
        ctx = context()
        ours, theirs = ctx.Pipe()
        cancel = ctx.Event()
        child = ctx.Process(target=child_main, args=(theirs, cancel, job, kwargs), daemon=True)
        child.start()
        theirs.close()
        try:
            return _supervise(child, ours, cancel, progress, cancelled)
        finally:
            ours.close()
            child.join(timeout=30)
    return task


def _supervise(child: Any, conn: Any, cancel: Any, progress: Progress, cancelled: CancelCheck) -> Any:
    while True:
        if cancelled():
            cancel.set()
        if not conn.poll(0.05):
            if not child.is_alive() and not conn.poll():
                raise RuntimeError(f"the background process stopped unexpectedly (exit code {child.exitcode})")
            continue
        try:
            message = conn.recv()
        except EOFError:
            raise RuntimeError("the background process stopped unexpectedly") from None
        if message[0] == "progress":
            progress(message[1], message[2])
            if cancelled():
                cancel.set()
            conn.send(True)  # go ahead
            continue
        return _outcome(message)


def _outcome(message: tuple[Any, ...]) -> Any:
    kind = message[0]
    if kind == "done":
        return message[1]
    if kind == "cancelled":
        raise errors.Cancelled()
    if kind == "error":
        error_class = getattr(errors, message[1], errors.BriefingError)
        raise error_class(message[2])
    raise RuntimeError(f"{message[1]}\n{message[2]}")


def child_main(conn: Any, cancel: Any, target: str, kwargs: dict[str, Any]) -> None:
    """The child's side: run the job, report progress, send back the result or the error."""
    if hasattr(os, "nice"):
        os.nice(5)  # on a busy machine the window's own process comes first: it stays responsive
    module, name = target.split(":")
    job = getattr(importlib.import_module(module), name)
    last = 0.0

    def progress(done: int, total: int) -> None:
        nonlocal last
        now = time.monotonic()
        if done >= total or now - last >= _PROGRESS_INTERVAL:
            last = now
            conn.send(("progress", done, total))
            conn.recv()

    try:
        result = job(**kwargs, progress=progress, cancelled=cancel.is_set)
    except errors.Cancelled:
        conn.send(("cancelled",))
    except errors.BriefingError as exc:
        # Sent as (class name, lines): the lines survive exactly, whatever the class's pickling.
        conn.send(("error", type(exc).__name__, list(exc.problems)))
    except Exception as exc:
        conn.send(("crash", f"{type(exc).__name__}: {exc}", traceback.format_exc()))
    else:
        conn.send(("done", result))
    finally:
        conn.close()
        sys.stdout.flush()
