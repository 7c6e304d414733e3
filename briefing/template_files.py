"""The files of a template: template.toml read with bounds, its reference.docx and logo checked."""

from __future__ import annotations

import io
import re
import tomllib
import zipfile
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

from briefing import safezip
from briefing.errors import ValidationError
from briefing.files import read_regular
from briefing.text import quoted, shown

# A reference.docx holds styles and perhaps a letterhead: far smaller than a workbook.
REFERENCE_LIMITS = safezip.ZipLimits(max_entries=2000, max_unpacked=100 * 2**20)
# A cover logo is a few hundred pixels across. A file declaring far more (a few KB of PNG
# can claim 20,000 x 20,000) would take gigabytes to decode for the PDF: refused.
MAX_LOGO_PIXELS = 25_000_000
MAX_LOGO_BYTES = 40 * 1024 * 1024
# A template.toml is a page of settings; its tables and arrays nest a few levels at most.
MAX_TOML_BYTES = 256 * 1024
MAX_TOML_DEPTH = 20
# What a TOML file's brackets look like once strings and comments are set aside.
_TOML_TOKENS = re.compile(
    r'"""(?:[^\\]|\\.)*?"""|\'\'\'.*?\'\'\'|"(?:[^"\\\n]|\\.)*"|\'[^\'\n]*\'|#[^\n]*|[\[\]{}]',
    re.DOTALL,
)
_OPENING = frozenset("[{")
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_OFFICE_DOCUMENT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
_RELS_NS = "http://schemas.openxmlformats.org/package/2006/relationships"


def read_toml(path: Path) -> dict[str, Any]:
    """The parsed `path`: a regular UTF-8 file of at most MAX_TOML_BYTES, nested at most MAX_TOML_DEPTH."""
    raw = read_regular(path, limit=MAX_TOML_BYTES, what="template file")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ValidationError(f"{path}: not UTF-8 text (byte {exc.start})") from None
    check_depth(text, path)
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ValidationError(f"{path}: broken TOML: {shown(exc, 200)}") from None
    except RecursionError:
        raise ValidationError(f"{path}: broken TOML: nested too deeply") from None
    except ValueError as exc:
        # Python's own limit on converting digits to a number (4,300) is the one left.
        if "integer string conversion" in str(exc):
            raise ValidationError(f"{path}: refused: a number of more than 4,300 digits") from None
        raise ValidationError(f"{path}: broken TOML: {shown(exc, 200)}") from None


def check_depth(text: str, path: Path) -> None:
    """Refuse arrays and inline tables nested more than MAX_TOML_DEPTH deep, before parsing."""
    depth = 0
    for token in _TOML_TOKENS.finditer(text):
        mark = token.group()
        if mark in _OPENING:
            depth += 1
            if depth > MAX_TOML_DEPTH:
                line = text.count("\n", 0, token.start()) + 1
                raise ValidationError(f"{path}: line {line}: refused: nested more than "
                                      f"{MAX_TOML_DEPTH} levels deep")
        elif mark in ("]", "}"):
            depth = max(depth - 1, 0)


def check_reference_body(reference: Path) -> None:
    """Refuse a reference.docx whose main part is not a Word document with a body: the Word
    export puts the brief into that body. Its XML was checked for DTDs by safezip."""
    try:
        with zipfile.ZipFile(reference) as archive:
            part = _main_part(archive)
            with archive.open(part) as stream:
                if _has_body(stream):
                    return
    except ValidationError as exc:
        raise ValidationError(f"{reference}: not a Word document ({part} holds {exc.problems[0]})") from None
    except (KeyError, zipfile.BadZipFile, ElementTree.ParseError, OSError, ValueError) as exc:
        raise ValidationError(f"{reference}: not a readable Word document ({shown(exc)})") from None
    raise ValidationError(f"{reference}: not a usable reference.docx: its document has no body")


def _has_body(stream: Any) -> bool:
    """Whether the XML in `stream` is a w:document whose children include a w:body."""
    depth = 0
    for event, element in ElementTree.iterparse(stream, ("start", "end")):
        if event == "end":
            depth -= 1
            element.clear()  # keeps a large part from being held whole in memory
            continue
        if depth == 0 and element.tag != f"{{{W_NS}}}document":
            raise ValidationError(quoted(element.tag))
        if depth == 1 and element.tag == f"{{{W_NS}}}body":
            return True
        depth += 1
    return False


def _main_part(archive: zipfile.ZipFile) -> str:
    """The name of the package's main document part (as its relationships say), else the usual one."""
    try:
        rels = ElementTree.fromstring(archive.read("_rels/.rels"))
    except KeyError:
        return safezip.DOCX.required
    for rel in rels.iter(f"{{{_RELS_NS}}}Relationship"):
        if rel.get("Type") == _OFFICE_DOCUMENT and rel.get("TargetMode") != "External":
            return rel.get("Target", "").lstrip("/")
    return safezip.DOCX.required


def check_logo_size(logo: Path) -> None:
    """Refuse a logo declaring more than MAX_LOGO_PIXELS; an unreadable one is left to the
    exporters, which leave it out with a warning."""
    from PIL import Image

    try:
        with Image.open(logo) as image:  # reads the header only
            size = f"{image.size[0]} x {image.size[1]} pixels"
            too_big = image.size[0] * image.size[1] > MAX_LOGO_PIXELS
    except Image.DecompressionBombError:
        size, too_big = "too many pixels", True  # PIL refused it on its size alone
    except Exception:
        return
    if too_big:
        raise ValidationError(f"{logo}: refused: the logo has {size}, more than the "
                              f"{MAX_LOGO_PIXELS // 10**6} million a logo may have")


def logo_problem(logo: Path) -> str | None:
    """Why `logo` cannot be shown (one line), or None: it must be a PNG or JPEG that decodes
    whole. Checked once, as a document takes the logo; the exporters trust the answer."""
    from PIL import Image  # imported when a logo is used, not at start-up

    try:
        data = read_regular(logo, limit=MAX_LOGO_BYTES, what="logo")
        with Image.open(io.BytesIO(data)) as image:
            if image.format not in ("PNG", "JPEG"):
                return f"{logo}: logo left out, it is a {image.format or 'unknown'} image, not PNG or JPEG"
            if image.size[0] * image.size[1] > MAX_LOGO_PIXELS:
                return f"{logo}: logo left out, it has more than {MAX_LOGO_PIXELS // 10**6} million pixels"
            image.load()  # every pixel: a truncated or damaged file fails here, not in an exporter
    except ValidationError as exc:
        return f"{' '.join(exc.problems[0].split())} (logo left out)"  # names the file
    except Exception as exc:
        reason = " ".join(str(exc).split()) or type(exc).__name__
        return f"{logo}: logo left out, it cannot be read ({reason})"
    return None
