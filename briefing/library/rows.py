"""Items to table rows and back: the one place that knows how each field is stored."""

from __future__ import annotations

import json
import sqlite3
from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

from briefing.models import ITEM_CLASSES, KINDS, Item, Partnership, Person, Priority, Quote, Source
from briefing.text import fold

# Per kind: its detail table and the columns it holds, in model field names.
DETAIL: dict[str, tuple[str, tuple[str, ...]]] = {
    "partnership": ("partnerships", ("name", "short_name", "partners", "established", "level",
                                     "status", "summary", "key_facts")),
    "priority": ("priorities", ("title", "summary", "lines_to_take", "defensive_lines")),
    "quote": ("quotes", ("text", "speaker", "role", "organisation", "date", "language",
                         "translation", "context")),
    "person": ("people", ("name", "role", "organisation", "country", "biography",
                          "pronunciation", "languages", "photo")),
}
# Line lists kept in one column as a JSON array (they are never queried one by one).
JSON_FIELDS = frozenset({"partners", "key_facts", "lines_to_take", "defensive_lines", "languages"})
# (kind, link field) -> (link table, column of the item holding the field, column of the other).
LINKS: dict[tuple[str, str], tuple[str, str, str]] = {
    ("partnership", "priorities"): ("partnership_priority", "partnership", "priority"),
    ("priority", "partnerships"): ("partnership_priority", "priority", "partnership"),
    ("quote", "partnerships"): ("quote_partnership", "quote", "partnership"),
    ("quote", "priorities"): ("quote_priority", "quote", "priority"),
    ("person", "partnerships"): ("person_partnership", "person", "partnership"),
    # A single link (one id or None), held in a link table like the others.
    ("quote", "speaker_id"): ("quote_person", "quote", "person"),
}
# Link fields holding one id (or None) rather than a list.
SINGLE_LINKS = frozenset({("quote", "speaker_id")})
_COMMON = ("marking", "last_reviewed", "review_due")

