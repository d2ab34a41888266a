"""Saved and open sessions as lists: the F4 browser, the ctrl+g list, the fork point.

The app keeps the search index (`library`) from its start; the lists are
imported when first opened.
"""

from typing import TYPE_CHECKING

from ollamux.ui.lazy_names import at_first_use

if TYPE_CHECKING:
    from ollamux.ui.sessions.browser import SessionBrowser
    from ollamux.ui.sessions.fork import ForkPoint
    from ollamux.ui.sessions.list import SessionList

# Imported when first asked for: each opens on a key (start-up time).
_AT_FIRST_USE = {
    "ForkPoint": "ollamux.ui.sessions.fork",
    "SessionBrowser": "ollamux.ui.sessions.browser",
    "SessionList": "ollamux.ui.sessions.list",
}

__all__ = ["ForkPoint", "SessionBrowser", "SessionList"]

__getattr__ = at_first_use(__name__, _AT_FIRST_USE)
