"""The token probabilities of a reply (logprobs), one row per token."""

from typing import TYPE_CHECKING

from ollamux.ui.lazy_names import at_first_use

if TYPE_CHECKING:
    from ollamux.ui.tokens.screen import TokensScreen

# Imported when first asked for: the view opens from the palette (start-up time).
_AT_FIRST_USE = {"TokensScreen": "ollamux.ui.tokens.screen"}

__all__ = ["TokensScreen"]

__getattr__ = at_first_use(__name__, _AT_FIRST_USE)
