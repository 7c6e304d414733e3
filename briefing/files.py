"""Reading untrusted input files: regular files only, size checked after opening, bounded reads."""

from __future__ import annotations

import contextlib
import errno
import os
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from briefing.errors import ValidationError

_CHUNK = 1 << 20


def describe_os_error(exc: OSError) -> str:
    """A short reason for an OSError, without the path (callers name the file themselves)."""
    if exc.errno == errno.ELOOP:
        return "a symbolic link that loops"
    if exc.errno == errno.ENOENT:
        return "no such file"
    if exc.errno == errno.EISDIR:
        return "is a folder, not a file"
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return "no space left on the disk"
    if exc.errno == errno.ENXIO:  # a socket, or a device with nothing behind it
        return "not a regular file (a device, pipe or socket)"
    return exc.strerror or exc.__class__.__name__


@contextlib.contextmanager
def open_regular(path: str | os.PathLike[str], *, limit: int, what: str = "file") -> Iterator[BinaryIO]:
    """Open `path` for reading if it is a regular file of at most `limit` bytes.

    The size is read from the opened file, not the name, so a file swapped in between
    cannot slip past; O_NONBLOCK keeps a named pipe from blocking the open.
    """
    name = str(path)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        raise ValidationError(f"{name}: cannot read the {what}: {describe_os_error(exc)}") from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise ValidationError(f"{name}: is a folder, not a {what}")
        if not stat.S_ISREG(info.st_mode):
            raise ValidationError(f"{name}: refused: not a regular file (a device, pipe or socket)")
        if info.st_size > limit:
            raise ValidationError(f"{name}: refused: the {what} is {_size(info.st_size)}, more than "
                                  f"the {_size(limit)} it may be")
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
        stream = os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise
    with stream:
        yield stream


def read_regular(path: str | os.PathLike[str], *, limit: int, what: str = "file") -> bytes:
    """The bytes of a regular file of at most `limit` bytes; ValidationError (one line) otherwise."""
    with open_regular(path, limit=limit, what=what) as stream:
        try:
            data = stream.read(limit + 1)
        except OSError as exc:
            raise ValidationError(f"{path}: cannot read the {what}: {describe_os_error(exc)}") from None
    if len(data) > limit:  # the file grew after it was opened
        raise ValidationError(f"{path}: refused: the {what} is more than the {_size(limit)} it may be")
    return data


def is_regular_file(path: Path) -> bool:
    """True for a regular file (symbolic links followed); False for anything else or an error."""
    try:
        return stat.S_ISREG(path.stat().st_mode)
    except (OSError, ValueError):
        return False


def _size(count: int) -> str:
    if count >= 2**20:
        return f"{count / 2**20:,.0f} MB"
    if count >= 1024:
        return f"{count / 1024:,.0f} KB"
    return f"{count:,} bytes"
