"""Finished Markdown drawn as one widget, for messages that will not change again.

Textual's `Markdown` mounts a widget per block (paragraph, list item, fence),
which is what streaming needs but costs milliseconds per block: a long session
has thousands, and every layout pass walks them all. A finished message is
rendered instead by Rich's Markdown into a single widget: one style lookup, one
layout box, rendering cached per width. Headings and code fences borrow the
colours of Textual's Markdown so a reloaded reply looks like a streamed one.
Rich's Markdown never interprets Rich markup: model text stays plain text.

The rendering itself (`rich_markdown`: Rich's Markdown, markdown-it, Pygments,
40-50 ms of imports) is imported with the first Markdown drawn, not with the
app: a start shows none.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.style import Style
from textual.color import Color
from textual.geometry import Size
from textual.strip import Strip
from textual.widget import Widget

if TYPE_CHECKING:
    from ollamux.ui.markdown.code import Painted

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
            from ollamux.ui.markdown.rich_markdown import render_markdown

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
