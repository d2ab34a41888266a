"""The attachments waiting to be sent, as chips above the prompt: `name · size · W×H`.

A row of chips, wrapped onto a second line at most (a "+N more" chip stands for
the rest); hidden while there are none. Focused, left and right pick a chip,
Delete removes it and Enter previews it; the view decides what that means.
"""

from __future__ import annotations

from rich.cells import cell_len
from rich.segment import Segment
from textual import events
from textual.binding import Binding
from textual.geometry import Size
from textual.message import Message
from textual.strip import Strip
from textual.widget import Widget

from ollamux.core.attachment import Attachment
from ollamux.core.text import format_size
from ollamux.ui.attachments.layout import cut_middle, flow
from ollamux.ui.attachments.messages import PreviewWanted

NAME_CELLS = 28  # a chip's name is cut in the middle beyond this, its extension kept
MAX_LINES = 2
GAP = 1


def chip_label(attachment: Attachment) -> str:
    """`cat.png · 182 KB · 1024×768`, the name cut to NAME_CELLS."""
    parts = [cut_middle(attachment.name, NAME_CELLS), format_size(attachment.size)]
    if dimensions := attachment.dimensions():
        parts.append(dimensions)
    return " · ".join(parts)


class AttachmentChips(Widget):
    """The chips of the attachments about to be sent; focusable only while there are some."""

    DEFAULT_CSS = """
    AttachmentChips {
        height: auto; max-height: 2; padding: 0 1;
        &.-empty { display: none; }
        & > .attachment-chips--chip { background: $primary-muted; color: $text-primary; }
        & > .attachment-chips--selected { background: $primary-muted; color: $text-primary; text-style: underline; }
        &:focus > .attachment-chips--selected {
            color: $block-cursor-foreground; background: $block-cursor-background;
            text-style: $block-cursor-text-style;
        }
    }
    """
    COMPONENT_CLASSES = {"attachment-chips--chip", "attachment-chips--selected"}

    BINDINGS = [
        Binding("left", "select(-1)", "Previous", show=False),
        Binding("right", "select(1)", "Next", show=False),
        Binding("delete,backspace", "remove", "Remove"),
        # Spelled out: "⏎" is one cell to Rich and two to some terminals, which shifts the footer.
        Binding("enter,space", "preview", "Preview", key_display="enter"),
        Binding("escape", "done", "Back to prompt"),
    ]

    PreviewWanted = PreviewWanted

    class Removed(Message):
        """The user removed `attachment`'s chip; it is already gone from the row."""

        def __init__(self, attachment: Attachment) -> None:
            super().__init__()
            self.attachment = attachment

    class Done(Message):
        """The user is done with the chips (Escape, or the last one removed): focus the prompt."""

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._attachments: list[Attachment] = []
        self.selected = 0
        self.set_attachments([])

    @property
    def attachments(self) -> list[Attachment]:
        return list(self._attachments)

    def set_attachments(self, attachments: list[Attachment]) -> None:
        self._attachments = list(attachments)
        self.selected = min(self.selected, max(0, len(self._attachments) - 1))
        self.can_focus = bool(self._attachments)
        self.set_class(not self._attachments, "-empty")
        self.refresh(layout=True)

    # -- layout -------------------------------------------------------------

    def _chips(self, width: int) -> tuple[list[str], list[list[tuple[int, int]]]]:
        """The chip labels drawn and their places; the last may be "+N more"."""
        labels = [f" {chip_label(a)} " for a in self._attachments]
        lines = flow([cell_len(label) for label in labels], width, GAP)
        shown = len(labels)
        while len(lines) > MAX_LINES and shown > 1:
            shown -= 1
            more = f" +{len(labels) - shown} more "
            lines = flow([cell_len(label) for label in [*labels[:shown], more]], width, GAP)
        if shown < len(labels):
            labels = [*labels[:shown], f" +{len(labels) - shown} more "]
        return labels, lines[:MAX_LINES]

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self._chips(width)[1])

    def _chip_at(self, x: int, y: int) -> int | None:
        labels, lines = self._chips(self.content_size.width)
        if y >= len(lines):
            return None
        for index, start in lines[y]:
            if start <= x < start + cell_len(labels[index]):
                return min(index, len(self._attachments) - 1)  # "+N more" stands for the next
        return None

    def render_line(self, y: int) -> Strip:
        width = self.content_size.width
        labels, lines = self._chips(width)
        if y >= len(lines):
            return Strip.blank(width, self.rich_style)
        segments, x = [], 0
        for index, start in lines[y]:
            segments.append(Segment(" " * (start - x), self.rich_style))
            selected = index == self.selected or (index == len(labels) - 1 and self.selected >= index)
            style = "attachment-chips--selected" if selected else "attachment-chips--chip"
            label = cut_middle(labels[index], width)
            segments.append(Segment(label, self.get_component_rich_style(style)))
            x = start + cell_len(label)
        return Strip(segments).adjust_cell_length(width, self.rich_style)

    # -- keys and mouse -----------------------------------------------------

    def action_select(self, step: int) -> None:
        if self._attachments:
            self.selected = max(0, min(len(self._attachments) - 1, self.selected + step))
            self.refresh()

    def action_remove(self) -> None:
        if not self._attachments:
            return
        removed = self._attachments[self.selected]
        self.set_attachments(self._attachments[: self.selected] + self._attachments[self.selected + 1 :])
        self.post_message(self.Removed(removed))
        if not self._attachments:
            self.post_message(self.Done())

    def action_preview(self) -> None:
        if self._attachments:
            self.post_message(PreviewWanted(self._attachments[self.selected]))

    def action_done(self) -> None:
        self.post_message(self.Done())

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        index = None if offset is None else self._chip_at(offset.x, offset.y)
        if index is not None:
            self.selected = index
            self.refresh()
            self.post_message(PreviewWanted(self._attachments[index]))
