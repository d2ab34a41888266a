"""Completion sessions (`/api/generate`): raw completion and fill-in-the-middle, in a tab like a chat."""

from ollamux.ui.completion.view import COMPLETION_KEYS, CompletionView

__all__ = ["COMPLETION_KEYS", "CompletionView"]