ITEM_INSERT = (
    "INSERT INTO items (item_no, kind, id, label, sort_key, marking, last_reviewed, review_due,"
    " created, updated) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
ITEM_UPDATE = (
    "UPDATE items SET label = ?, sort_key = ?, marking = ?, last_reviewed = ?, review_due = ?,"
    " updated = ? WHERE item_no = ?"
)
TAG_INSERT = "INSERT INTO tags (item_no, position, tag) VALUES (?, ?, ?)"
SOURCE_INSERT = (
    "INSERT INTO sources (item_no, position, title, publisher, url, date, note)"
    " VALUES (?, ?, ?, ?, ?, ?, ?)"
)

# Search columns, most telling first; weights for bm25 in the same order.
SEARCH_COLUMNS = ("title", "tags", "people", "body", "sources", "ident")
SEARCH_WEIGHTS = (10.0, 4.0, 3.0, 1.0, 0.5, 1.0)
SEARCH_INSERT = (
    f"INSERT INTO search (rowid, {', '.join(SEARCH_COLUMNS)}) "
    f"VALUES (?{', ?' * len(SEARCH_COLUMNS)})"
)


def detail_insert(kind: str) -> str:
    """SQL inserting one row of `kind`'s detail table."""
    table, columns = DETAIL[kind]
    return (f"INSERT INTO {table} (item_no, {', '.join(columns)}) "
            f"VALUES (?{', ?' * len(columns)})")


def item_values(item_no: int, item: Item, created: str, updated: str) -> tuple[Any, ...]:
    """The `items` row of `item`."""
    return (item_no, item.kind, item.id, item.label, fold(item.label),
            *(getattr(item, name) for name in _COMMON), created, updated)


def update_values(item_no: int, item: Item, updated: str) -> tuple[Any, ...]:
    """Parameters of ITEM_UPDATE for `item`."""
    return (item.label, fold(item.label), *(getattr(item, name) for name in _COMMON),
            updated, item_no)


def detail_values(item_no: int, item: Item) -> tuple[Any, ...]:
    """The detail-table row of `item`."""
    return (item_no, *(_encode(name, getattr(item, name)) for name in DETAIL[item.kind][1]))


def write_children(conn: sqlite3.Connection, numbered: Sequence[tuple[int, Item]]) -> None:
    """Insert detail rows, tags, sources and search documents of freshly numbered items."""
    for kind in KINDS:
        details = [detail_values(n, item) for n, item in numbered if item.kind == kind]
        if details:
            conn.executemany(detail_insert(kind), details)
    conn.executemany(TAG_INSERT, [(n, pos, tag) for n, item in numbered
                                  for pos, tag in enumerate(item.tags)])
    conn.executemany(SOURCE_INSERT, [(n, pos, s.title, s.publisher, s.url, s.date, s.note)
                                     for n, item in numbered for pos, s in enumerate(item.sources)])
    conn.executemany(SEARCH_INSERT, [search_values(n, item) for n, item in numbered])


def write_links(conn: sqlite3.Connection, items: Iterable[Item]) -> None:
    """Insert the links each item names (a link already held from the other side stays one row)."""
    pending: dict[tuple[str, str, str], list[tuple[str, str]]] = defaultdict(list)
    for item in items:
        for (kind, field), (table, own, other) in LINKS.items():
            if item.kind == kind:
                pending[(table, own, other)].extend((item.id, target)
                                                    for target in link_targets(item, field))
    for (table, own, other), pairs in pending.items():
        conn.executemany(f"INSERT OR IGNORE INTO {table} ({own}, {other}) VALUES (?, ?)", pairs)


def link_targets(item: Item, field: str) -> tuple[str, ...]:
    """The ids `item` names in its link `field` (a single link gives none or one)."""
    value = getattr(item, field)
    if value is None:
        return ()
    return (value,) if isinstance(value, str) else tuple(value)


def clear_links(conn: sqlite3.Connection, item: Item) -> None:
    """Remove the links `item` has on its own link fields (before they are written again)."""
    for (kind, _field), (table, own, _other) in LINKS.items():
        if item.kind == kind:
            conn.execute(f"DELETE FROM {table} WHERE {own} = ?", (item.id,))


def search_values(item_no: int, item: Item) -> tuple[Any, ...]:
    """The search document of `item`: folded text per search column."""
    title: tuple[str | None, ...]
    people: tuple[str | None, ...]
    body: tuple[str | None, ...]
    if isinstance(item, Partnership):
        title = (item.name, item.short_name)
        people = (*item.partners, item.level, item.status)
        body = (item.summary, *item.key_facts)
    elif isinstance(item, Priority):
        title, people = (item.title,), ()
        body = (item.summary, *item.lines_to_take, *item.defensive_lines)
    elif isinstance(item, Quote):
        title = (item.speaker,)
        people = (item.role, item.organisation)
        body = (item.text, item.translation, item.context)
    else:
        assert isinstance(item, Person)
        title = (item.name,)
        people = (item.role, item.organisation, item.country, *item.languages)
        body = (item.biography, item.pronunciation)
    sources = [part for s in item.sources for part in (s.title, s.publisher, s.note)]
    columns = (title, item.tags, people, body, sources, (item.id,))
    return (item_no, *(fold("\n".join(text for text in texts if text)) for texts in columns))


def _encode(name: str, value: Any) -> Any:
    return json.dumps(list(value), ensure_ascii=False) if name in JSON_FIELDS else value


# A `where` for load(): items whose ids are in one JSON array parameter, however many ids
# (json_each takes any number, where `IN (?, ?, ...)` would hit SQLite's parameter limit).
IDS_IN = "AND i.id IN (SELECT value FROM json_each(?))"


def ids_param(ids: Iterable[str]) -> str:
    """The parameter of IDS_IN: the ids as a JSON array, each once."""
    return json.dumps(list(dict.fromkeys(ids)), ensure_ascii=False)


def linking(conn: sqlite3.Connection, kind: str, ids: Iterable[str]) -> dict[str, dict[str, list[str]]]:
    """For each id of `kind`: the ids, per kind, of the items linked to it, sorted.

    A link is one row whichever side named it, so this is every item naming the target.
    """
    param = ids_param(ids)
    found: dict[str, dict[str, list[str]]] = {}
    for (holder, _field), (table, own, other) in LINKS.items():
        if other != kind:
            continue
        for target, holder_id in conn.execute(
                f"SELECT {other}, {own} FROM {table} WHERE {other} IN (SELECT value FROM json_each(?))"
                f" ORDER BY {other}, {own}", (param,)):
            found.setdefault(target, {}).setdefault(holder, []).append(holder_id)
    return found


def load(conn: sqlite3.Connection, kind: str, where: str = "", params: Sequence[Any] = (),
         order: str = "i.sort_key, i.id") -> list[tuple[int, Item]]:
    """Items of `kind` matching `where` (SQL on items `i`), numbered, with everything filled in.

    A few queries per call whatever the number of items: tags, sources and links are
    fetched for the whole selection at once.
    """
    table, columns = DETAIL[kind]
    selection = f"FROM items i WHERE i.kind = ? {where}"
    found = conn.execute(
        f"SELECT i.item_no, i.id, i.created, i.updated, {', '.join('i.' + c for c in _COMMON)},"
        f" {', '.join('d.' + c for c in columns)} FROM items i JOIN {table} d USING (item_no)"
        f" WHERE i.kind = ? {where} ORDER BY {order}", (kind, *params)).fetchall()
    if not found:
        return []
    numbers = f"SELECT i.item_no {selection}"
    tags = _pairs(conn, f"SELECT item_no, tag FROM tags WHERE item_no IN ({numbers})"
                        " ORDER BY item_no, position", (kind, *params))
    sources = _sources(conn, f"SELECT item_no, title, publisher, url, date, note FROM sources"
                             f" WHERE item_no IN ({numbers}) ORDER BY item_no, position",
                       (kind, *params))
    links = {field: _pairs(conn, f"SELECT {own}, {other} FROM {link_table} WHERE {own} IN"
                                 f" (SELECT i.id {selection}) ORDER BY {own}, {other}",
                           (kind, *params))
             for (link_kind, field), (link_table, own, other) in LINKS.items() if link_kind == kind}
    names = _COMMON + columns
    single = [field for field in links if (kind, field) in SINGLE_LINKS]
    # One json.loads per list column for the whole selection, not one per item.
    lists = {k: json.loads("[" + ",".join(row[4 + k] for row in found) + "]")
             for k, name in enumerate(names) if name in JSON_FIELDS}
    cls = ITEM_CLASSES[kind]
    items = []
    for r, row in enumerate(found):
        item_no, item_id, created, updated = row[:4]
        fields = dict(zip(names, row[4:]))
        fields.update({names[k]: tuple(values[r]) for k, values in lists.items()})
        fields.update({field: groups.get(item_id, ()) for field, groups in links.items()})
        for field in single:
            fields[field] = fields[field][0] if fields[field] else None
        items.append((item_no, cls(id=item_id, tags=tags.get(item_no, ()),
                                   sources=sources.get(item_no, ()), created=created,
                                   updated=updated, **fields)))
    return items


def _pairs(conn: sqlite3.Connection, sql: str, params: Sequence[Any]) -> dict[Any, tuple[str, ...]]:
    """(key, value) rows as {key: (values...)}, in row order."""
    groups: dict[Any, list[str]] = defaultdict(list)
    for key, value in conn.execute(sql, params):
        groups[key].append(value)
    return {key: tuple(values) for key, values in groups.items()}


def _sources(conn: sqlite3.Connection, sql: str, params: Sequence[Any]) -> dict[int, tuple[Source, ...]]:
    """Source rows as {item_no: (Source...)}, in row order."""
    groups: dict[int, list[Source]] = defaultdict(list)
    for item_no, title, publisher, url, date, note in conn.execute(sql, params):
        groups[item_no].append(Source(title=title, publisher=publisher, url=url, date=date,
                                      note=note))
    return {item_no: tuple(values) for item_no, values in groups.items()}
