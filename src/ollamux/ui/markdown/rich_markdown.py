"""Markdown rendered by Rich into lines, in the look of Textual's Markdown; safe in any thread.

Imported with the first Markdown drawn (see `text`): Rich's Markdown, markdown-it
and Pygments come with it.
"""

from __future__ import annotations

import threading
from typing import ClassVar

from markdown_it.token import Token
from rich.console import Console, ConsoleOptions, RenderResult
from rich.markdown import Heading, MarkdownContext, MarkdownElement
from rich.markdown import Markdown as RichMarkdown
from rich.segment import Segment
from rich.style import Style
from rich.text import Text

from ollamux.ui.markdown.code import Painted
from ollamux.ui.markdown.fence import FenceBlock, Fences
from ollamux.ui.markdown.text import _Look


def _look_of(markdown: RichMarkdown) -> _Look:
    """The look our own Markdown carries; Rich builds these elements only for it."""
    assert isinstance(markdown, _Markdown)
    return markdown.look


class _Heading(Heading):
    """Flush left in the theme's heading colours, as Textual's Markdown draws them."""

    look_style = Style()

    @classmethod
    def create(cls, markdown: RichMarkdown, token: Token) -> Heading:
        heading = cls(token.tag)
        heading.look_style = _look_of(markdown).headings.get(token.tag, Style())
        return heading

    def on_enter(self, context: MarkdownContext) -> None:
        self.text = Text()
        context.enter_style(self.look_style)  # instead of Rich's own markdown.hN style

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        text = self.text.copy()
        text.justify = "left"
        yield text


class _Markdown(RichMarkdown):
    elements: ClassVar[dict[str, type[MarkdownElement]]] = {
        **RichMarkdown.elements,
        "heading_open": _Heading,
        "fence": FenceBlock,
        "code_block": FenceBlock,
    }

    def __init__(self, source: str, look: _Look) -> None:
        self.look = look  # read by the elements' create()
        self.fences = Fences(source, look.code_background)
        # hyperlinks off: a URL is model text and must not become an escape sequence.
        super().__init__(source, code_theme=look.code_theme, hyperlinks=False)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        # Rich puts a blank line before a list even at the top of a document. A
        # reply need not start with one, and a streamed reply, rendered in parts,
        # spaces its parts itself.
        leading = True
        for segment in super().__rich_console__(console, options):
            if leading and segment == _NEW_LINE:
                continue
            leading = False
            yield segment

    @property
    def spaced(self) -> bool:
        """Whether Rich would put a blank line after the last block: not after a rule."""
        top = [token for token in self.parsed if token.level == 0]
        return not top or top[-1].type != "hr"


_NEW_LINE = Segment.line()


# A Console per thread: rendering takes the console's lock, so a render in a
# worker thread must never use the app's console, or painting would wait for it.
_consoles = threading.local()


def render_markdown(source: str, look: _Look, options: ConsoleOptions, style: Style) -> tuple[list[Painted], bool]:
    """`source` as Markdown in lines of `options.max_width` cells; safe in any thread.

    Lines are tuples of segments, made Strips only when painted: a kept Strip
    brings eight more objects for every garbage collection to walk, and a long
    session has hundreds of thousands of lines.

    Also whether a blank line would follow it in a longer document. `options`
    and `style` are taken from the widget on the event loop: computing them
    reads the DOM, which only the loop may do.
    """
    console: Console | None = getattr(_consoles, "console", None)
    if console is None:
        console = _consoles.console = Console(
            markup=False, highlight=False, emoji=False, legacy_windows=False,
            force_terminal=True, safe_box=False, soft_wrap=False,
        )
    markdown = _Markdown(source, look)
    markdown.fences.start(options.max_width, style)
    lines = console.render_lines(markdown, options, style=style, pad=True)
    return markdown.fences.finish(lines), markdown.spaced
