"""Templates: discovery (built-in and user folders), loading and validation of template.toml."""

from __future__ import annotations

import os
import re
import tomllib
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

from briefing import resources, safezip
from briefing.docmodel import Style
from briefing.errors import ValidationError
from briefing.files import read_regular
from briefing.messages import quoted, shown
from briefing.template_schema import REQUIRED, SCHEMA, TABLES, Invalid, checked_file, resolved

DEFAULT_TEMPLATE = "ministerial-brief"
TEMPLATE_FILE = "template.toml"
NAME_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]*$")
# A reference.docx holds styles and perhaps a letterhead: far smaller than a workbook.
REFERENCE_LIMITS = safezip.ZipLimits(max_entries=2000, max_unpacked=100 * 2**20)
# A cover logo is a few hundred pixels across. A file declaring far more (a few KB of PNG
# can claim 20,000 x 20,000) would take gigabytes to decode for the PDF: refused.
MAX_LOGO_PIXELS = 25_000_000
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


@dataclass(frozen=True)
class SectionDefault:
    """A section a new pack starts with."""

    title: str
    intro: str | None = None


@dataclass(frozen=True)
class Template:
    """A validated template: page, type, cover, contents, item fields and register columns."""

    name: str
    title: str
    description: str
    folder: Path
    builtin: bool
    style: Style
    cover: bool
    cover_fields: tuple[str, ...]
    contents: bool
    sections: tuple[SectionDefault, ...]
    item_fields: Mapping[str, tuple[str, ...]] = field(compare=False)
    register: Mapping[str, tuple[str, ...]] = field(compare=False)
    reference_docx: Path | None = None
    logo: Path | None = None

    def fields(self, kind: str) -> tuple[str, ...]:
        """What an item of `kind` shows, in order."""
        return self.item_fields[kind]


def check_name(name: str) -> str:
    """`name` when it is a template name; a path or anything else is refused."""
    if not isinstance(name, str) or not NAME_PATTERN.match(name):
        raise ValidationError(
            f"template {quoted(name)}: not a template name (lower-case letters, digits and hyphens; "
            "a template is chosen by name, never by path)"
        )
    return name


def search_folders() -> tuple[tuple[Path, bool], ...]:
    """Folders holding templates, (folder, builtin), the user's first: its templates win."""
    return ((resources.user_templates_dir(), False), (resources.templates_dir(), True))


def discover() -> dict[str, tuple[Path, bool]]:
    """Every template by name → (folder, builtin), sorted by name.

    A user template with a built-in's name replaces the built-in, so an organisation can
    put its own letterhead on `ministerial-brief`.
    """
    found: dict[str, tuple[Path, bool]] = {}
    for root, builtin in search_folders():
        if not root.is_dir():
            continue
        for folder in sorted(root.iterdir()):
            if NAME_PATTERN.match(folder.name) and (folder / TEMPLATE_FILE).is_file():
                found.setdefault(folder.name, (folder, builtin))
    return dict(sorted(found.items()))


def template_names() -> list[str]:
    """Names of every available template, sorted."""
    return list(discover())


def load_template(name: str) -> Template:
    """The template called `name`, validated; ValidationError says what is wrong and where."""
    check_name(name)
    for root, builtin in search_folders():
        folder = root / name
        if (folder / TEMPLATE_FILE).is_file():
            return load_template_folder(folder, builtin=builtin)
    known = ", ".join(template_names()) or "none"
    raise ValidationError(f"unknown template {quoted(name)} (available: {known})")


def load_template_folder(folder: Path, *, builtin: bool = False) -> Template:
    """Load and validate the template in `folder` (which must not lead out of its parent)."""
    path = folder / TEMPLATE_FILE
    try:
        if not resolved(folder, "the template folder").is_relative_to(resolved(folder.parent, "its parent")):
            raise ValidationError(f"{folder}: template folder leads outside {folder.parent}")
        if not resolved(path, TEMPLATE_FILE).is_relative_to(resolved(folder, "the template folder")):
            raise ValidationError(f"{path}: leads outside the template folder")
    except Invalid as exc:
        raise ValidationError(f"{path}: {exc}") from None
    values = _validated(_read_toml(path), folder, str(path))
    name = values.get("template.name") or folder.name
    if name != folder.name:
        raise ValidationError(
            f"{path}: template.name: {quoted(name)} differs from its folder name {quoted(folder.name)}"
        )
    return _template(name, folder, builtin, values, str(path))


