"""Attachments on screen: the file picker, the chips above the prompt, a sent message's files, the preview."""

from ollamux.ui.attachments.chips import AttachmentChips
from ollamux.ui.attachments.graphics import detect as detect_graphics
from ollamux.ui.attachments.messages import PreviewWanted
from ollamux.ui.attachments.picker import AttachmentPicker
from ollamux.ui.attachments.preview import AttachmentPreview
from ollamux.ui.attachments.sent import SentAttachments

__all__ = [
    "AttachmentChips",
    "AttachmentPicker",
    "AttachmentPreview",
    "PreviewWanted",
    "SentAttachments",
    "detect_graphics",
]
