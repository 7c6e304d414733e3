"""Bad packs and bad templates through `build`: exit 1, a message saying what and where, no file."""

from __future__ import annotations

import io
import json
import os
import zipfile
from pathlib import Path
from typing import Any

import docx
import pytest

from briefing import resources
from tests.core.acceptance.pipeline import FORMATS, leftovers, run_cli

GOOD_PACK: dict[str, Any] = {
    "format": "briefing-pack", "version": 1, "title": "Bad input brief", "marking": "OFFICIAL",
    "sections": [{"title": "Lines to take", "items": [{"kind": "priority", "id": "semiconductors"}]}],
}


def _pack(tmp_path: Path, text: str | None = None, **changes: Any) -> Path:
    """A pack file: `text` as it is, or the good pack with `changes` (None removes a key)."""
    path = tmp_path / "brief.briefpack"
    if text is None:
        data = {**GOOD_PACK, **changes}
        text = json.dumps({k: v for k, v in data.items() if v is not None}, indent=2)
    path.write_text(text, encoding="utf-8")
    return path


def _user_template(name: str, toml: str | None = None, reference: bytes | None = None) -> Path:
    """A user template in BRIEFING_TEMPLATES: ministerial-brief's settings under `name` by default."""
    folder = resources.user_templates_dir() / name
    folder.mkdir(parents=True)
    if toml is None:
        builtin = resources.templates_dir() / "ministerial-brief" / "template.toml"
        toml = builtin.read_text(encoding="utf-8").replace('name = "ministerial-brief"', f'name = "{name}"')
    (folder / "template.toml").write_text(toml, encoding="utf-8")
    if reference is not None:
        (folder / "reference.docx").write_bytes(reference)
    return folder


def _build(pack: Path, library: Path, out: Path, *args: str) -> tuple[int, str]:
    run = run_cli(["build", str(pack), "--out", str(out), "--library", str(library), *args])
    assert "Traceback" not in run.err
    return run.code, run.err


def _refused(pack: Path, library: Path, tmp_path: Path, *args: str) -> str:
    """Build, expect exit 1 and no output anywhere; return stderr."""
    out = tmp_path / "out"
    code, err = _build(pack, library, out, *args)
    assert code == 1, err
    assert err.strip() and not any(line.startswith("warning: ") for line in err.splitlines()), err
    written = [p for p in tmp_path.rglob("*") if p.suffix.lstrip(".") in FORMATS]
    assert written == [] and (not out.exists() or leftovers(out) == [])
    return err


def test_broken_json_names_the_file_and_line(starter_library_file: Path, tmp_path: Path) -> None:
    pack = _pack(tmp_path, '{"format": "briefing-pack",\n "version": 1,\n "title": "T",\n')
    err = _refused(pack, starter_library_file, tmp_path)
    assert f"{pack}: line 4" in err and "broken JSON" in err


@pytest.mark.parametrize(("changes", "where", "what"), [
    ({"title": None}, "title", "required field missing"),
    ({"sections": None}, "sections", "required field missing"),
    ({"sections": [{"items": []}]}, "sections[0].title", "required field missing"),
    ({"sections": [{"title": "A", "items": [{"kind": "priority"}]}]}, "sections[0].items[0].id",
     "required field missing"),
])
def test_a_missing_required_field_is_named(starter_library_file: Path, tmp_path: Path,
                                           changes: dict[str, Any], where: str, what: str) -> None:
    pack = _pack(tmp_path, **changes)
    assert f"{pack}:{where}: {what}" in _refused(pack, starter_library_file, tmp_path)


def test_an_unknown_kind_or_marking_is_named(starter_library_file: Path, tmp_path: Path) -> None:
    sections = [{"title": "A", "items": [{"kind": "memo", "id": "semiconductors"}]}]
    pack = _pack(tmp_path, marking="SECRET-ISH", sections=sections)
    err = _refused(pack, starter_library_file, tmp_path)
    assert f"{pack}:sections[0].items[0].kind: unknown kind 'memo'" in err
    assert f"{pack}:marking:" in err and "SECRET-ISH" in err


def test_missing_items_are_all_named(starter_library_file: Path, tmp_path: Path) -> None:
    items = [{"kind": "priority", "id": "gone"}, {"kind": "quote", "id": "lost"}]
    sections = [{"title": "A", "items": items}]
    pack = _pack(tmp_path, sections=sections)
    err = _refused(pack, starter_library_file, tmp_path)
    assert f"{pack}:sections[0].items[0]: priority 'gone'" in err
    assert f"{pack}:sections[0].items[1]: quote 'lost'" in err


