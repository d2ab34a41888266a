"""Rendering streamed Markdown in parts, and what the rendered lines depend on.

Kept free of widgets so a worker thread can call it: everything read from the
DOM (look, style, console options) comes in a `RenderKey` made on the loop.
"""

from __future__ import annotations

import time
from collections.abc import AsyncGenerator, Awaitable, Callable
from dataclasses import dataclass
from itertools import pairwise

from rich.console import ConsoleOptions
from rich.segment import Segment
from rich.style import Style

from ollamux.core.markdown_breaks import safe_breaks
from ollamux.ui.markdown.text import _Look

__all__ = [
    "EMPTY", "Line", "Part", "RenderKey", "extend_lines", "join_parts", "render_parts", "render_parts_politely",
    "slices",
]

# Off the loop, a long text is rendered this much at a time (in characters,
# cut at safe breaks), with the interpreter lock let go in between: the event
# loop waits for one piece at most, not for the whole reply.
PIECE = 2_000


@dataclass(frozen=True, eq=False)
class RenderKey:
    """What rendered strips depend on: redraw when any of it changes."""

    width: int
    look: _Look
    style: Style
    options: ConsoleOptions

    def same(self, other: RenderKey | None) -> bool:
        return other is not None and (self.width, self.look, self.style) == (other.width, other.look, other.style)


# One rendered line, exactly as wide as its key: its segments. Kept as a tuple,
# not a Textual Strip (eight objects more for the garbage collector to walk, its
# seven caches): a long reply holds thousands of lines and paints a screenful.
Line = tuple[Segment, ...]
# Rendered Markdown: its lines, and whether a blank line goes after them.
Part = tuple[list[Line], bool]
EMPTY: Part = ([], True)


def _rendered(key: RenderKey, source: str) -> Part:
    from ollamux.ui.markdown.rich_markdown import render_markdown  # with the first Markdown drawn: start-up time

    return render_markdown(source, key.look, key.options, key.style)


def render_parts(key: RenderKey, sources: list[str]) -> list[Part]:
    """Each source on its own (safe in a worker thread)."""
    return [_rendered(key, source) if source else EMPTY for source in sources]


def render_parts_politely(key: RenderKey, sources: list[str]) -> list[Part]:
    """As `render_parts`, in pieces, for a worker thread; the same lines in the end."""
    parts = []
    for source in sources:
        rendered = []
        for piece in pieces(source, PIECE):
            rendered.append(_rendered(key, piece))
            time.sleep(0)  # lets the event loop's thread take the interpreter lock
        parts.append(join_parts(rendered, key.width, key.style) if rendered else EMPTY)
    return parts


async def slices(
    key: RenderKey, done: str, live: str, render: Callable[[RenderKey, list[str]], Awaitable[list[Part]]], every: float
) -> AsyncGenerator[tuple[str, Part, Part], None]:
    """`done` then `live` rendered a piece at a time by `render`, handed out every `every` seconds.

    Each slice is some text of `done`, its lines, and the live text's lines (EMPTY
    but in the last slice): a long append is shown as it is rendered, a few
    times a second, instead of all at once when all of it is done.
    """
    cut_up = pieces(done, PIECE) or [""]
    text: list[str] = []
    rendered: list[Part] = []
    since = time.monotonic()
    for index, piece in enumerate(cut_up):
        last = index == len(cut_up) - 1
        piece_part, live_part = await render(key, [piece, live if last else ""])
        text.append(piece)
        rendered.append(piece_part)
        if last or time.monotonic() - since >= every:
            yield "".join(text), join_parts(rendered, key.width, key.style), live_part
            text, rendered, since = [], [], time.monotonic()


def pieces(source: str, size: int) -> list[str]:
    """`source` cut at safe breaks into pieces of at least `size` characters (but the last)."""
    cut_at, start = [], 0
    for cut in safe_breaks(source):
        if cut - start >= size:
            cut_at.append(cut)
            start = cut
    bounds = [0, *cut_at, len(source)]
    return [source[a:b] for a, b in pairwise(bounds) if a < b]


def join_parts(parts: list[Part], width: int, style: Style) -> Part:
    """Parts one below the other, a blank line apart where Markdown would put one.

    Rendered whole, the document would look the same (safe_break makes sure of
    that for the blocks; this, for the spacing between them).
    """
    lines: list[Line] = []
    spaced = True
    for part in parts:
        spaced = extend_lines(lines, spaced, part, width, style)
    return lines, spaced


def extend_lines(lines: list[Line], spaced: bool, part: Part, width: int, style: Style) -> bool:
    """`part` added below `lines` in place, as `join_parts` joins; whether a blank line goes after.

    In place, so a growing reply costs each append its new lines, not a copy of all the lines before.
    """
    added, part_spaced = part
    if not added:
        return spaced
    if lines and spaced:
        lines.append((Segment(" " * width, style),))  # as Strip.blank
    lines.extend(added)
    return part_spaced
