"""Readline keys that keep their place in a burst of keys, for every text field.

Textual's readline keys (ctrl+w, ctrl+u, ctrl+k, ctrl+a, ctrl+e) are bindings, and a
binding runs only once its key has come back up to the app: keys read in the same
burst behind it (a fast typist over a slow SSH link, tmux send-keys) are typed
first, so ctrl+u then "abc" deleted the "abc". Every other key a field binds is in
the same case: "abc", backspace, "d" gave "abc" (the "d" typed, then deleted), and
the arrows moved the cursor after the letters typed behind them. Run from a field's
`on_key`, these act where the key arrives, in order.

In a text area they also act on the line as typed, as readline's do: Textual's
act on the row the cursor is on, so in a prompt that wraps, ctrl+u left the
start of a long sentence and ctrl+a went to the middle of it.
"""

from __future__ import annotations

from collections.abc import Mapping

from textual import events
from textual.widget import Widget
from textual.widgets import TextArea

# Actions of Textual's Input.
LINE_KEYS = {
    "ctrl+w": "delete_left_word",
    "ctrl+u": "delete_left_all",
    "ctrl+k": "delete_right_all",
    "ctrl+a": "home",
    "ctrl+e": "end",
}
# Actions of Textual's TextArea; in a text area the line keys are `on_typed_line`'s.
AREA_KEYS = {
    "ctrl+w": "delete_word_left",
    "alt+backspace": "delete_word_left",
}
TYPED_LINE_KEYS = frozenset({"ctrl+u", "ctrl+k", "ctrl+a", "ctrl+e"})


async def run_in_order(
    widget: Widget, event: events.Key, keys: Mapping[str, str], *, own_bindings: bool = True
) -> bool:
    """Run `event`'s readline action on `widget` now; False if it is not one of `keys`
    (nor, in a text area, one of TYPED_LINE_KEYS), nor with `own_bindings` one the widget binds.

    prevent_default() keeps the field from also typing the key, stop() from
    running the binding a second time.
    """
    if isinstance(widget, TextArea) and event.key in TYPED_LINE_KEYS:
        event.stop()
        event.prevent_default()
        on_typed_line(widget, event.key)
        return True
    if (action := keys.get(event.key)) is None:
        return own_bindings and await run_own_binding(widget, event)
    event.stop()
    event.prevent_default()
    await widget.run_action(action)
    return True


async def run_own_binding(widget: Widget, event: events.Key) -> bool:
    """Run the action `widget` itself binds to `event`'s key now; False if none acts.

    A binding its `check_action` refuses, or whose action skips, lets the key go
    on up, as Textual would. Priority bindings ran before the key came here.
    """
    # `_bindings` is Textual's own map for the widget, with the user's keymap applied.
    for binding in widget._bindings.key_to_bindings.get(event.key, ()):
        if not binding.priority and await widget.app.run_action(binding.action, widget):
            event.stop()
            event.prevent_default()
            return True
    return False


def on_typed_line(area: TextArea, key: str) -> None:
    """ctrl+a / ctrl+e to the typed line's start / end; ctrl+u / ctrl+k delete back to / on to it.

    At the line's start ctrl+u joins it to the line above, at its end ctrl+k the
    line below, as readline's kill keys do across lines in Emacs.
    """
    row, column = area.selection.end
    end = len(area.document.get_line(row))
    if key == "ctrl+a":
        area.move_cursor((row, 0))
    elif key == "ctrl+e":
        area.move_cursor((row, end))
    elif area.read_only:
        return
    elif key == "ctrl+u":
        start = (row, 0) if column else area.get_cursor_left_location()
        area.delete(start, (row, column))
    elif key == "ctrl+k":
        stop = (row, end) if column < end else area.get_cursor_right_location()
        area.delete((row, column), stop)
