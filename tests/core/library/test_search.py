"""Library search: the user's words, never FTS syntax; ranking, prefixes, folding, filters."""

from __future__ import annotations

import dataclasses
import unicodedata
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from briefing.library import search as searching
from briefing.library.search import Term, match_expression, parse
from briefing.library.store import LibraryStore
from briefing.models import Partnership, Priority, Quote, Source
from tests.core.library.store_samples import GREEK, KOREAN

HOSTILE_QUERIES = ["ROK-EU", "5G/6G", "Note:", '"', "(", ")", "*", "AND", "OR", "NOT", "NEAR(",
                   "NEAR(a b, 2)", "title:chips", "{title}: x", "a AND", "^chips", "-chips", "+",
                   "semi*conductor", "''", "\\", "%_", "; DROP TABLE items; --", "\x00", "*" * 40]


def _library() -> list[Partnership | Priority | Quote]:
    return [
        Partnership(id="rok-eu", name="ROK-EU Digital Partnership", short_name="ROK-EU DP",
                    summary="Cooperation on 5G/6G, semiconductors and data.",
                    key_facts=("Note: the Council met on 28 November 2023",),
                    priorities=("semiconductors", "five-g"), tags=("korea",), marking="OFFICIAL",
                    review_due="2026-11"),
        Partnership(id="ttc-wg4", name="EU-US TTC Working Group 4", summary="ICT security.",
                    partners=("United States",), tags=("usa",), review_due="2026-11-20",
                    sources=(Source(title="TTC joint statement", publisher="White House"),)),
        Partnership(id="greek", name=f"{GREEK} programme", summary="Greek digital agenda.",
                    review_due="2026"),
        Priority(id="semiconductors", title="Semiconductors", summary="Secure supply of chips.",
                 tags=("chips", "korea"), marking="public", review_due="2025"),
        Priority(id="five-g", title="5G security", summary="The toolbox.", review_due="2026-11-21"),
        Priority(id="quantum", title="Quantum technologies", summary="Mentions semiconductors once."),
        Quote(id="lee", text=unicodedata.normalize("NFD", KOREAN), speaker="Lee Jong-Ho",
              role="Minister", organisation="MSIT", partnerships=("rok-eu",)),
        Quote(id="vestager", text="Coopération numérique avec la Corée.", speaker="Margrethe Vestager",
              role="Executive Vice-President", priorities=("semiconductors",)),
    ]


@pytest.fixture
def store(tmp_path: Path) -> Iterator[LibraryStore]:
    with LibraryStore(tmp_path / "library.sqlite") as opened:
        opened.add_many(_library())
        yield opened


def ids(hits: list[searching.SearchHit]) -> list[str]:
    return [hit.id for hit in hits]


def test_parse_folds_words_and_marks_prefixes() -> None:
    assert parse("ROK-EU Ψηφιακή*") == [Term("rok"), Term("eu"), Term("ψηφιακη", prefix=True)]
    assert parse("semic") == [Term("semic", prefix=True)]
    assert parse("semic ") == [Term("semic")]  # a space after the word: the word is complete
    assert parse("s* x") == [Term("s"), Term("x")]  # one letter is too short to be a prefix
    assert parse("quantum* chips ") == [Term("quantum", prefix=True), Term("chips")]
    assert parse(" \t*\"()") == []


def test_match_expression_quotes_every_term() -> None:
    assert match_expression(parse('NEAR("a" OR bb*')) == '"near" "a" "or" "bb"*'


def test_a_title_match_ranks_first(store: LibraryStore) -> None:
    hits = store.search("semicond*")
    assert hits[0].id == "semiconductors" and hits[0].kind == "priority"
    assert set(ids(hits)) == {"semiconductors", "rok-eu", "quantum"}
    assert hits[0].label == "Semiconductors"
    assert [hit.rank for hit in hits] == sorted(hit.rank for hit in hits)


def test_the_last_word_matches_as_a_prefix_while_typing(store: LibraryStore) -> None:
    assert ids(store.search("semic"))[0] == "semiconductors"
    assert store.search("semic ") == []  # finished word: only whole words match
    assert ids(store.search("5g sec")) == ["five-g"]


def test_case_and_accents_fold_in_every_script(store: LibraryStore) -> None:
    assert ids(store.search("ψηφιακη")) == ["greek"]
    assert ids(store.search("ΨΗΦΙΑΚΉ ")) == ["greek"]
    assert ids(store.search("cooperation corée")) == ["vestager"]
    assert set(ids(store.search("COOPÉRATION "))) == {"vestager", "rok-eu"}  # rok-eu: "Cooperation"


def test_korean_is_found_whether_stored_nfd_or_typed_nfc(store: LibraryStore) -> None:
    assert ids(store.search("디지털")) == ["lee"]
    assert ids(store.search("한국")) == ["lee"]  # prefix of 한국의
    assert ids(store.search(unicodedata.normalize("NFD", "파트너십 "))) == ["lee"]


