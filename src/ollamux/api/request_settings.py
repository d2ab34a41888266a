"""The settings a chat or generate request carries besides its text, in the body.

Each goes only when set, so the server's (or the model's) defaults apply otherwise.
"""

from __future__ import annotations

from typing import Any, Protocol

from ollamux.api.events import ThinkValue


class Settings(Protocol):
    """What a chat or generate request carries besides its text."""

    @property
    def options(self) -> dict[str, Any]: ...
    @property
    def keep_alive(self) -> str | int | float | None: ...
    @property
    def think(self) -> ThinkValue | None: ...
    @property
    def format(self) -> str | dict[str, Any] | None: ...


def settings_body(request: Settings) -> dict[str, Any]:
    """The settings `/api/chat` and `/api/generate` share, each only when set."""
    body: dict[str, Any] = {}
    if request.options:
        body["options"] = dict(request.options)
    if request.keep_alive is not None:
        body["keep_alive"] = request.keep_alive
    if request.think is not None:
        body["think"] = request.think
    if request.format is not None:
        body["format"] = request.format
    return body
