"""How pictures are drawn: Kitty graphics, Sixel or half-blocks, asked of the terminal once.

textual-image asks the terminal what it can draw when it is imported: on a terminal
it writes queries to stdout and waits up to a tenth of a second for each answer on
stdin, and it may swallow a key typed meanwhile. Tests, `ollamux --help` and a pty
harness must never see that, and once Textual runs, its input thread would take the
answers. So the import here asks nothing: textual-image is told the cell size and
sees no terminal while it loads, pictures are drawn in half-blocks (the same on
every machine, which snapshots need), and `detect()`, called by the CLI just before
the app starts, is the one place that asks.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, Literal

from textual.widget import Widget
from textual_image import _terminal

# textual-image's own fallback (a VT340's cell): half-blocks are scaled by its ratio alone.
_FALLBACK_CELL = _terminal.CellSize(10, 20)

Kind = Literal["kitty", "sixel", "half-blocks"]


@contextmanager
def _no_terminal() -> Iterator[None]:
    """textual-image queries the terminal on import only when `sys.__stdout__` is one."""
    stdout = sys.__stdout__
    sys.__stdout__ = None  # type: ignore[misc]
    try:
        yield
    finally:
        sys.__stdout__ = stdout  # type: ignore[misc]


if not hasattr(_terminal.get_cell_size, "_result"):
    _terminal.get_cell_size._result = _FALLBACK_CELL  # type: ignore[attr-defined]
with _no_terminal():
    from textual_image.renderable import sixel, tgp
from textual_image.widget import HalfcellImage, SixelImage, TGPImage  # noqa: E402

_WIDGETS: dict[Kind, type[Widget]] = {"kitty": TGPImage, "sixel": SixelImage, "half-blocks": HalfcellImage}
_kind: Kind = "half-blocks"


def detect(wanted: str = "auto") -> Kind:
    """Ask the terminal how it can draw pictures, and draw them so from now on.

    Call it before the app runs (Textual's input thread would take the answers),
    and only in the real program: on anything but a terminal it asks nothing.
    `wanted` other than "auto" (from OLLAMUX_GRAPHICS) is taken as said, unasked:
    for a terminal that answers wrongly, or not at all and so costs a wait.
    """
    global _kind
    if wanted in _WIDGETS:
        _kind = wanted  # type: ignore[assignment]
        return _kind
    stdin, stdout = sys.__stdin__, sys.__stdout__
    if stdin is None or stdout is None or not (stdin.isatty() and stdout.isatty()):
        return _kind
    # Sixel first, as textual-image orders them: some terminals claim Kitty
    # graphics but cannot show its placeholders, while Kitty has no Sixel.
    if sixel.query_terminal_support():
        _kind = "sixel"
    elif tgp.query_terminal_support():
        _kind = "kitty"
    if _kind != "half-blocks":
        # Real pixels are scaled by the cell's real size in pixels: ask it too.
        if hasattr(_terminal.get_cell_size, "_result"):
            del _terminal.get_cell_size._result
        try:
            _terminal.get_cell_size()
        except (ArithmeticError, OSError, ValueError, _terminal.TerminalError):
            # A terminal reporting 0 columns makes textual-image divide by zero.
            _terminal.get_cell_size._result = _FALLBACK_CELL  # type: ignore[attr-defined]
    return _kind


def current() -> Kind:
    return _kind


def image_widget(image: Any = None, **options: Any) -> Widget:
    """textual-image's widget for `image` (a PIL image) in the way the terminal draws pictures."""
    return _WIDGETS[_kind](image, **options)
