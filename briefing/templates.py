"""Templates: discovery (built-in and user folders), loading and validation of template.toml."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from briefing import resources, safezip
from briefing.docmodel import Style
from briefing.errors import ValidationError
from briefing.template_files import REFERENCE_LIMITS, check_logo_size, check_reference_body, read_toml
from briefing.template_schema import (
    ITEM_FIELDS,
    REQUIRED,
    SCHEMA,
    TABLES,
    Invalid,
    checked_file,
    resolved,
    style_from,
)
from briefing.text import quoted, shown

DEFAULT_TEMPLATE = "ministerial-brief"
TEMPLATE_FILE = "template.toml"
NAME_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]*$")


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
        try:
            folders = sorted(root.iterdir()) if root.is_dir() else []
        except OSError:  # an unreadable templates folder holds nothing we can use
            folders = []
        for folder in folders:
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
    values = _validated(read_toml(path), folder, str(path))
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
        check_reference_body(reference)
    if values["template.logo"] is not None:
        check_logo_size(values["template.logo"])
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
        item_fields={kind: values[f"items.{kind}.fields"] for kind in ITEM_FIELDS},
        register={key.split(".")[1]: value for key, value in values.items() if key.startswith("register.")},
        reference_docx=reference,
        logo=values["template.logo"],
    )