def load_all() -> tuple[list[Template], list[str]]:
    """Every template that loads, by name; and one line for each that does not.

    One broken user template must not hide the others: the `templates` command and the
    app's list show the rest and name the broken one in a single line.
    """
    templates: list[Template] = []
    broken: list[str] = []
    for name, (folder, builtin) in discover().items():
        try:
            templates.append(load_template_folder(folder, builtin=builtin))
        except ValidationError as exc:
            more = len(exc.problems) - 1
            broken.append(f"template {quoted(name)} cannot be used: {exc.problems[0]}"
                          + (f" (and {more} more {'problem' if more == 1 else 'problems'})" if more else ""))
    return templates, broken


def _read_toml(path: Path) -> dict[str, Any]:
    raw = read_regular(path, limit=MAX_TOML_BYTES, what="template file")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ValidationError(f"{path}: not UTF-8 text (byte {exc.start})") from None
    _check_depth(text, path)
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


def _check_depth(text: str, path: Path) -> None:
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


def _validated(data: dict[str, Any], folder: Path, origin: str) -> dict[str, Any]:
    """Every key checked: dotted key → value (defaults filled in); all problems at once."""
    problems: list[str] = []
    values: dict[str, Any] = {}
    _walk(data, "", folder, origin, values, problems)
    for key in REQUIRED:
        if key not in values and not any(p.startswith(f"{origin}: {key}:") for p in problems):
            problems.append(f"{origin}: {key}: required key missing")
    if problems:
        raise ValidationError(problems)
    for key, (_, default) in SCHEMA.items():
        values.setdefault(key, default)
    return values


def _walk(table: dict[str, Any], prefix: str, folder: Path, origin: str,
          values: dict[str, Any], problems: list[str]) -> None:
    for key, value in table.items():
        path = f"{prefix}{key}"
        if path in SCHEMA:
            try:
                values[path] = SCHEMA[path][0](value, folder)
            except Invalid as exc:
                problems.append(f"{origin}: {path}: {exc}")
        elif path in TABLES and isinstance(value, dict):
            _walk(value, f"{path}.", folder, origin, values, problems)
        elif path in TABLES:
            problems.append(f"{origin}: {path}: must be a table ([{path}])")
        else:
            problems.append(f"{origin}: {shown(path)}: unknown key (a typo?)")


def _template(name: str, folder: Path, builtin: bool, values: dict[str, Any], origin: str) -> Template:
    reference = values["template.reference_docx"]
    if reference is None and os.path.lexists(folder / "reference.docx"):
        # A reference.docx beside the toml is used without being named in it.
        try:
            reference = checked_file(folder, "reference.docx", (".docx",), True)
        except Invalid as exc:
            raise ValidationError(f"{origin}: template.reference_docx: {exc}") from None
    if reference is not None:
        # A user template's reference.docx is untrusted: sizes and XML checked before use.
        safezip.check_zip(reference, safezip.DOCX, limits=REFERENCE_LIMITS)
        _check_reference_body(reference)
    if values["template.logo"] is not None:
        _check_logo_size(values["template.logo"])
    return Template(
        name=name,
        title=values["template.title"] or name.replace("-", " ").capitalize(),
        description=values["template.description"],
        folder=folder,
        builtin=builtin,
        style=_style(values),
        cover=values["cover.enabled"],
        cover_fields=values["cover.fields"],
        contents=values["contents.enabled"],
        sections=tuple(SectionDefault(title, intro) for title, intro in values["sections.default"]),
        item_fields={kind: values[f"items.{kind}.fields"] for kind in ("partnership", "priority", "quote")},
        register={key.split(".")[1]: value for key, value in values.items() if key.startswith("register.")},
        reference_docx=reference,
        logo=values["template.logo"],
    )


def _check_reference_body(reference: Path) -> None:
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


def _check_logo_size(logo: Path) -> None:
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


def _style(values: dict[str, Any]) -> Style:
    return Style(
        page_size=values["page.size"],
        margins_mm=values["page.margins_mm"],
        body_font=values["fonts.body"],
        heading_font=values["fonts.heading"],
        east_asian_font=values["fonts.east_asian"],
        body_size_pt=values["fonts.size_pt"],
        heading_colour=values["colours.heading"],
        accent_colour=values["colours.accent"],
        text_colour=values["colours.text"],
        marking_in_header=values["marking.header"],
        marking_in_footer=values["marking.footer"],
        page_numbers=values["layout.page_numbers"],
        section_page_breaks=values["layout.section_page_breaks"],
        compact=values["layout.compact"],
    )
