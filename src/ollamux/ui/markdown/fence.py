"""Code fences in Rich's Markdown, drawn from kept highlighting instead of Rich's `Syntax`.

A fence at the top level of a reply (the full width) does not even pass its
cells through Rich's Markdown: it yields one marked blank segment per line,
and `Fences.finish` puts the fence's kept lines in their place once Rich has
laid the document out. Rich's generic segment pipeline costs more than drawing
the fence; a fence seen before now costs a lookup.
Nested fences (in a list or a quote) are drawn as segments, as before.
"""

from __future__ import annotations

from functools import cached_property

from markdown_it.token import Token
from rich.console import Console, ConsoleOptions, RenderResult
from rich.markdown import CodeBlock
from rich.markdown import Markdown as RichMarkdown
from rich.segment import Segment
from rich.style import Style
from rich.syntax import Syntax

from ollamux.ui.markdown.code import SIDES, Painted, fence_lines, fence_segments
from ollamux.ui.markdown.highlight import highlight, highlight_open, lexer

_NEW_LINE = Segment.line()
_MARK_KEY = "ollamux.fence-line"
_MARK = Style(meta={_MARK_KEY: True})  # model text cannot carry meta: hyperlinks are off


class Fences:
    """What the fences of one Markdown render share: the source, the background, the lines."""

    def __init__(self, source: str, background: str) -> None:
        self.source = source
        self.background = background
        self.width = 0  # of the document; a fence this wide is at the top level
        self.style: Style | None = None  # the widget's, when the caller wants finished lines
        self._pending: list[Painted] = []

    @cached_property
    def lines(self) -> list[str]:
        """The source's lines as markdown-it counts them."""
        lines = self.source.replace("\r\n", "\n").replace("\r", "\n").split("\n")
        if lines[-1] == "":
            lines.pop()
        return lines

    def start(self, width: int, style: Style) -> None:
        self.width, self.style = width, style

    def finish(self, lines: list[list[Segment]]) -> list[Painted]:
        """Rich's lines as tuples, the marked ones replaced by the fences' own, in order."""
        pending = iter(self._pending)
        finished: list[Painted] = []
        for line in lines:
            if len(line) == 1 and (style := line[0].style) is not None and _MARK_KEY in style.meta:
                finished.append(next(pending))
            else:
                finished.append(tuple(line))
        self._pending = []
        return finished


class FenceBlock(CodeBlock):
    """A fence with the theme's fence background and Textual's padding.

    Drawn as Rich's `Syntax` would draw it (word wrap, padding (1, 2)), by
    `code` from a highlighted form kept across renders.
    """

    fences = Fences("", "")
    unclosed = False  # still being streamed: no closing marker yet

    @classmethod
    def create(cls, markdown: RichMarkdown, token: Token) -> CodeBlock:
        block = super().create(markdown, token)
        assert isinstance(block, FenceBlock)
        fences = getattr(markdown, "fences", None)
        assert isinstance(fences, Fences)  # Rich builds these elements only for our Markdown
        block.fences = fences
        block.unclosed = token.type == "fence" and is_open_fence(fences.lines, token)
        return block

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        code = str(self.text).rstrip()
        fences, width = self.fences, options.max_width
        if width <= 2 * SIDES:
            # No room for a line of code: Syntax's own corner cases, for a width nobody reads.
            yield Syntax(code, lexer(self.lexer_name), theme=self.theme, word_wrap=True,
                         padding=(1, 2), background_color=fences.background)
            return
        if self.unclosed:
            runs = highlight_open(code, self.lexer_name, self.theme)
        else:
            runs = (highlight(code, self.lexer_name, self.theme),)
        if fences.style is None or width != fences.width:
            yield from fence_segments(runs, console, options, fences.background)
            return
        lines = fence_lines(runs, console, options, fences.background, fences.style)
        fences._pending.extend(lines)
        mark = Segment(" " * width, _MARK)
        for _ in lines:
            yield mark
            yield _NEW_LINE


def is_open_fence(lines: list[str], token: Token) -> bool:
    """Whether a fence runs to the last of `lines` (the source's) with no closing marker yet.

    Wrong only the safe way: a fence taken for closed is highlighted whole.
    """
    if token.map is None:
        return False
    first, end = token.map
    if any(lines[at].strip() for at in range(end, len(lines))):
        return False  # it ends before the source does: closed, or its quote or list ended
    if end - 1 <= first:
        return True  # only the opening line so far
    # A closing line is the marker (at least as long) and spaces, after a quote's or
    # a list's indentation; a line of code like that would have closed the fence.
    last = lines[min(end, len(lines)) - 1].lstrip(" >\t").rstrip()
    marker = token.markup
    return not (len(last) >= len(marker) and last == marker[0] * len(last))
