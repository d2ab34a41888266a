"""Very long texts are saved fast and read back exactly."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager

from hypothesis import given, settings, strategies as st

from ollamux.core import toml_long_strings
from ollamux.core.session import ChatMessage, Session
from ollamux.core.session_toml import session_from_toml, session_to_toml

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
    session = Session(host="h", model="m", messages=[ChatMessage("user", "go"), ChatMessage("assistant", content, thinking=thinking)])
    with long_from(0):
        return session_from_toml(session_to_toml(session)).messages[1]


@settings(max_examples=300, deadline=None)
@given(content=TEXTS, thinking=TEXTS)
def test_a_long_text_reads_back_exactly_whatever_its_characters(content, thinking):
    back = round_trip(content, thinking)
    assert (back.content, back.thinking) == (content, thinking)


@given(piece=st.sampled_from(['"', '""', '"""', '\\', '\\"', "\r\n", "\r", "\x00", "\x7f", "\x1b[31m", "\u2028", "\t", "\n"]))
def test_quotes_backslashes_and_line_ends_at_the_edges_survive(piece):
    for content in (piece, piece + "x", "x" + piece, piece * 3):
        assert round_trip(content).content == content


def test_a_50_mb_reply_is_encoded_in_seconds_not_minutes():
    content = "word " * 10_000_000
    started = time.monotonic()
    text = session_to_toml(Session(host="h", model="m", messages=[ChatMessage("assistant", content)]))
    assert time.monotonic() - started < 3.0  # tomli-w alone: 7 s on a 2-core machine
    assert content in text  # plain text stays readable in the file


def test_texts_within_the_limit_are_written_as_before():
    session = Session(host="h", model="m", messages=[ChatMessage("assistant", 'say "hi"\r\nand go\x1b' * 1000)])
    with long_from(10**9):
        before = session_to_toml(session)
    assert session_to_toml(session) == before
