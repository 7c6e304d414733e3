"""Write files atomically: temporary files in the target folder, moved into place when complete.

Every temporary name carries its writer (process id and start time), so that the next
writer in a folder can tell a killed writer's leftovers from a live one's and remove only
those. A set of files (a build's Word, PDF and Excel) is moved into place together: a
journal naming the set is written first, so a writer killed while moving is completed by
the next writer in that folder, never left half old and half new.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import secrets
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path

from briefing.errors import ExportError
from briefing.files import describe_os_error
from briefing.writers import is_alive, writer_tag

# ".<target name>.<pid>-<start>.<random>.part" for a file, ".<stem>.<pid>-<start>.<random>.set"
# for a set's journal.
_TEMP = re.compile(r"^\.(?P<name>.+)\.(?P<pid>\d+)-(?P<start>\d+)\.(?P<token>[A-Za-z0-9_]+)\.part$")
_JOURNAL = re.compile(r"^\.(?P<name>.+)\.(?P<pid>\d+)-(?P<start>\d+)\.(?P<token>[A-Za-z0-9_]+)\.set$")
_JOURNAL_LIMIT = 64 * 1024


@contextlib.contextmanager
def atomic_path(target: str | os.PathLike[str]) -> Iterator[Path]:
    """Yield a temporary path beside `target`; on success it replaces `target`, else it is removed.

    An earlier file at `target` stays intact unless the new one was written completely.
    """
    target = Path(target)
    folder = _folder_of(target)
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.{writer_tag()}.", suffix=".part", dir=folder)
    except OSError as exc:
        raise ExportError(f"{target}: cannot write in {folder}: {describe_os_error(exc)}") from exc
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        try:
            yield tmp
            _fsync(tmp)
        except OSError as exc:  # a full disk, a quota, a lost drive: say so, naming the file
            raise ExportError(f"{target}: cannot write the file: {describe_os_error(exc)}") from exc
        _match_mode(tmp, target)
        _replace(tmp, target)
        _fsync_dir(folder)
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()


def write_bytes(target: str | os.PathLike[str], data: bytes) -> None:
    """Atomically write `data` to `target`, first removing what killed writers left beside it."""
    tidy(_folder_of(Path(target)))
    with atomic_path(target) as tmp:
        tmp.write_bytes(data)


def write_text(target: str | os.PathLike[str], text: str) -> None:
    """Atomically write UTF-8 `text` to `target`."""
    write_bytes(target, text.encode("utf-8"))


@contextlib.contextmanager
def output_set(targets: Sequence[str | os.PathLike[str]]) -> Iterator[list[Path]]:
    """Yield one staging path per target; when the block completes, every staged file is moved
    into place together, else all are removed and every earlier target stays as it was.

    A killed writer's staged files are removed by the next writer in the folder; one killed
    while moving the set into place is completed by it (see `tidy`).
    """
    paths = [Path(target) for target in targets]
    for folder in dict.fromkeys(_folder_of(path) for path in paths):
        tidy(folder)
    staged: list[Path] = []
    try:
        for path in paths:
            staged.append(_reserve(path))
        yield staged
        for folder in dict.fromkeys(_folder_of(path) for path in paths):
            pairs = [(stage, path) for stage, path in zip(staged, paths, strict=True)
                     if _folder_of(path) == folder]
            _commit(folder, pairs)
    finally:
        for stage in staged:
            with contextlib.suppress(FileNotFoundError):
                stage.unlink()


def tidy(folder: str | os.PathLike[str]) -> int:
    """Complete the sets and remove the temporary files that killed writers left in `folder`.

    Only writers that are gone are touched: a live build's files are left alone. Returns
    how many leftovers were dealt with.
    """
    folder = Path(folder)
    try:
        with _folder_lock(folder):
            pending = _roll_forward(folder)
            return len(pending.done) + _remove_dead_temps(folder, keep=pending.kept)
    except OSError:
        return 0  # a folder that cannot be listed has nothing to tidy that we could reach


class _Pending:
    """What rolling forward did: journals completed, and staged files to keep for later."""

    def __init__(self) -> None:
        self.done: list[str] = []
        self.kept: set[str] = set()


def _reserve(target: Path) -> Path:
    """A staging name beside `target`, created empty so that the folder's permissions show now."""
    stage = _folder_of(target) / f".{target.name}.{writer_tag()}.{secrets.token_hex(4)}.part"
    try:
        os.close(os.open(stage, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    except OSError as exc:
        raise ExportError(f"{target}: cannot write in {_folder_of(target)}: "
                          f"{describe_os_error(exc)}") from exc
    return stage


def _commit(folder: Path, pairs: list[tuple[Path, Path]]) -> None:
    """Move each staged file onto its target; with several, a journal first (see `tidy`)."""
    for stage, target in pairs:
        if target.is_dir():
            raise ExportError(f"{target}: is a folder; the file cannot take its place")
        _fsync(stage)
        _match_mode(stage, target)
    with _folder_lock(folder):
        _roll_forward(folder)  # an older set must not land on top of this one later
        journal = _write_journal(folder, pairs) if len(pairs) > 1 else None
        failed: list[str] = []
        for stage, target in pairs:
            try:
                _replace(stage, target)
            except ExportError as exc:
                failed.extend(exc.problems)
        _fsync_dir(folder)
        if journal is not None:
            with contextlib.suppress(OSError):
                journal.unlink()
    if failed:
        others = " (the other files of this build were replaced)" if len(failed) < len(pairs) else ""
        raise ExportError([line + others for line in failed])


def _write_journal(folder: Path, pairs: list[tuple[Path, Path]]) -> Path:
    journal = folder / f".{pairs[0][1].stem}.{writer_tag()}.{secrets.token_hex(4)}.set"
    with atomic_path(journal) as tmp:  # not write_bytes: its tidying would wait for our own lock
        tmp.write_bytes(json.dumps([stage.name for stage, _ in pairs]).encode("utf-8"))
    return journal


def _roll_forward(folder: Path) -> _Pending:
    """Finish moving the sets whose writers were killed after writing their journal."""
    pending = _Pending()
    for entry in os.scandir(folder):
        match = _JOURNAL.match(entry.name)
        if match is None or is_alive(int(match["pid"]), int(match["start"])):
            continue
        moves = _journal_moves(Path(entry.path), f"{match['pid']}-{match['start']}")
        try:
            for stage, target in moves:
                if os.path.lexists(folder / stage):
                    os.replace(folder / stage, folder / target)
            _fsync_dir(folder)
            os.unlink(entry.path)
            pending.done.append(entry.name)
        except OSError:
            pending.kept.update(stage for stage, _ in moves)  # the next writer tries again
    return pending


def _journal_moves(journal: Path, tag: str) -> list[tuple[str, str]]:
    """(staged name, target name) for each file a journal lists; only that writer's temporary
    files in the journal's own folder are taken, whatever else the file holds."""
    try:
        with open(journal, "rb") as stream:
            names = json.loads(stream.read(_JOURNAL_LIMIT))
    except (OSError, ValueError):
        return []  # written atomically, so never half there: not one of ours
    moves = []
    for name in names if isinstance(names, list) else ():
        if not isinstance(name, str) or "/" in name or "\\" in name:
            continue
        match = _TEMP.match(name)
        if match is not None and f"{match['pid']}-{match['start']}" == tag:
            moves.append((name, match["name"]))
    return moves


def _remove_dead_temps(folder: Path, *, keep: set[str]) -> int:
    removed = 0
    for entry in os.scandir(folder):
        match = _TEMP.match(entry.name)
        if match is None or entry.name in keep or is_alive(int(match["pid"]), int(match["start"])):
            continue
        with contextlib.suppress(FileNotFoundError):
            os.unlink(entry.path)
            removed += 1
    return removed


@contextlib.contextmanager
def _folder_lock(folder: Path) -> Iterator[None]:
    """Hold an exclusive lock on `folder` (POSIX), so that two writers move their sets in turn.

    Where locks are not available (Windows, some network drives) the work goes on unlocked:
    each file is still replaced atomically.
    """
    try:
        import fcntl
    except ImportError:
        yield
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        yield
        return
    try:
        with contextlib.suppress(OSError):
            fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # releases the lock


def _replace(tmp: Path, target: Path) -> None:
    try:
        os.replace(tmp, target)
    except OSError as exc:
        raise ExportError(
            f"{target}: cannot replace the file (is it open in another program?): "
            f"{exc.strerror or exc}"
        ) from exc


def _folder_of(target: Path) -> Path:
    return target.parent if str(target.parent) else Path(".")


def _match_mode(tmp: Path, target: Path) -> None:
    # mkstemp creates 0600 files; give the result the mode a normal write would have:
    # the old file's mode when replacing one, else 0666 less the umask.
    try:
        mode = target.stat().st_mode & 0o777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    with contextlib.suppress(OSError):
        os.chmod(tmp, mode)


def _fsync(path: Path) -> None:
    with open(path, "rb+") as handle:
        os.fsync(handle.fileno())


def _fsync_dir(folder: Path) -> None:
    # Makes the rename itself durable; not possible on every platform (Windows).
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
