"""Sample items for the store, schema and search tests: every field filled, several scripts."""

from __future__ import annotations

import sqlite3
import unicodedata
from pathlib import Path

from briefing.models import Item, Partnership, Priority, Quote, Source

GREEK = "Ψηφιακή Ευρώπη"
KOREAN = "한국의 디지털 파트너십"
HOSTILE = "<b>&amp;</b> {{ name }} =SUM(A1) 🚀🇪🇺 الشراكة"


def partnership(item_id: str = "rok-eu", **changes: object) -> Partnership:
    """A partnership with every field set (links to `semiconductors` by default)."""
    fields: dict[str, object] = dict(
        id=item_id, name="ROK-EU Digital Partnership", short_name="ROK-EU DP",
        partners=("European Union", "Republic of Korea"), established="2022-11-28",
        level="Ministerial council", status="Active",
        summary=f"Cooperation on 5G/6G, chips and data. {HOSTILE}",
        key_facts=("Council met on 2023-11-28", "Budget: EUR 1.5 million; 36 months"),
        priorities=("semiconductors",), tags=("korea", "asia"),
        sources=(Source(title="Joint press statement", publisher="European Commission",
                        url="https://ec.europa.eu/x?a=1&b=2", date="2022-11-28"),
                 Source(title="Second source, no date")),
        marking="OFFICIAL", last_reviewed="2024-03", review_due="2027",
    )
    fields.update(changes)
    return Partnership(**fields)  # type: ignore[arg-type]


def priority(item_id: str = "semiconductors", **changes: object) -> Priority:
    """A priority with every field set."""
    fields: dict[str, object] = dict(
        id=item_id, title="Semiconductors", summary="Secure supply of chips.",
        lines_to_take=("We invest in chips.", "=SUM(A1)"), defensive_lines=("Line; with semicolon",),
        tags=("chips",), sources=(Source(title="Chips Act", publisher="EUR-Lex", date="2023"),),
        marking="PUBLIC", last_reviewed="2024-01-15", review_due="2026-12-31",
    )
    fields.update(changes)
    return Priority(**fields)  # type: ignore[arg-type]


def quote(item_id: str = "lee-2023", **changes: object) -> Quote:
    """A quote with every field set, in Korean (NFD, as typed on some systems)."""
    fields: dict[str, object] = dict(
        id=item_id, text=unicodedata.normalize("NFD", KOREAN), speaker="Lee Jong-Ho",
        role="Minister of Science and ICT", organisation="MSIT", date="2023-11-28",
        language="ko", translation="Korea's digital partnership", context="Digital Partnership Council",
        partnerships=("rok-eu",), priorities=("semiconductors",), tags=("korea",),
        sources=(Source(title="Press release", publisher="MSIT"),), marking=None,
    )
    fields.update(changes)
    return Quote(**fields)  # type: ignore[arg-type]


def trio() -> list[Item]:
    """A partnership, a priority and a quote that link to each other."""
    return [partnership(), priority(), quote()]


def raw_rows(path: Path, sql: str, params: tuple[object, ...] = ()) -> list[tuple[object, ...]]:
    """Rows read from the library file with a separate, plain sqlite3 connection."""
    conn = sqlite3.connect(path)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()
