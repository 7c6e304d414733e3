"""LibraryStore: items in and out, links held once, transactions, optimistic concurrency."""

from __future__ import annotations

import dataclasses
import datetime as dt
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from briefing.errors import Cancelled, ConflictError, ValidationError
from briefing.library.store import LibraryStore
from briefing.models import LINK_FIELDS, Item, Priority
from tests.core.library.store_samples import (
    HOSTILE,
    KOREAN,
    partnership,
    priority,
    quote,
    raw_rows,
    trio,
)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[LibraryStore]:
    with LibraryStore(tmp_path / "library.sqlite") as opened:
        yield opened


@pytest.fixture
def filled(store: LibraryStore) -> LibraryStore:
    store.add_many(trio())
    return store


def _unlinked(item: Item) -> Item:
    """The item with its link fields emptied, so that it can be stored alone."""
    return dataclasses.replace(item, **dict.fromkeys(LINK_FIELDS[item.kind], ()))


def _utc(stamp: str | None) -> dt.datetime:
    assert stamp is not None and stamp.endswith("Z")
    return dt.datetime.fromisoformat(stamp.replace("Z", "+00:00"))


@pytest.mark.parametrize("make", [partnership, priority, quote])
def test_every_kind_round_trips_field_for_field(store: LibraryStore, make) -> None:
    item = _unlinked(make())
    added = store.add(item)
    again = store.get(item.kind, item.id)
    assert added == again == item
    for name in (f.name for f in dataclasses.fields(item)):
        assert getattr(again, name) == getattr(item, name) or name in ("created", "updated")
    assert abs(_utc(again.created) - dt.datetime.now(dt.UTC)) < dt.timedelta(minutes=1)
    assert again.updated == again.created


def test_text_is_stored_exactly_as_given(store: LibraryStore) -> None:
    # The importer cleans text; the store keeps NFD Korean, markup and formulas untouched.
    item = quote(partnerships=(), priorities=(), context=HOSTILE)
    store.add(item)
    stored = store.get("quote", item.id)
    assert stored.text == item.text and stored.text != KOREAN  # still NFD
    assert stored.context == HOSTILE


def test_get_of_a_missing_item_is_none_and_unknown_kinds_are_refused(store: LibraryStore) -> None:
    assert store.get("priority", "nothing") is None
    with pytest.raises(ValueError, match="unknown item kind"):
        store.get("memo", "x")


def test_adding_a_taken_id_is_a_conflict_and_changes_nothing(filled: LibraryStore) -> None:
    before = filled.content()
    with pytest.raises(ConflictError, match="priority semiconductors: already in the library"):
        filled.add(priority(title="Other"))
    assert filled.content() == before


def test_add_many_names_every_taken_or_repeated_id_and_writes_nothing(filled: LibraryStore) -> None:
    batch = [priority("new-one"), priority("new-one"), priority(), partnership(priorities=())]
    with pytest.raises(ConflictError) as caught:
        filled.add_many(batch)
    assert caught.value.problems == [
        "priority new-one: given twice",
        "partnership rok-eu: already in the library",
        "priority semiconductors: already in the library",
    ]
    assert filled.count() == 3


def test_items_are_listed_by_folded_label_and_counted(store: LibraryStore) -> None:
    titles = ["beta", "Álpha", "gamma", "Delta"]
    store.add_many([priority(f"p{n}", title=title) for n, title in enumerate(titles)])
    assert [item.title for item in store.items("priority")] == ["Álpha", "beta", "Delta", "gamma"]
    assert store.count("priority") == 4 and store.count("quote") == 0 and store.count() == 4


def test_content_holds_every_item_sorted_by_id(filled: LibraryStore) -> None:
    filled.add(priority("a-first", title="Zebra"))
    content = filled.content()
    assert [p.id for p in content.priorities] == ["a-first", "semiconductors"]
    assert [p.id for p in content.partnerships] == ["rok-eu"]
    assert [q.id for q in content.quotes] == ["lee-2023"]