@pytest.mark.parametrize("query", HOSTILE_QUERIES)
def test_hostile_queries_never_raise(store: LibraryStore, query: str) -> None:
    hits = store.search(query)
    assert all(isinstance(hit, searching.SearchHit) for hit in hits)


def test_punctuated_queries_find_what_they_name(store: LibraryStore) -> None:
    assert ids(store.search("ROK-EU"))[0] == "rok-eu"
    assert "rok-eu" in ids(store.search("5G/6G"))
    assert ids(store.search("Note:")) == ["rok-eu"]
    assert ids(store.search('"white house"')) == ["ttc-wg4"]  # source publisher is indexed


def test_every_text_field_is_searchable(store: LibraryStore) -> None:
    for query, expected in [("united states", "ttc-wg4"), ("executive vice", "vestager"),
                            ("msit", "lee"), ("toolbox", "five-g"), ("usa", "ttc-wg4"),
                            ("TTC joint statement", "ttc-wg4"), ("november 2023", "rok-eu")]:
        assert expected in ids(store.search(query)), query


@given(st.text(max_size=40))
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_any_text_is_a_valid_query(store: LibraryStore, query: str) -> None:
    everything = 10_000  # more than the library holds: every match comes back
    hits = store.search(query, limit=everything)
    keys = [(hit.kind, hit.id) for hit in hits]
    assert len(keys) == len(set(keys))  # each item once
    assert all(store.get(*key) is not None for key in keys)  # only stored items
    filtered = store.search(query, kinds=["quote"], tag="korea", stale=False, limit=everything)
    for hit in filtered:  # the filters hold for every hit, and only narrow the search
        item = store.get(hit.kind, hit.id)
        assert hit.kind == "quote" and item is not None and "korea" in item.tags
    if searching.parse(query):
        assert {(h.kind, h.id) for h in filtered} <= set(keys)
    # One more word asks for more: never a match the shorter query did not have.
    narrower = store.search(f"{query} korea", limit=everything)
    assert {(h.kind, h.id) for h in narrower} <= set(keys)


def test_filters_by_kind_tag_marking_and_partnership(store: LibraryStore) -> None:
    assert ids(store.search("semicond", kinds=["partnership", "quote"])) == ["rok-eu"]
    assert ids(store.search("semicond", kinds=[])) == []
    assert ids(store.search("semicond", kinds="quote")) == []  # one kind may be given alone
    assert set(ids(store.search("semicond", tag="korea"))) == {"semiconductors", "rok-eu"}
    assert ids(store.search("", marking="PUBLIC")) == ["semiconductors"]  # stored as "public"
    linked = store.search("", partnership="rok-eu")
    assert set(ids(linked)) == {"rok-eu", "semiconductors", "five-g", "lee"}
    with pytest.raises(ValueError, match="unknown item kind"):
        store.search("x", kinds=["memo"])


def test_stale_means_review_due_before_today(store: LibraryStore) -> None:
    # BRIEFING_TODAY is 2026-11-21 (tests/conftest.py); partial dates run to their end.
    assert set(ids(store.search("", stale=True))) == {"semiconductors", "ttc-wg4"}
    fresh = set(ids(store.search("", stale=False)))
    assert fresh == {"rok-eu", "greek", "five-g", "quantum", "lee", "vestager"}


def test_stale_follows_the_briefing_today_variable(store: LibraryStore,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BRIEFING_TODAY", "2027-01-01")
    assert set(ids(store.search("", stale=True))) == {
        "semiconductors", "ttc-wg4", "rok-eu", "greek", "five-g"}


def test_an_empty_query_lists_by_label(store: LibraryStore) -> None:
    labels = [hit.label for hit in store.search("", kinds=["priority"])]
    assert labels == ["5G security", "Quantum technologies", "Semiconductors"]
    assert len(store.search("  ", limit=3)) == 3 and store.search("x", limit=0) == []


def test_the_index_follows_every_write(store: LibraryStore) -> None:
    changed = dataclasses.replace(store.get("priority", "quantum"), title="Photonics")
    store.update(changed)
    assert ids(store.search("photonics")) == ["quantum"]
    assert store.search("technologies") == []
    store.delete("priority", "quantum")
    assert store.search("photonics") == []
    store.put(Priority(id="ai", title="Artificial intelligence", summary="AI Act."))
    assert ids(store.search("artificial")) == ["ai"]


def test_broad_queries_rank_prominent_matches_first(store: LibraryStore,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    # With a tiny ranking budget every query is "broad": titles still come first, and
    # every match is still returned, once.
    exact = store.search("semicond*")
    monkeypatch.setattr(searching, "RANK_ALL", 1)
    bounded = store.search("semicond*")
    assert bounded[0].id == "semiconductors"
    assert sorted(ids(bounded)) == sorted(ids(exact))
    assert len(store.search("semicond*", limit=2)) == 2
    assert ids(store.search("semicond*", kinds=["priority"])) == ["semiconductors", "quantum"]
