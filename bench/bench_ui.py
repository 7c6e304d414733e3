"""Desktop app benchmark: start-up, filtering per keystroke, and event-loop stalls during export.

Run with `.venv/bin/python -m bench.bench_ui [--items N] [--pack-items N] [--runs N]`; prints a
table and writes bench/results/ui.json. Targets (issue 4), with a 10,000-item library:
start-up to the first shown window 1 s or less; filtering under 50 ms per keystroke; while a
1,000-item pack exports to all three formats, no event-loop stall longer than 100 ms.
Headless by default (offscreen); with DISPLAY set it uses the real display (e.g. Xvfb).
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results" / "ui.json"
# What an officer types: a word letter by letter, then a second word.
KEYSTROKES = ["s", "se", "sec", "secu", "secur", "securi", "securit", "security", "security ",
              "security c", "security co", "security coo", "security coop", "security coope",
              "security cooperation", "d", "di", "dig", "digi", "digital", "digital p", "digital pa",
              "digital partnership", "", "q", "qu", "qua", "quan", "quantum"]

_PROBE = """
import sys, time
launched = float(sys.argv[1])
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication
app = QApplication(sys.argv[:1])

class FirstExpose(QObject):
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Expose and getattr(watched, "isExposed", lambda: False)():
            print(f"SHOWN {time.time() - launched:.4f}", flush=True)
            app.removeEventFilter(self)
            QTimer.singleShot(50, app.closeAllWindows)
        return False

