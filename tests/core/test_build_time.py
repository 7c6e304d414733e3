"""SOURCE_DATE_EPOCH is read in one place (`dates.build_time`): every file of a build agrees."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import docx
import openpyxl
import pytest
from pypdf import PdfReader

from briefing import resources
from briefing.cli import main
from briefing.document import build_document
from briefing.errors import BriefingError
from briefing.templates import load_template
from tests.core import pack_content

EPOCH = 1_700_000_000
WHEN = dt.datetime(2023, 11, 14, 22, 13, 20)  # EPOCH, naive UTC


def test_the_builder_stamps_the_document_with_the_build_time(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(EPOCH))
    document = build_document(pack_content.pack(), pack_content.library(), load_template("meeting-one-pager"))
    assert document.properties.created == WHEN.replace(tzinfo=dt.UTC)


def test_the_builder_names_a_bad_source_date_epoch(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "2024-03-26")
    with pytest.raises(BriefingError, match="SOURCE_DATE_EPOCH must be a whole number"):
        build_document(pack_content.pack(), pack_content.library(), load_template("ministerial-brief"))


def test_all_three_files_carry_the_same_time(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(EPOCH))
    out = tmp_path / "out"
    code = main(["build", str(resources.sample_pack_path()), "--out", str(out),
                 "--template", "meeting-one-pager", "--library", str(tmp_path / "lib.sqlite")])
    assert code == 0, capsys.readouterr().err
    stem = resources.sample_pack_path().stem
    word = docx.Document(str(out / f"{stem}.docx")).core_properties.created
    assert word is not None and word.replace(tzinfo=None) == WHEN
    assert openpyxl.load_workbook(out / f"{stem}.xlsx").properties.created == WHEN
    pdf = PdfReader(out / f"{stem}.pdf").metadata
    assert pdf is not None and pdf.creation_date is not None
    assert pdf.creation_date.astimezone(dt.UTC).replace(tzinfo=None) == WHEN


def test_a_bad_value_stops_the_build_with_one_line_and_no_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "yesterday")
    out = tmp_path / "out"
    code = main(["build", str(resources.sample_pack_path()), "--out", str(out),
                 "--library", str(tmp_path / "lib.sqlite")])
    err = capsys.readouterr().err
    assert code == 1
    assert err.splitlines() == ["SOURCE_DATE_EPOCH must be a whole number of seconds, not 'yesterday'"]
    assert "Traceback" not in err
    assert not out.exists() or not any(out.iterdir())
