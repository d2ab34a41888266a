"""A one-line text field whose readline keys keep their place in a burst of keys
(see `keys_in_order`)."""

from __future__ import annotations

from textual import events
from textual.widgets import Input

from ollamux.ui.shared.keys_in_order import LINE_KEYS, run_in_order


class LineInput(Input):
    async def on_key(self, event: events.Key) -> None:
        await run_in_order(self, event, LINE_KEYS)
