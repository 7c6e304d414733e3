"""Hostile input for the acceptance tests: library items and a pack full of text that must stay text.

Every string is typed once here with what a reader must see; the expected forms are written
out by hand (never computed with the code under test).
"""

from __future__ import annotations

import unicodedata
from typing import Any

from briefing.models import Partnership, Priority, Quote, Source


def sized(prefix: str, length: int, word: str = "word") -> str:
    """`prefix` followed by numbered words, exactly `length` characters, ending in a letter."""
    parts = [prefix]
    number = 0
    while sum(map(len, parts)) < length:
        number += 1
        parts.append(f" {word}{number:05d}")
    text = "".join(parts)[:length]
    return text if not text.endswith(" ") else text[:-1] + "x"


def nfd(text: str) -> str:
    """`text` decomposed (NFD), as some keyboards and macOS file names deliver it."""
    decomposed = unicodedata.normalize("NFD", text)
    assert decomposed != text
    return decomposed


TITLE = sized('<Title> & {{ t }} =A1 Ψηφιακή 한국', 300, "title")
LONG_QUOTE = sized('<q> & {{ quote }} =1+1 <para> "Ψ" 한국', 40_000)
NFC_AUDIENCE = "Délégation Ψηφιακή 한국 audience"
NFC_FACT = "Fact café 한국어 ψήφος"
NFC_TRANSLATION = "Traduction café ψυχή 한국어"

# typed → shown, for the pack's own fields (read from the .briefpack file).
PACK_TEXT = {
    "subtitle": ('Subtitle <para> &amp; <img src="x.png"> {{ sub }}',) * 2,
    "meeting": ('=HYPERLINK("http://x","meeting")',) * 2,
    "location": ("한-EU 서울 <회의장>",) * 2,
    "audience": (nfd(NFC_AUDIENCE), NFC_AUDIENCE),
    "author": ("<Unit> & Co {{ author }}",) * 2,
    "requested_by": ("@requester <b>x</b>",) * 2,
    "revision": ("{{ rev }} v0.1",) * 2,
    "objective formula": ("=1+1 objective",) * 2,
    "objective plus": ("+objective plus",) * 2,
    "objective control": ("ctrl\x00\x01 objective\x1b end\x7f", "ctrl objective end"),
    "attendee minus": ("-Attendee minus",) * 2,
    "attendee greek": ("Ψ attendee Ω",) * 2,
    "section one": ("<Section one> & {{ s1 }}",) * 2,
    "section two": ("=SUM(1,2) quotes section",) * 2,
    "intro": ('Intro\x00 <img src="x.png"> & {{ intro }}\x08', 'Intro <img src="x.png"> & {{ intro }}'),
    "note minus": ("-note minus <para>",) * 2,
    "note formula": ("=1+2 note formula",) * 2,
    "note at": ("@note at",) * 2,
}
CONTACT = {"name": "+Desk & <officer>", "email": "desk@example.org", "phone": "+32 2 000 00 00"}

# typed → shown, for the library items' fields.
ITEM_TEXT = {
    "partnership name": ("<Partners & Co> {{ p }}",) * 2,
    "partnership summary": ('Summary <para>bold</para> &lt; & {{ summary }} <img src="x.png">',) * 2,
    "partner greek": ("Ελλάδα Ψηφιακή",) * 2,
    "partner korean": ("대한민국 partner",) * 2,
    "level": ("+Level plus",) * 2,
    "status": ("-Status minus",) * 2,
    "fact formula": ('=HYPERLINK("http://x","fact")',) * 2,
    "fact at": ("@fact at",) * 2,
    "fact nfd": (nfd(NFC_FACT), NFC_FACT),
    "fact control": ("fact\x07 with\x1b controls\x0c end\x9f", "fact with controls end"),
    "priority title": ('=1+1 <title> & "quoted"',) * 2,
    "priority summary": ("한-EU 디지털 파트너십: Ψηφιακή συνεργασία",) * 2,
    "line plus": ("+line plus",) * 2,
    "line minus": ("-line minus",) * 2,
    "line at": ("@line at",) * 2,
    "line markup": ("<line> & {{ line }}",) * 2,
    "defensive formula": ('=HYPERLINK("http://x","defensive")',) * 2,
    "speaker": ("@Speaker <Ψ> 한국",) * 2,
    "role": ("-Role minus",) * 2,
    "organisation": ("+Org & <co>",) * 2,
    "long quote context": ("Context <para> {{ ctx }}",) * 2,
    "quote text": ('=HYPERLINK("http://x","quote") 디지털 Ψ',) * 2,
    "quote speaker": ("Κυρία <Speaker>",) * 2,
    "translation": (nfd(NFC_TRANSLATION), NFC_TRANSLATION),
    "quote context": ("ctx\x01 control\x1b", "ctx control"),
    "source evil": ("Evil <source> & co",) * 2,
    "source safe": ("Safe source & more",) * 2,
    "source quote": ("Quote <source> & {{ s }}",) * 2,
    "publisher": ("@publisher",) * 2,
}
SAFE_URL = "https://example.org/report?a=1&b=2"
QUOTE_URL = "https://example.org/q"
UNSAFE_URLS = ("javascript:alert(1)", "JavaScript:alert(2)", " javascript:alert(3)",
               "data:text/html,<script>alert(4)</script>", "vbscript:msgbox(5)")


