"""Editors of the inspector that let Up and Down move between fields.

A multi-line box keeps the arrows for its caret until the caret is on its first
(Up) or last (Down) row; one more press then moves to the previous or next field,
so the arrows walk the whole form. The think choice opens on Enter or Space only.
The filter above the form hides the options whose names do not match.
"""

from __future__ import annotations

from textual.binding import Binding
from textual.widgets import Select, TextArea

from ollamux.ui.shared import LineInput


class FieldArea(TextArea):
    """A multi-line field: Up on its first row or Down on its last leaves it."""

    def action_cursor_up(self, select: bool = False) -> None:
        if not select and self._at_edge(first=True):
            self.screen.focus_previous()
        else:
            super().action_cursor_up(select)

    def action_cursor_down(self, select: bool = False) -> None:
        if not select and self._at_edge(first=False):
            self.screen.focus_next()
        else:
            super().action_cursor_down(select)

    def _at_edge(self, *, first: bool) -> bool:
        if self.selection.start != self.selection.end:
            return False
        location = self.cursor_location
        if first:
            return self.navigator.is_first_wrapped_line(location)
        return self.navigator.is_last_wrapped_line(location)


class FieldSelect(Select[str], inherit_bindings=False):
    """A choice that opens on Enter or Space: Up and Down stay for moving between fields."""

    BINDINGS = [Binding("enter,space", "show_overlay", "Show menu", show=False)]


class FilterInput(LineInput):
    """Names to look for; Escape empties it (and does nothing else while it has text)."""

    BINDINGS = [Binding("escape", "clear_filter", "Clear filter", show=False)]

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "clear_filter":
            return bool(self.value)  # empty: Escape goes on to stop a reply
        return super().check_action(action, parameters)

    def action_clear_filter(self) -> None:
        self.value = ""


def matches(name: str, query: str) -> bool:
    """`temp`, `Temp` and `num ctx` find temperature and num_ctx by name.

    Spaces count as underscores rather than vanishing, so `temp` does not find
    "sys*tem p*rompt" across its words."""
    same = str.maketrans(" -", "__")
    return query.lower().translate(same) in name.lower().translate(same)
