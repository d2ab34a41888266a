"""The code blocks of a Markdown reply, numbered as the transcript shows them.

Parsed with markdown-it-py (pure Python, no Textual) because that is the parser
that renders the transcript: block N found here is block N on screen, including
fences nested in list items or block quotes, which a line scanner would miss or
invent. CommonMark then gives, for free: ``` and ~~~ fences, longer fences (````)
that may contain shorter ones, up to 3 spaces of indent, an unterminated fence
running to the end (the reply may still be streaming), and fences inside fences
being plain content.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from markdown_it import MarkdownIt


# A fence line: up to 3 spaces, then three or more backticks or tildes (CommonMark).
FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")


def fence_after(line: str, opened: str) -> str:
    """The fence still open after `line`, given the one open before ("" outside a fence).

    For the line scanners that cannot wait for a parse (a reply still streaming,
    an export closing a stopped reply's block): a closing fence uses the opening
    character, is at least as long, and has nothing after it but spaces and tabs.
    """
    match = FENCE.match(line)
    if match is None:
        return opened
    run = match.group(1)
    if not opened:
        return run
    if run[0] == opened[0] and len(run) >= len(opened) and not line.strip(" \t")[len(run):]:
        return ""
    return opened


@dataclass(frozen=True, slots=True)
class CodeBlock:
    index: int  # position among the blocks of its message, from 0
    language: str  # first word of the info string; "" when none
    code: str  # the lines between the fences, each ending in a newline (an open fence's last may not)
    message_index: int = 0
    fenced: bool = True  # False for an indented (4-space) code block

    @property
    def line_count(self) -> int:
        return self.code.count("\n") + (not self.code.endswith("\n") and bool(self.code))


@cache
def _parser() -> MarkdownIt:
    from markdown_it import MarkdownIt  # at the first code block looked for: 20 ms of the app's start otherwise

    # The same preset Rich's Markdown uses; plugins do not change block structure.
    return MarkdownIt("commonmark").enable("table").enable("strikethrough")


def extract_code_blocks(markdown: str, message_index: int = 0) -> list[CodeBlock]:
    """Every code block in `markdown`, in order; indented blocks too, since they
    render as code boxes just like fences do."""
    blocks: list[CodeBlock] = []
    if "```" not in markdown and "~~~" not in markdown and "    " not in markdown \
            and "\t" not in markdown:
        return blocks  # the common case of a prose reply: skip parsing
    for token in _parser().parse(markdown):
        if token.type not in ("fence", "code_block"):
            continue
        words = token.info.split(maxsplit=1)
        blocks.append(CodeBlock(
            index=len(blocks),
            language=words[0] if words else "",
            code=token.content,
            message_index=message_index,
            fenced=token.type == "fence",
        ))
    return blocks


def collect_code_blocks(messages: Iterable[tuple[int, str]]) -> list[CodeBlock]:
    """Blocks of several messages, given as (message index, markdown), in order."""
    return [block for index, text in messages for block in extract_code_blocks(text, index)]


def newest_reply_first(blocks: Iterable[CodeBlock]) -> list[CodeBlock]:
    """Blocks grouped by message, the latest message's group first, each group in
    reading order: the blocks just answered get the first labels (1, 2, …), and a
    label stays the same as long as no new reply arrives."""
    groups: dict[int, list[CodeBlock]] = {}
    for block in blocks:
        groups.setdefault(block.message_index, []).append(block)
    return [block for index in sorted(groups, reverse=True) for block in groups[index]]
