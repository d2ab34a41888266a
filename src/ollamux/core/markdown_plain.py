"""Markdown read as plain words, for one-line previews such as search snippets.

A snippet shows a stretch of a reply on one line, where `**`, backticks, heading
hashes and link targets are noise. Only marks that surely are Markdown go, and
never inside a code fence: `__init__` in code and `2 * 3 * 4` stay as they are.
"""

from __future__ import annotations

import re

# A fence's opening line, its code, and its closing line (or the end of the text).
_FENCED = re.compile(
    r"^[ \t]{0,3}(`{3,}|~{3,})[^\n]*\n?(.*?)(?:^[ \t]{0,3}\1[`~]*[ \t]*$|\Z)", re.MULTILINE | re.DOTALL
)
_FENCE_LINE = re.compile(r"^[ \t]{0,3}(?:`{3,}|~{3,})", re.MULTILINE)
# Each rule runs over a whole stretch of prose at once (a line at a time is 10x slower).
_RULES = [
    (re.compile(r"^[ \t]{0,3}#{1,6}[ \t]+", re.MULTILINE), ""),  # heading marks
    (re.compile(r"^[ \t]{0,3}>[ \t]?", re.MULTILINE), ""),  # quote marks
    (re.compile(r"!?\[([^\]\n]*)\]\([^)\n]*\)"), r"\1"),  # links and images: their words
    (re.compile(r"(?<!`)(`+)(?!`)(.+?)(?<!`)\1(?!`)"), r"\2"),  # inline code, any run of ticks
    (re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*"), r"\1"),
    (re.compile(r"(?<!\w)__(?=\S)(.+?)(?<=\S)__(?!\w)"), r"\1"),
    (re.compile(r"(?<![\w*])\*(?=[^\s*])([^*\n]+?)(?<=[^\s*])\*(?![\w*])"), r"\1"),
]


def plain_words(markdown: str) -> str:
    """`markdown` without its marks; words, code and line breaks stay."""
    parts, done = [], 0
    for fence in _FENCED.finditer(markdown):
        parts += [_prose(markdown[done : fence.start()]), "\n", fence[2]]
        done = fence.end()
    parts.append(_prose(markdown[done:]))
    return "".join(parts)


def _prose(text: str) -> str:
    for pattern, replacement in _RULES:
        text = pattern.sub(replacement, text)
    return text


def plain_words_from(markdown: str, start: int, end: int) -> str:
    """`plain_words` of `markdown[start:end]`, read as code if it starts inside a fence.

    For a stretch of a long text: the rest is not made plain (a fence's lines are
    counted, which is enough for the few lines a snippet shows).
    """
    part = markdown[start:end]
    inside = len(_FENCE_LINE.findall(markdown, 0, start)) % 2 == 1
    return plain_words("```\n" + part)[1:] if inside else plain_words(part)
