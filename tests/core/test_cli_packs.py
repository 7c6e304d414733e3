"""The `build`, `templates` and `demo` commands, end to end."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from briefing import resources
from briefing.cli import main
from briefing.library.jsonio import write_json
from briefing.packs import write_pack
from tests.core import pack_content

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def library_file(tmp_path: Path) -> Path:
    """A library file: the starter library, with the test content imported over it."""
    from briefing.library import open_library
    from briefing.library.importer import import_file

    source = tmp_path / "content.json"
    write_json(pack_content.library(), source)
    path = tmp_path / "lib.sqlite"
    store = open_library(path)
    try:
        import_file(store, source, on_conflict="replace")
    finally:
        store.close()
    return path


def test_build_writes_the_files_and_warns_on_stderr(tmp_path: Path, library_file: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    pack = tmp_path / "brief.briefpack"
    write_pack(pack_content.pack(), pack)
    code = main(["build", str(pack), "--out", str(tmp_path / "out"), "--library", str(library_file)])
    out, err = capsys.readouterr()
    assert code == 0
    assert out.splitlines() == [str(tmp_path / "out" / f"brief.{ext}") for ext in ("docx", "pdf", "xlsx")]
    assert "warning: priority 'digital-rights' is marked SENSITIVE, above the pack's marking (OFFICIAL)" in err.splitlines()
    assert all(line.startswith("warning: ") for line in err.splitlines())


def test_build_one_format_with_another_template(tmp_path: Path, library_file: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    import docx

    pack = tmp_path / "brief.briefpack"
    write_pack(pack_content.pack(), pack)
    code = main(["build", str(pack), "--format", "docx", "--template", "lines-to-take",
                 "--library", str(library_file)])
    assert code == 0 and capsys.readouterr().out.strip() == str(tmp_path / "brief.docx")
    text = [p.text for p in docx.Document(str(tmp_path / "brief.docx")).paragraphs]
    assert "Defensive lines" in text and "We must secure our 5G networks." in "\n".join(text)


@pytest.mark.parametrize(("content", "args", "message"), [
    ("{\"format\": \"briefing-pack\",", [], "broken JSON"),
    (None, ["--template", "../x"], "template '../x': not a template name"),
    (None, ["--template", "nope"], "unknown template 'nope'"),
    ('{"format": "briefing-pack", "version": 1, "title": "T", "marking": "SECRET-ISH", "sections": '
     '[{"title": "A", "items": [{"kind": "memo", "id": "x"}]}]}', [], "unknown kind 'memo'"),
])
def test_bad_input_exits_1_with_a_message_and_no_traceback(
        tmp_path: Path, library_file: Path, capsys: pytest.CaptureFixture[str],
        content: str | None, args: list[str], message: str) -> None:
    pack = tmp_path / "brief.briefpack"
    if content is None:
        write_pack(pack_content.pack(), pack)
    else:
        pack.write_text(content, encoding="utf-8")
    code = main(["build", str(pack), "--library", str(library_file), *args])
    err = capsys.readouterr().err
    assert code == 1 and message in err and "Traceback" not in err
    assert sorted(p.name for p in tmp_path.iterdir() if p.suffix in (".docx", ".pdf", ".xlsx")) == []


def test_templates_lists_name_and_description(capsys: pytest.CaptureFixture[str]) -> None:
    user = resources.user_templates_dir()
    (user / "broken").mkdir(parents=True)
    (user / "broken" / "template.toml").write_text("[page]\nsize = 'A5'\n", encoding="utf-8")
    assert main(["templates"]) == 0
    out, err = capsys.readouterr()
    lines = out.splitlines()
    assert [line.split()[0] for line in lines] == ["lines-to-take", "meeting-one-pager",
                                                   "ministerial-brief", "partnership-overview"]
    assert all(len(line.split(maxsplit=1)) == 2 for line in lines)
    assert "warning: template 'broken' cannot be used:" in err and 'page.size: must be "A4" or "Letter"' in err


def test_demo_builds_the_sample_in_all_formats(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import pypdf

    out = tmp_path / "demo"
    assert main(["demo", "--out", str(out)]) == 0
    printed = capsys.readouterr().out.splitlines()
    assert printed == [str(out / f"rok-eu-dpc.{ext}") for ext in ("docx", "pdf", "xlsx")]
    text = pypdf.PdfReader(out / "rok-eu-dpc.pdf").pages[0].extract_text()
    assert "ROK-EU Digital Partnership Council" in text
    assert not resources.default_library_path().exists()  # a temporary library, not the user's


def test_help_works_for_every_command() -> None:
    for command in ("build", "templates", "demo"):
        run = subprocess.run([sys.executable, str(ROOT / "main.py"), command, "--help"],
                             capture_output=True, text=True, check=False, cwd=ROOT)
        assert run.returncode == 0 and "usage:" in run.stdout, run.stderr
