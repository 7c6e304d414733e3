"""Templates: discovery (built-in and user folders), loading and validation of template.toml."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from briefing import resources, safezip
from briefing.docmodel import Style
from briefing.errors import ValidationError
from briefing.template_schema import REQUIRED, SCHEMA, TABLES, Invalid, checked_file, style_from

DEFAULT_TEMPLATE = "ministerial-brief"
TEMPLATE_FILE = "template.toml"
NAME_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]*$")
# A reference.docx holds styles and perhaps a letterhead: far smaller than a workbook.
REFERENCE_LIMITS = safezip.ZipLimits(max_entries=2000, max_unpacked=100 * 2**20)
# A cover logo is a few hundred pixels across. A file declaring far more (a few KB of PNG
# can claim 20,000 x 20,000) would take gigabytes to decode for the PDF: refused.
MAX_LOGO_PIXELS = 25_000_000
MAX_LOGO_BYTES = 40 * 1024 * 1024


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
            f"template {name!r}: not a template name (lower-case letters, digits and hyphens; "
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
            if not folder.resolve().is_relative_to(root.resolve()):
                raise ValidationError(f"{folder}: template folder leads outside {root}")
            return load_template_folder(folder, builtin=builtin)
    known = ", ".join(template_names()) or "none"
    raise ValidationError(f"unknown template {name!r} (available: {known})")


def load_template_folder(folder: Path, *, builtin: bool = False) -> Template:
    """Load and validate the template in `folder`."""
    path = folder / TEMPLATE_FILE
    if path.is_symlink() and not path.resolve().is_relative_to(folder.resolve()):
        raise ValidationError(f"{path}: leads outside the template folder")
    values = _validated(_read_toml(path), folder, str(path))
    name = values.get("template.name") or folder.name
    if name != folder.name:
        raise ValidationError(
            f"{path}: template.name: {name!r} differs from its folder name {folder.name!r}"
        )
    return _template(name, folder, builtin, values, str(path))


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ValidationError(f"{path}: cannot read: {exc.strerror or exc}") from None
    try:
        return tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise ValidationError(f"{path}: not UTF-8 text (byte {exc.start})") from None
    except tomllib.TOMLDecodeError as exc:
        raise ValidationError(f"{path}: broken TOML: {exc}") from None


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
            problems.append(f"{origin}: {path}: unknown key (a typo?)")


def _template(name: str, folder: Path, builtin: bool, values: dict[str, Any], origin: str) -> Template:
    reference = values["template.reference_docx"]
    if reference is None and (folder / "reference.docx").exists():
        # A reference.docx beside the toml is used without being named in it.
        try:
            reference = checked_file(folder, "reference.docx", (".docx",), True)
        except Invalid as exc:
            raise ValidationError(f"{origin}: template.reference_docx: {exc}") from None
    if reference is not None:
        # A user template's reference.docx is untrusted: sizes and XML checked before use.
        safezip.check_zip(reference, safezip.DOCX, limits=REFERENCE_LIMITS)
    if values["template.logo"] is not None:
        _check_logo_size(values["template.logo"])
    return Template(
        name=name,
        title=values["template.title"] or name.replace("-", " ").capitalize(),
        description=values["template.description"],
        folder=folder,
        builtin=builtin,
        style=style_from(values),
        cover=values["cover.enabled"],
        cover_fields=values["cover.fields"],
        contents=values["contents.enabled"],
        sections=tuple(SectionDefault(title, intro) for title, intro in values["sections.default"]),
        item_fields={kind: values[f"items.{kind}.fields"] for kind in ("partnership", "priority", "quote")},
        register={key.split(".")[1]: value for key, value in values.items() if key.startswith("register.")},
        reference_docx=reference,
        logo=values["template.logo"],
    )


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


def logo_problem(logo: Path) -> str | None:
    """Why `logo` cannot be shown (one line), or None: it must be a PNG or JPEG that decodes
    whole. Checked once, as a document takes the logo; the exporters trust the answer."""
    import io

    from PIL import Image

    from briefing import files

    try:
        data = files.read_regular(logo, limit=MAX_LOGO_BYTES, what="logo")
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

