"""The .docx package: the base template (checked, emptied), properties, and a reproducible zip."""

from __future__ import annotations

import datetime as dt
import functools
import io
import zipfile
from pathlib import Path

import docx
from docx.document import Document
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from lxml import etree

from briefing.docmodel import BriefingDocument
from briefing.errors import ExportError
from briefing.exporters.docx.markup import parse_body
from briefing.exporters.docx.ooxml import R_NS, W_NS, W
from briefing.text import clean, truncate

# A reference.docx comes with a template, possibly from someone else: bound what we unpack.
MAX_REFERENCE_BYTES = 20 * 1024 * 1024
MAX_UNPACKED_BYTES = 100 * 1024 * 1024
MAX_ENTRIES = 2000
CORE_PROPERTY_LIMIT = 255
BODY_PLACEHOLDER = "briefing-body-4f1c9a2e"
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
    """Refuse a reference.docx that is missing, too big, or would unpack to too much."""
    try:
        size = path.stat().st_size
        if size > MAX_REFERENCE_BYTES:
            raise ExportError(f"{path}: reference.docx is too large ({size // 1024 // 1024} MB)")
        with zipfile.ZipFile(path) as archive:
            entries = archive.infolist()
    except (OSError, zipfile.BadZipFile) as exc:
        raise ExportError(f"{path}: not a readable Word file ({exc})") from exc
    unpacked = sum(entry.file_size for entry in entries)
    if len(entries) > MAX_ENTRIES or unpacked > MAX_UNPACKED_BYTES:
        raise ExportError(f"{path}: reference.docx unpacks to too much data to be a template")
    if "word/document.xml" not in {entry.filename for entry in entries}:
        raise ExportError(f"{path}: not a Word document (no word/document.xml)")


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
    settings_part = doc.part._settings_part  # python-docx has no public handle on the part
    root = settings_part.element
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
    last_printed = core._element.find(
        "{http://schemas.openxmlformats.org/package/2006/metadata/core-properties}lastPrinted")
    if last_printed is not None:
        core._element.remove(last_printed)


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
    stamp = max(when, dt.datetime(1980, 1, 1)).timetuple()[:6]
    main_part = doc.part.partname.membername
    out = io.BytesIO()
    with zipfile.ZipFile(raw) as source, zipfile.ZipFile(out, "w") as target:
        names = sorted(source.namelist(),
                       key=lambda n: (n != "[Content_Types].xml", n != "_rels/.rels", n))
        for name in names:
            data = source.read(name)
            if name == main_part and placeholder:
                data = data.replace(placeholder, body_markup.encode("utf-8"), 1)
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 0
            info.external_attr = 0
            target.writestr(info, data, compresslevel=6)
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
