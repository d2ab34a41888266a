"""The embeddings view's keys: its screen binds them, the help (F1) lists them."""

from __future__ import annotations

from textual.binding import Binding

EMBED_KEYS = [
    Binding("escape", "close", "Close", show=False, tooltip="Close the view; the texts are kept for next time"),
    # Priority: the text area would take these for itself.
    Binding("ctrl+r", "embed", "Embed", priority=True, show=False,
            tooltip="Embed the texts (one per line): each vector's size and first values, the cosine matrix"),
    Binding("ctrl+t", "toggle_truncate", "Truncate", priority=True, show=False,
            tooltip="Truncate on (cut a long text to the context) or off (the server refuses it)"),
    Binding("alt+y", "copy_vector", "Copy a vector", priority=True, show=False,
            tooltip="Copy one text's vector as JSON (OSC 52 over SSH, and the local clipboard)"),
]
