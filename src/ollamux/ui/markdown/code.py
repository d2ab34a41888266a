"""A highlighted fence drawn in cells: the segments Rich's `Syntax` would give, made directly.

`Syntax` (word wrap, padding 1 and 2, a background colour) sends every line
through Rich's generic text wrapping, segment splitting and padding, which cost
more than the highlighting. Nearly every code line fits the width: such a line
is its pieces, then spaces to the width, between two-cell margins, all on the
fence background. Only a line wider than that is wrapped, by Rich, as `Syntax`
does. Rendered lines are kept per run of lines, width and background, so a
re-render (the same text joined again, a theme switched back, a fence still
streaming with its earlier runs unchanged) costs a lookup.
"""

from __future__ import annotations

from collections.abc import Iterator

from rich.console import Console, ConsoleOptions
from rich.segment import Segment
from rich.style import Style
from rich.syntax import SyntaxTheme
from rich.text import Span, Text

from ollamux.ui.markdown.highlight import TAB_SIZE, Highlighted
from ollamux.ui.markdown.lru import BoundedCache

# The fence's margins, as Syntax(padding=(1, 2)) draws them.
TOP_BOTTOM = 1
SIDES = 2

_NEW_LINE = Segment.line()

Line = list[Segment]
Painted = tuple[Segment, ...]  # a finished line, as the widgets keep them

# Rendered runs of lines by (run, width, background); bounded by lines.
_rendered: BoundedCache[tuple[Line, ...]] = BoundedCache(10_000)

# A piece's style on the fence background, by (token style, base style): a handful each.
_on_background: dict[tuple[Style, Style], Style] = {}


def base_style(theme: SyntaxTheme, background: str) -> Style:
    """The style of a fence's blank cells: Syntax's `_get_base_style`."""
    return theme.get_background_style() + Style(bgcolor=background)


def _styled(style: Style, base: Style, background: Style) -> Style:
    key = (style, base)
    if (found := _on_background.get(key)) is None:
        # Syntax stylizes the whole text "on <background>" over the token spans.
        found = _on_background[key] = base + style + background
    return found


def _render_run(run: Highlighted, console: Console, options: ConsoleOptions, background: str) -> tuple[Line, ...]:
    width = options.max_width
    code_width = width - 2 * SIDES
    base = base_style(run.theme, background)
    on_background = Style(bgcolor=background)
    side = Segment(" " * SIDES, base)
    lines: list[Line] = []
    for pieces, cells in zip(run.lines, run.cells, strict=True):
        if cells <= code_width:
            line = [side]
            line.extend(Segment(text, _styled(style, base, on_background)) for text, style in pieces)
            if cells < code_width:
                line.append(Segment(" " * (code_width - cells), base))
            line.append(side)
            lines.append(line)
        else:
            lines.extend([side, *wrapped, side] for wrapped in _wrap(pieces, console, options, base, on_background))
    return tuple(lines)


def _wrap(pieces: tuple[tuple[str, Style], ...], console: Console, options: ConsoleOptions,
          base: Style, on_background: Style) -> list[Line]:
    """A line too wide, wrapped as Syntax wraps it: through Rich's Text."""
    text = Text(justify="left", style=base, tab_size=TAB_SIZE, no_wrap=False)
    text.append_tokens((piece, style) for piece, style in pieces)
    text.spans.append(Span(0, len(text), on_background))
    render_options = options.update(width=options.max_width - 2 * SIDES, height=None, justify="left")
    return console.render_lines(text, render_options, style=base, pad=True)


def _lines(runs: tuple[Highlighted, ...], console: Console, options: ConsoleOptions,
           background: str) -> Iterator[Line]:
    width = options.max_width
    blank = [Segment(" " * width, base_style(runs[0].theme, background))]
    for _ in range(TOP_BOTTOM):
        yield blank
    for run in runs:
        yield from _run_lines(run, console, options, background)
    for _ in range(TOP_BOTTOM):
        yield blank


def _run_lines(run: Highlighted, console: Console, options: ConsoleOptions, background: str) -> tuple[Line, ...]:
    key = (run, options.max_width, background)
    if (lines := _rendered.get(key)) is None:
        lines = _render_run(run, console, options, background)
        if run.kept:
            _rendered.put(key, lines, len(lines))
    return lines


def fence_segments(runs: tuple[Highlighted, ...], console: Console, options: ConsoleOptions,
                   background: str) -> Iterator[Segment]:
    """The fence's lines (its runs of code one below the other), each ended by a newline."""
    for line in _lines(runs, console, options, background):
        yield from line
        yield _NEW_LINE


# Finished lines of runs by (run, width, background, the widget's style): a
# fence drawn again needs neither Rich's segment pipeline nor styling again.
_styled_lines: BoundedCache[tuple[Painted, ...]] = BoundedCache(10_000)
_blanks: BoundedCache[Painted] = BoundedCache(64)  # a fence's top and bottom margin


def fence_lines(runs: tuple[Highlighted, ...], console: Console, options: ConsoleOptions,
                background: str, style: Style) -> list[Painted]:
    """The fence as `console.render_lines(..., style=style)` would give it, each line a tuple."""
    width = options.max_width
    base = base_style(runs[0].theme, background)
    blank_key = (width, base, style)
    if (blank := _blanks.get(blank_key)) is None:
        blank = tuple(Segment.apply_style([Segment(" " * width, base)], style))
        _blanks.put(blank_key, blank, 1)
    lines = [blank] * TOP_BOTTOM
    for run in runs:
        key = (run, width, background, style)
        if (found := _styled_lines.get(key)) is None:
            plain = _run_lines(run, console, options, background)
            found = tuple(tuple(Segment.apply_style(line, style)) for line in plain)
            if run.kept:
                _styled_lines.put(key, found, len(found))
        lines.extend(found)
    lines.extend([blank] * TOP_BOTTOM)
    return lines
