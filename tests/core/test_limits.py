"""briefing.limits: one table of text bounds, the same in the validator and the JSON Schema."""

from __future__ import annotations

import json
from pathlib import Path

from briefing import limits
from briefing.models import interchange_fields

SCHEMA = json.loads((Path(__file__).resolve().parents[2] / "docs" / "library.schema.json").read_text())
_DATES = {"established", "last_reviewed", "review_due", "date"}


def _schema_bound(prop: dict) -> int:
    return prop["items"]["maxLength"] if "maxItems" in prop else prop["maxLength"]


def test_every_item_field_but_sources_has_a_bound_and_the_schema_carries_it() -> None:
    for kind, bounds in limits.ITEM_TEXT.items():
        # A photo is bounded in bytes and pixels (limits.PHOTO_BYTES, PHOTO_SIDE), not characters.
        assert set(bounds) == set(interchange_fields(kind)) - {"sources", "photo"}, kind
        properties = SCHEMA["$defs"][kind]["properties"]
        for name, bound in bounds.items():
            if name in _DATES:  # a date is bounded by its pattern
                assert properties[name] == {"$ref": "#/$defs/isoDate"}
            else:
                assert _schema_bound(properties[name]) == bound, (kind, name)
    for name, bound in limits.SOURCE_TEXT.items():
        if name not in _DATES:
            assert _schema_bound(SCHEMA["$defs"]["source"]["properties"][name]) == bound


def test_messages_name_the_length_and_the_bound() -> None:
    assert limits.too_long("x" * 1001, 1000) == "too long: 1,001 characters, more than the 1,000 it may hold"
    assert limits.too_long("x" * 1000, 1000) is None
    assert limits.too_many(1001) == "too many entries: 1,001, more than the 1,000 it may hold"
    assert limits.too_many(1000) is None
