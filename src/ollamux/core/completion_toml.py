"""A completion session's settings (`core.completion_settings`) in its file.

`kind = "completion"` and a `[completion]` table; a chat writes neither, so older
versions read its file as before.
"""

from __future__ import annotations

from typing import Any

from ollamux.core.completion_settings import CompletionSettings
from ollamux.core.toml_fields import SessionFormatError, get, put, short


def completion_to_dict(settings: CompletionSettings) -> dict[str, Any]:
    table: dict[str, Any] = {"raw": settings.raw}
    if settings.suffix:
        table["suffix"] = settings.suffix
    put(table, "template", settings.template)
    return table


def completion_from(data: dict[str, Any]) -> CompletionSettings | None:
    """A completion session's settings; None for a chat (files without `kind` are chats)."""
    kind = get(data, "kind", str, "chat")
    if kind == "chat":
        return None
    if kind != "completion":
        raise SessionFormatError(f"unknown session kind {short(kind)}")
    table = get(data, "completion", dict, {})
    return CompletionSettings(
        suffix=get(table, "suffix", str, "", "completion"),
        raw=get(table, "raw", bool, False, "completion"),
        template=get(table, "template", str, None, "completion"),
    )
