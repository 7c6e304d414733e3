"""A rich, hand-made BriefingDocument for exporter tests, with hostile and multi-script text."""

from __future__ import annotations

import datetime as dt

from briefing.docmodel import (
    BriefingDocument,
    BulletList,
    CellLink,
    Column,
    Cover,
    CoverField,
    FactTable,
    Heading,
    PageBreak,
    Paragraph,
    Properties,
    QuoteBlock,
    Sheet,
    SourceEntry,
    SourceList,
    Span,
    Style,
    Table,
)

HOSTILE = (
    "<b>&amp;</b> <para> <img src=\"x.png\"/> {{ name }} =HYPERLINK(\"http://x\") "
    "+1 -2 @SUM(A1) & < > \" '"
)
GREEK = "Ψηφιακή συνεργασία Ελλάδας–ΕΕ"
KOREAN = "한-EU 디지털 파트너십"
QUOTE_TEXT = (
    "The Digital Partnership will help us shape the digital transformation together, "
    "with trust and shared values."
)


def sample_document(
    *, marking: str | None = "OFFICIAL", draft: bool = False, extra_blocks: tuple = ()
) -> BriefingDocument:
    """A document using every block type, a cover, contents and all five register sheets."""
    blocks = (
        Heading("Objectives", 1, "sec-1"),
        BulletList((
            (Span("Agree the next steps on 6G research cooperation"),),
            (Span("Welcome progress on semiconductors: "), Span(KOREAN, bold=True)),
        ), role="numbered"),
        Heading("Background", 1, "sec-2"),
        Paragraph((Span("Partnerships at the heart of this meeting."),), role="intro"),
        Heading("ROK-EU Digital Partnership", 2, "item-partnership-rok-eu"),
        FactTable((
            ("Partners", "European Union; Republic of Korea"),
            ("Established", "28 November 2022"),
            ("Level", "Ministerial council"),
            ("Status", "Active"),
        )),
        Paragraph((Span("A framework for cooperation on digital technologies. " + HOSTILE),)),
        Heading("Key facts", 3, "item-partnership-rok-eu-facts", in_contents=False),
        BulletList(((Span("First Digital Partnership Council held in Seoul"),), (Span(GREEK),))),
        Paragraph((Span("Note: "), Span("Lead on semiconductors.", italic=True)), role="note"),
        Paragraph((Span("Sources: "), Span("[1]", href="#src-1"), Span(", "), Span("[2]", href="#src-2")), role="meta"),
        Heading("Lines to take", 1, "sec-3"),
        BulletList(((Span("We value the partnership."),), (Span("=SUM(A1:A3)"),)), role="lines"),
        BulletList(((Span("If pressed: cooperation continues."),),), role="defensive"),
        QuoteBlock(QUOTE_TEXT, "Margrethe Vestager, Executive Vice-President, European Commission, 28 November 2022"),
        QuoteBlock("디지털 파트너십은 중요합니다.", "Lee Jong-Ho, Minister of Science and ICT, 2022",
                   translation="The digital partnership matters."),
        Table(("Meeting", "Date", "Outcome"), tuple(
            ((Span(f"Working group meeting {n}"),), (Span(f"{n} May 2023"),), (Span("Agreed " + "work plan " * 3),))
            for n in range(1, 31)
        ), widths=(3, 2, 4)),
        *extra_blocks,
        PageBreak(),
        Heading("Sources", 1, "sources"),
        SourceList((
            SourceEntry(1, "src-1", (Span("ROK-EU Digital Partnership", href="https://digital-strategy.ec.europa.eu/"), Span(". European Commission, 2022."))),
            SourceEntry(2, "src-2", (Span("Internal note (javascript:alert(1))"), Span(". Ministry, March 2024."))),
        )),
    )
    register = (
        Sheet("Overview", (Column("field", "Field", width=22), Column("value", "Value", "long", width=80)), (
            ("Title", "Brief for the ROK-EU Digital Partnership Council"),
            ("Meeting date", "2024-03-26"),
            ("Marking", marking or ""),
        )),
        Sheet("Partnerships", (
            Column("section", "Section"), Column("position", "Position", "number"),
            Column("id", "ID"), Column("name", "Name"), Column("established", "Established", "date"),
            Column("summary", "Summary", "long"),
        ), (
            ("Background", 1, "rok-eu", "ROK-EU Digital Partnership", "2022-11-28", HOSTILE),
            ("Background", 2, "eu-us-ttc", "EU-US Trade and Technology Council", "2021-06", "=1+1"),
        )),
        Sheet("Priorities", (
            Column("section", "Section"), Column("position", "Position", "number"),
            Column("id", "ID"), Column("title", "Title"), Column("summary", "Summary", "long"),
        ), (("Lines to take", 1, "semiconductors", "Semiconductors", GREEK),)),
        Sheet("Quotes", (
            Column("section", "Section"), Column("position", "Position", "number"),
            Column("id", "ID"), Column("speaker", "Speaker"), Column("date", "Date", "date"),
            Column("text", "Quote", "long"),
        ), (("Lines to take", 1, "vestager-2022", "Margrethe Vestager", "2022-11-28", QUOTE_TEXT),
            ("Lines to take", 2, "lee-2022", "Lee Jong-Ho", "2022", KOREAN))),
        Sheet("Sources", (
            Column("number", "No.", "number"), Column("title", "Title"), Column("publisher", "Publisher"),
            Column("date", "Date", "date"), Column("url", "URL", "link"),
        ), (
            (1, "ROK-EU Digital Partnership", "European Commission", "2022",
             CellLink("https://digital-strategy.ec.europa.eu/", "https://digital-strategy.ec.europa.eu/")),
            (2, "Internal note", "Ministry", "2024-03", "javascript:alert(1)"),
        )),
    )
    return BriefingDocument(
        properties=Properties(
            title="Brief for the ROK-EU Digital Partnership Council",
            author="International Digital Relations Unit",
            subject="Digital Partnership Council, Seoul",
            keywords=("Korea", "digital partnership"),
            category=marking,
            created=dt.datetime(2024, 3, 1, 9, 0, tzinfo=dt.UTC),
        ),
        style=Style(),
        marking=marking,
        draft=draft,
        cover=Cover(
            title="Brief for the ROK-EU Digital Partnership Council",
            subtitle="Second meeting of the Council",
            fields=(
                CoverField("Meeting", "Digital Partnership Council"),
                CoverField("Date", "26 March 2024"),
                CoverField("Location", "Seoul"),
                CoverField("Requested by", "Director-General"),
                CoverField("Contact", "A. Officer, officer@example.org", href="mailto:officer@example.org"),
            ),
            objectives=("Secure agreement on a joint 6G research call", "Agree the semiconductor dialogue"),
        ),
        contents=True,
        blocks=blocks,
        sheets=register,
        template_name="ministerial-brief",
    )
