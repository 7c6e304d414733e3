"""Small programs the fault suite runs in child processes: `python -m tests.faults.drivers NAME ...`."""

from __future__ import annotations

import os
import signal
import sys
import time
from dataclasses import replace
from pathlib import Path

from briefing.library import open_library
from briefing.library.store import LibraryStore
from briefing.models import Priority
from briefing.packs import read_pack, write_pack


def save_packs(target: str, first: str, second: str) -> None:
    """Save two packs to `target` in turn, for ever, the way the app saves: write_pack."""
    packs = [read_pack(first), read_pack(second)]
    turn = 0
    while True:
        write_pack(packs[turn], target)
        turn = 1 - turn


def rendezvous(folder: str, name: str, parties: int, timeout: float = 60.0) -> None:
    """A barrier between processes: say `name` is ready, then wait until `parties` are.

    Each party creates `folder/NAME.ready`; all go on once that many files exist. Unlike a
    start time on the wall clock, nobody begins before everyone is there, however slowly
    a process started.
    """
    Path(folder, f"{name}.ready").touch()
    deadline = time.monotonic() + timeout
    while len(list(Path(folder).glob("*.ready"))) < parties:
        if time.monotonic() > deadline:
            raise SystemExit(f"rendezvous: only some of {parties} parties came")
        time.sleep(0.0005)


def add_items(library: str, prefix: str, count: str, meet: str, parties: str) -> None:
    """Once all `parties` have met in folder `meet`, add `count` priorities one at a time.

    Halfway, the parties meet again (in `meet/half`): the scheduler may run one writer to
    the end before another starts, but never past that second meeting, so the writers'
    spans always overlap.
    """
    with LibraryStore(library) as store:
        rendezvous(meet, prefix, int(parties))
        for n in range(int(count)):
            if n == int(count) // 2:
                rendezvous(halfway(meet), prefix, int(parties))
            store.add(Priority(id=f"{prefix}-{n}", title=f"{prefix} {n}", summary="Added concurrently."))
    print("done", flush=True)


def halfway(meet: str) -> str:
    """The folder of the second meeting of `add_items` parties."""
    folder = Path(meet, "half")
    folder.mkdir(exist_ok=True)
    return str(folder)


def hold_lock(library: str, seconds: str) -> None:
    """Take the library's write lock, say so, and keep it for `seconds`."""
    with LibraryStore(library) as store, store.transaction():
        store.add(Priority(id="held-lock", title="Held the lock", summary="A long write."))
        print("locked", flush=True)
        time.sleep(float(seconds))


def edit_summary(library: str, item_id: str, summary: str) -> None:
    """Change one priority's summary, as another app window would."""
    with LibraryStore(library) as store:
        stored = store.get("priority", item_id)
        assert isinstance(stored, Priority)
        store.update(replace(stored, summary=summary))
    print("edited", flush=True)


def add_then_die(library: str) -> None:
    """Commit a write that stays in the WAL, then die without closing (as a crash does)."""
    store = LibraryStore(library)
    store._conn.execute("PRAGMA wal_autocheckpoint = 0")  # keep the write in the WAL
    store.add(Priority(id="in-the-wal", title="In the WAL", summary="Never checkpointed."))
    os.kill(os.getpid(), signal.SIGKILL)


def first_start(library: str, item_id: str, meet: str, parties: str) -> None:
    """Once all `parties` have met in `meet`, open a library that does not exist yet and add one
    item; prints when opening began and ended (CLOCK_MONOTONIC, shared by the processes)."""
    rendezvous(meet, item_id, int(parties))
    began = time.monotonic()
    with open_library(library) as store:
        opened = time.monotonic()
        store.add(Priority(id=item_id, title=item_id, summary="Added on the first start."))
    print(f"opened {began} {opened}", flush=True)


def import_with_progress(library: str, source: str) -> None:
    """Import `source` the way the app does, reporting progress; print what was seen as JSON."""
    from briefing.library.importer import import_file

    seen: list[tuple[int, int]] = []
    with LibraryStore(library) as store:
        report = import_file(store, source, progress=lambda done, total: seen.append((done, total)))
    _report(seen, added=len(report.added))


def build_with_progress(pack: str, library: str, out: str) -> None:
    """Build `pack` in every format, reporting progress; print what was seen as JSON."""
    from briefing.build import build_pack

    seen: list[tuple[int, int]] = []
    with LibraryStore(library) as store:
        result = build_pack(pack, formats="all", out=out, library=store,
                            progress=lambda done, total: seen.append((done, total)))
    _report(seen, written=len(result.paths))


def build_and_die(point: str, *command: str) -> None:
    """Run the command line `command` (a build) and SIGKILL this process at `point` of moving
    its files into place: "journal" (while the set's journal is being written), "renamed-N"
    (after N files reached their names) or "before-journal-removal".

    Fault injection at an exact moment: the real renames run, only the kill is added.
    """
    from pathlib import Path

    from briefing.cli import main as cli_main

    real_replace, real_unlink = os.replace, os.unlink
    renamed = [0]

    def die() -> None:
        os.kill(os.getpid(), signal.SIGKILL)

    def replace(src: str | os.PathLike[str], dst: str | os.PathLike[str]) -> None:
        name = Path(dst).name
        if point == "journal" and name.endswith(".set"):
            die()
        if not name.startswith("."):  # a staged file reaching its own name
            if point == f"renamed-{renamed[0]}":
                die()
            renamed[0] += 1
        real_replace(src, dst)

    def unlink(path: str | os.PathLike[str], *args: object, **kwargs: object) -> None:
        if point == "before-journal-removal" and str(path).endswith(".set"):
            die()
        real_unlink(path, *args, **kwargs)  # type: ignore[arg-type]

    os.replace, os.unlink = replace, unlink  # type: ignore[assignment]
    cli_main(list(command))
    print("finished without reaching the kill point", flush=True)


def limited_write(limit: str, *command: str) -> None:
    """Run the command line `command` with no file allowed to grow past `limit` bytes: every
    write beyond it fails as on a full disk (EFBIG instead of ENOSPC), wherever it happens."""
    import resource

    from briefing.cli import main as cli_main

    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a failed write, not a killed process
    _soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    resource.setrlimit(resource.RLIMIT_FSIZE, (int(limit), hard))
    sys.exit(cli_main(list(command)))


def _report(seen: list[tuple[int, int]], **extra: int) -> None:
    import json

    done = [d for d, _t in seen]
    print(json.dumps({"calls": len(seen), "last": seen[-1] if seen else None,
                      "monotonic": done == sorted(done),
                      "peak_mb": _peak_mb(), **extra}))


def _peak_mb() -> float:
    """This process's own peak RSS in MB.

    Linux carries ru_maxrss across exec, so a child spawned from a large pytest process
    would report the parent's size; VmHWM belongs to this process's memory alone.
    """
    import resource

    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main(argv: list[str]) -> None:
    """Dispatch to the driver named first."""
    drivers = {"save-packs": save_packs, "add-items": add_items, "hold-lock": hold_lock,
               "edit-summary": edit_summary, "add-then-die": add_then_die, "first-start": first_start,
               "import-with-progress": import_with_progress, "build-with-progress": build_with_progress,
               "build-and-die": build_and_die, "limited-write": limited_write}
    drivers[argv[0]](*argv[1:])


if __name__ == "__main__":
    main(sys.argv[1:])
