"""Library benchmark: bulk import of 20,000 items and search over a 100,000-item library.

Run with `.venv/bin/python -m bench.bench_library [--import-items N] [--search-items N]`;
prints a table and writes bench/results/library.json. Targets (issue 2): import of 20,000
items in 10 s or less; search median 5 ms or less for a selective query, 100 ms at worst.
"""

from __future__ import annotations

import argparse
import io
import itertools
import json
import os
import platform
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict
from functools import partial
from pathlib import Path

from briefing import photos
from briefing.library.store import LibraryStore
from briefing.models import Item, LibraryContent, Partnership, Person, Priority, Quote, Source

RESULTS = Path(__file__).resolve().parent / "results" / "library.json"
SEED = 20240326
_SYLLABLES = ("ka", "lo", "mi", "ne", "ru", "sa", "ti", "vo", "ze", "pha", "dri", "kon",
              "tel", "mar", "quis", "ben", "dor", "lex", "gra", "vin")
# Real vocabulary, common enough to make broad queries; mixed into generated text.
_DOMAIN = ["digital", "partnership", "council", "semiconductors", "connectivity", "security", "resilience", "5G", "6G", "research", "innovation", "standards", "interoperability", "cloud", "data", "quantum", "skills", "platforms", "trust", "identity", "cooperation", "supply", "chain", "cables", "investment", "ministerial", "working", "group", "Korea", "Union", "Commission", "ENISA", "toolbox", "Ψηφιακή", "Ευρώπη", "디지털", "파트너십"]


class TextMaker:
    """Deterministic text: Zipf-distributed made-up words plus common domain words."""

    def __init__(self, rng: random.Random, vocabulary: int = 30_000) -> None:
        self.rng = rng
        self.words = sorted({self._word() for _ in range(vocabulary * 2)})[:vocabulary]
        rng.shuffle(self.words)
        self.cumulative = list(itertools.accumulate(1.0 / (rank + 1) for rank in range(len(self.words))))

    def _word(self) -> str:
        return "".join(self.rng.choice(_SYLLABLES) for _ in range(self.rng.randint(2, 4)))

    def sentence(self, n: int) -> str:
        """`n` words, one in four from the domain vocabulary."""
        made = self.rng.choices(self.words, cum_weights=self.cumulative, k=n)
        words = [self.rng.choice(_DOMAIN) if self.rng.random() < 0.25 else w for w in made]
        return " ".join(words).capitalize() + "."


def make_items(count: int, seed: int = SEED) -> list[Item]:
    """`count` items (1/5 partnerships, 2/5 priorities, 3/10 quotes, 1/10 people, one in five
    of them with a photo) with links and sources; quotes name their speaker."""
    rng = random.Random(seed)
    text = TextMaker(rng)
    n_part, n_prio = max(1, count // 5), max(1, count * 2 // 5)
    n_people = count // 10
    first_person = count - n_people
    photo = _photo()
    items: list[Item] = []
    for i in range(count):
        common = dict(tags=(f"tag-{i % 40}", "bench"), marking=("PUBLIC", "OFFICIAL")[i % 2],
                      sources=(Source(title=text.sentence(5), publisher="European Commission",
                                      date=f"{2010 + i % 15}-{1 + i % 12:02d}"),),
                      review_due=f"{2024 + i % 5}-06-30")
        if i < n_part:
            items.append(Partnership(
                id=f"p-{i}", name=text.sentence(4)[:-1], summary=text.sentence(40),
                partners=("EU", f"Country {i % 150}"), level="Ministerial council",
                key_facts=(text.sentence(10), text.sentence(10)),
                priorities=(f"r-{i % n_prio}", f"r-{(i * 7) % n_prio}"), **common))
        elif i < n_part + n_prio:
            items.append(Priority(
                id=f"r-{i - n_part}", title=text.sentence(3)[:-1], summary=text.sentence(30),
                lines_to_take=(text.sentence(12), text.sentence(12)), **common))
        elif i < first_person:
            items.append(Quote(
                id=f"q-{i}", text=text.sentence(30), speaker=f"Speaker {text.sentence(2)[:-1]}",
                speaker_id=f"h-{first_person + i % n_people}" if n_people else None,
                role="Minister", organisation="Ministry", date="2023-05-04",
                partnerships=(f"p-{i % n_part}",), priorities=(f"r-{i % n_prio}",), **common))
        else:
            items.append(Person(
                id=f"h-{i}", name=text.sentence(2)[:-1], role="Minister", organisation="Ministry",
                country=f"Country {i % 150}", biography=text.sentence(60) + "\n\n" + text.sentence(40),
                languages=("English", "Korean"), photo=photo if i % 5 == 0 else None,
                partnerships=(f"p-{i % n_part}",), **common))
    return items


def _photo() -> bytes:
    """A 300 × 400 JPEG, as a passport-style photo might be (about 10 KB)."""
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (300, 400), (120, 140, 160)).save(buffer, format="JPEG", quality=85)
    return buffer.getvalue()


