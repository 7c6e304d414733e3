"""Lays a BriefingDocument out once: cover, reserved contents pages, body; writes the PDF.

See `contents.py` for how the contents get page numbers without a second layout pass.
"""

from __future__ import annotations

import functools
import os
from pathlib import Path
from typing import Any

from reportlab.lib.pagesizes import A4, LETTER
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    PageBreak,
    PageTemplate,
    Spacer,
)

from briefing import dates
from briefing.docmodel import BriefingDocument
from briefing.errors import BriefingError, ExportError
from briefing.exporters import ExportOptions
from briefing.exporters.pdf.blocks import BlockRenderer
from briefing.exporters.pdf.contents import ContentsPages, ContentsPlan
from briefing.exporters.pdf.cover import cover_flowables
from briefing.exporters.pdf.flowables import ContentsMarker, HeadingMarks
from briefing.exporters.pdf.fonts import ScriptSplitter
from briefing.exporters.pdf.markup import MarkupWriter
from briefing.exporters.pdf.page import FinishingCanvas, PageDecorator, PageGeometry
from briefing.exporters.pdf.story import Story
from briefing.exporters.pdf.styles import Palette, build_styles, palette

_MM = 72 / 25.4
CREATOR = "Briefing Pack Builder"
_OUTLINE_TITLE = 300  # characters of a heading an outline entry shows


