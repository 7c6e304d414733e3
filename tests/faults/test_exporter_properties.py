"""Arbitrary Unicode in every field of a small pack: all three exporters write it, and it reads back."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings

from briefing.dates import for_readers
from tests.faults import tally
from tests.faults.generated_pack import COVERED_SET, FIELDS, RAW_FIELDS, Built, build_all, expected
from tests.faults.readback import (
    docx_text,
    docx_title,
    pdf_outline_titles,
    pdf_text,
    squash,
    xlsx_rows,
)

DEFAULT = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SLOW = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
# Hand-picked inputs that have broken exporters elsewhere: markup, formulas, entities,
# decomposed Korean, right-to-left text, emoji, and whitespace at the ends.
HOSTILE = {
    "title": "<b>&amp;</b> <para> {{ title }}", "summary": "=HYPERLINK(\"javascript:x\")",
    "text": "\u1112\u1161\u11ab\u1100\u116e\u11a8 NFD", "speaker": "@SUM(A1) +1 -2",
    "note_p": "  spaced  ", "context": "שלום مرحبا 🙂", "intro": "line one\nline two\tx",
    "key_fact": "&lt;not an entity&gt; &#x41;", "section": "<img src=\"x.png\"/>",
    "role": "_x000D_ and _x0041_ as typed",  # Excel's own escapes, which must stay literal
}


def heading_of_partnership(shown: dict[str, str]) -> str:
    """What the brief's heading for the generated partnership reads."""
    name, short = shown["name"], shown["short_name"]
    return name + (f" ({short})" if short not in name else "")


def spaced(text: str) -> str:
    """`text` with each run of whitespace as one space, and none at the ends."""
    return " ".join(text.split())


def check_docx(path: Path, shown: dict[str, str]) -> None:
    text = docx_text(path)
    missing = [name for name in FIELDS if name not in ("tag", "language") and shown[name] not in text]
    assert not missing, f"docx lacks {missing}: {[shown[m] for m in missing]}"
    assert docx_title(path) == shown["title"]


def check_pdf(path: Path, shown: dict[str, str]) -> None:
    # Bookmarks are compared with runs of whitespace as one space: PDF outlines are one line.
    titles = [spaced(title) for title in pdf_outline_titles(path)]
    headings = [shown["section"], heading_of_partnership(shown), shown["title_r"],
                f"{shown['speaker']}, {for_readers('2024-03-26')}"]
    assert [h for h in map(spaced, headings) if h not in titles] == [], titles
    text = pdf_text(path)
    covered = [name for name in FIELDS if name not in ("tag", "language")
               and set(shown[name]) <= COVERED_SET]
    tally.count("pdf text comparisons", len(covered))
    assert [name for name in covered if squash(shown[name]) not in text] == []


def check_xlsx(path: Path, shown: dict[str, str]) -> None:
    sheets = xlsx_rows(path)
    overview = {row["Field"]: row["Value"] for row in sheets["Overview"]}
    contact = ", ".join(shown[k] for k in ("contact_name", "contact_email", "contact_phone"))
    assert {
        "Title": shown["title"], "Subtitle": shown["subtitle"], "Meeting": shown["meeting"],
        "Location": shown["location"], "Audience": shown["audience"], "Prepared by": shown["author"],
        "Requested by": shown["requested_by"], "Contact": contact, "Attendees": shown["attendee"],
        "Objectives": shown["objective"], "Revision": shown["revision"],
    }.items() <= overview.items()
    [partnership] = sheets["Partnerships"]
    assert {"Section": shown["section"], "Name": shown["name"], "Short name": shown["short_name"],
            "Partners": shown["partner"], "Level": shown["level"], "Status": shown["status"],
            "Summary": shown["summary"], "Key facts": shown["key_fact"], "Tags": shown["tag"],
            "Note": shown["note_p"]}.items() <= partnership.items()
    [priority] = sheets["Priorities"]
    assert {"Title": shown["title_r"], "Summary": shown["summary_r"], "Lines to take": shown["line"],
            "Defensive lines": shown["defensive"], "Note": shown["note_r"]}.items() <= priority.items()
    [quote] = sheets["Quotes"]
    assert {"Speaker": shown["speaker"], "Role": shown["role"], "Organisation": shown["organisation"],
            "Quote": shown["text"], "Translation": shown["translation"], "Context": shown["context"],
            "Language": shown["language"], "Note": shown["note_q"]}.items() <= quote.items()
    [source] = sheets["Sources"]
    assert (source["Title"], source["Publisher"]) == (shown["source_title"], shown["publisher"])


def check_all(raw: dict[str, str]) -> None:
    tally.count("generated inputs")
    shown = expected(raw)
    with tempfile.TemporaryDirectory() as folder:
        built: Built = build_all(raw, Path(folder))
        check_docx(built.docx, shown)
        check_pdf(built.pdf, shown)
        check_xlsx(built.xlsx, shown)


@DEFAULT
@given(RAW_FIELDS)
@example({name: HOSTILE.get(name, f"{name} \x00\x1b\ud800 ☃") for name in FIELDS})
def test_every_field_survives_all_three_formats(raw: dict[str, str]) -> None:
    check_all(raw)


@pytest.mark.slow
@SLOW
@given(RAW_FIELDS)
def test_every_field_survives_all_three_formats_at_length(raw: dict[str, str]) -> None:
    check_all(raw)
