"""Word exporter benchmark: time DocxExporter alone on synthetic documents of growing size.

Run with `.venv/bin/python -m bench.bench_docx [--items 250 1000 4000] [--runs 3]`; prints
the median time and the cost per item for each size (flat cost per item = no quadratic step).
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from briefing.docmodel import (
    Block,
    BriefingDocument,
    BulletList,
    Cover,
    CoverField,
    FactTable,
    Heading,
    Paragraph,
    Properties,
    QuoteBlock,
    SourceEntry,
    SourceList,
    Span,
)
from briefing.exporters import ExportOptions

_TEXT = ("The partnership advances cooperation on 5G security, semiconductors and research "
         "with regular ministerial meetings and a joint work plan agreed by both sides. ")


def _item_blocks(n: int) -> list[Block]:
    """Blocks like those the builder makes for one item (alternating kinds)."""
    anchor = f"item-{n}"
    refs = (Span("Source: "), Span(f"[{n + 1}]", href=f"#src-{n + 1}"))
    blocks: list[Block] = [Heading(f"Item {n}: digital partnership", 2, anchor)]
    if n % 3 == 0:
        blocks.append(FactTable((
            ("Partners", "EU; Korea"), ("Established", "28 November 2022"),
            ("Level", "Ministerial council"), ("Status", "Active"))))
    blocks.append(Paragraph((Span(_TEXT * 2),)))
    if n % 3 == 1:
        lines = tuple((Span(f"Line {k}: " + _TEXT),) for k in range(3))
        blocks += [Heading("Lines to take", 3, f"lines-{n}", in_contents=False),
                   BulletList(lines, role="lines"),
                   BulletList(((Span("If pressed: " + _TEXT),),), role="defensive")]
    else:
        blocks += [Heading("Key facts", 3, f"facts-{n}", in_contents=False),
                   BulletList(tuple((Span(f"Fact {k}: EUR {k} million"),) for k in range(3)))]
    if n % 3 == 2:
        blocks.append(QuoteBlock(_TEXT, "Minister, Ministry of Science and ICT, 26 March 2024"))
    blocks.append(Paragraph(refs, role="meta"))
    return blocks


def synthetic_document(items: int) -> BriefingDocument:
    """A brief of `items` items in sections of 25, with a cover, contents and sources annex."""
    blocks: list[Block] = []
    for n in range(items):
        if n % 25 == 0:
            blocks += [Heading(f"Section {n // 25 + 1}", 1, f"sec-{n // 25 + 1}"),
                       Paragraph((Span("Why these items matter."),), role="intro")]
        blocks += _item_blocks(n)
    entries = tuple(
        SourceEntry(n, f"src-{n}", (
            Span(f"Policy paper {n}", href=f"https://example.org/p/{n}"),
            Span(". European Commission, 2024.")))
        for n in range(1, items + 1)
    )
    blocks += [Heading("Sources", 1, "sources"), SourceList(entries)]
    return BriefingDocument(
        properties=Properties(title="Benchmark brief", author="Bench"),
        marking="OFFICIAL",
        cover=Cover("Benchmark brief", "Synthetic", (CoverField("Date", "26 March 2024"),),
                    ("Agree the work plan",)),
        contents=True, blocks=tuple(blocks),
    )


def time_export(document: BriefingDocument, runs: int) -> tuple[float, float]:
    """Median wall-clock and CPU seconds to export `document` to .docx over `runs` runs.

    CPU time is reported too because on a shared machine wall time mostly measures the load.
    """
    from briefing.exporters.docx import DocxExporter

    exporter = DocxExporter()
    wall, cpu = [], []
    with tempfile.TemporaryDirectory() as folder:
        for _ in range(runs):
            start, start_cpu = time.perf_counter(), time.process_time()
            exporter.export(document, Path(folder) / "bench.docx", ExportOptions())
            wall.append(time.perf_counter() - start)
            cpu.append(time.process_time() - start_cpu)
    return statistics.median(wall), statistics.median(cpu)


def main(argv: list[str] | None = None) -> None:
    """Print median time and per-item cost for each size."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, nargs="+", default=[100, 250, 1000, 4000])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    time_export(synthetic_document(10), 1)  # warm-up: imports, template parsing
    print(f"{'items':>6} {'blocks':>7} {'wall s':>8} {'ms/item':>8} {'cpu s':>8}"
          f" {'cpu ms/item':>12}")
    for items in args.items:
        document = synthetic_document(items)
        wall, cpu = time_export(document, args.runs)
        print(f"{items:>6} {len(document.blocks):>7} {wall:>8.3f} {wall * 1000 / items:>8.2f}"
              f" {cpu:>8.3f} {cpu * 1000 / items:>12.2f}")


if __name__ == "__main__":
    main()
