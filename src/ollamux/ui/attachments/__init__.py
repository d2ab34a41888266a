"""Attachments on screen: the file picker, the chips above the prompt, a message's files, the preview."""

from ollamux.ui.attachments.picker import AttachmentPicker

__all__ = ["AttachmentPicker"]
