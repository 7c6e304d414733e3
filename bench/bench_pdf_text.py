"""Long text in the PDF: the layout's cost grows in proportion to the text (issue 9, finding 4).

Run with `.venv/bin/python -m bench.bench_pdf_text [--runs 3]`. A 20-item pack gets one long
field: an item's note or a priority's summary of 10,000, 30,000 and 100,000 characters of
words; the same sizes as line breaks only and as one word without spaces; and the pack's
title made of line breaks or of one word (1,000 characters, the validation limit, and
100,000, which the PDF exporter must lay out in time in any case). Each case: the median
CPU and wall seconds of `prepare_document` + the PDF export after one warm-up run, the PDF's
pages and size. Results go to bench/results/pdf_text.json; the target is ≤ 3 s for 100,000
characters, and about ten times the time for ten times the text.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import tempfile
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

from pypdf import PdfReader

from bench.synthetic import library, pack_for
from briefing.build import prepare_document
from briefing.exporters.pdf import PdfExporter
from briefing.models import LibraryContent, Pack

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results" / "pdf_text.json"
SIZES = (10_000, 30_000, 100_000)
TARGET_S = 3.0
WORDS = ("digital", "partnership", "council", "semiconductors", "research", "한국", "협력",
         "Ψηφιακή", "cooperation", "(2024)", "standards,", "agreement.")


def words(count: int, seed: int = 5) -> str:
    """`count` characters of words, a line break now and then."""
    rng = random.Random(seed)
    out, size = [], 0
    while size < count:
        word = rng.choice(WORDS) + ("\n" if rng.random() < 0.01 else " ")
        out.append(word)
        size += len(word)
    return "".join(out)[:count]


TEXTS = {"words": words, "line breaks": lambda n: "a\n" * (n // 2), "no spaces": lambda n: "x" * n}


def with_note(pack: Pack, text: str) -> Pack:
    section = pack.sections[0]
    first = replace(section.items[0], note=text)
    return replace(pack, sections=(replace(section, items=(first, *section.items[1:])),
                                   *pack.sections[1:]))


def with_summary(content: LibraryContent, text: str) -> LibraryContent:
    first = replace(content.priorities[0], summary=text)
    return replace(content, priorities=(first, *content.priorities[1:]))


def cases() -> list[tuple[str, int, Pack, LibraryContent]]:
    """(name, characters, pack, library) of every case."""
    content = library(20)
    pack = pack_for(content)
    out = []
    for kind, make in TEXTS.items():
        for n in SIZES:
            out.append((f"note, {kind}", n, with_note(pack, make(n)), content))
            out.append((f"summary, {kind}", n, pack, with_summary(content, make(n))))
    for kind in ("line breaks", "no spaces"):
        for n in (1_000, 100_000):
            out.append((f"title, {kind}", n, replace(pack, title=TEXTS[kind](n)), content))
    return out


def measure(folder: Path, runs: int) -> list[dict[str, Any]]:
    """Every case, timed."""
    results = []
    for name, size, pack, content in cases():
        walls, cpus = [], []
        for run in range(runs + 1):
            wall, cpu = time.perf_counter(), time.process_time()
            document = prepare_document(pack, library=content)
            PdfExporter().export(document, folder / "long.pdf")
            if run:
                walls.append(time.perf_counter() - wall)
                cpus.append(time.process_time() - cpu)
        pages = len(PdfReader(folder / "long.pdf").pages)
        results.append({"case": name, "characters": size, "s": statistics.median(walls),
                        "cpu_s": statistics.median(cpus), "pages": pages,
                        "mb": (folder / "long.pdf").stat().st_size / 1e6})
        row = results[-1]
        print(f"{name:24} {size:>8,} {row['s']:7.3f} s {row['cpu_s']:7.3f} s cpu "
              f"{pages:5} pages {row['mb']:6.2f} MB", flush=True)
    return results


def main() -> None:
    """Run every case, print the table and the growth from 10,000 to 100,000 characters."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        results = measure(Path(tmp), args.runs)
    growth = {}
    for row in results:
        if row["characters"] == 100_000 and not row["case"].startswith("title"):
            small = next(r for r in results if r["case"] == row["case"] and r["characters"] == 10_000)
            growth[row["case"]] = row["cpu_s"] / small["cpu_s"]
    worst = max(r["s"] for r in results if r["characters"] == 100_000)
    print(f"\nslowest 100,000-character case: {worst:.2f} s (target {TARGET_S} s)")
    for case, ratio in growth.items():
        print(f"cpu 100,000 / 10,000 characters, {case:22} {ratio:5.1f}")
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps({"cases": results, "growth_10k_to_100k": growth,
                                   "slowest_100k_s": worst, "target_s": TARGET_S}, indent=2) + "\n")


if __name__ == "__main__":
    main()
