"""ThinkTagSplitter: inline reasoning tags, split anywhere in the stream."""

from __future__ import annotations

from itertools import pairwise

from hypothesis import given, settings
from hypothesis import strategies as st

from ollamux.api.events import Content, Thinking
from ollamux.api.thinktags import ThinkTagSplitter

Event = Thinking | Content


def split(*pieces: str, assume_open: bool = False) -> list[Event]:
    splitter = ThinkTagSplitter(assume_open=assume_open)
    events: list[Event] = []
    for piece in pieces:
        events += splitter.feed(piece)
    events += splitter.flush()
    assert all(event.text for event in events), events
    return events


def merged(events: list[Event]) -> list[Event]:
    """Adjacent events of one kind as one: how the UI would show them."""
    out: list[Event] = []
    for event in events:
        if out and type(out[-1]) is type(event):
            out[-1] = type(event)(out[-1].text + event.text)
        else:
            out.append(event)
    return out


R1_REPLY = "<think>\nThe user wants 2+2. 你好 🙂</think>\n\nThe answer is 4."
R1_EVENTS = [Thinking("The user wants 2+2. 你好 🙂"), Content("The answer is 4.")]


def test_reasoning_then_answer() -> None:
    assert split(R1_REPLY) == R1_EVENTS


def test_split_at_every_position() -> None:
    for cut in range(len(R1_REPLY) + 1):
        assert merged(split(R1_REPLY[:cut], R1_REPLY[cut:])) == R1_EVENTS, cut


def test_split_at_every_pair_of_positions_inside_the_tags() -> None:
    close = R1_REPLY.index("</think>")
    positions = [*range(9), *range(close, close + 11)]
    for a in positions:
        for b in positions:
            if a <= b:
                pieces = (R1_REPLY[:a], R1_REPLY[a:b], R1_REPLY[b:])
                assert merged(split(*pieces)) == R1_EVENTS, (a, b)


def test_one_character_at_a_time() -> None:
    assert merged(split(*R1_REPLY)) == R1_EVENTS


def test_empty_r1_block_is_no_thinking_at_all() -> None:
    assert split("<think>\n\n</think>\n\nHello!") == [Content("Hello!")]
    assert split("<think>", "\n", "\n", "</think>", "\n\n", "Hello!") == [Content("Hello!")]
    assert split("<think> </think>") == []


def test_leading_whitespace_before_the_open_tag() -> None:
    assert split("\n  <think>why</think>so") == [Thinking("why"), Content("so")]
    assert split("\n ", " <th", "ink>why</think>so") == [Thinking("why"), Content("so")]


def test_whitespace_after_the_close_tag_is_stripped_across_feeds() -> None:
    events = split("<think>x</think>", "\n", " \n", "\tAnswer\n\nmore")
    assert events == [Thinking("x"), Content("Answer\n\nmore")]


def test_text_is_emitted_at_once_except_a_possible_tag_prefix() -> None:
    splitter = ThinkTagSplitter()
    assert splitter.feed("<think>Let me") == [Thinking("Let me")]
    assert splitter.feed(" see </thi") == [Thinking(" see ")]
    assert splitter.feed("nk>Yes <") == [Content("Yes ")]
    assert splitter.feed("b>bold</b>") == [Content("<b>bold</b>")]
    assert splitter.flush() == []


def test_content_without_tags_passes_through_unchanged() -> None:
    splitter = ThinkTagSplitter()
    assert splitter.feed("  Hello") == [Content("  Hello")]
    assert splitter.feed(" world <3") == [Content(" world <3")]
    assert splitter.flush() == []


def test_later_open_tag_stays_content() -> None:
    text = "Models write <think> before reasoning."
    assert split(text) == [Content(text)]
    assert split("<think>a</think>b <think>c") == [Thinking("a"), Content("b <think>c")]


def test_stray_close_tag_is_dropped_by_default() -> None:
    assert split("reasoning</think>\n\nanswer") == [Content("reasoning\n\nanswer")]
    assert split("</think>\n\nanswer") == [Content("answer")]
    assert split("<think>a</think>b</think>c") == [Thinking("a"), Content("bc")]


def test_lone_close_tag_with_assume_open() -> None:
    events = split("Okay, the user", " asks.</th", "ink>\n\nHi!", assume_open=True)
    assert merged(events) == [Thinking("Okay, the user asks."), Content("Hi!")]
    # A model that writes the open tag anyway is handled the same.
    events = split("\n<think>\nOkay.</think>Hi!", assume_open=True)
    assert events == [Thinking("Okay."), Content("Hi!")]


def test_assume_open_without_close_tag_is_all_reasoning() -> None:
    assert split("\nstill thinking", assume_open=True) == [Thinking("still thinking")]


def test_partial_tag_at_end_of_stream_is_emitted_as_text() -> None:
    assert split("  <thi") == [Content("  <thi")]
    assert merged(split("<think>hmm </thi")) == [Thinking("hmm </thi")]
    assert merged(split("<think>a</think>b</")) == [Thinking("a"), Content("b</")]
    assert split("<thi", assume_open=True) == [Thinking("<thi")]
    assert split("<think>\n") == []
    assert split("") == []


def test_events_are_merged_within_one_feed() -> None:
    splitter = ThinkTagSplitter()
    assert splitter.feed("<think>a</think>b</think>c") == [Thinking("a"), Content("bc")]


# Text rich in tags, tag fragments, whitespace and multi-byte characters.
PIECES = st.sampled_from(
    ["<think>", "</think>", "<", "</", "<th", "think>", ">", " ", "\n", "\n\n", "a", "答", "🙂", "x y"]
)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(PIECES, max_size=30).map("".join),
    st.lists(st.integers(min_value=0, max_value=200), max_size=20),
    st.booleans(),
)
def test_any_split_gives_the_same_events(text: str, cuts: list[int], assume_open: bool) -> None:
    points = sorted({0, len(text), *(cut for cut in cuts if cut <= len(text))})
    pieces = [text[a:b] for a, b in pairwise(points)]
    whole = merged(split(text, assume_open=assume_open))
    assert merged(split(*pieces, assume_open=assume_open)) == whole


@settings(max_examples=200, deadline=None)
@given(st.lists(PIECES.filter(lambda piece: "<" not in piece), max_size=30).map("".join))
def test_text_without_tags_is_unchanged(text: str) -> None:
    assert "".join(event.text for event in split(text)) == text
    assert all(isinstance(event, Content) for event in split(text))
