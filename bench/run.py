"""Run every benchmark in turn (`make bench`); each writes its results under bench/results/."""

from __future__ import annotations

import subprocess
import sys

BENCHMARKS = ("bench.bench_library", "bench.bench_export", "bench.bench_pdf_text", "bench.bench_docx",
              "bench.bench_ui")


def main() -> int:
    """Run the benchmarks one after another in fresh interpreters; stop at the first failure."""
    for module in BENCHMARKS:
        print(f"== {module}", flush=True)
        code = subprocess.call([sys.executable, "-m", module])
        if code:
            return code
    return 0


if __name__ == "__main__":
    sys.exit(main())
