"""The .docx package: the base template (checked, emptied), properties, and a reproducible zip."""

from __future__ import annotations

import datetime as dt
import functools
import io
from pathlib import Path

import docx
from docx.document import Document
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from lxml import etree

from briefing import safezip
from briefing.docmodel import BriefingDocument
from briefing.errors import ExportError, ValidationError
from briefing.exporters.docx.markup import parse_body
from briefing.exporters.docx.ooxml import R_NS, W_NS, W
from briefing.exporters.zipfiles import repack
from briefing.template_files import REFERENCE_LIMITS
from briefing.text import clean, truncate

CORE_PROPERTY_LIMIT = 255
BODY_PLACEHOLDER = "briefing-body-4f1c9a2e"
CORE_NS = "http://schemas.openxmlformats.org/package/2006/metadata/core-properties"
STYLES_WITH_EFFECTS = "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"
_CONTENT_RELS = {RT.HYPERLINK, RT.IMAGE, RT.HEADER, RT.FOOTER, RT.OLE_OBJECT, RT.PACKAGE,
                 RT.CHART, RT.DIAGRAM_DATA, RT.DIAGRAM_LAYOUT, RT.DIAGRAM_QUICK_STYLE,
                 RT.DIAGRAM_COLORS, STYLES_WITH_EFFECTS}
_KEPT_TABLE_STYLES = ("TableNormal", "TableGrid")
# Settings that would prompt on opening, or reach out to other files, or hide pages.
_UNWANTED_SETTINGS = ("updateFields", "attachedTemplate", "evenAndOddHeaders",
                      "documentProtection", "writeProtection", "linkStyles")


def open_base(reference: Path | None) -> Document:
    """python-docx's default template (trimmed), or the checked reference.docx."""
    if reference is None:
        return docx.Document(io.BytesIO(_trimmed_default()))
    _check_reference(reference)
    try:
        return docx.Document(str(reference))
    except Exception as exc:  # python-docx raises many types for a broken package
        raise ExportError(f"{reference}: not a readable Word file ({exc})") from exc


@functools.lru_cache(maxsize=1)
def _trimmed_default() -> bytes:
    """python-docx's default template without its 98 unused table styles and extra parts.

    They make up nine tenths of its XML, which every export would otherwise parse, write
    and compress; Word offers its built-in table styles whether or not a file defines them.
    """
    doc = docx.Document()
    styles = doc.styles.element
    for style in list(styles.iter(W + "style")):
        if style.get(W + "type") == "table" and style.get(W + "styleId") not in _KEPT_TABLE_STYLES:
            styles.remove(style)
    empty_template(doc)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def _check_reference(path: Path) -> None:
    """Refuse a reference.docx that is missing, not a Word file, or would unpack to too much:
    the checks every untrusted Word container gets (briefing.safezip), here at export time
    too, as the file may have changed since the template was loaded."""
    try:
        safezip.check_zip(path, safezip.DOCX, limits=REFERENCE_LIMITS)
    except ValidationError as exc:
        raise ExportError(list(exc.problems)) from None


def empty_template(doc: Document) -> None:
    """Keep the template's styles and page set-up, drop its content, headers and extras."""
    body = doc.element.body
    sect_pr = body.get_or_add_sectPr()  # optional in a .docx; python-docx needs one
    for child in list(body):
        if child is not sect_pr:
            body.remove(child)
    for name in ("headerReference", "footerReference", "titlePg"):
        for node in sect_pr.findall(W + name):
            sect_pr.remove(node)
    rels = doc.part.rels
    for rid, rel in list(rels.items()):
        if rel.reltype in _CONTENT_RELS or rel.is_external:
            del rels[rid]
    package_rels = doc.part.package.rels
    for rid in [rid for rid, rel in package_rels.items() if rel.reltype == RT.THUMBNAIL]:
        del package_rels[rid]  # a picture of the template's first page, not of this brief
    _clean_settings(doc)


def _clean_settings(doc: Document) -> None:
    root = doc.settings.element
    settings_part = doc.part.part_related_by(RT.SETTINGS)
    for name in _UNWANTED_SETTINGS:
        for node in root.findall(W + name):
            root.remove(node)
    for rid in [rid for rid, rel in settings_part.rels.items() if rel.is_external]:
        del settings_part.rels[rid]


def set_properties(doc: Document, document: BriefingDocument, when: dt.datetime) -> None:
    """Core properties from the document, cut to their limits; dates and editor fixed."""
    props = document.properties
    core = doc.core_properties
    core.title = _limit(props.title)
    core.author = _limit(props.author)
    core.subject = _limit(props.subject)
    core.keywords = _limit(", ".join(props.keywords))
    core.category = _limit(props.category or document.marking)
    core.last_modified_by = _limit(props.author)
    for name in ("comments", "content_status", "identifier", "language", "version"):
        setattr(core, name, "")
    core.revision = 1
    core.created = core.modified = when
    # python-docx can set lastPrinted but not remove it: on the part's documented element.
    element = doc.part.package.part_related_by(RT.CORE_PROPERTIES).element
    for last_printed in element.findall(f"{{{CORE_NS}}}lastPrinted"):
        element.remove(last_printed)


def _limit(value: str | None) -> str:
    return truncate(clean(value or ""), CORE_PROPERTY_LIMIT)


def save_reproducibly(doc: Document, when: dt.datetime, body_markup: str) -> bytes:
    """The package as bytes with `body_markup` as the body, re-zipped with fixed entry times,
    order and compression.

    The body goes in as text where a placeholder comment was serialized: parsing it into
    the tree only for python-docx to serialize it again would cost more than the rest.
    """
    placeholder = _place_body(doc, body_markup)
    raw = io.BytesIO()
    doc.save(raw)
    main_part = doc.part.partname.membername
    body = body_markup.encode("utf-8")

    def with_body(name: str, data: bytes) -> bytes:
        # Our own placeholder comment, unique and written by lxml as given: never user text.
        if name == main_part and placeholder:
            return data.replace(placeholder, body, 1)
        return data

    out = io.BytesIO()
    repack(raw.getvalue(), out, when, with_body)
    return out.getvalue()


def _place_body(doc: Document, body_markup: str) -> bytes | None:
    """Mark where the body goes with a comment, or parse the body in when the template binds
    the w: and r: prefixes to something else (then None)."""
    root, body = doc.element, doc.element.body
    sect_pr = body.find(W + "sectPr")
    if root.nsmap.get("w") == W_NS and root.nsmap.get("r") == R_NS:
        marker = etree.Comment(BODY_PLACEHOLDER)
        if sect_pr is not None:
            sect_pr.addprevious(marker)
        else:
            body.append(marker)
        return f"<!--{BODY_PLACEHOLDER}-->".encode("ascii")
    for child in list(parse_body([body_markup])):
        if sect_pr is not None:
            sect_pr.addprevious(child)
        else:
            body.append(child)
    return None