def timed(action: Callable[[], object]) -> float:
    """Seconds `action` takes (wall clock)."""
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def cpu_timed(action: Callable[[], object]) -> tuple[float, float]:
    """(wall, CPU) seconds `action` takes; CPU time shows the cost on a shared, busy machine."""
    start, cpu = time.perf_counter(), time.process_time()
    action()
    return time.perf_counter() - start, time.process_time() - cpu


def bench_import(folder: Path, count: int, runs: int) -> dict[str, object]:
    """Median seconds to add `count` items to a new library with add_many (one transaction)."""
    items = make_items(count)
    times, cpu = [], []
    for run in range(runs):
        with LibraryStore(folder / f"import-{run}.sqlite") as store:
            wall, used = cpu_timed(lambda store=store: store.add_many(items))
            times.append(wall)
            cpu.append(used)
            assert store.count() == count
    return {"items": count, "runs": runs, "median_s": statistics.median(times), "max_s": max(times),
            "median_cpu_s": statistics.median(cpu), "target_s": 10.0}


def bench_end_to_end_import(folder: Path, count: int) -> dict[str, object] | None:
    """Seconds for import_file on an interchange JSON file, when the importer is available."""
    try:
        from briefing.library.importer import import_file
    except ImportError:
        return None
    with LibraryStore(folder / "source.sqlite") as source:
        source.add_many(make_items(count))
        content = source.content()
    path = folder / "library.json"
    path.write_text(json.dumps(_interchange(content), ensure_ascii=False), encoding="utf-8")
    report: dict[str, object] = {"items": count, "target_s": 10.0}
    book = folder / "library.xlsx"
    from briefing.library.xlsxio import write_xlsx

    write_xlsx(content, book)
    for label, source in (("json", path), ("xlsx", book)):
        with LibraryStore(folder / f"imported-{label}.sqlite") as store:
            try:
                seconds, cpu = cpu_timed(lambda store=store, source=source: import_file(store, source))
            except Exception as exc:  # the importer is another module's work: report, don't stop
                return {"items": count, "error": f"{type(exc).__name__}: {exc}"[:300]}
            report[label] = {"imported": store.count(), "seconds": seconds, "cpu_s": cpu}
    report.update(report["json"])  # type: ignore[arg-type]  # the JSON figures stay at the top level, as before
    report["xlsx_target_s"] = 6.0
    return report


def _interchange(content: LibraryContent) -> dict[str, object]:
    """`content` in the interchange JSON format (DESIGN §3)."""
    def as_dict(item: Item) -> dict[str, object]:
        data = asdict(item)
        data.pop("created"), data.pop("updated")
        if data.get("photo") is not None:
            data["photo"] = photos.to_data_uri(data["photo"])
        return {key: list(v) if isinstance(v, tuple) else v for key, v in data.items()}

    return {"format": "briefing-library", "version": 1,
            **{name: [as_dict(i) for i in getattr(content, name)]
               for name in ("partnerships", "priorities", "quotes", "people")}}


