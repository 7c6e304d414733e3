"""Hostile packs: repeated keys, long numbers, text over its limit, huge or multi-line values
echoed, special files. Each is refused in one short line naming the file and the problem."""

from __future__ import annotations

import json
import os
import socket
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from briefing.cli import main
from briefing.errors import ValidationError
from briefing.jsonload import MAX_INTEGER_DIGITS
from briefing.packs import loads_pack, read_pack
from tests.faults import tally
from tests.faults.hostile_json import (
    LIMITED_FIELDS,
    at,
    dumps_with_raw,
    dumps_with_repeat,
    json_path,
    objects,
    pack_object,
    scalars,
)
from tests.faults.libraries import copy_library
from tests.faults.processes import MAIN, PYTHON, peak_memory, run

ORIGIN = "brief.briefpack"
PACK = pack_object()
OBJECTS = list(objects(PACK))
SCALARS = list(scalars(PACK))
SHORT_LINE = 300  # the longest a message line may be, whatever the input held


def refusal(text: str) -> str:
    """The one problem line loading pack `text` gives."""
    with pytest.raises(ValidationError) as caught:
        loads_pack(text, origin=ORIGIN)
    problems = caught.value.problems
    assert len(problems) == 1, problems
    assert problems[0].startswith(f"{ORIGIN}:"), problems[0]
    assert_short(problems[0])
    return problems[0]


def assert_short(line: str) -> None:
    assert len(line) <= SHORT_LINE and not any(ch in line for ch in "\n\r\x85\u2028\u2029"), line[:500]


@settings(max_examples=60, deadline=None)
@given(where=st.sampled_from(OBJECTS), data=st.data())
def test_a_key_repeated_in_any_object_is_refused(where: tuple[Any, ...], data: st.DataObject) -> None:
    tally.count("generated inputs")
    obj = at(PACK, where)
    key = data.draw(st.sampled_from(sorted(obj)))
    repeat = data.draw(st.sampled_from([obj[key], None, "other", [], {}]))
    line = refusal(dumps_with_repeat(PACK, where, key, repeat))
    assert f"the key {key!r} appears twice in one object" in line


@settings(max_examples=40, deadline=None)
@given(where=st.sampled_from(SCALARS), digits=st.integers(MAX_INTEGER_DIGITS + 1, 12_000),
       negative=st.booleans())
def test_an_integer_too_long_anywhere_is_refused(where: tuple[Any, ...], digits: int, negative: bool) -> None:
    tally.count("generated inputs")
    number = ("-" if negative else "") + "9" * digits
    line = refusal(dumps_with_raw(PACK, where, number))
    assert line == f"{ORIGIN}: refused: a number of {digits:,} digits (at most {MAX_INTEGER_DIGITS} are read)"


@settings(max_examples=40, deadline=None)
@given(where=st.sampled_from(sorted(LIMITED_FIELDS)), excess=st.integers(1, 50_000))
def test_text_over_its_limit_is_refused_naming_the_field_and_the_limit(
        where: tuple[Any, ...], excess: int) -> None:
    tally.count("generated inputs")
    limit = LIMITED_FIELDS[where]
    data = json.loads(json.dumps(PACK))
    at(data, where[:-1])[where[-1]] = "x" * limit
    loads_pack(json.dumps(data), origin=ORIGIN)  # at the limit: accepted
    at(data, where[:-1])[where[-1]] = "x" * (limit + excess)
    line = refusal(json.dumps(data))
    assert line == (f"{ORIGIN}:{json_path(where)}: refused: {limit + excess:,} characters, more than "
                    f"the {limit:,} this field may hold")


PACK_OBJECTS = [where for where in OBJECTS if not where or where[0] != "library"]
ECHOED = [("format",), ("version",), ("marking",), ("template",), ("meeting", "date"),
          ("sections", 0, "items", 0, "kind"), ("sections", 0, "items", 0, "id")]
# Text built to break a message: line breaks of every kind, controls, quotes, long runs.
NASTY = st.text(st.sampled_from([*"ab \n\r\t\x85\u2028'\"\\{}%", "\x00", "\x1b"]), min_size=1, max_size=30)


