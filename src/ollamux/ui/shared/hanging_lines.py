"""Lines of text whose wrapped continuations are indented, like a hanging paragraph.

A reply's error says what went wrong on its first line and what to do about it
below, indented; a long hint wraps, and its later lines must keep that indent to
read as one hint. Rich and Textual wrap to column 0, so this Visual wraps each
line in a narrower box and puts the indent in front of every piece.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.content import Content
from textual.css.styles import RulesMap
from textual.strip import Strip
from textual.style import Style
from textual.visual import RenderOptions, Visual


@dataclass(frozen=True)
class Hanging:
    """One line of text: `first` cells of indent on its first row, `rest` on the rows it wraps onto."""

    content: Content
    first: int = 0
    rest: int = 0

    @property
    def plain(self) -> str:
        return " " * self.first + self.content.plain


class HangingLines(Visual):
    """Several `Hanging` lines, one below the other. `str()` gives the plain text."""

    def __init__(self, lines: list[Hanging]) -> None:
        self.lines = lines

    def __str__(self) -> str:
        return "\n".join(line.plain for line in self.lines)

    @staticmethod
    def _inner(line: Hanging, width: int) -> int:
        return max(1, width - max(line.first, line.rest))

    def get_optimal_width(self, rules: RulesMap, container_width: int) -> int:
        return max(
            (max(line.first, line.rest) + line.content.get_optimal_width(rules, container_width)
             for line in self.lines),
            default=0,
        )

    def get_height(self, rules: RulesMap, width: int) -> int:
        return sum(line.content.get_height(rules, self._inner(line, width)) for line in self.lines)

    def render_strips(self, width: int, height: int | None, style: Style, options: RenderOptions) -> list[Strip]:
        strips: list[Strip] = []
        for line in self.lines:
            for row, strip in enumerate(line.content.render_strips(self._inner(line, width), None, style, options)):
                indent = line.first if row == 0 else line.rest
                if indent:
                    margin = Strip.blank(indent, style.rich_style)
                    strip = Strip.join([margin, strip]).crop_extend(0, width, style.rich_style)
                strips.append(strip)
        if height is not None:
            strips = strips[:height] + [Strip.blank(width, style.rich_style)] * max(0, height - len(strips))
        return strips