def search_queries(store: LibraryStore) -> list[tuple[str, str, dict[str, object]]]:
    """(label, query, filters) for selective, broad, prefix and filtered searches."""
    # Rare words are taken from the generated vocabulary's long tail, so they match a few items.
    rare = TextMaker(random.Random(SEED)).words[20_000:20_300]
    selective = [w for w in rare if 0 < len(store.search(w + " ", limit=100)) < 20][:3]
    # A second word from the label of an item the rare word finds, so the pair matches.
    label = store.search(selective[0] + " ")[0].label
    partner = next(w for w in label.lower().replace(":", " ").split() if w != selective[0])
    return [
        *(("selective", word + " ", {}) for word in selective),
        ("selective, two words", f"{selective[0]} {partner} ", {}),
        ("selective + kind filter", selective[0] + " ", {"kinds": ["quote"]}),
        ("prefix, typing", "semic", {}),
        ("prefix, selective", selective[2][:-1], {}),
        ("prefix, 2 letters", "ka*", {}),
        ("broad", "digital", {}),
        ("broad, two words", "digital partnership", {}),
        ("broad + tag filter", "security", {"tag": "tag-3"}),
        ("greek, unaccented", "ψηφιακη", {}),
        ("korean", "디지털", {}),
        ("no words, stale filter", "", {"stale": True, "kinds": ["priority"]}),
    ]


def bench_search(folder: Path, count: int, repeats: int) -> list[dict[str, object]]:
    """Median and worst milliseconds per query over `repeats` runs on a `count`-item library."""
    path = folder / "search.sqlite"
    with LibraryStore(path) as store:
        store.add_many(make_items(count))
    results = []
    with LibraryStore(path) as store:
        for label, query, filters in search_queries(store):
            times = [timed(partial(store.search, query, limit=50, **filters)) * 1000
                     for _ in range(repeats)]
            matches = len(store.search(query, limit=100_000, **filters))
            results.append({"query": label, "text": query, "filters": filters, "matches": matches,
                            "median_ms": statistics.median(times), "max_ms": max(times)})
        listing = [timed(lambda: store.items("priority")) * 1000 for _ in range(3)]
        results.append({"query": "items('priority'), whole kind", "text": "", "filters": {},
                        "matches": store.count("priority"), "median_ms": statistics.median(listing),
                        "max_ms": max(listing)})
    return results


def print_table(report: dict[str, object]) -> None:
    """The results as a plain table on stdout."""
    imp = report["import"]
    print(f"Python {report['python']}, SQLite {report['sqlite']}, {report['cpus']} CPUs, "
          f"load average {report.get('load_average_at_start')} -> {report.get('load_average_at_end')}")
    print(f"import {imp['items']} items (add_many): median {imp['median_s']:.2f} s "
          f"(CPU {imp['median_cpu_s']:.2f} s), max {imp['max_s']:.2f} s over {imp['runs']} runs "
          f"(target ≤ {imp['target_s']:.0f} s)")
    e2e = report.get("import_file")
    if e2e and "error" in e2e:
        print(f"import_file JSON {e2e['items']} items: failed: {e2e['error']}")
    elif e2e:
        for label in ("json", "xlsx"):
            run = e2e[label]
            print(f"import_file {label.upper()} {e2e['items']} items: {run['seconds']:.2f} s "
                  f"(CPU {run['cpu_s']:.2f} s) ({run['imported']} items in the library)")
    print(f"\nsearch over {report['search_items']} items, {report['repeats']} runs each, limit 50")
    print(f"{'query':34} {'text':22} {'matches':>8} {'median ms':>10} {'max ms':>8}")
    for row in report["search"]:
        print(f"{row['query']:34} {row['text'].strip()[:22]:22} {row['matches']:>8} "
              f"{row['median_ms']:>10.2f} {row['max_ms']:>8.2f}")


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark, print the table, write bench/results/library.json."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--import-items", type=int, default=20_000)
    parser.add_argument("--search-items", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3, help="import runs")
    parser.add_argument("--repeats", type=int, default=30, help="runs of each search query")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="bench-library-") as tmp:
        folder = Path(tmp)
        report: dict[str, object] = {
            "python": sys.version.split()[0], "sqlite": sqlite3.sqlite_version,
            "machine": platform.platform(), "cpus": os.cpu_count(), "seed": SEED,
            "load_average_at_start": os.getloadavg() if hasattr(os, "getloadavg") else None,
            "import": bench_import(folder, args.import_items, args.runs),
            "import_file": bench_end_to_end_import(folder, args.import_items),
            "search_items": args.search_items, "repeats": args.repeats,
            "search": bench_search(folder, args.search_items, args.repeats),
        }
    if hasattr(os, "getloadavg"):
        report["load_average_at_end"] = os.getloadavg()
    print_table(report)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"\nwritten to {RESULTS}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
