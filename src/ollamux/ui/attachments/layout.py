"""Fitting names and rows of items into a width: cut in the middle, flowed onto lines."""

from __future__ import annotations

from rich.cells import cell_len

ELLIPSIS = "…"


def cut_middle(name: str, cells: int) -> str:
    """`name` in at most `cells` cells, cut in the middle so its end (the extension) shows."""
    if cell_len(name) <= cells:
        return name
    if cells <= 1:
        return ELLIPSIS[:cells]
    tail_cells = (cells - 1) // 2
    head_cells = cells - 1 - tail_cells
    return _take(name, head_cells) + ELLIPSIS + _take(name[::-1], tail_cells)[::-1]


def _take(text: str, cells: int) -> str:
    taken, used = [], 0
    for char in text:
        used += cell_len(char)
        if used > cells:
            break
        taken.append(char)
    return "".join(taken)


def flow(widths: list[int], width: int, gap: int) -> list[list[tuple[int, int]]]:
    """Place items of `widths` cells left to right, `gap` apart, starting a new line when full.

    Returns the lines, each a list of (item index, x). An item wider than the line
    gets a line of its own (and is cut by whoever draws it).
    """
    lines: list[list[tuple[int, int]]] = [[]]
    x = 0
    for index, cells in enumerate(widths):
        if lines[-1] and x + gap + cells > width:
            lines.append([])
            x = 0
        if lines[-1]:
            x += gap
        lines[-1].append((index, x))
        x += cells
    return lines if lines[0] else []
