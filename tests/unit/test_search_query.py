"""The search box's text read into words, phrases and filters; hostile text stays text."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ollamux.core.search_index import SearchIndex
from ollamux.core.search_query import Query, local_midnight, parse
from tests.unit.search_helpers import Library, session


def test_words_phrases_and_filters_are_told_apart() -> None:
    query = parse('quant "context length" model:qwen3 host:"gpu box" after:2026-09-01 before:2026-10')
    assert query.words == ("quant",)
    assert query.phrases == ("context length",)
    assert (query.model, query.host) == ("qwen3", "gpu box")
    assert query.after == local_midnight(date(2026, 9, 1))
    assert query.before == local_midnight(date(2026, 10, 1))
    assert query.errors == ()


def test_dates_are_local_midnights() -> None:
    after = parse("after:2026-10-01").after
    assert after is not None
    assert after.replace(tzinfo=None) == datetime(2026, 10, 1) and after.utcoffset() is not None


@pytest.mark.parametrize("text", ["after:2026-13-01", "before:yesterday", "after:2026-02-30", "before:0000"])
def test_a_bad_date_is_a_sentence_not_an_exception(text: str) -> None:
    query = parse(f"words {text}")
    assert query.words == ("words",) and query.after is None and query.before is None
    [error] = query.errors
    assert "is not a date" in error and "YYYY-MM-DD" in error


def test_a_filter_still_being_typed_filters_nothing() -> None:
    assert parse("model:") == Query()


def test_an_unknown_key_and_an_unclosed_quote_are_text() -> None:
    query = parse('see http://example.com "unclosed phrase')
    assert query.words == ("see", "http://example.com")
    assert query.phrases == ("unclosed phrase",)


HOSTILE = [
    'NEAR(a b)', '"', '""', 'a OR b', 'a AND', 'NOT b', '-a', '*', 'a*', '^a', 'title:x', '{title}: x',
    "'; DROP TABLE sessions; --", "a) OR (b", 'col : "x"', "\\", "\x00", "%_", "?", "\ud800 lone",
]


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> SearchIndex:
    library = Library(tmp_path_factory.mktemp("hostile"))
    library.save(session("t", "near or and not title col drop table sessions a b x"))
    library.index.sync(library.store)
    return library.index


@pytest.mark.parametrize("text", HOSTILE)
def test_query_syntax_typed_by_the_user_is_searched_as_words(index: SearchIndex, text: str) -> None:
    index.search(text)
    index.search(text, thinking=True)
    assert [hit.title for hit in index.search("drop table")] == ["t"]  # nothing was dropped


def test_operators_are_plain_words(index: SearchIndex) -> None:
    assert [hit.title for hit in index.search("near OR")] == ["t"]
    assert index.search("near OR missing") == []  # OR did not widen the search


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=60))
def test_any_text_parses_and_searches_without_error(index: SearchIndex, text: str) -> None:
    parse(text)
    for hit in index.search(text, thinking=True):
        assert all(0 <= start < end <= len(hit.snippet) for start, end in hit.highlights)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from([*HOSTILE, '"', ":", "*", "NEAR", "(", ")", "model:", "after:"]), max_size=8))
def test_any_mix_of_syntax_searches_without_error(index: SearchIndex, pieces: list[str]) -> None:
    index.search(" ".join(pieces))
    index.search("".join(pieces), thinking=True)


def test_a_very_long_query_is_cut_not_refused(tmp_path: Path) -> None:
    library = Library(tmp_path)
    library.save(session("t", "word"))
    library.index.sync(library.store)
    assert library.titles("word " * 500) == ["t"]
    assert len(parse("x " * 500).words) == 32
