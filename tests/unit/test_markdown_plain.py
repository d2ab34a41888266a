"""Search snippets read as words: Markdown's marks go, code and names stay whole."""

from __future__ import annotations

import pytest

from ollamux.core.markdown_plain import plain_words
from ollamux.core.search_text import needle, snippet


@pytest.mark.parametrize(
    ("markdown", "plain"),
    [
        ("## Raise **num_ctx** to `32768`", "Raise num_ctx to 32768"),
        ("> see [the docs](https://ollama.com/docs) and ![a chart](c.png)", "see the docs and a chart"),
        ("```python\ndef __init__(self): return a*b*c\n```", "\ndef __init__(self): return a*b*c\n"),
        ("*really* and __truly__, not snake__case__ or 2 * 3 * 4", "really and truly, not snake__case__ or 2 * 3 * 4"),
        ("a ``double `tick` code`` span", "a double `tick` code span"),
    ],
)
def test_markdown_marks_go_and_the_words_stay(markdown, plain):
    assert plain_words(markdown) == plain


def test_a_snippet_highlights_the_match_in_the_plain_words():
    found = needle("num_ctx")
    assert found is not None
    shown, spans = snippet("### Tuning\n\nSet **num_ctx** in `options`.", [found])
    assert shown == "Tuning Set num_ctx in options."
    assert [shown[a:b] for a, b in spans] == ["num_ctx"]


def test_a_long_reply_is_read_near_its_match_and_code_stays_code():
    found = needle("zebra")
    assert found is not None
    prose = "Some **bold** words here. " * 400
    shown, spans = snippet(prose + "\n\nThe **zebra** is here.\n\n" + prose, [found])
    assert "The zebra is here." in shown and "**" not in shown
    assert [shown[a:b] for a, b in spans] == ["zebra"]

    code = "```python\n" + "y = **kwargs\n" * 400 + "x = a**b  # zebra\n" + "```\n"
    shown, spans = snippet(prose + code, [found])
    assert "y = **kwargs x = a**b # zebra" in shown  # read from inside the fence: still code
