"""Showing a hidden session: its last screenfuls are laid out first, the messages above them later.

Textual lays out every displayed widget of the screen on each layout, and a tab
shown for the first time since messages were mounted in it takes three layouts
(the tab, its new widgets' sizes, the scroll bar). With eight finished replies
of 5,000 tokens that cost 130-140 ms of CPU, against 80-90 ms with the messages
above the last two out of the layout (bench/show_hidden.py, load 5): the cost
of showing grew with the session. So the messages above two screenfuls are set
aside (display: none) as the tab is shown, and put back once the user is idle,
scrolls up, or anything needs them placed: then the text is all there again.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence

from textual.widget import Widget

__all__ = ["IDLE_AFTER", "SetAside", "first_kept"]

# Put back once no key was pressed for this long: their layout then delays no key.
IDLE_AFTER = 0.5


def first_kept(heights: Sequence[int], needed: int) -> int:
    """Where the fewest last messages whose known heights reach `needed` lines start (0: all of them)."""
    total = 0
    for index in range(len(heights) - 1, -1, -1):
        total += heights[index]
        if total >= needed:
            return index
    return 0


class SetAside:
    """Messages of one scrolling container kept out of its layout for now."""

    def __init__(self, container: Widget, last_input: Callable[[], float], following: Callable[[], bool]) -> None:
        self._container = container
        self._last_input = last_input  # time.monotonic() of the last key press or click
        self._following = following  # whether the container keeps its end in view (then no position to keep)
        self._aside: list[Widget] = []
        self._first_kept: Widget | None = None

    def __bool__(self) -> bool:
        return bool(self._aside)

    def set_aside(self, widgets: Sequence[Widget], heights: Sequence[int], needed: int) -> None:
        """Keep out of layout the widgets above the last ones whose heights reach `needed` lines.

        A height is a lower bound (0 when unknown): the screen is never left short.
        """
        for widget in self._aside:  # still aside from a show before this one: chosen afresh
            widget.display = True
        first = first_kept(heights, needed)
        self._aside = [w for w in widgets[:first] if w.display]
        self._first_kept = widgets[first] if self._aside else None
        for widget in self._aside:
            widget.display = False
        if self._aside:
            self._container.set_timer(IDLE_AFTER, self._put_back_when_idle)

    def _put_back_when_idle(self) -> None:
        if not self._aside:
            return
        if not self._container.display or not self._container.region.height:
            return  # hidden again: the next show sets aside afresh
        wait = IDLE_AFTER - (time.monotonic() - self._last_input())
        if wait > 0:
            self._container.set_timer(wait, self._put_back_when_idle)
            return
        self.put_back()

    def put_back(self, *, keep_position: bool = True) -> None:
        """Lay out every message again; with `keep_position` the text on screen stays where it is."""
        aside, self._aside = self._aside, []
        container, shown = self._container, self._first_kept
        self._first_kept = None
        old_top = shown.virtual_region.y if shown is not None else 0
        for widget in aside:
            if widget.parent is container:
                widget.display = True
        # Following the end, the container keeps it in view itself.
        if keep_position and aside and shown is not None and shown.parent is container and not self._following():
            # After the screen's next layout, the one that places them: a refresh
            # can come before it on a busy machine, and the text would jump.
            laid_out = container.screen.screen_layout_refresh_signal

            def restore(_screen: object) -> None:
                laid_out.unsubscribe(container)
                shift = shown.virtual_region.y - old_top
                if shift:
                    container.scroll_to(y=container.scroll_y + shift, animate=False, immediate=True)

            laid_out.subscribe(container, restore, immediate=True)

    def forget(self) -> None:
        self._aside, self._first_kept = [], None
