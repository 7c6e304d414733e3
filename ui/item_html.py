"""An item's fields as simple HTML for the inspector (escaped: library text is data, not markup)."""

from __future__ import annotations

from collections.abc import Callable
from html import escape

from PySide6.QtCore import QBuffer, QByteArray, QIODevice
from PySide6.QtGui import QImageReader

from briefing import dates, photos
from briefing.links import safe_url
from briefing.models import DATE_FIELDS, LINK_FIELDS, Item
from ui.summaries import KIND_LABELS, is_stale

# Field → label, in the order the inspector shows them, per kind.
_FIELDS = {
    "partnership": (("short_name", "Short name"), ("partners", "Partners"), ("established", "Established"),
                    ("level", "Level"), ("status", "Status"), ("summary", "Summary"),
                    ("key_facts", "Key facts"), ("priorities", "Priorities")),
    "priority": (("summary", "Summary"), ("lines_to_take", "Lines to take"),
                 ("defensive_lines", "Defensive lines"), ("partnerships", "Partnerships")),
    "quote": (("text", "Text"), ("speaker", "Speaker"), ("role", "Role"), ("organisation", "Organisation"),
              ("date", "Date"), ("language", "Language"), ("translation", "Translation"),
              ("context", "Context"), ("partnerships", "Partnerships"), ("priorities", "Priorities")),
    "person": (("role", "Role"), ("organisation", "Organisation"), ("country", "Country"),
               ("biography", "Biography"), ("pronunciation", "Pronunciation"), ("languages", "Languages"),
               ("partnerships", "Partnerships")),
}
_DATES = {"established", "date", "last_reviewed", "review_due"}
# The inspector shows a person's photo this many pixels on its longer side at most.
PHOTO_SIDE = 96


def _value(name: str, value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, tuple):
        if not value:
            return ""
        return "<ul>" + "".join(f"<li>{escape(str(v))}</li>" for v in value) + "</ul>"
    text = str(value)
    if name in _DATES and dates.is_iso(text):
        text = dates.for_readers(text)
    return escape(text).replace("\n", "<br>")


def item_html(item: Item, title_of: Callable[[str, str], str] | None = None) -> str:
    """The whole item: heading, review state, fields (links by title), tags and numbered sources."""
    links = LINK_FIELDS[item.kind]
    parts = [f"<h3>{escape(item.label)}</h3>",
             f"<p><i>{KIND_LABELS[item.kind]}</i> · <code>{escape(item.id)}</code>"
             + (f" · {escape(item.marking)}" if item.marking else "") + "</p>"]
    if is_stale(item.review_due):
        parts.append(f"<p style='color:#9a5b00'><b>Past its review date</b> "
                     f"({escape(dates.for_readers(item.review_due))}): check it before use.</p>")
    photo = getattr(item, "photo", None)
    if isinstance(photo, bytes):
        parts.append(_photo(photo, item.label))
    parts += _invalid_dates(item)
    rows = []
    for name, label in _FIELDS[item.kind]:
        value = getattr(item, name)
        if name in links and title_of is not None:
            value = tuple(sorted((title_of(links[name], item_id) for item_id in value), key=str.casefold))
        shown = _value(name, value)
        if shown:
            rows.append(f"<tr><td valign='top'><b>{label}</b></td><td>{shown}</td></tr>")
    for name, label in (("tags", "Tags"), ("last_reviewed", "Last reviewed"), ("review_due", "Review due")):
        value = getattr(item, name)
        shown = escape(", ".join(value)) if isinstance(value, tuple) else _value(name, value or "")
        if shown:
            rows.append(f"<tr><td valign='top'><b>{label}</b></td><td>{shown}</td></tr>")
    parts.append("<table cellspacing='4'>" + "".join(rows) + "</table>")
    parts.append(_sources(item))
    return "".join(parts)


def _photo(data: bytes, name: str) -> str:
    """The photo, small, as an <img> with a data: URI (the size read from its header, aspect kept)."""
    buffer = QBuffer()
    buffer.setData(QByteArray(data))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    size = QImageReader(buffer).size()
    width, height = max(size.width(), 1), max(size.height(), 1)
    scale = min(1.0, PHOTO_SIDE / max(width, height))
    return (f"<p><img src='{photos.to_data_uri(data)}' width='{max(1, round(width * scale))}' "
            f"height='{max(1, round(height * scale))}' alt='{escape(name, quote=True)}'></p>")


def _invalid_dates(item: Item) -> list[str]:
    """A warning per stored date the date rule refuses (kept from before the rule was tightened)."""
    labels = dict(_FIELDS[item.kind])
    labels.update(last_reviewed="Last reviewed", review_due="Review due")
    return [f"<p style='color:#a4262c'><b>{labels.get(name, name)}: “{escape(value)}” is not a valid "
            "date</b> (YYYY, YYYY-MM or YYYY-MM-DD, year 0001–9999): edit the item to correct it.</p>"
            for name in DATE_FIELDS[item.kind]
            if isinstance(value := getattr(item, name), str) and value and not dates.is_iso(value)]


def _sources(item: Item) -> str:
    if not item.sources:
        return "<p style='color:#9a5b00'><b>No sources</b>: this item is unsourced.</p>"
    entries = []
    for source in item.sources:
        title = escape(source.title)
        url = safe_url(source.url) if source.url else None
        if url:
            title = f"<a href='{escape(url, quote=True)}'>{title}</a>"
        extra = ", ".join(escape(x) for x in (source.publisher, dates.for_readers(source.date)
                                              if source.date and dates.is_iso(source.date) else source.date) if x)
        entries.append(f"<li>{title}{', ' + extra if extra else ''}</li>")
    return "<p><b>Sources</b></p><ol>" + "".join(entries) + "</ol>"