@settings(max_examples=60, deadline=None)
@given(piece=NASTY, repeat=st.sampled_from([1, 3, 100, 10_000, 40_000]),
       place=st.one_of(st.tuples(st.just("key"), st.sampled_from(PACK_OBJECTS)),
                       st.tuples(st.just("value"), st.sampled_from(ECHOED))))
def test_echoed_keys_and_values_stay_one_short_line(
        piece: str, repeat: int, place: tuple[str, tuple[Any, ...]]) -> None:
    tally.count("generated inputs")
    value = ("Zz " + piece) * repeat  # never a valid name, marking, date or kind, even cleaned
    data = json.loads(json.dumps(PACK))
    kind, where = place
    if kind == "key":
        at(data, where)[value] = 1
    else:
        at(data, where[:-1])[where[-1]] = value
    try:
        loads_pack(json.dumps(data), origin=ORIGIN)
    except ValidationError as exc:
        for problem in exc.problems:
            assert problem.startswith(f"{ORIGIN}:")
            assert_short(problem)
    else:
        raise AssertionError("a hostile value was accepted")


def test_the_command_line_shows_a_10_mb_marking_and_a_key_with_line_breaks_in_short_lines(
        tmp_path: Path, starter_library: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = pack_object()
    data["marking"] = "x" * 10_000_000
    data["meeting"]["bad\nkey\nwith lines" * 100_000] = 1
    pack = tmp_path / "brief.briefpack"
    pack.write_text(json.dumps(data), encoding="utf-8")
    library = copy_library(starter_library, tmp_path / "library.sqlite")
    capsys.readouterr()
    assert main(["build", str(pack), "--out", str(tmp_path / "out"), "--library", str(library)]) == 1
    lines = capsys.readouterr().err.splitlines()
    assert len(lines) == 2 and all(line.startswith(f"{pack}:") for line in lines), [x[:200] for x in lines]
    for line in lines:
        assert len(line) <= len(str(pack)) + SHORT_LINE
    assert not (tmp_path / "out").exists()
    tally.count("faults injected", 2)


def special_file(kind: str, folder: Path) -> Path:
    """A path to something that is not a regular file, named like a pack."""
    path = folder / "brief.briefpack"
    if kind == "named-pipe":
        os.mkfifo(path)
    elif kind == "device-link":
        path.symlink_to("/dev/zero")
    elif kind == "device":
        return Path("/dev/zero")
    elif kind == "folder":
        path.mkdir()
    elif kind == "link-loop":
        path.symlink_to(folder / "other.briefpack")
        (folder / "other.briefpack").symlink_to(path)
    elif kind == "socket":
        server = socket.socket(socket.AF_UNIX)
        server.bind(str(path))
        server.close()
    return path


SPECIAL = {"named-pipe": "not a regular file", "device-link": "not a regular file",
           "device": "not a regular file", "folder": "is a folder", "link-loop": "loops",
           # A socket cannot even be opened: the system's own reason is given.
           "socket": "cannot read the pack file: not a regular file (a device, pipe or socket)", "missing": "no such file"}


@pytest.mark.parametrize("kind", list(SPECIAL))
def test_a_pack_that_is_not_a_regular_file_is_refused_at_once(
        kind: str, tmp_path: Path, starter_library: Path) -> None:
    pack = special_file(kind, tmp_path)
    out = tmp_path / "out"
    library = copy_library(starter_library, tmp_path / "library.sqlite")
    command = [PYTHON, MAIN, "build", str(pack), "--out", str(out), "--library", str(library)]
    if kind in ("device", "device-link", "named-pipe"):  # would grow or block for ever
        done, peak_mb = peak_memory(command, timeout=60)
        assert peak_mb < 200, f"{peak_mb:.0f} MB"
    else:
        done = run(command, timeout=60)
    lines = done.stderr.splitlines()
    assert done.returncode == 1 and len(lines) == 1, done.stderr
    assert lines[0].startswith(f"{pack}: ") and SPECIAL[kind] in lines[0], lines[0]
    assert not out.exists()
    tally.count("faults injected")


def test_a_valid_pack_still_reads(tmp_path: Path) -> None:
    path = tmp_path / "brief.briefpack"
    path.write_text(json.dumps(pack_object()), encoding="utf-8")
    pack = read_pack(path)
    assert pack.title == "Brief" and pack.library is not None and pack.library.priorities[0].id == "chips"
