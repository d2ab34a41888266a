"""Where streamed Markdown can be cut into two documents that render as one.

Text before such a cut is final: whatever follows, it parses the same, so it
can be rendered once and frozen while the rest keeps streaming.
"""

from __future__ import annotations

import re

from ollamux.core.codeblocks import fence_after

__all__ = ["safe_break", "safe_breaks"]

_LIST_ITEM = re.compile(r"([-*+]|\d{1,9}[.)])(\s|$)")  # an empty item too


def safe_break(text: str) -> int:
    """The offset of the last place where `text` can be cut into two documents.

    That is the start of a line after a blank line, outside fenced code, whose
    line does not continue an indented block or list (a list item after a blank
    line may belong to the list above), and is complete: until its newline
    comes, a line may still turn into a list item. 0 when there is none, or
    when the only one is at the very end (cutting there leaves nothing live).
    """
    breaks = safe_breaks(text)
    return breaks[-1] if breaks else 0


def safe_breaks(text: str) -> list[int]:
    """Every such place, in order: cut at any of them, the pieces render as the whole."""
    fence = ""  # the marker of the open fence, "" outside one
    found: list[int] = []
    offset = 0
    previous_blank = False
    # Only "\n" ends a line for Markdown; str.splitlines would also cut at
    # characters such as U+2028 and see blank lines that are not there.
    lines = text.split("\n")
    last = len(lines) - 1  # the line still being written: "-" may become "- item"
    for number, line in enumerate(lines):
        body = line.strip(" \t")  # Markdown's blank: spaces and tabs, nothing else
        if (number < last and not fence and previous_blank and body and line[0] not in " \t"
                and not _LIST_ITEM.match(line) and 0 < offset < len(text)):
            found.append(offset)
        fence = fence_after(line, fence)
        previous_blank = not body
        offset += len(line) + 1
    return found
