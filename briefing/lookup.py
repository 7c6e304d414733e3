"""Finding the items a build needs: a pack's embedded items first, then the library."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from typing import Protocol, runtime_checkable

from briefing import dates
from briefing.models import KINDS, LINK_FIELDS, REF_FIELDS, Item, LibraryContent, Pack

Key = tuple[str, str]
# The kinds an item shows when linked to it (people are shown only where placed).
SHOWN_LINKS = ("partnership", "priority", "quote")
Holders = dict[str, list[str]]  # kind -> ids of the items linking to one item


class ItemSource(Protocol):
    """What a lookup needs from a library: `LibraryStore` and `ContentSource` both fit.

    Both are also `BatchItemSource`s, which the lookup uses when a source is one (a few
    queries for a whole pack); any other source is asked item by item, and read whole
    once to follow links.
    """

    def get(self, kind: str, id: str) -> Item | None:
        """The item, or None."""

    def items(self, kind: str) -> Sequence[Item]:
        """Every item of one kind."""


@runtime_checkable
class BatchItemSource(ItemSource, Protocol):
    """An ItemSource that also answers for many keys at once (a few queries per pack)."""

    def get_many(self, keys: Iterable[Key]) -> dict[Key, Item]:
        """The items among `keys` that the source holds."""

    def links_to(self, keys: Iterable[Key]) -> dict[Key, Holders]:
        """For each of `keys`: the ids, per kind, of the items whose links name it."""


class ContentSource:
    """A LibraryContent (an interchange file, a pack's embedded library) as an ItemSource."""

    def __init__(self, content: LibraryContent) -> None:
        self.content = content
        self._by_key = content.by_key()
        self._reverse: dict[Key, Holders] | None = None

    def get(self, kind: str, id: str) -> Item | None:
        """The item, or None."""
        return self._by_key.get((kind, id))

    def get_many(self, keys: Iterable[Key]) -> dict[Key, Item]:
        """The items among `keys` that the content holds."""
        return {key: self._by_key[key] for key in keys if key in self._by_key}

    def links_to(self, keys: Iterable[Key]) -> dict[Key, Holders]:
        """For each of `keys`: the ids, per kind, of the items whose links name it."""
        if self._reverse is None:
            self._reverse = reverse_index(self.content.items())
        return {key: self._reverse[key] for key in keys if key in self._reverse}

    def items(self, kind: str) -> Sequence[Item]:
        """Every item of one kind, in file order."""
        return [item for item in self.content.items() if item.kind == kind]


def as_source(library: ItemSource | LibraryContent) -> ItemSource:
    """Wrap a LibraryContent; a store (anything with get/items) is used as it is."""
    return ContentSource(library) if isinstance(library, LibraryContent) else library


def reverse_index(items: Iterable[Item]) -> dict[Key, Holders]:
    """Who links to whom: for each linked (kind, id), the linking items' ids per kind
    (a quote's speaker_id included, as the store's link tables hold it)."""
    reverse: dict[Key, Holders] = {}
    for item in items:
        for target_kind, target in link_targets(item):
            reverse.setdefault((target_kind, target), {}).setdefault(item.kind, []).append(item.id)
    return reverse


def link_targets(item: Item) -> list[Key]:
    """Every (kind, id) `item` names: its link lists, then its single links (a speaker)."""
    found = [(kind, target) for name, kind in LINK_FIELDS[item.kind].items()
             for target in getattr(item, name)]
    for name, kind in REF_FIELDS[item.kind].items():
        value = getattr(item, name)
        if value is not None:
            found.append((kind, value))
    return found


class ItemLookup:
    """Resolves (kind, id) across sources, the first source that has an item winning.

    Links are followed either way (a partnership naming a priority, or the priority naming
    the partnership), so content holding one side of a link only still shows both. Answers
    are remembered; `prefetch` resolves a whole pack in a few queries per source.
    """

    def __init__(self, *sources: ItemSource | LibraryContent) -> None:
        self.sources = tuple(as_source(s) for s in sources)
        self._items: dict[Key, Item | None] = {}  # the winning item; None: no source has it
        self._holders: dict[Key, Holders] = {}  # winning items naming the key, ids sorted
        self._read_whole: dict[int, dict[Key, Holders]] = {}  # for sources without links_to

    def get(self, kind: str, id: str) -> Item | None:
        """The item from the first source that has it, or None."""
        key = (kind, id)
        if key not in self._items:
            self._resolve([key])
        return self._items[key]

    def prefetch(self, keys: Iterable[Key], *, follow: Collection[str] = KINDS) -> None:
        """Resolve `keys` at once, and what those of a kind in `follow` link to either way."""
        keys = list(dict.fromkeys(keys))
        self._resolve(keys)
        found = [item for key in keys if (item := self._items[key]) is not None and item.kind in follow]
        self._resolve_holders([(item.kind, item.id) for item in found])
        self._resolve([key for item in found for key in link_targets(item)])

    def linked(self, item: Item, kind: str) -> tuple[Item, ...]:
        """Items of `kind` linked to `item` either way: its own links in order, then the others.

        Quotes come newest first.
        """
        own = [target for target_kind, target in link_targets(item) if target_kind == kind]
        key = (item.kind, item.id)
        if key not in self._holders:
            self._resolve_holders([key])
        ids = dict.fromkeys(own + self._holders[key].get(kind, []))
        self._resolve([(kind, target_id) for target_id in ids])
        result = [found for target_id in ids if (found := self._items[(kind, target_id)]) is not None]
        if kind == "quote":
            result.sort(key=lambda q: dates.sort_key(getattr(q, "date", None)), reverse=True)
        return tuple(result)

    def _resolve(self, keys: Iterable[Key]) -> None:
        """Find the winning item of each key not yet known, one batch per source."""
        pending = [key for key in dict.fromkeys(keys) if key not in self._items]
        for source in self.sources:
            if not pending:
                return
            found = _get_many(source, pending)
            self._items.update(found)
            pending = [key for key in pending if key not in found]
        self._items.update(dict.fromkeys(pending))

    def _resolve_holders(self, keys: Iterable[Key]) -> None:
        """Which winning items link to each key: candidates from every source, then checked."""
        pending = [key for key in dict.fromkeys(keys) if key not in self._holders]
        if not pending:
            return
        candidates: dict[Key, dict[str, set[str]]] = {key: {} for key in pending}
        for index, source in enumerate(self.sources):
            for key, holders in self._links_to(index, source, pending).items():
                for kind, ids in holders.items():
                    candidates[key].setdefault(kind, set()).update(ids)
        self._resolve([(kind, i) for holders in candidates.values()
                       for kind, ids in holders.items() for i in ids])
        # A source's item counts only where it wins: an embedded copy replaces its links too.
        for key, candidate_ids in candidates.items():
            self._holders[key] = {kind: sorted(i for i in ids if _names(self._items[(kind, i)], key))
                                  for kind, ids in candidate_ids.items()}

    def _links_to(self, index: int, source: ItemSource, keys: list[Key]) -> dict[Key, Holders]:
        if isinstance(source, BatchItemSource):
            return source.links_to(keys)
        if index not in self._read_whole:
            self._read_whole[index] = reverse_index(item for kind in KINDS for item in source.items(kind))
        reverse = self._read_whole[index]
        return {key: reverse[key] for key in keys if key in reverse}


def _get_many(source: ItemSource, keys: list[Key]) -> dict[Key, Item]:
    if isinstance(source, BatchItemSource):
        return source.get_many(keys)
    return {key: item for key in keys if (item := source.get(*key)) is not None}


def _names(holder: Item | None, target: Key) -> bool:
    """Whether `holder`'s own links name `target`."""
    if holder is None:
        return False
    return target in link_targets(holder)


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
    what its partnerships, priorities and people link to (shown by title, or quoted)."""
    if not isinstance(lookup, ItemLookup):
        lookup = ItemLookup(lookup)
    refs = [(ref.kind, ref.id) for ref in pack.refs()]
    # A quote shows none of its links; a person shows partnerships and quotes.
    lookup.prefetch(refs, follow=("partnership", "priority", "person"))
    chosen: dict[Key, Item] = {}
    for kind, item_id in refs:
        item = lookup.get(kind, item_id)
        if item is None:
            continue
        chosen[(item.kind, item.id)] = item
        if item.kind == "quote":
            continue
        for linked_kind in SHOWN_LINKS:
            for linked in lookup.linked(item, linked_kind) if linked_kind != item.kind else ():
                chosen.setdefault((linked.kind, linked.id), linked)
    ordered = sorted(chosen.values(), key=lambda item: (KINDS.index(item.kind), item.id))
    return LibraryContent.of(ordered)