def test_tags_lists_each_tag_once_in_folded_order(filled: LibraryStore) -> None:
    filled.add(priority("other", tags=("Zeta", "asia", "Éclair")))
    assert filled.tags() == ["asia", "chips", "Éclair", "korea", "Zeta"]


def test_a_link_named_on_either_side_is_one_row_shown_on_both(store: LibraryStore) -> None:
    with store.transaction():
        store.add(priority(partnerships=()))
        store.add(priority("five-g", title="5G security", partnerships=("rok-eu",)))
        store.add(partnership(priorities=("semiconductors", "five-g")))  # names five-g again
    assert store.get("partnership", "rok-eu").priorities == ("five-g", "semiconductors")
    assert store.get("priority", "five-g").partnerships == ("rok-eu",)
    assert store.get("priority", "semiconductors").partnerships == ("rok-eu",)
    assert sorted(raw_rows(store.path, "SELECT partnership, priority FROM partnership_priority")) == [
        ("rok-eu", "five-g"), ("rok-eu", "semiconductors")]


def test_quote_links_show_on_the_quote_only(filled: LibraryStore) -> None:
    stored = filled.get("quote", "lee-2023")
    assert stored.partnerships == ("rok-eu",) and stored.priorities == ("semiconductors",)
    assert raw_rows(filled.path, "SELECT quote, partnership FROM quote_partnership") == [
        ("lee-2023", "rok-eu")]


def test_put_replaces_exactly_the_links_the_item_names(filled: LibraryStore) -> None:
    filled.add_many([priority("a", partnerships=()), priority("b", partnerships=())])
    filled.put(partnership(priorities=("b", "a")))
    assert filled.get("partnership", "rok-eu").priorities == ("a", "b")
    assert filled.get("priority", "semiconductors").partnerships == ()
    # The priority side drops its link; the quote's link to the priority is not its to drop.
    filled.put(dataclasses.replace(filled.get("priority", "a"), partnerships=()))
    assert filled.get("partnership", "rok-eu").priorities == ("b",)
    assert filled.get("quote", "lee-2023").priorities == ("semiconductors",)


def test_put_inserts_new_items_and_replaces_fields(filled: LibraryStore) -> None:
    created = filled.get("priority", "semiconductors").created
    changed = filled.put(priority(title="Chips", tags=("x",), sources=()))
    assert changed.title == "Chips" and changed.tags == ("x",) and changed.sources == ()
    assert changed.created == created and changed.updated > created
    assert raw_rows(filled.path, "SELECT count(*) FROM sources WHERE item_no ="
                    " (SELECT item_no FROM items WHERE id = 'semiconductors')") == [(0,)]
    filled.put(priority("fresh"))
    assert filled.get("priority", "fresh") == priority("fresh")


def test_putting_an_identical_item_changes_nothing(filled: LibraryStore) -> None:
    stored = filled.get("partnership", "rok-eu")
    again = filled.put(dataclasses.replace(stored, updated=None))
    assert again.updated == stored.updated


def test_delete_removes_the_item_its_rows_and_its_links(filled: LibraryStore) -> None:
    filled.delete("priority", "semiconductors")
    assert filled.get("priority", "semiconductors") is None
    assert filled.get("partnership", "rok-eu").priorities == ()
    assert filled.get("quote", "lee-2023").priorities == ()
    for table in ("partnership_priority", "quote_priority"):
        assert raw_rows(filled.path, f"SELECT count(*) FROM {table}") == [(0,)]
    assert raw_rows(filled.path, "SELECT count(*) FROM items") == [(2,)]
    assert raw_rows(filled.path, "SELECT count(*) FROM priorities") == [(0,)]
    assert raw_rows(filled.path, "SELECT count(*) FROM tags WHERE tag = 'chips'") == [(0,)]
    filled.delete("priority", "semiconductors")  # already gone: nothing happens


def test_a_failed_transaction_leaves_the_library_as_it_was(filled: LibraryStore) -> None:
    before = filled.content()
    with pytest.raises(RuntimeError), filled.transaction():
        filled.add(priority("during"))
        filled.put(partnership(name="Changed", priorities=()))
        filled.delete("quote", "lee-2023")
        raise RuntimeError("boom")
    assert filled.content() == before
    assert filled.search("during") == [] and filled.search("changed") == []


