"""Tests for markings, safe links and atomic writes."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from briefing.atomic import atomic_path, write_text
from briefing.errors import ExportError
from briefing.links import safe_url
from briefing.markings import Markings


def test_markings_compare_case_insensitively_and_none_is_lowest() -> None:
    scale = Markings()
    assert scale.canonical("official-sensitive") == "OFFICIAL-SENSITIVE"
    assert scale.is_above("SENSITIVE", "official")
    # An unmarked pack counts as the lowest marking: public items fit, anything higher does not.
    assert not scale.is_above("PUBLIC", None)
    assert scale.is_above("OFFICIAL", None)
    assert not scale.is_above(None, "PUBLIC")
    with pytest.raises(ValueError, match="unknown marking 'SECRET'"):
        scale.canonical("SECRET")


@pytest.mark.parametrize("url", ["https://ec.europa.eu/x?a=1", "http://example.org", "mailto:a@example.org"])
def test_safe_urls(url: str) -> None:
    assert safe_url(url) == url


@pytest.mark.parametrize("url", [
    "javascript:alert(1)", "JaVaScRiPt:alert(1)", " javascript:alert(1)", "file:///etc/passwd",
    "data:text/html,x", "vbscript:x", "https://", "http://exa mple.org", "ftp://x.org", "", None,
    "java\nscript:alert(1)",
])
def test_unsafe_urls_never_become_links(url: str | None) -> None:
    assert safe_url(url) is None


def test_atomic_write_replaces_only_when_complete(tmp_path: Path) -> None:
    target = tmp_path / "brief.docx"
    write_text(target, "old")
    with pytest.raises(RuntimeError), atomic_path(target) as tmp:
        tmp.write_text("half")
        raise RuntimeError("exporter failed")
    assert target.read_text() == "old"
    assert os.listdir(tmp_path) == ["brief.docx"]
    write_text(target, "new")
    assert target.read_text() == "new"
    assert os.listdir(tmp_path) == ["brief.docx"]


def test_atomic_write_into_unwritable_folder_gives_clear_message(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Tests run as root in CI, where folder permissions are ignored: inject the OS error.
    def refuse(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("briefing.atomic.tempfile.mkstemp", refuse)
    with pytest.raises(ExportError, match=r"cannot write in .*Permission denied"):
        write_text(tmp_path / "x.pdf", "x")


def test_atomic_write_onto_a_folder_keeps_it_and_leaves_no_temp_file(tmp_path: Path) -> None:
    (tmp_path / "brief.pdf").mkdir()
    with pytest.raises(ExportError, match="cannot replace"):
        write_text(tmp_path / "brief.pdf", "x")
    assert sorted(os.listdir(tmp_path)) == ["brief.pdf"]


def test_atomic_write_into_missing_folder_gives_clear_message(tmp_path: Path) -> None:
    with pytest.raises(ExportError, match="cannot write in"):
        write_text(tmp_path / "missing" / "x.pdf", "x")


def test_atomic_write_gives_new_files_the_umask_mode_and_keeps_an_old_files_mode(tmp_path: Path) -> None:
    umask = os.umask(0o022)
    try:
        write_text(tmp_path / "new.pdf", "x")
        assert (tmp_path / "new.pdf").stat().st_mode & 0o777 == 0o644
        (tmp_path / "new.pdf").chmod(0o640)
        write_text(tmp_path / "new.pdf", "y")
        assert (tmp_path / "new.pdf").stat().st_mode & 0o777 == 0o640
    finally:
        os.umask(umask)
