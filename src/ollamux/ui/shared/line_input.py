"""A one-line text field whose readline keys keep their place in a burst of keys.

Input's ctrl+w, ctrl+u, ctrl+k, ctrl+a and ctrl+e are bindings, and Textual runs a
binding only once its key has come back up to the app: keys read in the same burst
behind it (a fast typist over a slow SSH link, tmux send-keys) are typed first, so
ctrl+u then "abc" deleted the "abc". Here they run where the key arrives.
"""

from __future__ import annotations

from textual import events
from textual.widgets import Input

KEYS_IN_ORDER = {
    "ctrl+w": "delete_left_word",
    "ctrl+u": "delete_left_all",
    "ctrl+k": "delete_right_all",
    "ctrl+a": "home",
    "ctrl+e": "end",
}


class LineInput(Input):
    async def on_key(self, event: events.Key) -> None:
        if (action := KEYS_IN_ORDER.get(event.key)) is not None:
            event.stop()
            event.prevent_default()
            await self.run_action(action)
