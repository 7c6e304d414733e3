"""Templates are data and stay in their folder; only http, https and mailto links are made; no network."""

from __future__ import annotations

import os
import shutil
import socket
import tempfile
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from briefing.build import build_pack
from briefing.errors import ValidationError
from briefing.links import SAFE_SCHEMES, safe_url
from briefing.models import Contact, LibraryContent, Pack, Source
from briefing.packs import new_pack, write_pack
from briefing.templates import load_template
from tests.core import pack_content
from tests.faults import tally
from tests.faults.readback import (
    docx_link_targets,
    docx_text,
    pdf_uris,
    xlsx_link_targets,
    xlsx_rows,
)

CODE = "__import__('os').system('touch PWNED')"
# URLs that must never become live links, in the spellings used to slip past filters.
UNSAFE = [
    "javascript:alert(1)", "JavaScript:alert(document.domain)", " javascript:alert(1)",
    "java\tscript:alert(1)", "java\nscript:alert(1)", "\x01javascript:alert(1)",
    "javascript://example.org/%0Aalert(1)", "vbscript:msgbox(1)", "VBScript:msgbox(1)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==", "file:///etc/passwd",
    "file://server/share/doc.docx", "//evil.example/x", "ftp://files.example/x", "\\\\server\\share",
    "https://", "http:/one-slash.example", "mailto:", "https://ok.example/a b",
]
SAFE = ["https://ok.example/report?id=1&x=<2>", "http://plain.example/", "mailto:officer@example.org"]


def user_folder() -> Path:
    return Path(os.environ["BRIEFING_TEMPLATES"])


def write_template(name: str, toml: str) -> Path:
    folder = user_folder() / name
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "template.toml").write_text(toml, encoding="utf-8")
    return folder