@pytest.mark.parametrize("source", ["option", "pack"])
def test_an_unknown_template_is_named(starter_library_file: Path, tmp_path: Path, source: str) -> None:
    pack = _pack(tmp_path, template="no-such-template" if source == "pack" else None)
    args = ("--template", "no-such-template") if source == "option" else ()
    err = _refused(pack, starter_library_file, tmp_path, *args)
    assert "unknown template 'no-such-template'" in err and "ministerial-brief" in err
    if source == "pack":  # where: the pack file (its `template` field), not only what
        assert str(pack) in err, err


@pytest.mark.parametrize("name", ["../ministerial-brief", "../../etc", "/tmp/x", "sub/dir", "..\\evil"])
def test_a_template_name_never_reaches_outside(starter_library_file: Path, tmp_path: Path, name: str) -> None:
    err = _refused(_pack(tmp_path), starter_library_file, tmp_path, "--template", name)
    assert repr(name) in err and "not a template name" in err


def test_a_path_as_the_packs_template_is_named(starter_library_file: Path, tmp_path: Path) -> None:
    pack = _pack(tmp_path, template="../ministerial-brief")
    assert f"{pack}:template: '../ministerial-brief'" in _refused(pack, starter_library_file, tmp_path)


@pytest.mark.parametrize(("toml", "what"), [
    ('[template\nname = "broken"\n', "broken TOML"),
    ('[template]\nname = "broken"\ntitle = "B"\ndescription = "D"\n[page]\nsize = "A3"\n', "page.size"),
    ('[template]\nname = "broken"\ntitle = "B"\ndescription = "D"\n[colours]\nheading = "blue"\n',
     "colours.heading"),
])
def test_a_broken_template_toml_is_named(starter_library_file: Path, tmp_path: Path,
                                         toml: str, what: str) -> None:
    folder = _user_template("broken", toml)
    err = _refused(_pack(tmp_path), starter_library_file, tmp_path, "--template", "broken")
    assert str(folder / "template.toml") in err and what in err


def _zip(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _reference(tmp_path: Path) -> bytes:
    path = tmp_path / "made.docx"
    docx.Document().save(str(path))
    return path.read_bytes()


@pytest.mark.parametrize("kind", ["not a zip", "cut short", "no document"])
def test_an_unreadable_reference_docx_is_named(starter_library_file: Path, tmp_path: Path, kind: str) -> None:
    whole = _reference(tmp_path)
    data = {"not a zip": b"this is not a Word file", "cut short": whole[: len(whole) // 2],
            "no document": _zip({"readme.txt": b"hello"})}[kind]
    (tmp_path / "made.docx").unlink()
    folder = _user_template("letterhead", reference=data)
    err = _refused(_pack(tmp_path), starter_library_file, tmp_path, "--template", "letterhead")
    assert str(folder) in err and "reference.docx" in err


def test_a_reference_docx_lacking_styles_builds_with_a_warning(starter_library_file: Path,
                                                               tmp_path: Path) -> None:
    reference = docx.Document()
    reference.styles["Normal"].font.name = "Courier New"  # the organisation's own look, to be kept
    buffer = io.BytesIO()
    reference.save(buffer)
    folder = _user_template("letterhead", reference=buffer.getvalue())
    out = tmp_path / "brief.docx"
    run = run_cli(["build", str(_pack(tmp_path)), "--out", str(out), "--template", "letterhead",
                   "--library", str(starter_library_file)])
    assert run.code == 0 and run.out.strip() == str(out)
    created = [w for w in run.warnings() if str(folder / "reference.docx") in w and "styles" in w]
    assert created, run.err
    result = docx.Document(str(out))
    assert result.styles["Normal"].font.name == "Courier New"  # the reference's own styles kept
    added = {p.style.name for p in result.paragraphs} - {s.name for s in reference.styles}
    assert added and [name for name in added if name not in created[0]] == []
    assert "Semiconductors" in [p.text for p in result.paragraphs if p.style.name == "Heading 2"]


def test_usage_errors_exit_2(starter_library_file: Path, tmp_path: Path) -> None:
    run = run_cli(["build", str(_pack(tmp_path)), "--format", "rtf"])
    assert run.code == 2 and "Traceback" not in run.err
    assert os.listdir(tmp_path) == ["brief.briefpack"]