probe = FirstExpose()
app.installEventFilter(probe)
from ui.app import run
sys.exit(run(["--library", sys.argv[2]]))
"""


def build_library(path: Path, items: int) -> None:
    """A synthetic library of about `items` items (bench.synthetic, deterministic)."""
    from bench.synthetic import library
    from briefing.library.store import LibraryStore

    content = library(items)
    with LibraryStore(path) as store, store.transaction():
        store.add_many(content.items())


def bench_startup(library: Path, state: Path, runs: int) -> dict[str, object]:
    """Seconds from launching `python` to the main window's first expose, through ui.app.run.

    The first launch compiles the sources (reported as `cold_s`); the others find the
    bytecode cached, as every start after the first does on a user's machine. The cache goes
    to a temporary folder, whatever PYTHONDONTWRITEBYTECODE says in this shell.
    """
    env = dict(os.environ, BRIEFING_STATE=str(state), PYTHONPATH=str(ROOT),
               PYTHONPYCACHEPREFIX=str(state / "pycache"))
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    if not env.get("DISPLAY"):
        env["QT_QPA_PLATFORM"] = "offscreen"
    times = [_launch(library, env) for _ in range(runs + 1)]
    cold, warm = times[0], times[1:]
    return {"runs": runs, "cold_s": cold, "median_s": statistics.median(warm), "max_s": max(warm),
            "min_s": min(warm), "platform": "xcb" if env.get("DISPLAY") else "offscreen"}


def _launch(library: Path, env: dict[str, str]) -> float:
    launched = time.time()
    done = subprocess.run([sys.executable, "-c", _PROBE, str(launched), str(library)], env=env,
                          capture_output=True, text=True, timeout=120, cwd=ROOT)
    shown = [line for line in done.stdout.splitlines() if line.startswith("SHOWN ")]
    if not shown:
        raise RuntimeError(f"the window did not show:\n{done.stderr}")
    return float(shown[0].split()[1])


def bench_filter(window, app) -> dict[str, object]:
    """Milliseconds per keystroke: the search, the model reset, the proxy and a repaint."""
    panel = window.library_panel
    times = []
    for text in KEYSTROKES:
        panel.search.blockSignals(True)
        panel.search.setText(text)
        panel.search.blockSignals(False)
        start = time.perf_counter()
        panel.apply_filter()
        panel.view.viewport().repaint()
        times.append((time.perf_counter() - start) * 1000)
        app.processEvents()
    ordered = sorted(times)
    return {"keystrokes": len(times), "median_ms": statistics.median(times),
            "p95_ms": ordered[int(len(ordered) * 0.95) - 1], "max_ms": max(times),
            "worst_query": KEYSTROKES[times.index(max(times))]}


def bench_export_stall(window, app, pack_items: int, out: Path) -> dict[str, object]:
    """The longest gap between 10 ms timer ticks while a `pack_items` pack exports (all formats)."""
    from PySide6.QtCore import QElapsedTimer, QEventLoop, QTimer

    from bench.synthetic import pack_for
    from ui import messages

    store = window.store
    refs = [store.get(kind, f"{kind}-{n}") for kind, n in _spread(pack_items)]
    from briefing.models import LibraryContent

    content = LibraryContent(partnerships=tuple(i for i in refs if i.kind == "partnership"),
                             priorities=tuple(i for i in refs if i.kind == "priority"),
                             quotes=tuple(i for i in refs if i.kind == "quote"))
    window.editor.load(pack_for(content, sections=8), None)
    _settle(app, 0.5)  # the tree lays out the new pack: that is opening it, not exporting it
    messages.confirm = lambda *args, **kwargs: True  # the synthetic items raise no warnings anyway
    targets = _targets(out)  # chosen in the file dialog, before the export starts
    window.exports.choose_targets = lambda format_id: targets
    clock, gaps = QElapsedTimer(), []
    started = time.perf_counter()
    ticker = QTimer(interval=10)
    ticker.timeout.connect(lambda: gaps.append((clock.restart(), time.perf_counter() - started)))
    loop = QEventLoop()
    outcome: list[object] = []
    progress_at: list[float] = []
    window.exports.progressed.connect(lambda done, total: progress_at.append(time.perf_counter() - started))
    window.exports.finished.connect(lambda result: (outcome.append(result), loop.quit()))
    window.exports.failed.connect(lambda exc: (outcome.append(exc), loop.quit()))
    clock.start()
    ticker.start()
    window.exports.export("all")
    loop.exec()
    ticker.stop()
    if not outcome or isinstance(outcome[0], Exception):
        raise RuntimeError(f"export failed: {outcome}")
    longest, at = max(gaps)
    return {"pack_items": pack_items, "export_s": time.perf_counter() - started,
            "longest_stall_ms": longest, "stall_ended_at_s": round(at, 2), "ticks": len(gaps),
            "gaps_over_50_ms": sum(1 for gap, _ in gaps if gap > 50),
            "writing_from_s": round(progress_at[0], 2) if progress_at else None,
            "files": {p.name: p.stat().st_size for p in outcome[0].paths}}


def _settle(app, seconds: float) -> None:
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        app.processEvents()
        time.sleep(0.01)


def _spread(count: int) -> list[tuple[str, int]]:
    # The synthetic library's mix: 1 partnership, 2 priorities, 2 quotes in every five.
    kinds = ["partnership", "priority", "priority", "quote", "quote"]
    seen = {"partnership": 0, "priority": 0, "quote": 0}
    chosen = []
    for n in range(count):
        kind = kinds[n % 5]
        chosen.append((kind, seen[kind]))
        seen[kind] += 1
    return chosen


def _targets(out: Path):
    from briefing.build import plan_outputs

    return plan_outputs(out / "bench.briefpack", "all", out)


def main(argv: list[str] | None = None) -> int:
    """Run the three measurements and write bench/results/ui.json."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=10_000, help="library size (default 10000)")
    parser.add_argument("--pack-items", type=int, default=1_000, help="pack size for the export (default 1000)")
    parser.add_argument("--runs", type=int, default=5, help="start-up runs (default 5)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="bench-ui-") as tmp:
        folder = Path(tmp)
        library, state = folder / "library.sqlite", folder / "state"
        os.environ.update(BRIEFING_STATE=str(state), BRIEFING_LIBRARY=str(library))
        build_library(library, args.items)
        report: dict[str, object] = {"items": args.items, "python": platform.python_version(),
                                     "machine": platform.machine(), "cpus": os.cpu_count(),
                                     "load_average": os.getloadavg()[0]}
        report["startup"] = bench_startup(library, state, args.runs)
        # Like a user's second session: the modules the app imports later are compiled already.
        sys.pycache_prefix, sys.dont_write_bytecode = str(state / "pycache"), False
        for package in ("ui", "briefing"):
            compileall.compile_dir(ROOT / package, quiet=1)
        report.update(_in_process(library, folder, args.pack_items))
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    _print(report)
    return 0


def _in_process(library: Path, folder: Path, pack_items: int) -> dict[str, object]:
    if not os.environ.get("DISPLAY"):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from PySide6.QtCore import QEventLoop
    from PySide6.QtWidgets import QApplication

    from briefing.library.store import LibraryStore
    from ui.main_window import MainWindow

    app = QApplication.instance() or QApplication([])
    store = LibraryStore(library)
    window = MainWindow(store)
    window.show()
    # As in use: the officer works a while before exporting; the app is warmed up by then.
    loop = QEventLoop()
    window.warmedUp.connect(loop.quit)
    loop.exec()
    out = folder / "out"
    out.mkdir()
    try:
        return {"filter": bench_filter(window, app), "export": bench_export_stall(window, app, pack_items, out)}
    finally:
        window.editor.undo_stack.setClean()
        window.close()
        store.close()


def _print(report: dict[str, object]) -> None:
    startup, filtering, export = report["startup"], report["filter"], report["export"]
    print(f"library: {report['items']} items; load average {report['load_average']:.1f} on {report['cpus']} CPUs")
    print(f"start-up to first shown window ({startup['platform']}): median {startup['median_s']:.3f} s, "
          f"max {startup['max_s']:.3f} s  (target <= 1 s); first launch, compiling: {startup['cold_s']:.3f} s")
    print(f"filter per keystroke: median {filtering['median_ms']:.1f} ms, p95 {filtering['p95_ms']:.1f} ms, "
          f"max {filtering['max_ms']:.1f} ms on {filtering['worst_query']!r}  (target < 50 ms)")
    print(f"export of {export['pack_items']} items, all formats: {export['export_s']:.1f} s, longest event-loop "
          f"stall {export['longest_stall_ms']} ms (ending {export['stall_ended_at_s']} s in; writing from "
          f"{export['writing_from_s']} s) over {export['ticks']} ticks, {export['gaps_over_50_ms']} over 50 ms"
          "  (target <= 100 ms)")


if __name__ == "__main__":
    sys.exit(main())