def test_template_values_are_data_never_code(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # where `touch PWNED` would land
    write_template("coded", f'[template]\ntitle = "{CODE}"\ndescription = "{{{{ 7*7 }}}} ${{HOME}}"\n'
                   f'[[sections.default]]\ntitle = "{CODE}"\nintro = "%(x)s {{0.__class__}}"\n')
    template = load_template("coded")
    assert template.title == CODE and template.description == "{{ 7*7 }} ${HOME}"
    assert [(s.title, s.intro) for s in new_pack("Brief", template=template).sections] == [
        (CODE, "%(x)s {0.__class__}")]
    for key, _value in [("fonts.body", CODE), ("colours.heading", CODE), ("page.size", CODE)]:
        table, field = key.split(".")
        write_template("coded-bad", f'[template]\ndescription = "x"\n[{table}]\n{field} = "{CODE}"\n')
        with pytest.raises(ValidationError) as caught:
            load_template("coded-bad")
        [line] = caught.value.problems
        assert f": {key}: must be" in line
        tally.count("faults injected")
    assert not (tmp_path / "PWNED").exists() and not Path("PWNED").exists()


def outside_file(tmp_path: Path) -> Path:
    secret = tmp_path / "secret" / "reference.docx"
    secret.parent.mkdir()
    shutil.copyfile(Path(__file__).resolve().parents[2] / "assets" / "fonts" / "README.md", secret)
    return secret


@pytest.mark.parametrize("reference", [
    "../../etc/passwd", "/etc/passwd", "../secret/reference.docx", "sub/../../x.docx",
    "C:/Windows/win.ini", "C:\\\\Windows\\\\win.ini",
])
def test_a_template_cannot_name_a_file_outside_its_folder(reference: str) -> None:
    write_template("reaching", f'[template]\ndescription = "x"\nreference_docx = "{reference}"\n')
    with pytest.raises(ValidationError) as caught:
        load_template("reaching")
    [line] = caught.value.problems
    assert "template.reference_docx" in line
    assert "outside the template folder" in line or "not an absolute path" in line \
        or "must be a .docx file" in line
    tally.count("faults injected")


@pytest.mark.parametrize("link", ["reference.docx", "logo.png", "template.toml", "folder"])
def test_a_symlink_out_of_the_template_folder_is_refused(tmp_path: Path, link: str) -> None:
    secret = outside_file(tmp_path)
    if link == "folder":
        elsewhere = tmp_path / "elsewhere" / "linked"
        elsewhere.mkdir(parents=True)
        (elsewhere / "template.toml").write_text('[template]\ndescription = "x"\n', encoding="utf-8")
        user_folder().mkdir(parents=True, exist_ok=True)
        (user_folder() / "linked").symlink_to(elsewhere, target_is_directory=True)
        name = "linked"
    else:
        toml = '[template]\ndescription = "x"\n' + ('logo = "logo.png"\n' if link == "logo.png" else "")
        folder = write_template("linked", toml)
        if link == "template.toml":
            (folder / "template.toml").unlink()
            secret = secret.with_name("template.toml")
            secret.write_text(toml, encoding="utf-8")
        (folder / link).symlink_to(secret if link != "logo.png" else secret.with_suffix(".png"))
        if link == "logo.png":
            shutil.copyfile(secret, secret.with_suffix(".png"))
        name = "linked"
    with pytest.raises(ValidationError) as caught:
        load_template(name)
    assert "outside" in " ".join(caught.value.problems)
    tally.count("faults injected")


def pack_with_urls(urls: list[str], email: str) -> tuple[Pack, LibraryContent]:
    """The shared test pack and library, the first priority's sources pointing at `urls`."""
    library = pack_content.library()
    sources = tuple(Source(title=f"Source {n}", url=url) for n, url in enumerate(urls))
    chips = replace(library.priorities[0], sources=sources)
    library = replace(library, priorities=(chips, *library.priorities[1:]))
    return pack_content.pack(contact=Contact(name="A. Officer", email=email)), library


def links_by_format(folder: Path, stem: str) -> dict[str, list[str]]:
    """Every link target each output holds, read from the files themselves."""
    return {"docx": docx_link_targets(folder / f"{stem}.docx"), "pdf": pdf_uris(folder / f"{stem}.pdf"),
            "xlsx": xlsx_link_targets(folder / f"{stem}.xlsx")}


def build_links(folder: Path, urls: list[str], email: str = "officer@example.org") -> dict[str, list[str]]:
    pack, library = pack_with_urls(urls, email)
    path = folder / "links.briefpack"
    write_pack(pack, path)
    build_pack(path, formats="all", out=folder / "out", library=library)
    return links_by_format(folder / "out", "links")


def assert_safe(target: str) -> None:
    assert safe_url(target) == target, f"unsafe link target {target!r}"
    assert target.split(":", 1)[0].lower() in SAFE_SCHEMES


def test_only_http_https_and_mailto_become_links_in_every_format(tmp_path: Path) -> None:
    found = build_links(tmp_path, UNSAFE + SAFE, email="javascript:alert(1)")
    tally.count("faults injected", len(UNSAFE) + 1)
    for targets in found.values():
        for target in targets:
            assert_safe(target)
        assert set(SAFE) <= set(targets)  # the safe ones are live, in each format
    text = docx_text(tmp_path / "out" / "links.docx")
    assert "Source 0" in text  # an unsafe URL's source is still listed, as plain text
    urls = [row["URL"] for row in xlsx_rows(tmp_path / "out" / "links.xlsx")["Sources"]]
    assert "javascript:alert(1)" in urls  # shown as typed, never live


URLISH = st.one_of(
    st.text(max_size=40),
    st.builds(lambda scheme, rest: scheme + rest,
              st.sampled_from(["javascript:", "JAVASCRIPT:", "data:", "file:", "vbscript:", "http:",
                               "https:", "mailto:", "http://", "https://", " java\tscript:"]),
              st.text(max_size=30)),
)


@settings(max_examples=500, deadline=None)
@given(URLISH)
def test_safe_url_lets_through_only_safe_schemes_exactly_as_given(url: str) -> None:
    tally.count("generated inputs")
    result = safe_url(url)
    if result is not None:
        assert result == url.strip() and not any(ch.isspace() or ord(ch) < 32 for ch in result)
        assert result.split(":", 1)[0].lower() in SAFE_SCHEMES


@settings(max_examples=8, deadline=None)
@given(st.lists(URLISH, min_size=1, max_size=4))
# The PDF keeps URIs as printable ASCII bytes: non-ASCII characters and DEL are escaped.
@example(["MAILTO:\xad", "https://example.org/δοκιμή?q=한국"])
@example(["MAILTO:\x7f"])
def test_generated_urls_never_become_unsafe_links(urls: list[str]) -> None:
    tally.count("generated inputs")
    with tempfile.TemporaryDirectory() as folder:
        for targets in build_links(Path(folder), urls).values():
            for target in targets:
                assert_safe(target)


def test_building_a_pack_never_touches_the_network(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    attempts: list[tuple[object, ...]] = []

    def refuse(*args: object, **kwargs: object) -> None:
        attempts.append(args)
        raise OSError("network access during a build")

    for name in ("socket", "create_connection", "getaddrinfo", "gethostbyname", "socketpair"):
        monkeypatch.setattr(socket, name, refuse)
    found = build_links(tmp_path, [*SAFE, "https://digital-strategy.ec.europa.eu/en/policies"])
    assert attempts == []
    assert all("https://digital-strategy.ec.europa.eu/en/policies" in targets for targets in found.values())
    tally.count("faults injected")
