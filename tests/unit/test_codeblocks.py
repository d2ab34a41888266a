"""Finding the code blocks of a reply (ollamux.core.codeblocks)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ollamux.core.codeblocks import (
    CodeBlock,
    collect_code_blocks,
    extract_code_blocks,
    fence_after,
    newest_reply_first,
)


def codes(markdown: str) -> list[tuple[str, str]]:
    return [(b.language, b.code) for b in extract_code_blocks(markdown)]


def test_backtick_and_tilde_fences() -> None:
    text = "Run:\n\n```python\nprint(1)\n```\n\nthen\n\n~~~sh\nls -l\n~~~\n"
    blocks = extract_code_blocks(text, message_index=7)
    assert blocks == [
        CodeBlock(0, "python", "print(1)\n", 7),
        CodeBlock(1, "sh", "ls -l\n", 7),
    ]


def test_info_string_gives_the_first_word() -> None:
    assert codes('```python title="x" {linenos}\npass\n```') == [("python", "pass\n")]
    assert codes("```   rust   \nfn f() {}\n```") == [("rust", "fn f() {}\n")]
    assert codes("```\nplain\n```") == [("", "plain\n")]


def test_longer_fence_contains_shorter_ones() -> None:
    text = "````markdown\n```js\ninner()\n```\n````\n\n```js\nouter()\n```"
    assert codes(text) == [("markdown", "```js\ninner()\n```\n"), ("js", "outer()\n")]


def test_fence_inside_fence_is_content() -> None:
    text = "~~~text\n```python\nnot a block\n```\n~~~\n"
    assert codes(text) == [("text", "```python\nnot a block\n```\n")]


def test_closing_fence_must_be_as_long_and_the_same_character() -> None:
    text = "`````\na\n```\n~~~~~\nb\n``````\nafter"
    assert codes(text) == [("", "a\n```\n~~~~~\nb\n")]


def test_indented_fences_up_to_three_spaces() -> None:
    text = "   ```py\n   x = 1\n     y = 2\n   ```\n"
    # The fence's indent is removed from its lines, the rest kept.
    assert codes(text) == [("py", "x = 1\n  y = 2\n")]


def test_four_spaces_is_an_indented_code_block_not_a_fence() -> None:
    blocks = extract_code_blocks("    ```python\n    x = 1\n    ```\n")
    assert [(b.fenced, b.language, b.code) for b in blocks] == [
        (False, "", "```python\nx = 1\n```\n")]


def test_unterminated_final_fence_is_included() -> None:
    text = "Here:\n\n```python\ndef f():\n    return 1\n"
    assert codes(text) == [("python", "def f():\n    return 1\n")]
    assert codes("```go") == [("go", "")]


def test_fences_in_list_items_and_quotes_as_rendered() -> None:
    text = ("1. Install:\n\n    ```bash\n    pip install x\n    ```\n\n"
            "2. Run\n\n> ```sh\n> ls\n> ```\n")
    assert codes(text) == [("bash", "pip install x\n"), ("sh", "ls\n")]


def test_backticks_in_a_backtick_info_string_make_inline_code() -> None:
    # A paragraph, then the last line opens an (empty, unterminated) fence.
    assert codes("``` a`b\nnot code\n```") == [("", "")]
    assert codes("~~~ a`b\ncode\n~~~") == [("a`b", "code\n")]


def test_prose_has_no_blocks() -> None:
    assert extract_code_blocks("") == []
    assert extract_code_blocks("Just `inline` code and **bold**.\n\n- a\n- b") == []


def test_line_count() -> None:
    assert CodeBlock(0, "", "a\nb\n").line_count == 2
    assert CodeBlock(0, "", "a\nb").line_count == 2
    assert CodeBlock(0, "", "").line_count == 0


def test_collect_across_messages_keeps_message_indexes() -> None:
    blocks = collect_code_blocks([(1, "```a\n1\n```\n```b\n2\n```"), (2, "none"), (5, "~~~c\n3")])
    assert [(b.message_index, b.index, b.language, b.code) for b in blocks] == [
        (1, 0, "a", "1\n"), (1, 1, "b", "2\n"), (5, 0, "c", "3")]


def test_same_blocks_as_the_transcript_renderer() -> None:
    # The transcript renders through Rich's Markdown: block N here must be block N there.
    from rich.markdown import Markdown

    text = ("Intro\n\n```python\na\n```\n\n1. step\n\n   ~~~\n   b\n   ~~~\n\n> ````\n> ```\n> c\n"
            "> ````\n\n    indented\n\n| t | u |\n|---|---|\n| 1 | 2 |\n\n```js\nunterminated")
    rendered = [(t.info.split()[0] if t.info.split() else "", t.content)
                for t in Markdown(text).parsed if t.type in ("fence", "code_block")]
    assert codes(text) == rendered
    assert len(rendered) == 5


def test_newest_reply_first_groups_by_reply() -> None:
    blocks = collect_code_blocks([(1, "```a\n1\n```\n```b\n2\n```"), (3, "```c\n3\n```\n```d\n4\n```")])
    assert [b.language for b in newest_reply_first(blocks)] == ["c", "d", "a", "b"]


@given(st.dictionaries(st.integers(0, 20), st.integers(0, 4)))
def test_newest_reply_first_is_a_regrouping(counts: dict[int, int]) -> None:
    # Any blocks in session order (message index ascending, blocks in reading order).
    blocks = [CodeBlock(i, "", f"{message}.{i}\n", message)
              for message, count in sorted(counts.items()) for i in range(count)]
    ordered = newest_reply_first(blocks)
    assert sorted(ordered, key=lambda b: (b.message_index, b.index)) == blocks  # nothing lost or added
    messages = [b.message_index for b in ordered]
    assert messages == sorted(messages, reverse=True)  # latest reply first, each reply in one group
    for message in set(messages):
        assert [b.index for b in ordered if b.message_index == message] == \
            [b.index for b in blocks if b.message_index == message]  # reading order inside a reply


@pytest.mark.parametrize(
    ("lines", "open_after"),
    [
        (["```python", "code"], "```"),
        (["```", "code", "```"], ""),
        (["   ~~~~", "~~~"], "~~~~"),  # shorter than the opening fence: still code
        (["~~~", "```"], "~~~"),  # the other character: still code
        (["```", "``` more"], "```"),  # a closing fence takes no info string
        (["```", "````  \t"], ""),  # longer, trailing spaces and tabs: closes
        (["    ```"], ""),  # four spaces of indent: indented code, not a fence
    ],
)
def test_the_fence_rule_follows_commonmark(lines: list[str], open_after: str) -> None:
    opened = ""
    for line in lines:
        opened = fence_after(line, opened)
    assert opened == open_after
