"""The app's own drag-and-drop formats: library items (kind + id) and rows of the pack tree."""

from __future__ import annotations

import json

from PySide6.QtCore import QMimeData

from briefing.models import KINDS, ItemRef

LIBRARY_MIME = "application/x-briefing-library-items"
PACK_MIME = "application/x-briefing-pack-rows"


def encode_library_items(keys: list[tuple[str, str]]) -> QMimeData:
    """MIME data carrying library items as (kind, id) pairs."""
    mime = QMimeData()
    payload = [{"kind": kind, "id": item_id} for kind, item_id in keys]
    mime.setData(LIBRARY_MIME, json.dumps(payload).encode("utf-8"))
    mime.setText("\n".join(f"{kind}\t{item_id}" for kind, item_id in keys))
    return mime


def decode_library_items(mime: QMimeData) -> list[ItemRef]:
    """Item references from library MIME data (any library kind: the pack says which it holds);
    anything malformed is ignored."""
    try:
        payload = json.loads(bytes(mime.data(LIBRARY_MIME).data()).decode("utf-8"))
    except (ValueError, UnicodeDecodeError):
        return []
    refs = []
    for entry in payload if isinstance(payload, list) else []:
        if isinstance(entry, dict) and entry.get("kind") in KINDS and isinstance(entry.get("id"), str):
            refs.append(ItemRef(kind=entry["kind"], id=entry["id"]))
    return refs


def encode_pack_rows(model_key: str, level: str, rows: list[tuple[int, int]]) -> QMimeData:
    """MIME data carrying rows of one pack tree: sections as (row, -1), items as (section, row)."""
    mime = QMimeData()
    payload = {"model": model_key, "level": level, "rows": rows}
    mime.setData(PACK_MIME, json.dumps(payload).encode("utf-8"))
    return mime


def decode_pack_rows(mime: QMimeData, model_key: str) -> tuple[str, list[tuple[int, int]]] | None:
    """(level, rows) when the data came from the same pack tree, else None."""
    try:
        payload = json.loads(bytes(mime.data(PACK_MIME).data()).decode("utf-8"))
    except (ValueError, UnicodeDecodeError):
        return None
    if not isinstance(payload, dict) or payload.get("model") != model_key:
        return None
    level = payload.get("level")
    rows = [tuple(pair) for pair in payload.get("rows", []) if isinstance(pair, list) and len(pair) == 2]
    if level not in ("section", "item") or not rows:
        return None
    return level, sorted(rows)
