"""Saved and open sessions as lists: the F4 browser, the ctrl+g list, the fork point."""

from ollamux.ui.sessions.browser import SessionBrowser
from ollamux.ui.sessions.fork import ForkPoint
from ollamux.ui.sessions.list import SessionList

__all__ = ["ForkPoint", "SessionBrowser", "SessionList"]
