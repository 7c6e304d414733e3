"""Running real processes for the fault suite: kill one at a chosen moment, measure another's memory."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from tests.faults import tally

ROOT = Path(__file__).resolve().parents[2]
PYTHON = sys.executable
MAIN = str(ROOT / "main.py")


def child_env(**extra: str) -> dict[str, str]:
    """This process's environment (the test's isolated folders included) plus `extra`."""
    env = dict(os.environ)
    env.update(extra)
    return env


def kill_at(command: Sequence[str], delay: float, *, start_when: Callable[[], bool] | None = None,
            env: dict[str, str] | None = None, timeout: float = 60.0) -> bool:
    """Run `command`, wait until `start_when()` (if given) and then `delay` seconds, and SIGKILL it.

    Returns True when the process was still working when killed, False when it had already
    finished on its own (then it must have succeeded).
    """
    process = subprocess.Popen(command, cwd=ROOT, env=env or child_env(),
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + timeout
    while start_when is not None and not start_when() and process.poll() is None:
        if time.monotonic() > deadline:
            break
        time.sleep(0.002)
    time.sleep(delay)
    tally.count("kill points")
    running = process.poll() is None
    if running:
        process.send_signal(signal.SIGKILL)
        tally.count("killed mid-work")
    _out, err = process.communicate(timeout=timeout)
    if not running:
        assert process.returncode == 0, err.decode(errors="replace")
    return running


def run(command: Sequence[str], *, env: dict[str, str] | None = None,
        timeout: float = 300.0) -> subprocess.CompletedProcess[str]:
    """Run `command` to its end in the project folder."""
    return subprocess.run(command, cwd=ROOT, env=env or child_env(), capture_output=True,
                          text=True, timeout=timeout)


_MEASURE = """
import json, resource, subprocess, sys
done = subprocess.run(sys.argv[1:], capture_output=True, text=True)
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(json.dumps({"code": done.returncode, "out": done.stdout, "err": done.stderr, "peak_kb": peak}))
"""


def peak_memory(command: Sequence[str], *, env: dict[str, str] | None = None,
                timeout: float = 600.0) -> tuple[subprocess.CompletedProcess[str], float]:
    """Run `command` under a fresh parent whose only child it is; its result and peak RSS in MB."""
    # RUSAGE_CHILDREN of the test process would include every child it ever ran; a fresh
    # parent sees exactly this one (ru_maxrss is in KB on Linux).
    done = run([PYTHON, "-c", _MEASURE, *command], env=env, timeout=timeout)
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    result = subprocess.CompletedProcess(command, report["code"], report["out"], report["err"])
    return result, report["peak_kb"] / 1024
