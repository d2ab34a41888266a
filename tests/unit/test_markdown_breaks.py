"""Where streamed Markdown may be cut: the two sides always parse as the whole does."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from ollamux.core.markdown_breaks import safe_break


@pytest.mark.parametrize(
    ("text", "cut"),
    [
        ("one\n\ntwo\n", 5),
        ("one\n\ntwo\n\nthree\n", 10),
        ("one\n\ntwo", 0),  # "two" is still being written: it could turn into "- two"
        ("one\n\n-", 0),
        ("one\n\n", 0),  # a break at the very end leaves nothing live
        ("```\na\n\nb\n```\n\nafter\n", 14),  # not inside the fence, after it
        ("```\na\n\nb\n", 0),  # an open fence
        ("````\na\n```\n\nstill code\n", 0),  # a shorter marker does not close it
        ("~~~\na\n```\n\nstill code\n", 0),  # nor does the other character
        ("- a\n\n- b\n", 0),  # a loose list goes on
        ("- a\n\n-\n", 0),  # with an empty item too
        ("para\n\n    indented code\n", 0),
        ("a\u2028\u2028b\n\nc\n", 6),  # only \n ends a line
        ("a\n \t\nb\n", 5),  # spaces and tabs make a blank line
        ("a\n\u00a0\nb\n", 0),  # a no-break space does not
    ],
)
def test_safe_break(text: str, cut: int) -> None:
    assert safe_break(text) == cut


_BLOCKS = st.sampled_from(
    [
        "Plain words here.",
        "Two lines\nof one paragraph.",
        "# Heading",
        "Setext heading\n===",
        "- item one\n- item two",
        "1. first\n2. second",
        "- loose\n\n- list",
        "> quoted\n> text",
        "```python\ndef f():\n\n    return 1\n```",
        "~~~\nraw\n\n```\nstill raw\n~~~",
        "````md\n```\ninner\n```\n````",
        "    indented code\n\n    more of it",
        "| a | b |\n|---|---|\n| 1 | 2 |",
        "```\nopen fence\n\nwith a blank line",
        "text with `code` and **bold** [link](http://x)",
        "\u2028odd\u2028separators",
        "",
    ]
)
_SEPARATORS = st.sampled_from(["\n", "\n\n", "\n\n\n", "\n \n"])


@st.composite
def documents(draw: st.DrawFn) -> str:
    blocks = draw(st.lists(_BLOCKS, min_size=1, max_size=8))
    separators = draw(st.lists(_SEPARATORS, min_size=len(blocks), max_size=len(blocks)))
    return "".join(block + sep for block, sep in zip(blocks, separators, strict=True))


def blocks_of(text: str) -> list[tuple[str, str, str]]:
    """The block structure markdown-it sees, without line numbers."""
    parser = MarkdownIt("commonmark").enable("table")
    return [(t.type, t.tag, t.content) for t in parser.parse(text) if t.type != "inline"]


@settings(max_examples=300, deadline=None)
@given(documents())
def test_the_two_sides_of_a_break_parse_as_the_whole_does(text: str) -> None:
    cut = safe_break(text)
    assert 0 <= cut < max(1, len(text))
    if cut:
        assert text[cut - 1] == "\n"
        assert blocks_of(text) == blocks_of(text[:cut]) + blocks_of(text[cut:])
