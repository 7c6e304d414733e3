"""The item lookup: a pack's items in a few batched queries, links followed either way, embedded items win."""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import pytest

from briefing.document import build_document
from briefing.library.store import LibraryStore
from briefing.lookup import ItemLookup, lookup_for
from briefing.models import KINDS, Item, ItemRef, LibraryContent, Pack, Partnership, Priority, Quote, Section
from briefing.templates import load_template
from tests.core import pack_content


class CountingSource:
    """A store that counts what it is asked, to show how a build reads the library."""

    def __init__(self, store: LibraryStore) -> None:
        self.store = store
        self.calls: Counter[str] = Counter()

    def get(self, kind: str, id: str) -> Item | None:
        self.calls["get"] += 1
        return self.store.get(kind, id)

    def items(self, kind: str) -> Sequence[Item]:
        self.calls["items"] += 1
        return self.store.items(kind)

    def get_many(self, keys: Iterable[tuple[str, str]]) -> dict[tuple[str, str], Item]:
        self.calls["get_many"] += 1
        return self.store.get_many(keys)

    def links_to(self, keys: Iterable[tuple[str, str]]) -> dict[tuple[str, str], Any]:
        self.calls["links_to"] += 1
        return self.store.links_to(keys)


def _library(n: int) -> LibraryContent:
    """`n` partnerships, priorities and quotes, linked in a ring (and one unlinked quote)."""
    partnerships = tuple(Partnership(id=f"p{i}", name=f"P {i}", summary="S.", priorities=(f"r{i}",))
                         for i in range(n))
    priorities = tuple(Priority(id=f"r{i}", title=f"R {i}", summary="S.", partnerships=(f"p{(i + 1) % n}",))
                       for i in range(n))
    quotes = tuple(Quote(id=f"q{i}", text="T.", speaker=f"S {i}", date=f"20{10 + i % 10}",
                         partnerships=(f"p{i}",), priorities=(f"r{(i + 2) % n}",)) for i in range(n))
    return LibraryContent(partnerships=partnerships, priorities=priorities,
                          quotes=(*quotes, Quote(id="alone", text="T.", speaker="Nobody")))


def _pack(content: LibraryContent) -> Pack:
    refs = tuple(ItemRef(kind=item.kind, id=item.id) for item in content.items())
    return Pack(title="Brief", sections=(Section(title="All", items=refs),))


@pytest.fixture
def stored(tmp_path: Path) -> LibraryStore:
    store = LibraryStore(tmp_path / "library.sqlite")
    yield store
    store.close()


@pytest.mark.parametrize("size", [3, 40])
def test_a_build_reads_the_library_in_a_few_batches_whatever_its_size(stored: LibraryStore,
                                                                      size: int) -> None:
    content = _library(size)
    stored.add_many(content.items())
    source = CountingSource(stored)
    doc = build_document(_pack(content), source, load_template("partnership-overview"))
    assert sum(1 for block in doc.blocks if getattr(block, "level", 0) == 2) == 3 * size + 1
    assert source.calls["get"] == 0 and source.calls["items"] == 0
    assert source.calls["get_many"] <= 3 and source.calls["links_to"] == 1


def test_a_store_and_the_same_content_give_the_same_links(stored: LibraryStore) -> None:
    content = pack_content.library()
    stored.add_many(content.items())
    from_store, from_content = ItemLookup(stored), ItemLookup(content)
    from_store.prefetch((item.kind, item.id) for item in content.items())
    for item in content.items():
        for kind in KINDS:
            assert ([i.id for i in from_store.linked(item, kind)]
                    == [i.id for i in from_content.linked(item, kind)]), (item.id, kind)
    assert [q.id for q in from_store.linked(content.partnerships[0], "quote")] == ["lee-2024"]


def test_an_embedded_copy_replaces_the_links_of_the_library_item(stored: LibraryStore) -> None:
    content = pack_content.library()
    stored.add_many(content.items())
    lee = next(q for q in content.quotes if q.id == "lee-2024")
    embedded = LibraryContent(quotes=(dataclasses.replace(lee, partnerships=()),))
    pack = pack_content.pack(library=embedded)
    lookup = lookup_for(pack, stored)
    rok = lookup.get("partnership", "rok-eu")
    assert lookup.linked(rok, "quote") == ()  # the library's copy of the quote still names rok-eu
    assert lookup.get("quote", "lee-2024").partnerships == ()
    assert [p.id for p in lookup.linked(rok, "priority")] == ["digital-rights", "semiconductors"]


def test_a_source_with_only_get_and_items_still_follows_links_either_way() -> None:
    content = pack_content.library()

    class Plain:
        def get(self, kind: str, id: str) -> Item | None:
            return content.by_key().get((kind, id))

        def items(self, kind: str) -> Sequence[Item]:
            return [item for item in content.items() if item.kind == kind]

    lookup = ItemLookup(Plain())
    rights = lookup.get("priority", "digital-rights")
    rok = lookup.get("partnership", "rok-eu")
    assert [p.id for p in lookup.linked(rok, "priority")] == ["semiconductors", "digital-rights"]
    assert [p.id for p in lookup.linked(rights, "partnership")] == ["rok-eu"]
    assert lookup.get("quote", "absent") is None
