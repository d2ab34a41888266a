"""Text files made into part of a prompt (ollamux.core.text_files)."""

from __future__ import annotations

import codecs

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ollamux.core.attachment import AttachmentError
from ollamux.core.codeblocks import extract_code_blocks
from ollamux.core.text_files import (
    CHARS_PER_TOKEN,
    cut_text,
    estimate_tokens,
    fenced_file,
    language_for,
    read_text,
)


def test_utf8_is_read_as_is() -> None:
    assert read_text("naïve café ✓\n".encode(), "a.txt") == "naïve café ✓\n"


def test_a_utf8_byte_order_mark_is_dropped() -> None:
    assert read_text(codecs.BOM_UTF8 + b"x = 1\n", "a.py") == "x = 1\n"


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_with_a_byte_order_mark_is_read(encoding: str) -> None:
    bom = {"utf-16-le": codecs.BOM_UTF16_LE, "utf-16-be": codecs.BOM_UTF16_BE}.get(encoding, b"")
    data = bom + "Grüße, 世界\r\n".encode(encoding)
    assert read_text(data, "win.txt") == "Grüße, 世界\r\n"


@pytest.mark.parametrize("data", [
    b"\x7fELF\x02\x01\x01\x00\x00\x00",  # a program
    b"text with a \x00 NUL in it",
    b"caf\xe9 in Latin-1",  # not UTF-8
    b"\xff\xfe" + b"\x00\xd8",  # UTF-16 with a lone surrogate
    codecs.BOM_UTF16_LE + "a\0b".encode("utf-16-le"),  # decodes, but holds a NUL
])
def test_binary_is_refused_naming_the_file(data: bytes) -> None:
    with pytest.raises(AttachmentError, match=r"^blob\.bin is a binary file, not text$"):
        read_text(data, "blob.bin")


def test_an_empty_file_is_empty_text() -> None:
    assert read_text(b"", "empty.txt") == ""


@pytest.mark.parametrize(("name", "language"), [
    ("main.py", "python"), ("lib.rs", "rust"), ("app.js", "javascript"), ("app.ts", "typescript"),
    ("App.tsx", "tsx"), ("main.go", "go"), ("x.c", "c"), ("x.h", "c"), ("x.cpp", "cpp"),
    ("Main.java", "java"), ("Main.kt", "kotlin"), ("x.rb", "ruby"), ("run.sh", "bash"),
    ("run.bash", "bash"), ("rc.zsh", "zsh"), ("pyproject.toml", "toml"), ("ci.yaml", "yaml"),
    ("ci.yml", "yaml"), ("data.json", "json"), ("README.md", "markdown"), ("index.html", "html"),
    ("site.css", "css"), ("q.sql", "sql"), ("Dockerfile", "dockerfile"), ("Makefile", "makefile"),
    ("SCRIPT.PY", "python"), ("dockerfile", "dockerfile"), ("Dockerfile.dev", "dockerfile"),
    ("server.log", ""), ("notes.txt", ""), ("LICENSE", ""), ("archive.tar.gz", ""),
    ("src/pkg/mod.py", "python"),
])
def test_language_for_gives_the_fence_info_string(name: str, language: str) -> None:
    assert language_for(name) == language


def test_fenced_file_is_a_code_block_headed_by_the_file_name() -> None:
    assert fenced_file("main.py", "print(1)\n") == "`main.py`:\n\n```python\nprint(1)\n```\n"


def test_fenced_file_closes_the_last_line() -> None:
    assert fenced_file("a.txt", "no newline") == "`a.txt`:\n\n```\nno newline\n```\n"


def test_a_markdown_file_with_its_own_fences_stays_one_block() -> None:
    text = "# Notes\n\n```python\nx = 1\n```\n\nand ```` four too\n"
    fenced = fenced_file("notes.md", text)
    assert fenced.split("\n")[2] == "`````markdown"
    assert [(b.language, b.code) for b in extract_code_blocks(fenced)] == [("markdown", text)]


def test_a_name_with_backticks_is_shown_literally() -> None:
    heading = fenced_file("we`ird.txt", "x\n").split("\n")[0]
    assert heading == "``we`ird.txt``:"
    # A name starting or ending in a backtick is padded, as CommonMark requires.
    assert fenced_file("`x`", "x\n").split("\n")[0] == "`` `x` ``:"


@given(st.text(alphabet=st.sampled_from("`~ \nab#>-*\t"), max_size=80))
def test_any_text_comes_back_whole_from_the_block(text: str) -> None:
    # The transcript finds blocks with the same parser: whatever the file holds, the
    # fenced form is exactly one block whose content is the text (newline-closed).
    blocks = extract_code_blocks(fenced_file("x.md", text))
    expected = text if text.endswith("\n") or not text else text + "\n"
    assert [(b.language, b.code) for b in blocks] == [("markdown", expected)]


def test_estimate_tokens_is_characters_over_four_rounded_up() -> None:
    assert CHARS_PER_TOKEN == 4
    assert [estimate_tokens("x" * n) for n in (0, 1, 4, 5, 8, 9)] == [0, 1, 1, 2, 2, 3]


def numbered(count: int) -> str:
    return "".join(f"line {i:04}\n" for i in range(count))  # 10 characters a line


def test_text_within_the_budget_is_not_cut() -> None:
    text = numbered(10)
    assert cut_text(text, estimate_tokens(text)) == text


def test_cut_keeps_the_start_in_whole_lines_and_says_how_much_was_left_out() -> None:
    text = numbered(2000)
    cut = cut_text(text, 100)  # about 400 characters
    lines = cut.split("\n")
    assert lines[0] == "line 0000"
    kept = lines[:-2]
    assert all(line.startswith("line ") and len(line) == 9 for line in kept)
    assert lines[-2] == f"… [cut: {2000 - len(kept):,} of 2,000 lines not attached]"
    assert lines[-1] == ""
    assert estimate_tokens(cut) <= 100
    assert len(kept) > 30  # the marker does not eat the budget


def test_cut_counts_lines_in_thousands_with_separators() -> None:
    cut = cut_text(numbered(5678), 10)
    assert cut.endswith(" of 5,678 lines not attached]\n")


def test_a_single_huge_line_is_cut_inside_it() -> None:
    text = "x" * 10_000  # minified: no line fits whole
    cut = cut_text(text, 50)
    head, marker = cut.split("\n")[:2]
    assert head and set(head) == {"x"}
    assert marker == "… [cut: 1 of 1 line not attached]"
    assert estimate_tokens(cut) <= 50


def test_a_form_feed_does_not_count_as_a_line_break() -> None:
    text = "a\fb\n" * 1000
    assert cut_text(text, 20).endswith(" of 1,000 lines not attached]\n")


@given(st.text(max_size=400), st.integers(min_value=20, max_value=200))
def test_cut_text_is_a_prefix_within_budget(text: str, budget: int) -> None:
    cut = cut_text(text, budget)
    if cut == text:
        assert estimate_tokens(text) <= budget
        return
    head, _, marker = cut.rstrip("\n").rpartition("\n")
    assert marker.startswith("… [cut: ")
    assert text.startswith(head)
    assert estimate_tokens(cut) <= budget
