"""A message with its attachments as the wire takes it: text files fenced into the
text, images as base64 beside it.

The APIs are stateless, so this runs for every message of the history on every
turn: an image attached three prompts ago is read and sent again.
"""

from __future__ import annotations

import base64
from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from ollamux.api.events import Image, Message
from ollamux.core.attachment import Attachment, AttachmentError
from ollamux.core.text_files import fenced_file, read_text

if TYPE_CHECKING:
    from ollamux.core.session import ChatMessage

# Reads an attachment's stored bytes by its sha256 (`AttachmentStore.read`).
BlobReader = Callable[[str], bytes]


def wire_message(message: ChatMessage, read: BlobReader | None) -> Message:
    """`message.to_wire()` with its attachments; AttachmentError if one cannot be read."""
    wire = message.to_wire()
    if not message.attachments:
        return wire
    return with_attachments(wire, message.attachments, read)


def with_attachments(wire: Message, attachments: Sequence[Attachment], read: BlobReader | None) -> Message:
    blocks = [wire.content] if wire.content else []
    images = list(wire.images)
    for attachment in attachments:
        data = _read(attachment, read)
        if attachment.is_image:
            images.append(Image(base64.b64encode(data).decode("ascii"), attachment.media_type))
        else:
            blocks.append(fenced_file(attachment.name, read_text(data, attachment.name)))
    return replace(wire, content="\n\n".join(blocks), images=tuple(images))


def _read(attachment: Attachment, read: BlobReader | None) -> bytes:
    if read is None:
        raise AttachmentError(f"{attachment.name} cannot be sent: there is no attachment store to read it from.")
    try:
        return read(attachment.sha256)
    except (AttachmentError, OSError) as error:
        # The store's own words name a hash; the user knows the file by its name.
        raise AttachmentError(f"{attachment.name} cannot be sent: its stored copy is gone ({error}).") from error
