"""Export benchmark: a whole pack in all three formats, in-process and in a fresh process.

Run with `.venv/bin/python -m bench.bench_export [--runs 5] [--no-libreoffice]`. Reports
medians over several runs, the cost per item from 250 to 4,000 items (flat = no quadratic
step), peak memory of a fresh process at 1,000 items, and the ratio against writing the
.docx and converting it to PDF with LibreOffice. Results go to bench/results/export.json.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.synthetic import library, pack_for
from briefing.build import build_pack
from briefing.library.store import LibraryStore
from briefing.packs import write_pack

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results" / "export.json"
# The child prints its own peak RSS (KiB on Linux) after building, so memory is per process.
_CHILD = (
    "import resource, sys; sys.argv[0] = 'main.py'; import main; code = main.main(sys.argv[1:]); "
    "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr); sys.exit(code)"
)


def make_case(folder: Path, n_items: int) -> tuple[Path, Path]:
    """A library file holding `n_items` synthetic items and a pack that uses them all."""
    content = library(n_items)
    db = folder / f"lib-{n_items}.sqlite"
    with LibraryStore(db) as store, store.transaction():
        store.add_many(content.items())
    pack = folder / f"pack-{n_items}.briefpack"
    write_pack(pack_for(content), pack)
    return db, pack


def in_process(db: Path, pack: Path, out: Path, runs: int, formats: str = "all") -> float:
    """Median seconds for build_pack in this process (after one warm-up run)."""
    times = []
    with LibraryStore(db) as store:
        for run in range(runs + 1):
            start = time.perf_counter()
            build_pack(pack, formats=formats, out=out, library=store)
            if run:
                times.append(time.perf_counter() - start)
    return statistics.median(times)


def fresh_process(db: Path, pack: Path, out: Path, runs: int) -> tuple[float, float]:
    """Median seconds and peak MB for `main.py build` in a new interpreter."""
    times, peaks = [], []
    for _ in range(runs):
        start = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-c", _CHILD, "build", str(pack), "--out", str(out), "--library", str(db)],
            cwd=ROOT, capture_output=True, text=True, check=True,
        )
        times.append(time.perf_counter() - start)
        peaks.append(int(done.stderr.strip().splitlines()[-1]) / 1024)
    return statistics.median(times), max(peaks)


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
            docx = build_pack(pack, formats="docx", out=out, library=store).paths[0]
            subprocess.run([soffice, f"-env:UserInstallation=file://{profile}", "--headless",
                            "--convert-to", "pdf", "--outdir", str(out / "lo"), str(docx)],
                           capture_output=True, check=True, timeout=300)
            if run:  # the first run starts LibreOffice cold: not counted, as for ours
                times.append(time.perf_counter() - start)
    shutil.rmtree(profile, ignore_errors=True)
    return statistics.median(times)


def main() -> None:
    """Run every measurement and print a table."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--no-libreoffice", action="store_true")
    args = parser.parse_args()
    results: dict[str, object] = {}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        cases = {n: make_case(folder, n) for n in (100, 250, 1000, 4000)}
        out = folder / "out"
        out.mkdir()
        db, pack = cases[100]
        results["100_in_process_s"] = in_process(db, pack, out, args.runs)
        results["100_fresh_process_s"], _ = fresh_process(db, pack, out, args.runs)
        per_item = {}
        for n in (250, 1000, 4000):
            db, pack = cases[n]
            seconds = in_process(db, pack, out, max(1, args.runs // 2 if n == 4000 else args.runs))
            results[f"{n}_in_process_s"] = seconds
            per_item[n] = seconds / n * 1000
        results["ms_per_item"] = per_item
        results["1000_fresh_peak_mb"] = fresh_process(*cases[1000], out, 1)[1]
        db, pack = cases[100]
        results["100_pdf_only_s"] = in_process(db, pack, out, args.runs, formats="pdf")
        if not args.no_libreoffice:
            lo = libreoffice_route(db, pack, out, max(3, args.runs // 2))
            results["100_docx_plus_libreoffice_s"] = lo
            if lo:
                results["libreoffice_ratio"] = lo / results["100_pdf_only_s"]
    report(results)
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2) + "\n")


def report(results: dict[str, object]) -> None:
    """Print the results as a small table."""
    for key, value in results.items():
        if isinstance(value, dict):
            shown = ", ".join(f"{k}: {v:.2f}" for k, v in value.items())
        elif isinstance(value, float):
            shown = f"{value:.3f}"
        else:
            shown = str(value)
        print(f"{key:32} {shown}")


if __name__ == "__main__":
    main()
