"""A screen that lays out nothing for changes inside what is not displayed."""

from __future__ import annotations

from textual import messages
from textual.message import Message
from textual.screen import Screen
from textual.widget import Widget


def under_hidden(widget: Widget) -> bool:
    """Whether a container above `widget` is not displayed: a hidden tab's pane, a closed panel.

    Only the containers above count: a widget hiding or showing itself changes
    the layout around it.
    """
    return any(isinstance(node, Widget) and not node.display for node in widget.ancestors)


class HiddenLayoutsSkipped(Screen[None]):
    """Widgets in hidden tabs ask for no layout of the whole screen.

    In Textual 8 a layout request from any widget reflows the whole screen (10-50 ms
    with a long reply on show), even when the widget sits in a pane that is not
    displayed and so takes no room. With four sessions streaming, the three hidden
    ones' messages mounting, their reply titles and status lines changing, asked
    for most of the layouts (bench/PROFILE.md, "keys"). Nothing of a hidden
    container is arranged, and showing it lays it out whole: that request comes
    from the container itself, displayed again, and is kept.
    """

    def post_message(self, message: Message) -> bool:
        # Dropped here, not in a handler: Textual keeps only the last of several
        # queued layout requests, so a dropped one must never be queued.
        if isinstance(message, messages.Layout) and under_hidden(message.widget):
            return True
        return super().post_message(message)
