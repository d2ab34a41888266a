"""Very long texts are saved fast and read back exactly."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import tomli_w._writer
from hypothesis import given, settings
from hypothesis import strategies as st

from ollamux.core import toml_long_strings
from ollamux.core.session import ChatMessage, Session
from ollamux.core.session_toml import session_from_toml, session_to_toml
from ollamux.core.toml_long_strings import LONG

# Any character a decoder can hand us but lone surrogates (those are replaced on save).
TEXTS = st.text(st.characters(blacklist_categories=("Cs",)), max_size=60)


@contextmanager
def long_from(size: int) -> Iterator[None]:
    """Strings over `size` characters count as long (0: all of them take the fast path)."""
    saved = toml_long_strings.LONG
    toml_long_strings.LONG = size
    try:
        yield
    finally:
        toml_long_strings.LONG = saved


def round_trip(content: str, thinking: str = "") -> ChatMessage:
    messages = [ChatMessage("user", "go"), ChatMessage("assistant", content, thinking=thinking)]
    session = Session(host="h", model="m", messages=messages)
    with long_from(0):
        return session_from_toml(session_to_toml(session)).messages[1]


@settings(max_examples=300, deadline=None)
@given(content=TEXTS, thinking=TEXTS)
def test_a_long_text_reads_back_exactly_whatever_its_characters(content, thinking):
    back = round_trip(content, thinking)
    assert (back.content, back.thinking) == (content, thinking)


@given(
    piece=st.sampled_from(
        ['"', '""', '"""', '\\', '\\"', "\r\n", "\r", "\x00", "\x7f", "\x1b[31m", "\u2028", "\t", "\n"]
    )
)
def test_quotes_backslashes_and_line_ends_at_the_edges_survive(piece):
    for content in (piece, piece + "x", "x" + piece, piece * 3):
        assert round_trip(content).content == content


def test_a_long_reply_never_goes_through_tomli_w_character_by_character(monkeypatch):
    # tomli-w escapes one character at a time (a 50 MB reply: 7 s, at quit on
    # the event loop); bench/huge_reply.py measures the time, this checks the path.
    seen: list[int] = []
    escape = tomli_w._writer.format_string

    def measured(text: str, **kwargs):
        seen.append(len(text))
        return escape(text, **kwargs)

    monkeypatch.setattr(tomli_w._writer, "format_string", measured)
    content = "word " * 1_000_000
    text = session_to_toml(Session(host="h", model="m", messages=[ChatMessage("assistant", content)]))
    assert seen and max(seen) <= LONG
    assert content in text  # plain text stays readable in the file


def test_texts_within_the_limit_are_written_as_before():
    session = Session(host="h", model="m", messages=[ChatMessage("assistant", 'say "hi"\r\nand go\x1b' * 1000)])
    with long_from(10**9):
        before = session_to_toml(session)
    assert session_to_toml(session) == before
