"""Keys typed while the app starts: kept until the workbench takes keys, then handed to it.

The terminal keeps what is typed before the app reads it, and Textual reads it at
once, before the workbench has mounted its sessions: with nothing focused, a key
went to no widget and was lost. So a user who launches ollamux and starts typing
at once lost the first characters of the first prompt. (Textual's own parser
reads the few bytes the graphics query read first: `textual._xterm_parser` is
private, and the import is here alone.)
"""

from __future__ import annotations

from textual import events
from textual._xterm_parser import XTermParser
from textual.message import Message


class KeysTaken(Message):
    """The workbench has its sessions (or knows it has none) and takes keys now."""


def keys_in(typed: str) -> list[events.Key]:
    """The keys in text read from the terminal, as Textual's input thread reads them."""
    return [event for event in XTermParser().feed(typed) if isinstance(event, events.Key)]


class EarlyKeys:
    """The keys (and pastes) read before `KeysTaken`, in the order they came.

    `typed` is what was read before Textual read anything (the graphics query reads
    the terminal first, and with its answers whatever was typed meanwhile).
    """

    def __init__(self, typed: str = "") -> None:
        self._held: list[events.Key | events.Paste] | None = list(keys_in(typed)) if typed else []

    @property
    def held(self) -> tuple[events.Key | events.Paste, ...]:
        """What is held so far."""
        return tuple(self._held or ())

    def hold(self, event: events.Event) -> bool:
        """Keep `event` if it is a key or paste from the terminal before the workbench takes keys."""
        if self._held is None or not isinstance(event, events.Key | events.Paste) or event.is_forwarded:
            return False
        self._held.append(event)
        return True

    def release(self) -> list[events.Key | events.Paste]:
        """What was held, as new events to post again; from now on nothing is held."""
        held, self._held = self._held or [], None
        return [
            events.Paste(event.text) if isinstance(event, events.Paste) else events.Key(event.key, event.character)
            for event in held
        ]
