"""Readline keys that keep their place in a burst of keys, for every text field.

Textual's readline keys (ctrl+w, ctrl+u, ctrl+k, ctrl+a, ctrl+e) are bindings, and a
binding runs only once its key has come back up to the app: keys read in the same
burst behind it (a fast typist over a slow SSH link, tmux send-keys) are typed
first, so ctrl+u then "abc" deleted the "abc". Run from a field's `on_key`, these
act where the key arrives, in order.
"""

from __future__ import annotations

from collections.abc import Mapping

from textual import events
from textual.widget import Widget

# Actions of Textual's Input.
LINE_KEYS = {
    "ctrl+w": "delete_left_word",
    "ctrl+u": "delete_left_all",
    "ctrl+k": "delete_right_all",
    "ctrl+a": "home",
    "ctrl+e": "end",
}
# Actions of Textual's TextArea.
AREA_KEYS = {
    "ctrl+w": "delete_word_left",
    "alt+backspace": "delete_word_left",
    "ctrl+u": "delete_to_start_of_line",
    "ctrl+k": "delete_to_end_of_line_or_delete_line",
    "ctrl+a": "cursor_line_start",
    "ctrl+e": "cursor_line_end",
}


async def run_in_order(widget: Widget, event: events.Key, keys: Mapping[str, str]) -> bool:
    """Run `event`'s readline action on `widget` now; False if it is not one of `keys`.

    prevent_default() keeps the field from also typing the key, stop() from
    running the binding a second time.
    """
    if (action := keys.get(event.key)) is None:
        return False
    event.stop()
    event.prevent_default()
    await widget.run_action(action)
    return True
