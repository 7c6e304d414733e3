"""Who wrote a temporary file, and whether that process is still running.

A writer is named by its process id and its start time, so that a later process that
happens to get the same id is not mistaken for it.
"""

from __future__ import annotations

import os
import sys


def writer_tag(pid: int | None = None) -> str:
    """'<pid>-<start>' of this process (or of `pid`): told apart from an earlier one with the same id."""
    pid = os.getpid() if pid is None else pid
    return f"{pid}-{_start_time(pid)}"


def is_alive(pid: int, start: int) -> bool:
    """Whether the writer (`pid`, `start`) may still be running; True when that cannot be told."""
    if pid == os.getpid():
        return start == _start_time(pid)
    if sys.platform.startswith("linux"):
        return _alive_linux(pid, start)
    if sys.platform == "win32":
        return _alive_windows(pid)
    return _exists(pid)


def _exists(pid: int) -> bool:
    """Whether a process `pid` exists (POSIX); signal 0 only asks, it sends nothing."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # exists, owned by someone else
    return True


def _start_time(pid: int) -> int:
    """When process `pid` started, in clock ticks since boot (Linux); 0 where not known."""
    if not sys.platform.startswith("linux"):
        return 0
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as stream:
            fields = stream.read().rsplit(")", 1)[1].split()
        return int(fields[19])  # field 22 of stat(5); the list starts at field 3
    except (OSError, IndexError, ValueError):
        return 0


def _alive_linux(pid: int, start: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as stream:
            fields = stream.read().rsplit(")", 1)[1].split()
        state, started = fields[0], fields[19]
    except FileNotFoundError:
        # Gone, or hidden from us (/proc mounted with hidepid, or not at all): ask the kernel.
        return _exists(pid)
    except (OSError, IndexError):
        return True
    if state in ("Z", "X"):  # killed, waiting for its parent to notice
        return False
    return start == 0 or started == str(start)


def _alive_windows(pid: int) -> bool:
    if sys.platform != "win32":
        return True
    import ctypes

    kernel32 = ctypes.windll.kernel32
    handle = kernel32.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
    if not handle:
        return kernel32.GetLastError() == 5  # access denied: it exists
    try:
        code = ctypes.c_ulong()
        if not kernel32.GetExitCodeProcess(handle, ctypes.byref(code)):
            return True
        return code.value == 259  # STILL_ACTIVE
    finally:
        kernel32.CloseHandle(handle)