def test_a_nested_transaction_rolls_back_alone(store: LibraryStore) -> None:
    with store.transaction():
        store.add(priority("kept", partnerships=()))
        with pytest.raises(ConflictError), store.transaction():
            store.add(priority("dropped", partnerships=()))
            store.add(priority("kept", partnerships=()))
    assert [p.id for p in store.items("priority")] == ["kept"]


def test_links_may_precede_their_target_inside_a_transaction(store: LibraryStore) -> None:
    with store.transaction():
        store.add(quote())  # names rok-eu and semiconductors, not there yet
        store.add(partnership(priorities=()))
        store.add(priority(partnerships=()))
    assert store.get("priority", "semiconductors").partnerships == ()
    assert store.get("quote", "lee-2023").partnerships == ("rok-eu",)


def test_a_link_to_a_missing_item_is_refused_at_commit(filled: LibraryStore) -> None:
    before = filled.content()
    with pytest.raises(ValidationError) as caught:
        filled.put(partnership(priorities=("semiconductors", "nowhere")))
    assert caught.value.problems == [
        "partnership rok-eu: links to priority 'nowhere', which is not in the library"]
    assert filled.content() == before


def test_update_refuses_a_copy_changed_by_another_store(filled: LibraryStore) -> None:
    with LibraryStore(filled.path) as other:
        mine = filled.get("priority", "semiconductors")
        theirs = other.get("priority", "semiconductors")
        other.update(dataclasses.replace(theirs, title="Theirs"))
        with pytest.raises(ConflictError, match="changed by someone else"):
            filled.update(dataclasses.replace(mine, title="Mine"))
        with pytest.raises(ConflictError):
            filled.update(dataclasses.replace(mine, title="Mine"), expected_updated=mine.updated)
    assert filled.get("priority", "semiconductors").title == "Theirs"
    fresh = filled.get("priority", "semiconductors")
    saved = filled.update(dataclasses.replace(fresh, title="Mine"))
    assert saved.title == "Mine" and saved.updated > fresh.updated


def test_update_of_a_deleted_item_is_a_conflict(filled: LibraryStore) -> None:
    stored = filled.get("quote", "lee-2023")
    with LibraryStore(filled.path) as other:
        other.delete("quote", "lee-2023")
    with pytest.raises(ConflictError, match="no longer in the library"):
        filled.update(dataclasses.replace(stored, speaker="X"))


def test_updates_in_quick_succession_get_increasing_stamps(filled: LibraryStore) -> None:
    stamps = []
    for n in range(5):
        stamps.append(filled.update(priority(title=f"T{n}")).updated)
    assert stamps == sorted(set(stamps))


def test_add_many_reports_progress_and_returns_the_count(store: LibraryStore) -> None:
    seen: list[tuple[int, int]] = []
    batch = [priority(f"p{n}", partnerships=()) for n in range(1203)]
    assert store.add_many(batch, progress=lambda done, total: seen.append((done, total))) == 1203
    assert seen == [(500, 1203), (1000, 1203), (1203, 1203)]
    assert store.count() == 1203 and store.search("p1202")[0].id == "p1202"


def test_add_many_cancelled_writes_nothing(store: LibraryStore) -> None:
    calls = iter([False, True])
    batch = [priority(f"p{n}", partnerships=()) for n in range(800)]
    with pytest.raises(Cancelled):
        store.add_many(batch, cancelled=lambda: next(calls))
    assert store.count() == 0


def test_add_many_inside_a_transaction_is_undone_with_it(store: LibraryStore) -> None:
    with pytest.raises(RuntimeError), store.transaction():
        store.add_many(trio())
        raise RuntimeError("later step failed")
    assert store.count() == 0


def test_items_of_a_large_kind_come_back_whole(store: LibraryStore) -> None:
    store.add_many([partnership(f"p{n:03}", name=f"P {n:03}", priorities=()) for n in range(300)]
                   + [priority(f"r{n:03}", partnerships=(f"p{n:03}", f"p{(n + 1) % 300:03}"))
                      for n in range(300)])
    listed = store.items("partnership")
    assert [p.id for p in listed] == [f"p{n:03}" for n in range(300)]
    assert listed[5].priorities == ("r004", "r005") and listed[5].sources == partnership().sources
    assert all(isinstance(p.key_facts, tuple) for p in listed)


