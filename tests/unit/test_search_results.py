"""Searching saved sessions: what is found, in which order, and the snippet shown."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from tests.unit.search_helpers import Library, session


@pytest.fixture
def library(tmp_path: Path) -> Iterator[Library]:
    made = Library(tmp_path)
    yield made
    made.index.close()


def synced(library: Library, *sessions: object) -> Library:
    library.save(*sessions)  # type: ignore[arg-type]
    library.index.sync(library.store)
    return library


def test_a_word_in_the_title_ranks_above_the_same_word_in_a_reply(library: Library) -> None:
    synced(
        library,
        session("Cooking notes", "What about pasta?", "Boil it; quantization is not involved here."),
        session("Quantization", "Which format?", "Q4_K_M is a good start."),
    )
    assert library.titles("quantization") == ["Quantization", "Cooking notes"]


def test_at_equal_relevance_the_recent_session_comes_first(library: Library) -> None:
    synced(
        library,
        session("old", "tell me about rope scaling", days_ago=200),
        session("new", "tell me about rope scaling", days_ago=2),
        session("middle", "tell me about rope scaling", days_ago=40),
    )
    assert library.titles("rope scaling") == ["new", "middle", "old"]


def test_the_hit_points_at_the_message_that_matches(library: Library) -> None:
    synced(library, session("t", "hello", "hi there", "what is flash attention?", "A faster kernel."))
    [hit] = library.index.search("flash attention")
    assert (hit.message_index, hit.role) == (2, "user")


def test_words_from_different_messages_find_the_session_and_the_message_with_most(library: Library) -> None:
    synced(library, session("t", "about vulkan", "about metal", "vulkan or metal on this card?"))
    [hit] = library.index.search("vulkan metal")
    assert hit.message_index == 2


def test_the_snippet_is_one_line_around_the_match_with_its_spans(library: Library) -> None:
    before = "Some words come first. " * 12
    after = " And then a long tail of other words.\nWith a second line." * 6
    synced(library, session("t", "question", before + "The KV cache grows with the context." + after))
    [hit] = library.index.search("kv cache")
    assert "\n" not in hit.snippet
    assert 80 <= len(hit.snippet) <= 120
    assert hit.snippet.startswith("…") and hit.snippet.endswith("…")
    assert [hit.snippet[start:end] for start, end in hit.highlights] == ["KV", "cache"]


def test_a_short_message_is_shown_whole_and_the_title_match_is_marked(library: Library) -> None:
    synced(library, session("Quantize a model", "How do I quantize?"))
    [hit] = library.index.search("quant")
    assert hit.snippet == "How do I quantize?"
    assert [hit.snippet[s:e] for s, e in hit.highlights] == ["quant"]
    assert [hit.title[s:e] for s, e in hit.title_highlights] == ["Quant"]


def test_the_last_word_is_a_prefix_the_others_are_whole_words(library: Library) -> None:
    synced(library, session("a", "quantize the weights"), session("b", "quantum weights"))
    assert sorted(library.titles("quant")) == ["a", "b"]
    assert library.titles("quantize weig") == ["a"]
    assert library.titles("quant weights") == []


def test_case_and_accents_do_not_matter(library: Library) -> None:
    synced(library, session("t", "Un café crème, s'il vous plaît"))
    assert library.titles("CAFE creme") == ["t"]
    assert library.titles("plaît") == ["t"]
    [hit] = library.index.search("cafe")
    assert [hit.snippet[s:e] for s, e in hit.highlights] == ["café"]


def test_a_quoted_phrase_needs_its_words_in_order(library: Library) -> None:
    synced(library, session("in order", "set the context length to 8k"), session("apart", "the length of the context"))
    assert library.titles('"context length"') == ["in order"]
    assert sorted(library.titles("context length")) == ["apart", "in order"]


@pytest.mark.parametrize("text", ["学校", "模型参数", "参数", "ollama跑"])
def test_chinese_is_found_by_any_part_of_two_characters_or_more(library: Library, text: str) -> None:
    synced(library, session("中文", "我们在学校用ollama跑了这个模型参数很多"), session("other", "nothing here"))
    [hit] = library.index.search(text)
    assert hit.title == "中文"
    assert [hit.snippet[s:e].lower() for s, e in hit.highlights] == [text]


def test_chinese_characters_out_of_order_do_not_match(library: Library) -> None:
    synced(library, session("中文", "我们在学校用这个模型"))
    assert library.titles("校学") == []


def test_thinking_is_searched_only_when_asked(library: Library) -> None:
    synced(library, session("t", "question", "answer", thinking="the user probably wants tensor parallelism"))
    assert library.titles("parallelism") == []
    [hit] = library.index.search("parallelism", thinking=True)
    assert hit.in_thinking and hit.message_index == 1 and "parallelism" in hit.snippet


def test_filters_on_model_host_and_dates(library: Library) -> None:
    synced(
        library,
        session("a", "gpu question", model="qwen3:32b", host="gpu-box", days_ago=3),
        session("b", "gpu question", model="llama3.1:8b", host="laptop", days_ago=30),
        session("c", "gpu question", model="Qwen3:8b", host="laptop", days_ago=60),
    )
    assert sorted(library.titles("gpu model:qwen3")) == ["a", "c"]
    assert library.titles("gpu host:GPU") == ["a"]
    cutoff = (datetime.now() - timedelta(days=10)).date().isoformat()
    assert library.titles(f"gpu after:{cutoff}") == ["a"]
    assert sorted(library.titles(f"gpu before:{cutoff}")) == ["b", "c"]


def test_filters_alone_list_sessions_newest_first(library: Library) -> None:
    synced(
        library,
        session("old", "x", host="gpu-box", days_ago=9),
        session("new", "y", host="gpu-box", days_ago=1),
        session("elsewhere", "z", host="laptop", days_ago=0),
    )
    hits = library.index.search("host:gpu")
    assert [hit.title for hit in hits] == ["new", "old"]
    assert hits[0].message_index is None and hits[0].snippet == "y"
    assert library.titles("") == ["elsewhere", "new", "old"]


def test_a_bad_date_leaves_the_filter_out(library: Library) -> None:
    synced(library, session("t", "hello world"))
    assert library.titles("hello after:2026-02-30") == ["t"]


def test_the_limit_caps_the_hits(library: Library) -> None:
    synced(library, *(session(f"s{n}", "common words here") for n in range(5)))
    assert len(library.index.search("common", limit=3)) == 3


def test_a_session_without_messages_is_found_by_its_title(library: Library) -> None:
    synced(library, session("Empty but named"))
    [hit] = library.index.search("named")
    assert hit.message_index is None and hit.title_highlights == ((10, 15),)
