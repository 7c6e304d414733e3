"""Deterministic synthetic libraries and packs of any size, for benchmarks and limit tests."""

from __future__ import annotations

import random

from briefing.models import (
    ItemRef,
    LibraryContent,
    Meeting,
    Pack,
    Partnership,
    Priority,
    Quote,
    Section,
    Source,
)

_WORDS = ["digital", "partnership", "council", "semiconductors", "connectivity", "security", "resilience", "5G", "6G", "research", "innovation", "standards", "interoperability", "cloud", "data", "quantum", "skills", "platforms", "trust", "identity", "cooperation", "supply", "chain", "cables", "investment", "ministerial", "working", "group", "roadmap", "agreement", "dialogue", "Korea", "Union", "Commission", "Member", "States", "ENISA", "toolbox"]


def _sentence(rng: random.Random, n: int) -> str:
    words = [rng.choice(_WORDS) for _ in range(n)]
    return " ".join(words).capitalize() + "."


def _source(rng: random.Random, i: int) -> Source:
    return Source(
        title=f"Policy paper {i % 97}", publisher="European Commission",
        url=f"https://example.org/papers/{i % 97}", date=f"20{10 + i % 15}-0{1 + i % 9}",
    )


def library(n_items: int, seed: int = 7) -> LibraryContent:
    """A library of about `n_items` items: 1/5 partnerships, 2/5 priorities, 2/5 quotes."""
    rng = random.Random(seed)
    n_part = max(1, n_items // 5)
    n_prio = max(1, (n_items * 2) // 5)
    n_quote = max(0, n_items - n_part - n_prio)
    partnerships = tuple(
        Partnership(
            id=f"partnership-{i}", name=f"Partnership {i}: " + _sentence(rng, 4)[:-1],
            summary=" ".join(_sentence(rng, 18) for _ in range(3)), partners=("EU", f"Country {i}"),
            established=f"20{10 + i % 15}-0{1 + i % 9}-1{i % 9}", level="Ministerial council",
            status="Active", key_facts=tuple(_sentence(rng, 10) for _ in range(3)),
            priorities=(f"priority-{i % n_prio}",), tags=("bench", f"t{i % 20}"),
            sources=(_source(rng, i),), marking="PUBLIC",
        )
        for i in range(n_part)
    )
    priorities = tuple(
        Priority(
            id=f"priority-{i}", title=f"Priority {i}: " + _sentence(rng, 3)[:-1],
            summary=" ".join(_sentence(rng, 16) for _ in range(2)),
            lines_to_take=tuple(_sentence(rng, 12) for _ in range(3)),
            defensive_lines=(_sentence(rng, 12),), tags=("bench", f"t{i % 20}"),
            sources=(_source(rng, i + 1),), marking="PUBLIC",
        )
        for i in range(n_prio)
    )
    quotes = tuple(
        Quote(
            id=f"quote-{i}", text=" ".join(_sentence(rng, 14) for _ in range(2)),
            speaker=f"Speaker {i}", role="Minister", organisation="Ministry",
            date=f"20{10 + i % 15}-0{1 + i % 9}-2{i % 9}", partnerships=(f"partnership-{i % n_part}",),
            tags=("bench",), sources=(_source(rng, i + 2),), marking="PUBLIC",
        )
        for i in range(n_quote)
    )
    return LibraryContent(partnerships=partnerships, priorities=priorities, quotes=quotes)


def pack_for(content: LibraryContent, sections: int = 5, title: str = "Benchmark brief") -> Pack:
    """A pack using every item of `content`, spread over `sections` sections."""
    refs = [ItemRef(kind=item.kind, id=item.id) for item in content.items()]
    size = max(1, -(-len(refs) // sections))
    chunks = [refs[i:i + size] for i in range(0, len(refs), size)]
    return Pack(
        title=title, meeting=Meeting(name="Benchmark meeting", date="2027-03-15", location="Brussels"),
        objectives=("Measure the exporters",), marking="OFFICIAL", author="Bench",
        sections=tuple(
            Section(title=f"Section {n + 1}", intro=f"Items {n * size + 1} onwards.", items=tuple(chunk))
            for n, chunk in enumerate(chunks)
        ),
    )
