"""Pictures drawn the way `graphics_query` found the terminal draws them, with textual-image.

textual-image asks the terminal what it can draw when it is imported: on a terminal
it writes queries to stdout and waits up to a tenth of a second for each answer on
stdin, and it may swallow a key typed meanwhile. The app never lets it: this module
is imported with the first picture shown, while Textual reads the keyboard. So the
import here asks nothing: textual-image is told the cell size (the one the start-up
query found, else a fallback) and sees no terminal while it loads; without a
start-up query (tests, snapshots) pictures are drawn in half-blocks, the same on
every machine.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from textual.widget import Widget
from textual_image import _terminal

from ollamux.ui import graphics_query
from ollamux.ui.graphics_query import Kind

# textual-image's own fallback (a VT340's cell): half-blocks are scaled by its ratio alone.
_FALLBACK_CELL = _terminal.CellSize(10, 20)


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
    _cell = graphics_query.cell_size()
    _terminal.get_cell_size._result = _FALLBACK_CELL if _cell is None else _terminal.CellSize(*_cell)  # type: ignore[attr-defined]
with _no_terminal():
    import textual_image.renderable  # noqa: F401
from textual_image.widget import HalfcellImage, SixelImage, TGPImage  # noqa: E402

_WIDGETS: dict[Kind, type[Widget]] = {"kitty": TGPImage, "sixel": SixelImage, "half-blocks": HalfcellImage}


def current() -> Kind:
    return graphics_query.kind()


def image_widget(image: Any = None, **options: Any) -> Widget:
    """textual-image's widget for `image` (a PIL image) in the way the terminal draws pictures."""
    return _WIDGETS[graphics_query.kind()](image, **options)
