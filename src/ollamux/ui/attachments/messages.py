"""What the attachment widgets ask of the view that holds them."""

from __future__ import annotations

from textual.message import Message

from ollamux.core.attachment import Attachment


class PreviewWanted(Message):
    """Open `attachment` (an `AttachmentPreview`): a chip or a sent message's file was picked."""

    def __init__(self, attachment: Attachment) -> None:
        super().__init__()
        self.attachment = attachment