def typed(key: str) -> str:
    """What the user typed for `key` (pack or item field)."""
    return {**PACK_TEXT, **ITEM_TEXT}[key][0]


def shown(key: str) -> str:
    """What every output must show for `key`."""
    return {**PACK_TEXT, **ITEM_TEXT}[key][1]


def items() -> list[Partnership | Priority | Quote]:
    """The hostile items, in an order the store accepts (a link's target first)."""
    t = typed
    partnership = Partnership(
        id="hostile-partnership", name=t("partnership name"), summary=t("partnership summary"),
        partners=(t("partner greek"), t("partner korean")), established="2022-11-28",
        level=t("level"), status=t("status"),
        key_facts=(t("fact formula"), t("fact at"), t("fact nfd"), t("fact control")),
        sources=(Source(title=t("source evil"), publisher=t("publisher"), url=UNSAFE_URLS[0]),
                 Source(title=t("source safe"), url=SAFE_URL, date="2024-03-26")),
        marking="SENSITIVE",
    )
    priority = Priority(
        id="hostile-priority", title=t("priority title"), summary=t("priority summary"),
        lines_to_take=(t("line plus"), t("line minus"), t("line at"), t("line markup")),
        defensive_lines=(t("defensive formula"),), partnerships=("hostile-partnership",),
        sources=tuple(Source(title=f"Unsafe source {n}", url=url)
                      for n, url in enumerate(UNSAFE_URLS[1:], start=2)),
        review_due="2020-01-01", marking="OFFICIAL",
    )
    long_quote = Quote(
        id="hostile-long-quote", text=LONG_QUOTE, speaker=t("speaker"), role=t("role"),
        organisation=t("organisation"), date="2024-03-26", context=t("long quote context"),
        language="en", partnerships=("hostile-partnership",), sources=(Source(title="Long quote source"),),
    )
    quote = Quote(
        id="hostile-quote", text=t("quote text"), speaker=t("quote speaker"), translation=t("translation"),
        context=t("quote context"), language="el", priorities=("hostile-priority",),
        sources=(Source(title=t("source quote"), publisher=t("publisher"), url=QUOTE_URL),),
    )
    return [partnership, priority, long_quote, quote]


def pack() -> dict[str, Any]:
    """The hostile pack as JSON data, exactly as a user's file would hold it."""
    t = typed
    return {
        "format": "briefing-pack", "version": 1, "title": TITLE, "subtitle": t("subtitle"),
        "meeting": {"name": t("meeting"), "date": "2027-03-15", "location": t("location")},
        "audience": t("audience"), "author": t("author"),
        "objectives": [t("objective formula"), t("objective plus"), t("objective control")],
        "marking": "OFFICIAL", "template": "ministerial-brief", "requested_by": t("requested_by"),
        "contact": CONTACT, "attendees": [t("attendee minus"), t("attendee greek")],
        "revision": t("revision"),
        "sections": [
            {"title": t("section one"), "intro": t("intro"), "items": [
                {"kind": "priority", "id": "hostile-priority", "note": t("note minus")},
                {"kind": "partnership", "id": "hostile-partnership", "note": t("note formula")},
            ]},
            {"title": t("section two"), "items": [
                {"kind": "quote", "id": "hostile-long-quote", "note": t("note at")},
                {"kind": "quote", "id": "hostile-quote"},
            ]},
        ],
    }
