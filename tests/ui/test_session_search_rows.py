"""How a search hit reads in F4, and the lines under the results (no app)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from ollamux.core.search_hits import Hit
from ollamux.ui.sessions.library import indexing_text
from ollamux.ui.sessions.search_results import MATCH_STYLE, SEARCH_LIMIT, hit_row, status_text


def a_hit(title: str = "Tuning [bold]num_ctx[/]", snippet: str = "", spans=(), **changes) -> Hit:
    snippet = snippet or "raise num_ctx to 8192 when the context runs out"
    return Hit(
        session_id="abc", path=Path("/x/abc.toml"), title=title, model="qwen3:8b", host="gpu",
        updated=datetime(2026, 11, 20, 9, 30, tzinfo=UTC), message_index=3, role="assistant",
        snippet=snippet, highlights=spans or ((6, 13),), title_highlights=((13, 20),), **changes,
    )


def matched(row, line: int = 1) -> list[str]:
    """The highlighted words on one line of a row."""
    text = row.plain
    start = sum(len(part) + 1 for part in text.split("\n")[:line])
    return [text[s.start:s.end] for s in row.spans if s.style == MATCH_STYLE and s.start >= start]


@pytest.mark.parametrize("width", [None, 76, 50])
def test_a_hit_is_its_title_where_and_when_over_its_snippet_with_the_words_found_highlighted(width, monkeypatch):
    monkeypatch.setenv("TZ", "UTC")
    row = hit_row(a_hit(), width=width)
    head, body = row.plain.split("\n")
    assert head.startswith("Tuning [bold]")  # literal text: the brackets are not markup
    assert "qwen3:8b" in head and "2026-11-20 09:30" in head
    assert matched(row, 0)[0] == "num_ctx"
    assert matched(row) == ["num_ctx"]
    if width is not None:
        assert all(len(line) <= width for line in (head, body))


def test_a_snippet_cut_short_still_shows_its_match_from_a_words_start():
    text = "lorem ipsum dolor sit amet " * 4 + "the needle word zebra appears here"
    start = text.index("zebra")
    row = hit_row(a_hit(snippet=text, spans=((start, start + 5),)), width=40)
    body = row.plain.split("\n")[1]
    assert body.startswith("…") and body[1] != " " and " " in body[:12]
    assert matched(row) == ["zebra"] and len(body) <= 40


def test_a_match_in_the_thinking_says_so():
    row = hit_row(a_hit(in_thinking=True), width=60)
    assert row.plain.split("\n")[1].startswith("thinking: raise")
    assert matched(row) == ["num_ctx"]


def test_the_status_says_what_went_wrong_how_far_indexing_is_and_how_many_were_found():
    error = "before:2026-13-01 is not a date: write it as YYYY-MM-DD, e.g. before:2026-10-01"
    assert status_text([error], indexing_text(1234, 5000), 3).plain == (
        f"{error}\nIndexing 1,234 / 5,000 sessions…  3 sessions found so far"
    )
    assert status_text([], None, 1).plain == "1 session found"
    assert status_text([], None, SEARCH_LIMIT).plain == f"{SEARCH_LIMIT}+ sessions found"
    assert status_text([], None, None).plain == ""
    # Nothing typed: the newest sessions, and a word when there are more than are listed.
    assert status_text([], None, None, listed=3).plain == ""
    newest = f"The newest {SEARCH_LIMIT}: type to search them all"
    assert status_text([], None, None, listed=SEARCH_LIMIT).plain == newest
    assert indexing_text(0, 0) == "Indexing sessions…"
