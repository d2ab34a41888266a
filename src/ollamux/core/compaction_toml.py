"""A session's compaction (`core.compaction`) as the `[compaction]` table of its file."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from ollamux.core.compaction import Compaction
from ollamux.core.toml_fields import SessionFormatError, get, moment, need, put


def compaction_to_dict(compaction: Compaction) -> dict[str, Any]:
    table: dict[str, Any] = {
        "covers": compaction.covers,
        "model": compaction.model,
        "host": compaction.host,
        "created_at": compaction.created_at,
        "summary": compaction.summary,
    }
    put(table, "tokens_before", compaction.tokens_before)
    put(table, "tokens_after", compaction.tokens_after)
    return table


def compaction_from_dict(table: object, messages: int) -> Compaction:
    """The `[compaction]` table: it must cover at least one of the `messages` and no more."""
    where = "compaction"
    if not isinstance(table, dict):
        raise SessionFormatError(f"{where} is not a table")
    covers = need(table, "covers", int, where)
    if not 0 < covers <= messages:
        raise SessionFormatError(f"{where}: covers {covers} messages, the session has {messages}")
    tokens = {key: get(table, key, int, None, where) for key in ("tokens_before", "tokens_after")}
    if any(value is not None and value < 0 for value in tokens.values()):
        raise SessionFormatError(f"{where}: a token count is negative")
    compaction = Compaction(
        summary=need(table, "summary", str, where), covers=covers,
        model=get(table, "model", str, "", where), host=get(table, "host", str, "", where), **tokens,
    )
    return replace(compaction, created_at=moment(table, "created_at", compaction.created_at, where))
