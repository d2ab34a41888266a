"""Markdown that grows as a reply streams, at a cost that does not grow with it.

Textual's `Markdown` keeps a widget per block, and every layout pass walks them
all: a long answer streamed into one `Markdown` gets slower with every flush.
Here only the tail stays live. Once it is long enough, everything before a safe
break (a blank line outside code fences, not inside a list) is frozen into one
`MarkdownText` widget, so the live part, and the work per flush, stay small.
"""

from __future__ import annotations

import re

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Markdown

from ollamux.ui.widgets.markdown_text import MarkdownText

# The live tail is frozen once it has this many characters (a few screens).
FREEZE_AFTER = 3000
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")


def safe_break(text: str) -> int:
    """The offset of the last place where `text` can be cut into two documents.

    That is the start of a line after a blank line, outside fenced code, whose
    line does not continue an indented block or list. 0 when there is none.
    """
    fence: str | None = None
    best = 0
    offset = 0
    previous_blank = False
    for line in text.splitlines(keepends=True):
        stripped = line.strip()
        if fence is None and previous_blank and stripped and not line[0].isspace():
            if not re.match(r"([-*+]|\d+[.)])\s", line):
                best = offset
        match = _FENCE.match(line)
        if match:
            marker = match.group(1)
            if fence is None:
                fence = marker[0] * 3
            elif marker.startswith(fence) and not stripped.strip(marker[0]):
                fence = None
        previous_blank = not stripped
        offset += len(line)
    # A break at the very end cuts nothing off the live text: not worth it.
    return best if best < len(text) else 0


class StreamingMarkdown(Vertical):
    """Frozen parts, then one live `Markdown` tail; `source` is all of it."""

    DEFAULT_CSS = """
    StreamingMarkdown { height: auto; }
    StreamingMarkdown > Markdown { margin: 0; padding: 0; }
    StreamingMarkdown > MarkdownText { margin: 0 0 1 0; }
    """

    def __init__(self, *, classes: str | None = None) -> None:
        super().__init__(classes=classes)
        self._frozen: list[str] = []
        self._live = ""

    def compose(self) -> ComposeResult:
        yield Markdown()

    @property
    def source(self) -> str:
        return "".join(self._frozen) + self._live

    async def append(self, text: str) -> None:
        if not text:
            return
        self._live += text
        live = self.query_one(Markdown)
        if len(self._live) < FREEZE_AFTER or not (cut := safe_break(self._live)):
            await live.append(text)
            return
        done, self._live = self._live[:cut], self._live[cut:]
        self._frozen.append(done)
        await self.mount(MarkdownText(done), before=live)
        await live.update(self._live)
