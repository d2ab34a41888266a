"""Attachments on screen: the file picker, the chips above the prompt, a sent message's files, the preview."""

from typing import TYPE_CHECKING

from ollamux.ui.attachments.chips import AttachmentChips
from ollamux.ui.attachments.messages import PreviewWanted
from ollamux.ui.attachments.sent import SentAttachments
from ollamux.ui.lazy_names import at_first_use

if TYPE_CHECKING:
    from ollamux.ui.attachments.picker import AttachmentPicker
    from ollamux.ui.attachments.preview import AttachmentPreview

# Imported when first asked for: the picker and the preview are opened by a key (start-up time).
_AT_FIRST_USE = {
    "AttachmentPicker": "ollamux.ui.attachments.picker",
    "AttachmentPreview": "ollamux.ui.attachments.preview",
}

__all__ = [
    "AttachmentChips",
    "AttachmentPicker",
    "AttachmentPreview",
    "PreviewWanted",
    "SentAttachments",
]

__getattr__ = at_first_use(__name__, _AT_FIRST_USE)
