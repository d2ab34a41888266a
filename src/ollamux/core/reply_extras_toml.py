"""A session's reply extras (logprobs, top_logprobs, truncate, shift) in its TOML file.

Written as one small `[reply_extras]` table, only the fields that are set, so files
of sessions that never touched them read as before in older versions. A value of the
wrong type is dropped rather than failing the file: these are probes, not content.
"""

from __future__ import annotations

from typing import Any

from ollamux.api.logprobs import MAX_TOP_LOGPROBS
from ollamux.api.reply_extras import ReplyExtras

TABLE = "reply_extras"


def extras_table(extras: ReplyExtras) -> dict[str, Any]:
    """The fields that differ from the server's defaults; empty when none does."""
    table: dict[str, Any] = {}
    if extras.logprobs:
        table["logprobs"] = True
    if extras.top_logprobs is not None:
        table["top_logprobs"] = extras.top_logprobs
    for key in ("truncate", "shift"):
        if (value := getattr(extras, key)) is not None:
            table[key] = value
    return table


def extras_from_table(raw: object) -> ReplyExtras:
    """The extras a file's table holds; anything unreadable is left at its default."""
    table = raw if isinstance(raw, dict) else {}

    def flag(key: str) -> bool | None:
        value = table.get(key)
        return value if isinstance(value, bool) else None

    top = table.get("top_logprobs")
    valid_top = isinstance(top, int) and not isinstance(top, bool) and 0 <= top <= MAX_TOP_LOGPROBS
    return ReplyExtras(
        logprobs=flag("logprobs") is True,
        top_logprobs=top if valid_top else None,
        truncate=flag("truncate"),
        shift=flag("shift"),
    )
