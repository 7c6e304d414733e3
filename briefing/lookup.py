"""Finding the items a build needs: a pack's embedded items first, then the library."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Protocol

from briefing import dates
from briefing.models import KINDS, LINK_FIELDS, Item, LibraryContent, Pack

Key = tuple[str, str]


class ItemSource(Protocol):
    """What a lookup needs from a library: `LibraryStore` and `ContentSource` both fit."""

    def get(self, kind: str, id: str) -> Item | None:
        """The item, or None."""

    def items(self, kind: str) -> Sequence[Item]:
        """Every item of one kind."""


class ContentSource:
    """A LibraryContent (an interchange file, a pack's embedded library) as an ItemSource."""

    def __init__(self, content: LibraryContent) -> None:
        self.content = content
        self._by_key = content.by_key()

    def get(self, kind: str, id: str) -> Item | None:
        """The item, or None."""
        return self._by_key.get((kind, id))

    def items(self, kind: str) -> Sequence[Item]:
        """Every item of one kind, in file order."""
        return [item for item in self.content.items() if item.kind == kind]


def as_source(library: ItemSource | LibraryContent) -> ItemSource:
    """Wrap a LibraryContent; a store (anything with get/items) is used as it is."""
    return ContentSource(library) if isinstance(library, LibraryContent) else library


class ItemLookup:
    """Resolves (kind, id) across sources, the first source that has an item winning.

    Links are followed either way (a partnership naming a priority, or the priority naming
    the partnership), so content holding one side of a link only still shows both.
    """

    def __init__(self, *sources: ItemSource | LibraryContent) -> None:
        self.sources = tuple(as_source(s) for s in sources)
        self._reverse: dict[Key, dict[str, list[str]]] | None = None
        # Every winning item, once links have been followed (saves a query per linked item).
        self._all: dict[Key, Item] | None = None

    def get(self, kind: str, id: str) -> Item | None:
        """The item from the first source that has it, or None."""
        if self._all is not None:
            return self._all.get((kind, id))
        for source in self.sources:
            item = source.get(kind, id)
            if item is not None:
                return item
        return None

    def linked(self, item: Item, kind: str) -> tuple[Item, ...]:
        """Items of `kind` linked to `item` either way: its own links in order, then the others.

        Quotes come newest first.
        """
        own = [target for name, target_kind in LINK_FIELDS[item.kind].items()
               if target_kind == kind for target in getattr(item, name)]
        others = sorted(self._reverse_links().get((item.kind, item.id), {}).get(kind, ()))
        found = [self.get(kind, target_id) for target_id in dict.fromkeys(own + others)]
        result = [target for target in found if target is not None]
        if kind == "quote":
            result.sort(key=lambda q: dates.sort_key(getattr(q, "date", None)), reverse=True)
        return tuple(result)

    def _reverse_links(self) -> dict[Key, dict[str, list[str]]]:
        # Built once, from the winning version of every item of every source.
        if self._reverse is None:
            reverse: dict[Key, dict[str, list[str]]] = {}
            everything: dict[Key, Item] = {}
            for item in self._all_items():
                everything[(item.kind, item.id)] = item
                for name, target_kind in LINK_FIELDS[item.kind].items():
                    for target in getattr(item, name):
                        slot = reverse.setdefault((target_kind, target), {})
                        slot.setdefault(item.kind, []).append(item.id)
            self._reverse, self._all = reverse, everything
        return self._reverse

    def _all_items(self) -> Iterable[Item]:
        seen: set[Key] = set()
        for source in self.sources:
            for kind in KINDS:
                for item in source.items(kind):
                    if (item.kind, item.id) not in seen:
                        seen.add((item.kind, item.id))
                        yield item


def lookup_for(pack: Pack, library: ItemSource | LibraryContent | None) -> ItemLookup:
    """The lookup for building `pack`: its embedded items win over the library's."""
    sources: list[ItemSource | LibraryContent] = []
    if pack.library is not None:
        sources.append(pack.library)
    if library is not None:
        sources.append(library)
    return ItemLookup(*sources)


def items_used(pack: Pack, lookup: ItemLookup | ItemSource | LibraryContent) -> LibraryContent:
    """Every item a build of `pack` can show, for a self-contained save: its own items, and
    what its partnerships and priorities link to (shown by title, or quoted)."""
    if not isinstance(lookup, ItemLookup):
        lookup = ItemLookup(lookup)
    chosen: dict[Key, Item] = {}
    for ref in pack.refs():
        item = lookup.get(ref.kind, ref.id)
        if item is None:
            continue
        chosen[(item.kind, item.id)] = item
        if item.kind == "quote":
            continue  # a quote shows none of the items it links to
        for kind in KINDS:
            for linked in lookup.linked(item, kind) if kind != item.kind else ():
                chosen.setdefault((linked.kind, linked.id), linked)
    ordered = sorted(chosen.values(), key=lambda item: (KINDS.index(item.kind), item.id))
    return LibraryContent(
        partnerships=tuple(i for i in ordered if i.kind == "partnership"),  # type: ignore[misc]
        priorities=tuple(i for i in ordered if i.kind == "priority"),  # type: ignore[misc]
        quotes=tuple(i for i in ordered if i.kind == "quote"),  # type: ignore[misc]
    )
