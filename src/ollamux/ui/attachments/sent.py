"""A sent message's attachments, one line under its text: `📎 cat.png · 182 KB · 1024×768   main.py · 3 KB`.

One small widget per message that has attachments, drawn line by line with no
children: a transcript of 1,000 messages mounts these by the hundred.
A click on a file asks for its preview.
"""

from __future__ import annotations

from rich.cells import cell_len
from rich.segment import Segment
from textual import events
from textual.geometry import Size
from textual.strip import Strip
from textual.widget import Widget

from ollamux.core.attachment import Attachment
from ollamux.ui.attachments.chips import chip_label
from ollamux.ui.attachments.layout import cut_middle, flow
from ollamux.ui.attachments.messages import PreviewWanted

ICON = "📎 "
GAP = 3


class SentAttachments(Widget):
    """The files a message was sent with; a click on one posts `PreviewWanted`."""

    DEFAULT_CSS = """
    SentAttachments {
        height: auto; color: $text-muted;
        & > .sent-attachments--file { color: $text-muted; }
    }
    SentAttachments:hover > .sent-attachments--file { text-style: underline; }
    """
    COMPONENT_CLASSES = {"sent-attachments--file"}

    PreviewWanted = PreviewWanted

    def __init__(self, attachments: list[Attachment], *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.attachments = list(attachments)
        self._labels = [chip_label(a) for a in self.attachments]
        self._layout: tuple[int, list[list[tuple[int, int]]]] | None = None

    def _lines(self, width: int) -> list[list[tuple[int, int]]]:
        """Each line's files as (index, x); the icon takes the first cells of the first line."""
        if self._layout is None or self._layout[0] != width:
            room = max(1, width - cell_len(ICON))
            self._layout = (width, flow([cell_len(label) for label in self._labels], room, GAP))
        return self._layout[1]

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self._lines(width))

    def render_line(self, y: int) -> Strip:
        width = self.content_size.width
        lines = self._lines(width)
        if y >= len(lines):
            return Strip.blank(width, self.rich_style)
        indent = cell_len(ICON)
        segments = [Segment(ICON if y == 0 else " " * indent, self.rich_style)]
        style = self.get_component_rich_style("sent-attachments--file")
        x = 0
        for index, start in lines[y]:
            segments.append(Segment(" " * (start - x), self.rich_style))
            label = cut_middle(self._labels[index], width - indent)
            segments.append(Segment(label, style))
            x = start + cell_len(label)
        return Strip(segments).adjust_cell_length(width, self.rich_style)

    def file_at(self, x: int, y: int) -> Attachment | None:
        """The attachment drawn at content offset (x, y), if any."""
        lines = self._lines(self.content_size.width)
        if y >= len(lines):
            return None
        x -= cell_len(ICON)
        for index, start in lines[y]:
            if start <= x < start + cell_len(self._labels[index]):
                return self.attachments[index]
        return None

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        attachment = None if offset is None else self.file_at(offset.x, offset.y)
        if attachment is not None:
            event.stop()
            self.post_message(PreviewWanted(attachment))
