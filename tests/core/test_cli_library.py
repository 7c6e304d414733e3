"""The library commands end to end: import, export-library, search, exit codes and messages."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from briefing import resources
from briefing.cli import main
from briefing.library.store import LibraryStore
from tests.core.library.interchange_sample import KOREAN, sample_object, write_sample

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def small_starter(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """New libraries start from a tiny starter, so the tests know exactly what they hold."""
    path = tmp_path / "starter.json"
    path.write_text(json.dumps({"format": "briefing-library", "version": 1, "priorities": [
        {"id": "starter-item", "title": "Starter semiconductors", "summary": "From the starter."}]}))
    monkeypatch.setattr(resources, "starter_library_path", lambda: path)
    return path


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, list[str], list[str]]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out.splitlines(), err.splitlines()


def library_state(path: Path) -> str:
    with LibraryStore(path) as store:
        content = store.content()
    return repr((content, [item.updated for item in content.items()]))


def test_import_prints_a_summary_and_warnings(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    obj = sample_object()
    obj["partnerships"][0]["colour"] = "blue"
    path = write_sample(tmp_path / "lib.json", obj)
    db = tmp_path / "lib.sqlite"
    code, out, err = run(capsys, "import", str(path), "--library", str(db))
    assert code == 0
    assert out == [f"imported {path}: 7 added, 0 unchanged, 0 replaced, 0 skipped"]
    assert err == [f"warning: {path}:partnerships[0]:colour: unknown field, ignored"]
    code, out, _err = run(capsys, "import", str(path), "--library", str(db))
    assert out == [f"imported {path}: 0 added, 7 unchanged, 0 replaced, 0 skipped"]


def _bad_files(tmp_path: Path) -> dict[str, tuple[Path, list[str]]]:
    """Every bad input of the issue, with the problem lines it must give."""
    def edited(name: str, edit) -> Path:
        obj = sample_object()
        edit(obj)
        return write_sample(tmp_path / name, obj)

    binary = tmp_path / "binary.json"
    binary.write_bytes(bytes(range(256)))
    empty = tmp_path / "empty.json"
    empty.write_bytes(b"")
    text = tmp_path / "notes.txt"
    text.write_text("just some notes\n")
    no_sheet = tmp_path / "no-sheet.xlsx"
    book = openpyxl.Workbook()
    book.active.append(["id", "title", "summary"])
    book.save(no_sheet)
    no_column = tmp_path / "no-column.xlsx"
    book = openpyxl.Workbook()
    book.active.title = "Priorities"
    book.active.append(["id", "title"])
    book.save(no_column)
    cases = {
        "binary": (binary, ["{f}: not a JSON file (binary content, or not UTF-8 text)"]),
        "empty": (empty, ["{f}: the file is empty"]),
        "not JSON or XLSX": (text, ["{f}: not a library file (expected JSON or XLSX)"]),
        "wrong marker": (edited("marker.json", lambda o: o.update(format="something-else")),
                         ["{f}:format: not a briefing library file (format 'something-else'; "
                          "expected 'briefing-library')"]),
        "unknown version": (edited("version.json", lambda o: o.update(version=2)),
                            ["{f}:version: unknown version 2 (this program reads version 1)"]),
        "several faults": (edited("faults.json", _many_faults), [
            "{f}:partnerships[0]:name: required field missing",
            "{f}:partnerships[1]:id: 'TTC WG4' is not a valid id (lower-case letters, digits and "
            "hyphens, starting with a letter or digit)",
            "{f}:priorities[2]:last_reviewed: '2024/01/01' is not an ISO date (YYYY, YYYY-MM or "
            "YYYY-MM-DD, year 0001 to 9999)",
            "{f}:quotes[1]:id: the quote id 'vestager-2023' appears twice in this file "
            "(first at {f}:quotes[0])",
            "{f}:quotes[0]:priorities: links to priority 'ghost', which is neither in this file "
            "nor in the library",
        ]),
        "no item sheet": (no_sheet, ["{f}: no Partnerships, Priorities, Quotes, People sheet found "
                                     "(a library workbook needs at least one of them)"]),
        "no required column": (no_column, ["{f}:Priorities:1:summary: required column missing"]),
    }
    return {name: (path, [line.format(f=path) for line in lines]) for name, (path, lines) in cases.items()}


def _many_faults(obj: dict) -> None:
    obj["partnerships"][0]["name"] = None
    obj["partnerships"][1]["id"] = "TTC WG4"
    obj["priorities"][2]["last_reviewed"] = "2024/01/01"
    obj["quotes"][1]["id"] = "vestager-2023"
    obj["quotes"][0]["priorities"].append("ghost")
    obj["quotes"][0]["partnerships"] = []  # drop the link to the faulty partnership's old id


def test_every_bad_input_exits_1_with_one_line_per_problem_and_no_change(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "lib.sqlite"
    assert run(capsys, "import", str(write_sample(tmp_path / "good.json")), "--library", str(db))[0] == 0
    before = library_state(db)
    for name, (path, expected) in _bad_files(tmp_path).items():
        code, out, err = run(capsys, "import", str(path), "--library", str(db))
        assert (name, code, out, err) == (name, 1, [], expected)
        assert "Traceback" not in "\n".join(err)
    assert library_state(db) == before


def test_conflicts_fail_by_default_and_follow_on_conflict(tmp_path: Path,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "lib.sqlite"
    run(capsys, "import", str(write_sample(tmp_path / "good.json")), "--library", str(db))
    obj = sample_object()
    obj["priorities"][2]["summary"] = "Changed"
    changed = write_sample(tmp_path / "changed.json", obj)
    code, out, err = run(capsys, "import", str(changed), "--library", str(db))
    assert (code, out) == (1, [])
    assert err == [f"{changed}:priorities[2]:id: a different priority 'beyond-5g' is already in the "
                   "library (use --on-conflict skip or replace)"]
    code, out, _ = run(capsys, "import", str(changed), "--library", str(db), "--on-conflict", "skip")
    assert out == [f"imported {changed}: 0 added, 6 unchanged, 0 replaced, 1 skipped"]
    code, out, _ = run(capsys, "import", str(changed), "--library", str(db), "--on-conflict", "replace")
    assert out == [f"imported {changed}: 0 added, 6 unchanged, 1 replaced, 0 skipped"]
    with pytest.raises(SystemExit) as usage:
        main(["import", str(changed), "--library", str(db), "--on-conflict", "merge"])
    assert usage.value.code == 2


def test_export_library_json_and_xlsx(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "new.sqlite"
    out_json, out_xlsx = tmp_path / "out.json", tmp_path / "out.xlsx"
    code, out, err = run(capsys, "export-library", str(out_json), "--library", str(db))
    assert (code, out, err) == (0, [f"exported 1 items to {out_json}"], [])
    assert [p["id"] for p in json.loads(out_json.read_text())["priorities"]] == ["starter-item"]
    assert run(capsys, "export-library", str(out_xlsx), "--library", str(db))[0] == 0
    assert openpyxl.load_workbook(out_xlsx)["Priorities"]["A2"].value == "starter-item"
    code, out, err = run(capsys, "export-library", str(tmp_path / "out.docx"), "--library", str(db))
    assert (code, out) == (1, [])
    assert err == [f"{tmp_path / 'out.docx'}: cannot export a library as .docx (use .json or .xlsx)"]


def test_search_prints_kind_id_title_best_first(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "lib.sqlite"
    run(capsys, "import", str(write_sample(tmp_path / "good.json")), "--library", str(db))
    code, ranked, err = run(capsys, "search", "semicond*", "--library", str(db))
    assert code == 0 and err == []
    with LibraryStore(db) as store:
        hits = store.search("semicond*")
    assert ranked == [f"{hit.kind}\t{hit.id}\t{hit.label}" for hit in hits]  # the store's order
    assert set(ranked[:2]) == {"priority\tsemiconductors\tSemiconductors",
                            "priority\tstarter-item\tStarter semiconductors"}
    code, out, _ = run(capsys, "search", "semicond*", "--kind", "partnership", "--library", str(db))
    assert (code, out) == (0, [])
    code, first, _ = run(capsys, "search", "semicond*", "--limit", "1", "--library", str(db))
    assert (code, first) == (0, ranked[:1])
    assert run(capsys, "search", "디지털", "--kind", "partnership", "--library", str(db))[1] == [
        f"partnership\trok-eu\t{KOREAN}"]
    for query in ("ROK-EU", "5G/6G", "Note:", '"unbalanced', "nothing-matches-this"):
        assert run(capsys, "search", query, "--library", str(db))[0] == 0


def test_library_option_overrides_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    env_db, option_db = tmp_path / "env.sqlite", tmp_path / "option.sqlite"
    monkeypatch.setenv("BRIEFING_LIBRARY", str(env_db))
    run(capsys, "import", str(write_sample(tmp_path / "good.json")))
    assert env_db.exists() and not option_db.exists()
    assert run(capsys, "search", "semiconductors", "--library", str(option_db))[1] == [
        "priority\tstarter-item\tStarter semiconductors"]
    assert "priority\tsemiconductors\tSemiconductors" in run(capsys, "search", "semiconductors")[1]


def test_cloud_folder_and_damaged_library_messages(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    synced = tmp_path / "Dropbox" / "lib.sqlite"
    code, out, err = run(capsys, "search", "starter", "--library", str(synced))
    assert code == 0 and len(out) == 1
    assert len(err) == 1 and err[0].startswith(f"warning: {synced}: the library is inside a folder "
                                               "synced by Dropbox")
    damaged = tmp_path / "damaged.sqlite"
    damaged.write_bytes(b"this is not a database" * 100)
    code, out, err = run(capsys, "search", "x", "--library", str(damaged))
    assert (code, out, len(err)) == (1, [], 1) and err[0].startswith(f"{damaged}: ")
    assert damaged.read_bytes() == b"this is not a database" * 100  # never silently reset


@pytest.mark.parametrize("command", ["import", "export-library", "search"])
def test_every_command_has_help(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as done:
        main([command, "--help"])
    assert done.value.code == 0
    text = capsys.readouterr().out
    assert f"usage: briefing-pack {command}" in text and "--library DB" in text


def test_search_through_a_real_process(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "lib.sqlite"
    run(capsys, "import", str(write_sample(tmp_path / "good.json")), "--library", str(db))
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    done = subprocess.run([sys.executable, str(REPO / "main.py"), "search", "디지털", "--kind", "partnership",
                           "--library", str(db)], capture_output=True, text=True, encoding="utf-8",
                          env=env, cwd=tmp_path, timeout=60)
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout.splitlines() == [f"partnership\trok-eu\t{KOREAN}"]
    bad = subprocess.run([sys.executable, str(REPO / "main.py"), "import", str(tmp_path / "nope.json"),
                          "--library", str(db)], capture_output=True, text=True, env=env, timeout=60)
    assert bad.returncode == 1
    assert bad.stderr == f"{tmp_path / 'nope.json'}: cannot read the file: no such file\n"