def test_a_second_writer_waits_for_the_first(tmp_path: Path) -> None:
    # Each thread opens its own store; the busy timeout makes the second writer wait.
    path = tmp_path / "library.sqlite"
    LibraryStore(path).close()
    holding, release = threading.Event(), threading.Event()

    def first_writer() -> None:
        with LibraryStore(path) as mine, mine.transaction():
            mine.add(priority("first", partnerships=()))
            holding.set()
            release.wait(10)

    thread = threading.Thread(target=first_writer)
    thread.start()
    assert holding.wait(10)
    threading.Timer(0.3, release.set).start()
    with LibraryStore(path) as other:
        other.add(priority("second", partnerships=()))
        assert [p.id for p in other.items("priority")] == ["first", "second"]
    thread.join(10)


def test_backup_copies_the_library(filled: LibraryStore) -> None:
    copy = filled.backup()
    assert copy.name.startswith("library.sqlite.bak-v") and copy.parent == filled.path.parent
    assert raw_rows(copy, "SELECT id FROM items ORDER BY id") == [
        ("lee-2023",), ("rok-eu",), ("semiconductors",)]


def test_items_are_frozen_dataclasses(filled: LibraryStore) -> None:
    stored = filled.get("priority", "semiconductors")
    assert isinstance(stored, Priority)
    with pytest.raises(dataclasses.FrozenInstanceError):
        stored.title = "x"  # type: ignore[misc]


def test_get_many_gives_what_get_gives_and_leaves_out_absent_keys(filled: LibraryStore) -> None:
    keys = [("quote", "lee-2023"), ("partnership", "rok-eu"), ("priority", "semiconductors"),
            ("priority", "absent"), ("partnership", "lee-2023"), ("quote", "lee-2023")]
    found = filled.get_many(keys)
    assert set(found) == {("quote", "lee-2023"), ("partnership", "rok-eu"), ("priority", "semiconductors")}
    for (kind, item_id), item in found.items():
        stored = filled.get(kind, item_id)
        assert item == stored and (item.created, item.updated) == (stored.created, stored.updated)
    assert found[("priority", "semiconductors")].partnerships == ("rok-eu",)  # links on both sides
    assert filled.get_many([]) == {} and filled.get_many([("quote", "absent")]) == {}
    with pytest.raises(ValueError):
        filled.get_many([("partnership", "rok-eu"), ("widget", "x")])


def test_get_many_takes_more_keys_than_sqlite_takes_parameters(store: LibraryStore) -> None:
    store.add_many([priority(f"r{n:04}", title=f"R {n}", partnerships=()) for n in range(1500)])
    keys = [("priority", f"r{n:04}") for n in range(1600)]  # the last hundred are absent
    found = store.get_many(keys)
    assert len(found) == 1500 and found[("priority", "r1499")].title == "R 1499"


def test_links_to_names_the_items_linking_either_way(store: LibraryStore) -> None:
    with store.transaction():
        store.add_many([priority(partnerships=()), priority("five-g", title="5G", partnerships=("rok-eu",)),
                        partnership(priorities=("semiconductors",)), partnership("ttc", priorities=()),
                        quote(), quote("lee-2024", priorities=("five-g",), partnerships=("rok-eu", "ttc"))])
    linking = store.links_to([("partnership", "rok-eu"), ("partnership", "ttc"), ("priority", "five-g"),
                              ("quote", "lee-2023"), ("priority", "absent")])
    assert linking == {
        ("partnership", "rok-eu"): {"priority": ["five-g", "semiconductors"],
                                    "quote": ["lee-2023", "lee-2024"]},
        ("partnership", "ttc"): {"quote": ["lee-2024"]},
        ("priority", "five-g"): {"partnership": ["rok-eu"], "quote": ["lee-2024"]},
    }
