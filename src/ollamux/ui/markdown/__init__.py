"""Markdown as the theme draws it: whole (`MarkdownText`) or streamed (`StreamingMarkdown`)."""

from ollamux.ui.markdown.streaming import StreamingMarkdown
from ollamux.ui.markdown.text import MarkdownText

__all__ = ["MarkdownText", "StreamingMarkdown"]
