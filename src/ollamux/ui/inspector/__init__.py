"""The options inspector (F5): every setting and option of the session on screen."""

from ollamux.ui.inspector.panel import Inspector

__all__ = ["Inspector"]
