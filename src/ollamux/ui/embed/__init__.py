"""The embeddings view: embed texts with an embedding model, compare them, copy a vector."""

from typing import TYPE_CHECKING

from ollamux.ui.embed.keys import EMBED_KEYS
from ollamux.ui.lazy_names import at_first_use

if TYPE_CHECKING:
    from ollamux.ui.embed.screen import EmbedScreen

# Imported when first asked for: the view opens on a key (start-up time).
_AT_FIRST_USE = {"EmbedScreen": "ollamux.ui.embed.screen"}

__all__ = ["EMBED_KEYS", "EmbedScreen"]

__getattr__ = at_first_use(__name__, _AT_FIRST_USE)
