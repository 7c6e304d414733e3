"""Export benchmark: a whole pack in all three formats, in-process and in a fresh process.

Run with `.venv/bin/python -m bench.bench_export [--runs 3] [--no-libreoffice]`. Reports
medians (wall clock and CPU) over several runs, stage by stage (document, then each format),
the cost per item from 250 to 4,000 items (flat = no quadratic step), peak memory of a fresh
process at 1,000 items, and the ratio against writing the .docx and converting it to PDF
with LibreOffice. Results go to bench/results/export.json; targets are this round's budget
(issue 8), the LibreOffice ratio is from issue 3.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

from bench.synthetic import library, pack_for
from briefing.build import FORMATS, export_document, plan_outputs, prepare_document
from briefing.library.store import LibraryStore
from briefing.packs import read_pack, write_pack

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results" / "export.json"
SIZES = (100, 250, 1000, 4000)
# The child prints its own peak RSS in KiB after building. On Linux that is VmHWM: ru_maxrss
# would also count the pages of this (large) benchmark process the child was forked from.
_CHILD = (
    "import resource, sys; sys.argv[0] = 'main.py'; import main; code = main.main(sys.argv[1:]); "
    "hwm = [l.split()[1] for l in open('/proc/self/status') if l.startswith('VmHWM:')] "
    "if sys.platform == 'linux' else []; "
    "print(hwm[0] if hwm else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr); "
    "sys.exit(code)"
)
TARGETS = {"100_in_process_s": 0.45, "100_fresh_process_s": 0.9, "1000_in_process_s": 3.2,
           "1000_fresh_peak_mb": 150.0, "libreoffice_ratio": 3.0, "per_item_growth": 1.3}


def make_case(folder: Path, n_items: int) -> tuple[Path, Path]:
    """A library file holding `n_items` synthetic items and a pack that uses them all."""
    content = library(n_items)
    db = folder / f"lib-{n_items}.sqlite"
    with LibraryStore(db) as store, store.transaction():
        store.add_many(content.items())
    pack = folder / f"pack-{n_items}.briefpack"
    write_pack(pack_for(content), pack)
    return db, pack


def _clocked(action: Callable[[], object]) -> tuple[float, float]:
    wall, cpu = time.perf_counter(), time.process_time()
    action()
    return time.perf_counter() - wall, time.process_time() - cpu


def staged_build(store: LibraryStore, pack_path: Path, out: Path,
                 formats: str) -> dict[str, tuple[float, float]]:
    """The work of one `build_pack`, timed stage by stage: (wall, CPU) seconds per stage."""
    stages: dict[str, tuple[float, float]] = {}
    found: dict[str, Any] = {}

    def document() -> None:
        pack = read_pack(pack_path)
        found["targets"] = plan_outputs(pack_path, formats, out)
        found["document"] = prepare_document(pack, library=store, origin=str(pack_path))

    stages["document"] = _clocked(document)
    for format_id, path in found["targets"]:
        stages[format_id] = _clocked(partial(export_document, found["document"], [(format_id, path)]))
    return stages


def in_process(db: Path, pack: Path, out: Path, runs: int, formats: str = "all") -> dict[str, Any]:
    """Medians of wall and CPU seconds, in total and per stage, after one warm-up run."""
    samples: list[dict[str, tuple[float, float]]] = []
    with LibraryStore(db) as store:
        for run in range(runs + 1):
            stages = staged_build(store, pack, out, formats)
            if run:
                samples.append(stages)
    totals = [tuple(map(sum, zip(*stages.values()))) for stages in samples]
    return {
        "s": statistics.median(t[0] for t in totals),
        "cpu_s": statistics.median(t[1] for t in totals),
        "stages": {name: {"s": statistics.median(s[name][0] for s in samples),
                          "cpu_s": statistics.median(s[name][1] for s in samples)}
                   for name in samples[0]},
        "runs": runs,
    }


def child_env(pycache: Path | None) -> dict[str, str]:
    """The child's environment: with `pycache`, bytecode is cached as an installed app has it.

    Bytecode goes beside the sources (`__pycache__`), where pip already compiled the
    libraries at install time: a PYTHONPYCACHEPREFIX would hide those and make every
    library recompile. Without `pycache`, nothing is cached and every module compiles.
    """
    env = dict(os.environ)
    env.pop("PYTHONPYCACHEPREFIX", None)
    if pycache is not None:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
    else:  # no bytecode anywhere: the worst case, every module compiled on this start
        env["PYTHONDONTWRITEBYTECODE"] = "1"
        env["PYTHONPYCACHEPREFIX"] = tempfile.mkdtemp(prefix="no-pyc-")
    return env


def fresh_process(db: Path, pack: Path, out: Path, runs: int, *, pycache: Path | None,
                  formats: str = "all", warm_up: bool = False) -> dict[str, float]:
    """Median wall and CPU seconds and peak MB for `main.py build` in a new interpreter."""
    command = [sys.executable, "-c", _CHILD, "build", str(pack), "--out", str(out),
               "--library", str(db), "--format", formats]
    env = child_env(pycache)
    if warm_up:  # a first run writes the bytecode cache (and warms the file cache): not counted
        subprocess.run(command, cwd=ROOT, env=env, capture_output=True, check=True)
    walls, cpus, peaks = [], [], []
    for _ in range(runs):
        before = os.times()
        start = time.perf_counter()
        done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, check=True)
        walls.append(time.perf_counter() - start)
        after = os.times()
        cpus.append((after.children_user + after.children_system)
                    - (before.children_user + before.children_system))
        peaks.append(int(done.stderr.strip().splitlines()[-1]) / 1024)
    return {"s": statistics.median(walls), "cpu_s": statistics.median(cpus), "peak_mb": max(peaks)}


def libreoffice_route(db: Path, pack: Path, out: Path, runs: int) -> float | None:
    """Median seconds to write the .docx and convert it to PDF with LibreOffice."""
    soffice = shutil.which("soffice")
    if soffice is None:
        return None
    times = []
    profile = Path(tempfile.mkdtemp())
    with LibraryStore(db) as store:
        for run in range(runs + 1):
            start = time.perf_counter()
            staged_build(store, pack, out, "docx")
            subprocess.run([soffice, f"-env:UserInstallation=file://{profile}", "--headless",
                            "--convert-to", "pdf", "--outdir", str(out / "lo"),
                            str(out / f"{pack.stem}.docx")],
                           capture_output=True, check=True, timeout=300)
            if run:  # the first run starts LibreOffice cold: not counted, as for ours
                times.append(time.perf_counter() - start)
    shutil.rmtree(profile, ignore_errors=True)
    return statistics.median(times)


def measure(folder: Path, runs: int, with_libreoffice: bool) -> dict[str, Any]:
    """Every measurement, as the results file holds them."""
    cases = {n: make_case(folder, n) for n in SIZES}
    out = folder / "out"
    out.mkdir()
    pycache = folder / "pycache"
    results: dict[str, Any] = {"machine": machine(), "runs": runs}
    sizes: dict[str, Any] = {}
    for n in SIZES:
        sizes[str(n)] = in_process(*cases[n], out, max(1, runs // 2) if n == 4000 else runs)
    results["in_process"] = sizes
    results["100_fresh"] = fresh_process(*cases[100], out, runs, pycache=pycache, warm_up=True)
    results["100_fresh_uncached"] = fresh_process(*cases[100], out, runs, pycache=None)
    results["1000_fresh"] = fresh_process(*cases[1000], out, 1, pycache=pycache)
    # One format per process: what each exporter costs, and its own peak memory, by size.
    results["fresh_by_format"] = {str(n): {fmt: fresh_process(*cases[n], out, 1, pycache=pycache, formats=fmt)
                                           for fmt in FORMATS} for n in SIZES[1:]}
    results["100_pdf_only"] = in_process(*cases[100], out, runs, formats="pdf")
    if with_libreoffice:
        results["100_docx_plus_libreoffice_s"] = libreoffice_route(*cases[100], out, max(3, runs))
    results["machine"]["load_average_at_end"] = _load()
    results["summary"] = summary(results)
    return results


def summary(results: dict[str, Any]) -> dict[str, Any]:
    """The numbers the targets are about, with the cost per item at every size."""
    sizes = results["in_process"]
    per_item = {n: sizes[n]["s"] / int(n) * 1000 for n in sizes if int(n) >= 250}
    per_item_cpu = {n: sizes[n]["cpu_s"] / int(n) * 1000 for n in sizes if int(n) >= 250}
    lo = results.get("100_docx_plus_libreoffice_s")
    return {
        "100_in_process_s": sizes["100"]["s"],
        "100_fresh_process_s": results["100_fresh"]["s"],
        "1000_in_process_s": sizes["1000"]["s"],
        "1000_fresh_peak_mb": results["1000_fresh"]["peak_mb"],
        "ms_per_item": per_item,
        "cpu_ms_per_item": per_item_cpu,
        # Growth of the CPU cost per item from 250 items to the largest size (1.0 = flat).
        "per_item_growth": max(per_item_cpu.values()) / per_item_cpu["250"],
        "stage_cpu_ms_per_item": {stage: {n: sizes[n]["stages"][stage]["cpu_s"] / int(n) * 1000
                                          for n in per_item} for stage in sizes["250"]["stages"]},
        "100_pdf_only_s": results["100_pdf_only"]["s"],
        "100_docx_plus_libreoffice_s": lo,
        "libreoffice_ratio": lo / results["100_pdf_only"]["s"] if lo else None,
    }


def machine() -> dict[str, Any]:
    """What the numbers were measured on, and how busy it was."""
    return {"python": platform.python_version(), "platform": platform.platform(),
            "cpus": os.cpu_count(), "load_average_at_start": _load()}


def _load() -> list[float] | None:
    return [round(x, 2) for x in os.getloadavg()] if hasattr(os, "getloadavg") else None


def report(results: dict[str, Any]) -> None:
    """Print the stage table and the summary against the targets."""
    print(f"{'case':18} {'wall s':>8} {'cpu s':>8}   cpu s per stage")
    for n, row in results["in_process"].items():
        stages = "  ".join(f"{k} {v['cpu_s']:.3f}" for k, v in row["stages"].items())
        print(f"{n + ' items':18} {row['s']:8.3f} {row['cpu_s']:8.3f}   {stages}")
    for key in ("100_fresh", "100_fresh_uncached", "1000_fresh"):
        row = results[key]
        print(f"{key:18} {row['s']:8.3f} {row['cpu_s']:8.3f}   peak {row['peak_mb']:.0f} MB")
    for n, by_format in results["fresh_by_format"].items():
        for fmt, row in by_format.items():
            print(f"{n + '_fresh ' + fmt:18} {row['s']:8.3f} {row['cpu_s']:8.3f}"
                  f"   peak {row['peak_mb']:.0f} MB")
    print()
    for key, value in results["summary"].items():
        if key == "stage_cpu_ms_per_item":
            for stage, by_size in value.items():
                shown = ", ".join(f"{k}: {v:.2f}" for k, v in by_size.items())
                print(f"{'cpu_ms_per_item ' + stage:30} {shown}")
            continue
        shown = (", ".join(f"{k}: {v:.2f}" for k, v in value.items()) if isinstance(value, dict)
                 else f"{value:.3f}" if isinstance(value, float) else str(value))
        target = TARGETS.get(key)
        print(f"{key:30} {shown}" + (f"   (target {target})" if target else ""))


def main() -> None:
    """Run every measurement, print the tables, write bench/results/export.json."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--no-libreoffice", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        results = measure(Path(tmp), args.runs, not args.no_libreoffice)
    report(results)
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2) + "\n")


if __name__ == "__main__":
    main()
