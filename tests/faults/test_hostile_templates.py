"""Hostile user templates: deep nesting, long numbers, long or multi-line descriptions, links that
loop or lead out, special files, a reference.docx without a body. Each gives one line, and the
other templates stay listed and usable."""

from __future__ import annotations

import os
import shutil
import zipfile
from collections.abc import Callable
from pathlib import Path

import docx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from briefing.cli import main
from briefing.errors import ValidationError
from briefing.template_files import MAX_TOML_DEPTH
from briefing.templates import load_template, template_names
from tests.faults import tally
from tests.faults.libraries import copy_library

BUILT_INS = ("lines-to-take", "meeting-one-pager", "ministerial-brief", "partnership-overview")
SAMPLE = Path(__file__).resolve().parents[2] / "assets" / "samples" / "rok-eu-dpc.briefpack"
FIXTURE_OK = settings(deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def user_folder() -> Path:
    return Path(os.environ["BRIEFING_TEMPLATES"])


def write_template(name: str, toml: str) -> Path:
    folder = user_folder() / name
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    (folder / "template.toml").write_text(toml, encoding="utf-8")
    return folder


def listing(capsys: pytest.CaptureFixture[str]) -> tuple[list[str], list[str]]:
    """`templates`: the names listed, and the warning lines."""
    capsys.readouterr()
    assert main(["templates"]) == 0
    captured = capsys.readouterr()
    return [line.split()[0] for line in captured.out.splitlines()], captured.err.splitlines()


def assert_listed_without(bad: str, capsys: pytest.CaptureFixture[str], *, fragment: str) -> None:
    """The built-ins and a good user template are listed; `bad` is named in one warning line."""
    names, warnings = listing(capsys)
    assert set(BUILT_INS) | {"good"} <= set(names) and bad not in names
    assert len(warnings) == 1 and warnings[0].startswith(f"warning: template '{bad}' cannot be used: ")
    assert fragment in warnings[0] and len(warnings[0]) < 600, warnings[0][:700]


def one_line_refusal(name: str, fragment: str) -> str:
    with pytest.raises(ValidationError) as caught:
        load_template(name)
    [line] = caught.value.problems
    assert fragment in line and len(line) < 600, line[:700]
    return line


@FIXTURE_OK
@given(depth=st.integers(MAX_TOML_DEPTH + 1, 5000), opener=st.sampled_from(["[", "{x = "]),
       key=st.sampled_from(["template.description", "page.margins_mm", "sections.default", "junk"]))
def test_toml_nested_too_deep_is_one_line_and_the_others_stay_listed(
        depth: int, opener: str, key: str, capsys: pytest.CaptureFixture[str]) -> None:
    tally.count("generated inputs")
    write_template("good", '[template]\ndescription = "Fine."\n')
    closer = "]" if opener == "[" else "}"
    value = f"{opener * depth}1{closer * depth}"
    if key == "template.description":
        toml = f"[template]\ndescription = {value}\n"
    else:
        table, field = key.split(".") if "." in key else ("cover", key)
        toml = f'[template]\ndescription = "x"\n[{table}]\n{field} = {value}\n'
    write_template("deep", toml)
    one_line_refusal("deep", f"refused: nested more than {MAX_TOML_DEPTH} levels deep")
    assert_listed_without("deep", capsys, fragment="nested more than")


@FIXTURE_OK
@given(digits=st.integers(4301, 20_000), key=st.sampled_from(["size_pt", "junk"]))
def test_a_toml_integer_beyond_python_s_limit_is_one_line(
        digits: int, key: str, capsys: pytest.CaptureFixture[str]) -> None:
    tally.count("generated inputs")
    write_template("good", '[template]\ndescription = "Fine."\n')
    write_template("numbers", f'[template]\ndescription = "x"\n[fonts]\n{key} = {"9" * digits}\n')
    one_line_refusal("numbers", "refused: a number of more than 4,300 digits")
    assert_listed_without("numbers", capsys, fragment="4,300 digits")


@settings(FIXTURE_OK, max_examples=30)
@given(first=st.text("ab ", min_size=1, max_size=20).filter(str.strip), breaks=st.sampled_from(["\n", "\r\n", "\n\n"]),
       second=st.text("cd", max_size=20), length=st.sampled_from([201, 202, 1_000, 50_000, 200_000]))
def test_a_description_is_one_line_of_at_most_200_characters(
        first: str, breaks: str, second: str, length: int, capsys: pytest.CaptureFixture[str]) -> None:
    tally.count("generated inputs")
    # Several lines, or one line too long (up to the most a template.toml may hold).
    description = f"{first}{breaks}{second}x" if length % 2 else "d" * length
    write_template("good", '[template]\ndescription = "' + "g" * 200 + '"\n')
    escaped = description.replace("\r", "\\r").replace("\n", "\\n")
    write_template("wordy", f'[template]\ndescription = "{escaped}"\n')
    line = one_line_refusal("wordy", "template.description: ")
    assert "one line" in line or "more than the 200" in line
    assert_listed_without("wordy", capsys, fragment="template.description")


Setup = Callable[[Path, Path], None]  # (the template's folder, a scratch folder)


def _fifo(name: str) -> Setup:
    return lambda folder, scratch: os.mkfifo(folder / name)


def _loop(name: str) -> Setup:
    def make(folder: Path, scratch: Path) -> None:
        (folder / name).symlink_to(folder / f"other-{name}")
        (folder / f"other-{name}").symlink_to(folder / name)
    return make


# (toml naming the file, how the file is made hostile, what the line says)
FILE_CASES: dict[str, tuple[str, Setup, str]] = {
    "logo-is-a-pipe": ('logo = "logo.png"', _fifo("logo.png"), "not a regular file"),
    "reference-is-a-pipe": ('reference_docx = "reference.docx"', _fifo("reference.docx"), "not a regular file"),
    "unnamed-reference-is-a-pipe": ("", _fifo("reference.docx"), "not a regular file"),
    "logo-loops": ('logo = "logo.png"', _loop("logo.png"), "symbolic link that loops"),
    "reference-loops": ('reference_docx = "reference.docx"', _loop("reference.docx"), "symbolic link that loops"),
    "unnamed-reference-loops": ("", _loop("reference.docx"), "symbolic link that loops"),
    "folder-loops": ('logo = "x/logo.png"', lambda f, s: (f / "x").symlink_to(f / "x"), "symbolic link that loops"),
}


@pytest.mark.parametrize("case", list(FILE_CASES))
def test_special_files_and_link_loops_in_a_template_are_one_line(
        case: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    named, setup, fragment = FILE_CASES[case]
    write_template("good", '[template]\ndescription = "Fine."\n')
    folder = write_template("odd", f'[template]\ndescription = "x"\n{named}\n')
    setup(folder, tmp_path)
    one_line_refusal("odd", fragment)
    assert_listed_without("odd", capsys, fragment=fragment)
    tally.count("faults injected")


def test_a_template_toml_that_loops_or_is_a_pipe_is_not_a_template(capsys: pytest.CaptureFixture[str]) -> None:
    for maker in (_fifo("template.toml"), _loop("template.toml")):
        folder = user_folder() / "odd"
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        maker(folder, folder)
        assert "odd" not in template_names()
        with pytest.raises(ValidationError, match="unknown template 'odd'"):
            load_template("odd")
        tally.count("faults injected")


W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
BODILESS: dict[str, bytes] = {
    "no-body": f'<w:document xmlns:w="{W}"/>'.encode(),
    "body-nested-deeper": f'<w:document xmlns:w="{W}"><w:x><w:body/></w:x></w:document>'.encode(),
    "not-a-document": f'<w:styles xmlns:w="{W}"><w:body/></w:styles>'.encode(),
    "not-xml": b"\x00\x01 not xml",
}


def reference_with(path: Path, document_xml: bytes | None) -> Path:
    """python-docx's own template with word/document.xml replaced (or removed, for None)."""
    base = path.with_name("base.docx")
    docx.Document().save(str(base))
    with zipfile.ZipFile(base) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            if info.filename == "word/document.xml":
                if document_xml is not None:
                    target.writestr(info, document_xml)
            else:
                target.writestr(info, source.read(info))
    return path


@pytest.mark.parametrize("case", list(BODILESS))
def test_a_reference_docx_without_a_body_stops_the_build_in_one_line_writing_nothing(
        case: str, tmp_path: Path, starter_library: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = write_template("letterhead", '[template]\ndescription = "Letterhead."\n')
    reference = reference_with(folder / "reference.docx", BODILESS[case])
    out = tmp_path / "out"
    out.mkdir()
    earlier = {name: os.urandom(64) for name in ("rok-eu-dpc.docx", "rok-eu-dpc.pdf", "rok-eu-dpc.xlsx")}
    for name, data in earlier.items():
        (out / name).write_bytes(data)
    library = copy_library(starter_library, tmp_path / "library.sqlite")
    capsys.readouterr()
    code = main(["build", str(SAMPLE), "--template", "letterhead", "--out", str(out), "--library", str(library)])
    [line] = capsys.readouterr().err.splitlines()
    assert code == 1 and line.startswith(f"{reference.resolve()}: "), line
    assert "Word document" in line or "no body" in line, line
    assert {p.name: p.read_bytes() for p in out.iterdir()} == earlier  # byte-identical, nothing added
    tally.count("faults injected")


@FIXTURE_OK
@given(setups=st.lists(st.sampled_from(["plain", "link-out", "link-inside", "link-loop", "dangling"]),
                       min_size=1, max_size=4))
def test_the_listing_and_the_build_agree_on_every_template(setups: list[str], tmp_path: Path) -> None:
    """A template is listed as usable exactly when it can be loaded: folders linking out of the
    templates folder, looping or dangling are refused by both."""
    tally.count("generated inputs")
    shutil.rmtree(user_folder(), ignore_errors=True)
    user_folder().mkdir(parents=True)
    outside = tmp_path / "outside"
    shutil.rmtree(outside, ignore_errors=True)
    outside.mkdir()
    (outside / "template.toml").write_text('[template]\ndescription = "Elsewhere."\n', encoding="utf-8")
    write_template("plain-0", '[template]\ndescription = "Here."\n')
    for index, setup in enumerate(setups):
        link = user_folder() / f"{setup}-{index + 1}"
        if setup == "plain":
            write_template(link.name, '[template]\ndescription = "Here."\n')
        elif setup == "link-out":
            link.symlink_to(outside, target_is_directory=True)
        elif setup == "link-inside":
            link.symlink_to(user_folder() / "plain-0", target_is_directory=True)
        elif setup == "link-loop":
            link.symlink_to(link, target_is_directory=True)
        else:
            link.symlink_to(tmp_path / "nowhere", target_is_directory=True)
    from briefing.templates import load_all

    listed = {template.name for template in load_all()[0]}
    for name in [p.name for p in user_folder().iterdir()] + list(BUILT_INS):
        try:
            load_template(name)
            usable = True
        except ValidationError:
            usable = False
        assert (name in listed) == usable, name
        assert usable == (not name.startswith(("link-out", "link-loop", "dangling"))), name
