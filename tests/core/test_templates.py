"""Templates: the four built-ins, user templates, and every validation message."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from briefing import resources
from briefing.errors import ValidationError
from briefing.templates import discover, load_template, load_template_folder, template_names

BUILT_INS = ("ministerial-brief", "meeting-one-pager", "lines-to-take", "partnership-overview")


def _user_template(name: str, toml: str) -> Path:
    folder = resources.user_templates_dir() / name
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "template.toml").write_text(toml, encoding="utf-8")
    return folder


def _problems(name: str, toml: str) -> list[str]:
    _user_template(name, toml)
    with pytest.raises(ValidationError) as info:
        load_template(name)
    return info.value.problems


def _docx(path: Path) -> None:
    import docx

    docx.Document().save(str(path))


@pytest.mark.parametrize("name", BUILT_INS)
def test_every_built_in_loads(name: str) -> None:
    template = load_template(name)
    assert template.name == name and template.builtin
    assert template.description and template.sections
    assert template.reference_docx is None


def test_the_built_ins_are_visibly_different() -> None:
    brief, one_pager, lines, overview = (load_template(n) for n in BUILT_INS)
    assert brief.cover and brief.contents and brief.style.section_page_breaks
    assert "glance" in brief.fields("partnership") and "sources" in brief.fields("priority")
    assert not one_pager.cover and not one_pager.contents
    assert one_pager.style.body_size_pt < brief.style.body_size_pt
    assert max(one_pager.style.margins_mm) < min(brief.style.margins_mm)
    assert "glance" not in one_pager.fields("partnership")
    assert lines.fields("priority")[:3] == ("note", "lines_to_take", "defensive_lines")
    assert "summary" not in lines.fields("priority")
    assert overview.style.body_font == "Noto Serif"
    assert {"glance", "key_facts", "priorities", "quotes"} <= set(overview.fields("partnership"))
    assert len({t.style.heading_colour for t in (brief, one_pager, lines, overview)}) == 4


def test_names_are_listed_sorted() -> None:
    assert template_names() == sorted(BUILT_INS)


def test_a_user_template_is_found_and_overrides_a_built_in() -> None:
    _user_template("my-brief", '[template]\ndescription = "Mine"\n')
    _user_template("ministerial-brief", '[template]\ndescription = "Our letterhead"\n[cover]\nenabled = false\n')
    _user_template("Not Valid", '[template]\ndescription = "ignored: not a name"\n')
    assert "my-brief" in template_names() and "Not Valid" not in discover()
    mine = load_template("my-brief")
    assert not mine.builtin and mine.cover and mine.style.page_size == "A4"  # defaults filled in
    replaced = load_template("ministerial-brief")
    assert not replaced.builtin and replaced.description == "Our letterhead" and not replaced.cover


@pytest.mark.parametrize("name", ["../ministerial-brief", "/etc/passwd", "a/b", "", "Brief", "-x"])
def test_names_that_could_reach_outside_are_refused(name: str) -> None:
    with pytest.raises(ValidationError, match="not a template name"):
        load_template(name)


def test_unknown_template_lists_the_available_ones() -> None:
    with pytest.raises(ValidationError, match=r"unknown template 'nope' \(available: lines-to-take, "):
        load_template("nope")


def test_broken_toml_names_the_file_and_line() -> None:
    (problem,) = _problems("broken", '[template]\ndescription = "x\n')
    assert problem.startswith(str(resources.user_templates_dir() / "broken" / "template.toml"))
    assert "broken TOML" in problem and "line 2" in problem


def test_each_bad_key_gets_its_own_line_naming_file_and_key() -> None:
    problems = _problems("bad", """
