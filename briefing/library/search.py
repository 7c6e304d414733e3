"""Library search: the user's words become a safe FTS5 query, ranked by bm25, with filters."""

from __future__ import annotations

import sqlite3
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from briefing import dates
from briefing.library.rows import SEARCH_WEIGHTS
from briefing.models import KINDS
from briefing.text import fold

# Shorter prefixes would match most of the index and make typing the first letter slow.
MIN_PREFIX = 2
# At most this many matches are ranked by bm25 (see _matches).
RANK_ALL = 3000
# Columns whose matches are ranked first when a query matches too many items to rank all.
PROMINENT_COLUMNS = ("title", "tags", "people")


@dataclass(frozen=True)
class SearchHit:
    """One match: the item's kind, id and label, and its bm25 rank (lower is better)."""

    kind: str
    id: str
    label: str
    rank: float


@dataclass(frozen=True)
class Term:
    """A folded word of the query; `prefix` matches any word that starts with it."""

    text: str
    prefix: bool = False


def _is_word_char(ch: str) -> bool:
    # Letters, digits and marks of any script (Hangul, Greek...), as the tokenizer sees them.
    category = unicodedata.category(ch)
    return category[0] in "LNM" or category == "Co"


def parse(query: str) -> list[Term]:
    """Split the user's words into terms: case/accent-folded, punctuation dropped.

    A word written with `*` after it, and the last word while the user is still typing
    it (no space after it), match as prefixes when they have MIN_PREFIX characters or more.
    """
    folded = fold(query)
    terms: list[Term] = []
    word = ""
    for ch in folded + " ":
        if _is_word_char(ch):
            word += ch
            continue
        if word:
            terms.append(Term(word, prefix=ch == "*" and len(word) >= MIN_PREFIX))
        word = ""
    if terms and folded[-1:].strip() and len(terms[-1].text) >= MIN_PREFIX:
        terms[-1] = Term(terms[-1].text, prefix=True)
    return terms


def match_expression(terms: Iterable[Term]) -> str:
    """An FTS5 MATCH string requiring every term: each quoted, so nothing is read as syntax."""
    # Terms hold only word characters, so they never contain a double quote.
    return " ".join(f'"{term.text}"' + ("*" if term.prefix else "") for term in terms)


def search(conn: sqlite3.Connection, query: str, *, kinds: Iterable[str] | None = None,
           tag: str | None = None, partnership: str | None = None, marking: str | None = None,
           stale: bool | None = None, limit: int = 50) -> list[SearchHit]:
    """Items matching every word of `query`, best first; no words lists matches by label."""
    if limit <= 0:
        return []
    where, params = _filters(kinds, tag, partnership, marking, stale)
    terms = parse(query)
    if not terms:
        sql = (f"SELECT i.kind, i.id, i.label, 0.0 FROM items i WHERE 1 {where}"
               " ORDER BY i.sort_key, i.kind, i.id LIMIT ?")
        return [SearchHit(*row) for row in conn.execute(sql, (*params, limit))]
    return _matches(conn, match_expression(terms), where, params, limit)


def _matches(conn: sqlite3.Connection, expression: str, where: str, params: list[Any],
             limit: int) -> list[SearchHit]:
    """Ranked matches, with the ranking work bounded however many items match.

    bm25 costs a few microseconds per matching item. Up to RANK_ALL matches are all ranked.
    Beyond that (a common word, or two letters typed) only matches in the prominent columns
    are ranked — at most RANK_ALL of them, taken in index order — and the rest follow
    unranked in index order, so a search stays quick on a library of any size.
    """
    if _boundary(conn, expression) is None:
        return _ranked(conn, expression, where, params, limit)
    prominent = f"{{{' '.join(PROMINENT_COLUMNS)}}} : ({expression})"
    hits = _ranked(conn, prominent, where, params, limit, below=_boundary(conn, prominent))
    if len(hits) < limit:
        seen = {(hit.kind, hit.id) for hit in hits}
        more = conn.execute(
            f"SELECT i.kind, i.id, i.label, 0.0 FROM search JOIN items i ON i.item_no = search.rowid"
            f" WHERE search MATCH ? {where} ORDER BY search.rowid LIMIT ?",
            (expression, *params, limit))
        hits += [hit for hit in (SearchHit(*row) for row in more) if (hit.kind, hit.id) not in seen]
    return hits[:limit]


def _boundary(conn: sqlite3.Connection, expression: str) -> int | None:
    """None when at most RANK_ALL items match, else the rowid the first RANK_ALL stay below."""
    found = conn.execute("SELECT rowid FROM search WHERE search MATCH ? ORDER BY rowid"
                         " LIMIT 1 OFFSET ?", (expression, RANK_ALL)).fetchone()
    return found[0] if found else None


def _ranked(conn: sqlite3.Connection, expression: str, where: str, params: list[Any], limit: int,
            below: int | None = None) -> list[SearchHit]:
    """Matches of `expression` ordered by bm25 (column weights: titles count most)."""
    weights = ", ".join(str(w) for w in SEARCH_WEIGHTS)
    window = "" if below is None else f" AND search.rowid < {int(below)}"
    sql = (f"SELECT i.kind, i.id, i.label, bm25(search, {weights}) AS rank"
           " FROM search JOIN items i ON i.item_no = search.rowid"
           f" WHERE search MATCH ?{window} {where} ORDER BY rank, i.sort_key LIMIT ?")
    return [SearchHit(*row) for row in conn.execute(sql, (expression, *params, limit))]


def _filters(kinds: Iterable[str] | None, tag: str | None, partnership: str | None,
             marking: str | None, stale: bool | None) -> tuple[str, list[Any]]:
    """SQL conditions on items `i` (each starting with AND) and their parameters."""
    where: list[str] = []
    params: list[Any] = []
    if kinds is not None:
        chosen = list(dict.fromkeys([kinds] if isinstance(kinds, str) else kinds))
        unknown = [kind for kind in chosen if kind not in KINDS]
        if unknown:
            raise ValueError(f"unknown item kind(s): {', '.join(unknown)}")
        where.append(f"i.kind IN ({', '.join('?' * len(chosen)) or 'NULL'})")
        params += chosen
    if tag is not None:
        where.append("EXISTS (SELECT 1 FROM tags t WHERE t.item_no = i.item_no AND t.tag = ?)")
        params.append(tag)
    if partnership is not None:
        # The partnership itself, the priorities it links to, the quotes and people about it.
        where.append(
            "((i.kind = 'partnership' AND i.id = ?)"
            " OR (i.kind = 'priority' AND i.id IN"
            " (SELECT priority FROM partnership_priority WHERE partnership = ?))"
            " OR (i.kind = 'quote' AND i.id IN"
            " (SELECT quote FROM quote_partnership WHERE partnership = ?))"
            " OR (i.kind = 'person' AND i.id IN"
            " (SELECT person FROM person_partnership WHERE partnership = ?)))")
        params += [partnership] * 4
    if marking is not None:
        where.append("i.marking = ? COLLATE NOCASE")
        params.append(marking)
    if stale is not None:
        # A partial review date counts until its end: "2026-11" is past only from December.
        is_stale = "(i.review_due IS NOT NULL AND i.review_due < substr(?, 1, length(i.review_due)))"
        where.append(is_stale if stale else f"NOT {is_stale}")
        params.append(dates.today().isoformat())
    return "".join(f" AND {condition}" for condition in where), params
