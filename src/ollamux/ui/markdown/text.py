"""Finished Markdown drawn as one widget, for messages that will not change again.

Textual's `Markdown` mounts a widget per block (paragraph, list item, fence),
which is what streaming needs but costs milliseconds per block: a long session
has thousands, and every layout pass walks them all. A finished message is
rendered instead by Rich's Markdown into a single widget: one style lookup, one
layout box, rendering cached per width. Headings and code fences borrow the
colours of Textual's Markdown so a reloaded reply looks like a streamed one.
Rich's Markdown never interprets Rich markup: model text stays plain text.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import ClassVar

from markdown_it.token import Token
from rich.console import Console, ConsoleOptions, RenderResult
from rich.markdown import Heading, MarkdownContext, MarkdownElement
from rich.markdown import Markdown as RichMarkdown
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.color import Color
from textual.geometry import Size
from textual.strip import Strip
from textual.widget import Widget

from ollamux.ui.markdown.code import Painted
from ollamux.ui.markdown.fence import FenceBlock, Fences

HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")


@dataclass(frozen=True, eq=False)
class _Look:
    """What Textual's Markdown would use under the current theme."""

    code_theme: str
    code_background: str
    headings: dict[str, Style]


def _look(variables: dict[str, str], background: Color, dark: bool) -> _Look:
    headings = {}
    for tag in HEADINGS:
        color = Color.parse(variables.get(f"markdown-{tag}-color", "#0178D4"))
        style = Style.parse(variables.get(f"markdown-{tag}-text-style", "bold") or "none")
        headings[tag] = style + Style(color=background.blend(color.with_alpha(1), color.a).hex)
    # Same tint as MarkdownFence: black 10% on dark themes, white 30% on light ones.
    fence = background.blend(Color(0, 0, 0), 0.1) if dark else background.blend(Color(255, 255, 255), 0.3)
    return _Look("monokai" if dark else "friendly", fence.hex, headings)


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


# Theme variables cost a full stylesheet pass to compute; they change only with the theme.
_looks: dict[tuple[str, str], _Look] = {}


def look_of(widget: Widget) -> _Look:
    """How Markdown in `widget` should look under the app's current theme."""
    theme = widget.app.current_theme
    background = widget.background_colors[1]
    key = (theme.name, background.hex)
    if (look := _looks.get(key)) is None:
        look = _looks[key] = _look(widget.app.get_css_variables(), background, theme.dark)
    return look


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


class MarkdownText(Widget):
    """Read-only Markdown in one widget; `source` is the text it shows.

    Rendered once per width and theme and kept as lines: layout asks for the
    height of every widget on every pass, and a long frozen answer must not be
    re-rendered each time.
    """

    DEFAULT_CSS = """
    MarkdownText { height: auto; }
    """

    def __init__(self, source: str, *, classes: str | None = None) -> None:
        super().__init__(classes=classes)
        self.source = source
        self._rendered: list[Painted] = []
        self._rendered_key: tuple[int, _Look, Style] | None = None

    @property
    def line_count(self) -> int:
        """How many lines were drawn at the last width (0 before the first render)."""
        return len(self._rendered)

    def _lines(self, width: int, *, fresh: bool = False) -> list[Painted]:
        # The look and style are looked up again by layout (`fresh`) and after a
        # style change (a theme switch): a DOM walk is too dear for every line drawn.
        key = self._rendered_key
        if fresh or key is None:
            look, style = look_of(self), self.rich_style
        else:
            _, look, style = key
        if (width, look, style) != key:
            options = self.app.console.options.update_width(max(1, width))
            self._rendered, _ = render_markdown(self.source, look, options, style)
            self._rendered_key = (width, look, style)
        return self._rendered

    def notify_style_update(self) -> None:
        self._rendered_key = None
        super().notify_style_update()

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self._lines(width, fresh=True))

    def render_line(self, y: int) -> Strip:
        width = self.content_region.width
        lines = self._lines(width)
        return Strip(lines[y], width) if y < len(lines) else Strip.blank(width, self.rich_style)