class BriefDocTemplate(BaseDocTemplate):
    """Records each heading's page, adds level 1-2 headings to the outline and reports
    progress (which is also where a cancel request stops the layout)."""

    def __init__(self, filename: str, *, total: int, options: ExportOptions,
                 **kwargs: Any) -> None:
        super().__init__(filename, **kwargs)
        self.total = total
        self.done = 0
        self.options = options
        self.page_of: dict[int, int] = {}  # heading key -> page
        self._next_report = 0
        self.contents_page_numbers: list[int] = []
        self._outline_level = -1

    def afterFlowable(self, flowable: Flowable) -> None:
        """Note headings and contents pages; report progress."""
        if isinstance(flowable, HeadingMarks):
            self.page_of.setdefault(flowable.key, self.page)
            if flowable.in_contents and flowable.level <= 2:
                self._add_outline(flowable)
        elif isinstance(flowable, ContentsMarker):
            self.contents_page_numbers.append(self.page)
        # Split parts come back here too, and page breaks never do: count up to one short
        # of the total; write_pdf reports the total once the file is saved. Reports (and
        # cancel checks) come every 0.25% of the work, not for each of 50,000 flowables.
        self.done += 1
        if self.done >= self._next_report:
            self._next_report = self.done + max(1, self.total // 400)
            self.options.report(min(self.done, self.total - 1), self.total)

    def _add_outline(self, heading: HeadingMarks) -> None:
        if self._outline_level < 0:
            self.canv.showOutline()  # open with the bookmarks panel showing
        # An outline level may go at most one deeper than the one before it.
        level = min(heading.level - 1, self._outline_level + 1)
        self._outline_level = level
        title = " ".join(heading.title[:_OUTLINE_TITLE * 4].split())[:_OUTLINE_TITLE + 1] or "—"
        if len(title) > _OUTLINE_TITLE:
            title = title[:_OUTLINE_TITLE].rstrip() + "…"
        self.canv.addOutlineEntry(title, heading.anchor, level=level, closed=False)


def geometry(document: BriefingDocument) -> PageGeometry:
    """Page size and margins from the document's style (sane fallbacks for odd values)."""
    width, height = LETTER if document.style.page_size == "Letter" else A4
    margins = [m * _MM for m in document.style.margins_mm]
    top, right, bottom, left = (margins + [20 * _MM] * 4)[:4]
    return PageGeometry(width, height, top, right, bottom, left)


def write_pdf(document: BriefingDocument, path: Path, options: ExportOptions) -> list[str]:
    """Lay `document` out once and write it to `path`; returns warnings (none so far: the
    document's own, such as a logo left out, are the builder's)."""
    g = geometry(document)
    pal = palette(document.style)
    markup = MarkupWriter(ScriptSplitter(document.style.body_font), pal.accent_hex,
                          link_targets(document))
    story, plan = _story(document, g, pal, markup)
    decorator = PageDecorator(
        g, pal, markup.splitter, marking=document.marking,
        header=document.style.marking_in_header, footer=document.style.marking_in_footer,
        page_numbers=document.style.page_numbers, draft=document.draft,
        title=document.properties.title,
    )
    doc = _template(document, str(path), g, decorator, total=len(story), options=options)
    if plan is not None:
        decorator.contents = ContentsPages(plan, doc.contents_page_numbers, doc.page_of)
    canvasmaker = functools.partial(FinishingCanvas, finish=decorator.finish,
                                    created=document.properties.created)
    doc.build(story, canvasmaker=canvasmaker)  # consumes the story
    options.report(doc.total, doc.total)
    return []


def _story(document: BriefingDocument, g: PageGeometry, pal: Palette,
           markup: MarkupWriter) -> tuple[Story, ContentsPlan | None]:
    """Cover, reserved contents pages and body, and the plan of the contents.

    Only the story keeps the flowables: once laid out and drawn, each is dropped with its
    lines (nothing else may hold the body, or memory grows with the document)."""
    styles = build_styles(pal)
    renderer = BlockRenderer(styles, pal, markup, g.frame[2], g.frame[3])
    body = renderer.render(document.blocks, section_breaks=document.style.section_page_breaks)
    front: list[Flowable] = []
    if document.cover is not None:
        shown = document.style.marking_in_header or document.style.marking_in_footer
        front += cover_flowables(document.cover, None if shown else document.marking, styles,
                                 pal, markup, g.frame[2])
        front.append(PageBreak())
    entries = [h for h in renderer.headings if h.in_contents and h.level <= 2]
    plan = None
    if document.contents and entries:
        plan = ContentsPlan(entries, pal, styles["contents_title"], markup, g.frame)
        for i in range(len(plan.pages)):
            front += [ContentsMarker(i), PageBreak()]
    # An empty document still gets its one page (with marking and page number).
    return Story(front + body or [Spacer(1, 1)]), plan


def link_targets(document: BriefingDocument) -> frozenset[str]:
    """Anchors that internal links may point to: headings and source entries."""
    return frozenset(document.link_targets())


def _template(document: BriefingDocument, filename: str, g: PageGeometry,
              decorator: PageDecorator, **kwargs: Any) -> BriefDocTemplate:
    props = document.properties
    # PDF has no category field (Word keeps the marking there): the marking leads the
    # keywords, so that it travels with the file's properties as well.
    marking = props.category or document.marking
    keywords = ([marking] if marking else []) + [k for k in props.keywords if k != marking]
    reproducible = _reproducible()
    fx, fy, fw, fh = g.frame
    frame = Frame(fx, fy, fw, fh, leftPadding=0, rightPadding=0, topPadding=0,
                  bottomPadding=0, id="body")
    doc = BriefDocTemplate(
        filename, pagesize=(g.width, g.height), leftMargin=g.left, rightMargin=g.right,
        topMargin=g.top, bottomMargin=g.bottom, title=props.title, author=props.author or "",
        subject=props.subject or "", keywords=keywords, creator=CREATOR, producer=CREATOR,
        invariant=1 if reproducible else 0, displayDocTitle=1, lang="en",
        initialFontName=decorator.p.body_font, **kwargs,
    )
    doc.addPageTemplates([PageTemplate(id="page", frames=[frame], onPage=decorator.on_page,
                                       onPageEnd=decorator.on_page_end)])
    return doc


def _reproducible() -> bool:
    """True when SOURCE_DATE_EPOCH asks for reproducible output. reportlab reads it too and
    fails on anything but an integer, so a bad value is named first, by dates.build_time."""
    try:
        dates.build_time()
    except BriefingError as exc:
        raise ExportError(exc.problems) from None
    return bool(os.environ.get("SOURCE_DATE_EPOCH", "").strip())
