"""Word exporter: renders a BriefingDocument to .docx with python-docx.

python-docx provides the package, styles and headers; the body is written as markup in one
pass (docx.writer), not with python-docx's convenience calls, which look styles up by
name and search the body for every paragraph, and so grow quadratic with length.
"""

from __future__ import annotations

from pathlib import Path

from docx.document import Document

from briefing.atomic import atomic_path
from briefing.docmodel import BriefingDocument
from briefing.errors import ExportError
from briefing.exporters import DocxSettings, ExportOptions, file_time
from briefing.exporters.docx.blocks import write_block
from briefing.exporters.docx.cover import write_contents, write_cover
from briefing.exporters.docx.fields import Bookmarks
from briefing.exporters.docx.numbering import Numbering
from briefing.exporters.docx.package import (
    empty_template,
    open_base,
    save_reproducibly,
    set_properties,
)
from briefing.exporters.docx.page import set_up_headers, set_up_page
from briefing.exporters.docx.palette import word_palette
from briefing.exporters.docx.styles import StyleSheet
from briefing.exporters.docx.writer import BodyWriter, Links


class DocxExporter:
    """Writes the Word version of a brief; returns warnings (styles created, logo left out)."""

    format_id = "docx"
    extension = ".docx"
    label = "Word"

    def export(self, document: BriefingDocument, path: Path,
               options: ExportOptions | None = None) -> tuple[str, ...]:
        """Write `document` to `path` atomically; raise ExportError or Cancelled, leaving
        any earlier file at `path` intact."""
        options = options or ExportOptions()
        path = Path(path)
        with atomic_path(path) as tmp:
            data, warnings = render(document, options)
            try:
                tmp.write_bytes(data)
            except OSError as exc:
                raise ExportError(f"{path}: cannot write the file: {exc.strerror or exc}") from exc
        return tuple(warnings)


def render(document: BriefingDocument, options: ExportOptions) -> tuple[bytes, list[str]]:
    """The .docx bytes for `document`, and any warnings."""
    warnings: list[str] = []
    total = len(document.blocks) + 2
    options.report(0, total)
    reference = DocxSettings.of(document).reference
    doc = open_base(reference)
    empty_template(doc)
    writer = _writer(doc, document, reference, warnings)
    if document.cover is not None:
        write_cover(writer, document, doc.part, warnings)
    if document.contents:
        write_contents(writer, document)
    options.report(1, total)
    section_breaks = document.style.section_page_breaks
    for done, block in enumerate(document.blocks, start=2):
        write_block(writer, block, section_breaks=section_breaks)
        options.report(done, total)
    writer.finish()
    when = file_time(document)
    set_properties(doc, document, when)
    data = save_reproducibly(doc, when, writer.markup())
    options.report(total, total)
    return data, warnings


def _writer(doc: Document, document: BriefingDocument, reference: Path | None,
            warnings: list[str]) -> BodyWriter:
    """Styles, numbering, page set-up and headers in place; a writer for the body."""
    palette = word_palette(document.style)
    numbering = Numbering(doc.part.numbering_part.element, palette)
    styles = StyleSheet(doc.styles.element, palette, numbering, keep_existing=reference is not None)
    if reference is not None and styles.created:
        warnings.append(f"{reference}: styles missing, created: {', '.join(styles.created)}")
    section = doc.sections[0]
    set_up_page(section, palette)
    set_up_headers(section, document, palette, styles)
    bookmarks = Bookmarks(document.link_targets())
    return BodyWriter(styles, numbering, Links(doc.part), bookmarks, palette)
