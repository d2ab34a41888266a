"""An attachment opened on its own: a picture as large as the screen allows, or its text.

The bytes come from the attachment store through `read` (by hash), in a thread, and
a picture is decoded and shrunk there too: a large file never holds up the screen.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from ollamux.core.attachment import Attachment, AttachmentError
from ollamux.core.text import format_size
from ollamux.ui.attachments import graphics
from ollamux.ui.attachments.peek import LARGE, Picture, PictureError, open_picture, text_of

TEXT_SHOWN = 200_000  # characters: enough to read; more would make the screen slow to draw


class AttachmentPreview(ModalScreen[None]):
    """Shows `attachment`, its bytes read by `read(sha256)`; Escape or q closes it."""

    DEFAULT_CSS = """
    AttachmentPreview { align: center middle; }
    #attachment-box {
        width: 98%; max-width: 140; height: 95%;
        border: round $primary; border-title-color: $text-primary; border-title-style: bold;
        border-subtitle-color: $text-muted; background: $surface; padding: 0 1;
    }
    #attachment-facts { height: 1; color: $text-muted; }
    #attachment-problem { color: $text-error; }
    #attachment-body { height: 1fr; align: center middle; }
    #attachment-image { width: auto; height: auto; }
    #attachment-text { height: 1fr; scrollbar-size-vertical: 1; }
    """

    BINDINGS = [Binding("escape,q", "close", "Close")]

    def __init__(self, attachment: Attachment, read: Callable[[str], bytes]) -> None:
        super().__init__()
        self.attachment = attachment
        self._read = read

    def compose(self) -> ComposeResult:
        with Vertical(id="attachment-box") as box:
            box.border_title = Content(self.attachment.name)
            box.border_subtitle = "Escape or q: close"
            yield Static(Content(self.attachment.describe()), id="attachment-facts")
            yield Static("reading…", id="attachment-problem")

    def on_mount(self) -> None:
        self._load()

    @work(group="attachment-preview", exclusive=True)
    async def _load(self) -> None:
        try:
            shown = await asyncio.to_thread(self._decode)
        except (AttachmentError, OSError, PictureError) as error:
            self._problem(f"{self.attachment.name} cannot be shown: {error}")
            return
        box = self.query_one("#attachment-box")
        if isinstance(shown, Picture):
            image = graphics.image_widget(shown.thumbnail, id="attachment-image")
            await box.mount(Vertical(image, id="attachment-body"))
        elif shown is None:
            self._problem(f"{format_size(self.attachment.size)} of binary data: not shown")
            return
        else:
            scroll = VerticalScroll(Static(Text(shown, tab_size=4)), id="attachment-text")
            await box.mount(scroll)
            scroll.focus()  # the arrow and page keys scroll it
        self.query_one("#attachment-problem").display = False

    def _decode(self) -> Picture | str | None:
        data = self._read(self.attachment.sha256)
        if self.attachment.is_image:
            try:
                return open_picture(data, LARGE)
            except PictureError as error:
                raise PictureError(f"the stored image is {error}") from error
        text = text_of(data[: TEXT_SHOWN * 4])
        if text is not None and len(text) > TEXT_SHOWN:
            cut = format_size(self.attachment.size)
            text = f"{text[:TEXT_SHOWN]}\n… (the first {TEXT_SHOWN:,} characters of {cut})"
        return text

    def _problem(self, words: str) -> None:
        self.query_one("#attachment-problem", Static).update(Content(words))

    def action_close(self) -> None:
        self.dismiss(None)