[template]
description = "x"
[page]
size = "A5"
sise = "A4"
margins_mm = [10, 10]
[fonts]
body = "Comic Sans"
size_pt = "big"
[colours]
heading = "navy"
[cover]
enabled = "yes"
fields = ["meeting", "weather"]
[items.partnership]
fields = ["glances"]
[register.Quotes]
columns = ["id", "id"]
[register.Notes]
columns = ["id"]
[[sections.default]]
intro = "no title"
""")
    toml = "bad/template.toml"
    expected = [
        f'{toml}: page.size: must be "A4" or "Letter"',
        f"{toml}: page.sise: unknown key",
        f"{toml}: page.margins_mm: must be a number of millimetres",
        f'{toml}: fonts.body: must be one of the bundled fonts: "Noto Sans", "Noto Serif", "NanumGothic"',
        f"{toml}: fonts.size_pt: must be a number from 7 to 16",
        f'{toml}: colours.heading: must be a colour written "#RRGGBB"',
        f"{toml}: cover.enabled: must be true or false",
        f"{toml}: cover.fields: unknown name 'weather'",
        f"{toml}: items.partnership.fields: unknown name 'glances'",
        f"{toml}: register.Quotes.columns: 'id' listed twice",
        f"{toml}: register.Notes: unknown key",
        f"{toml}: sections.default: [0].title: must be non-empty text",
    ]
    for line in expected:
        assert sum(line in p for p in problems) == 1, (line, problems)
    assert len(problems) == len(expected)


def test_description_is_required_and_name_must_match_the_folder() -> None:
    assert any("template.description: required key missing" in p for p in _problems("empty", ""))
    problems = _problems("copied", '[template]\nname = "ministerial-brief"\ndescription = "x"\n')
    assert problems == [f"{resources.user_templates_dir() / 'copied' / 'template.toml'}: template.name: "
                        "'ministerial-brief' differs from its folder name 'copied'"]


def test_a_reference_docx_is_used_when_valid() -> None:
    folder = _user_template("letterhead", '[template]\ndescription = "x"\nreference_docx = "styles/ref.docx"\n')
    (folder / "styles").mkdir()
    _docx(folder / "styles" / "ref.docx")
    assert load_template("letterhead").reference_docx == (folder / "styles" / "ref.docx").resolve()
    # One beside the toml is picked up without being named.
    plain = _user_template("plain", '[template]\ndescription = "x"\n')
    _docx(plain / "reference.docx")
    assert load_template("plain").reference_docx == (plain / "reference.docx").resolve()


def test_a_missing_or_unreadable_reference_docx_is_named() -> None:
    toml = '[template]\ndescription = "x"\nreference_docx = "ref.docx"\n'
    (problem,) = _problems("absent", toml)
    assert problem.endswith("template.reference_docx: 'ref.docx' does not exist in the template folder")
    folder = _user_template("garbage", toml)
    (folder / "ref.docx").write_bytes(b"this is not a zip file")
    (problem,) = _problems("garbage", toml)
    assert problem.endswith("template.reference_docx: 'ref.docx' is not a Word document (.docx)")
    if os.geteuid() != 0:  # root reads any file, whatever its mode
        _docx(folder / "ref.docx")
        (folder / "ref.docx").chmod(0)
        try:
            assert "cannot be read" in _problems("garbage", toml)[0]
        finally:
            (folder / "ref.docx").chmod(0o644)


def test_a_stray_reference_docx_beside_the_toml_is_an_error_too() -> None:
    folder = _user_template("stray", '[template]\ndescription = "x"\n')
    (folder / "reference.docx").write_text("not word", encoding="utf-8")
    (problem,) = _problems("stray", '[template]\ndescription = "x"\n')
    assert "template.reference_docx: 'reference.docx' is not a Word document" in problem


def test_files_outside_the_template_folder_are_refused(tmp_path: Path) -> None:
    outside = tmp_path / "outside.docx"
    _docx(outside)
    for value, message in ((f"{outside}", "must be relative to the template folder"),
                           ("../../outside.docx", "is outside the template folder")):
        toml = f'[template]\ndescription = "x"\nreference_docx = "{value}"\n'
        (problem,) = _problems("escape", toml)
        assert problem.endswith(message) or message in problem, problem
    folder = _user_template("linked", '[template]\ndescription = "x"\nlogo = "logo.png"\n')
    (tmp_path / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (folder / "logo.png").symlink_to(tmp_path / "logo.png")
    (problem,) = _problems("linked", '[template]\ndescription = "x"\nlogo = "logo.png"\n')
    assert "template.logo: 'logo.png' is outside the template folder" in problem


def test_a_template_folder_linking_outside_is_refused(tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "template.toml").write_text('[template]\ndescription = "x"\n', encoding="utf-8")
    resources.user_templates_dir().mkdir(parents=True)
    (resources.user_templates_dir() / "sneaky").symlink_to(elsewhere)
    with pytest.raises(ValidationError, match="leads outside"):
        load_template("sneaky")


def test_a_logo_is_resolved_inside_the_folder() -> None:
    folder = _user_template("logo", '[template]\ndescription = "x"\nlogo = "logo.png"\n')
    (folder / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    assert load_template_folder(folder).logo == (folder / "logo.png").resolve()
    (problem,) = _problems("logo", '[template]\ndescription = "x"\nlogo = "logo.gif"\n')
    assert "template.logo: 'logo.gif': must be a .png or .jpg or .jpeg file" in problem
