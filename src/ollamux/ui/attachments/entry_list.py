"""The picker's list of a folder's entries, drawn line by line.

Only the rows on screen are drawn, and only their files are asked for a size (and
each once per folder): a folder of 10,000 entries costs no more per key than one of 10.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

from rich.cells import cell_len
from rich.segment import Segment
from textual import events
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from ollamux.core.text import format_size
from ollamux.ui.attachments.layout import cut_middle
from ollamux.ui.attachments.listing import Entry

SIZE_CELLS = 8  # "999.9 KB"


class EntryList(ScrollView, can_focus=False):
    """Rows of entries with one highlighted. Never focused: the filter keeps the keys."""

    DEFAULT_CSS = """
    EntryList {
        background: $surface; overflow-x: hidden; scrollbar-size-vertical: 1;
        & > .entry-list--cursor {
            color: $block-cursor-foreground; background: $block-cursor-background;
            text-style: $block-cursor-text-style;
        }
        & > .entry-list--folder { color: $text-primary; text-style: bold; }
        & > .entry-list--size { color: $text-muted; }
        & > .entry-list--notice { color: $text-warning; }
    }
    """
    COMPONENT_CLASSES = {"entry-list--cursor", "entry-list--folder", "entry-list--size", "entry-list--notice"}

    class Highlighted(Message):
        def __init__(self, entry: Entry | None) -> None:
            super().__init__()
            self.entry = entry

    class Chosen(Message):
        """A row was double-clicked."""

        def __init__(self, entry: Entry) -> None:
            super().__init__()
            self.entry = entry

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.folder = Path()
        self.entries: list[Entry] = []
        self.notice = ""
        self.highlighted: int | None = None
        self._size_texts: dict[str, str] = {}

    def show(self, folder: Path, entries: list[Entry], *, notice: str = "", highlight: int = 0) -> None:
        """Show `entries` of `folder` (and `notice` under them), highlighting row `highlight`."""
        if folder != self.folder:
            self._size_texts.clear()
        self.folder, self.entries, self.notice = folder, entries, notice
        self._set_virtual_size()
        self.scroll_to(y=0, animate=False, immediate=True)
        self.highlighted = None  # the same row may now hold another entry: say so
        self._highlight(min(highlight, len(entries) - 1) if entries else None)
        self.refresh()

    @property
    def highlighted_entry(self) -> Entry | None:
        return None if self.highlighted is None else self.entries[self.highlighted]

    def move(self, rows: int) -> None:
        if self.entries:
            current = self.highlighted if self.highlighted is not None else -1
            self._highlight(max(0, min(len(self.entries) - 1, current + rows)))

    def page(self, pages: int) -> None:
        self.move(pages * max(1, self.scrollable_content_region.height - 1))

    def _highlight(self, index: int | None) -> None:
        if index == self.highlighted and index is not None:
            return
        self.highlighted = index
        if index is not None:
            height = self.scrollable_content_region.height
            if index < self.scroll_y:
                self.scroll_to(y=index, animate=False, immediate=True)
            elif height and index >= self.scroll_y + height:
                self.scroll_to(y=index - height + 1, animate=False, immediate=True)
        self.refresh()
        self.post_message(self.Highlighted(self.highlighted_entry))

    # -- drawing ------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        index = round(self.scroll_y) + y
        if index < len(self.entries):
            return self._row(index, width)
        notice = self._notice_lines(width)
        if 0 <= index - len(self.entries) < len(notice):
            style = self.get_component_rich_style("entry-list--notice")
            return Strip([Segment(notice[index - len(self.entries)], style)]).adjust_cell_length(width, self.rich_style)
        return Strip.blank(width, self.rich_style)

    def _notice_lines(self, width: int) -> list[str]:
        # Wrapped, not cut: an error's reason is at its end.
        return textwrap.wrap(self.notice, max(1, width)) if self.notice else []

    def _set_virtual_size(self) -> None:
        width = self.scrollable_content_region.width
        self.virtual_size = Size(width, len(self.entries) + len(self._notice_lines(width)))

    def _row(self, index: int, width: int) -> Strip:
        entry = self.entries[index]
        name_cells = max(1, width - SIZE_CELLS - 1)
        cursor = self.get_component_rich_style("entry-list--cursor") if index == self.highlighted else None
        if entry.is_dir:
            label = cut_middle(entry.name, name_cells - 1) + "/"
            style = self.get_component_rich_style("entry-list--folder")
            size = ""
        else:
            label = cut_middle(entry.name, name_cells)
            style = self.rich_style
            size = self._size_text(entry)
        size_style = self.get_component_rich_style("entry-list--size")
        if cursor is not None:  # over the row's own colours, folder or size alike
            style, size_style = style + cursor, size_style + cursor
        segments = [
            Segment(label + " " * (name_cells - cell_len(label) + 1), style),
            Segment(size.rjust(SIZE_CELLS), size_style),
        ]
        return Strip(segments).adjust_cell_length(width, cursor or self.rich_style)

    def _size_text(self, entry: Entry) -> str:
        if entry.name not in self._size_texts:
            try:
                # One stat per file drawn, remembered for as long as the folder is shown.
                self._size_texts[entry.name] = format_size((self.folder / entry.name).stat().st_size)
            except OSError:
                self._size_texts[entry.name] = "?"
        return self._size_texts[entry.name]

    # -- mouse --------------------------------------------------------------

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        index = round(self.scroll_y) + offset.y
        if index >= len(self.entries):
            return
        self._highlight(index)
        if event.chain >= 2:
            self.post_message(self.Chosen(self.entries[index]))

    def on_resize(self) -> None:
        self._set_virtual_size()
