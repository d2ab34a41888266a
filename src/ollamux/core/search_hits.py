"""A search's hits: each found session at its best message, with a snippet.

The index ranks whole sessions; which message to show (and scroll to) is decided
here, among the few sessions shown: the first message matching all the terms,
or else the first matching the most of them.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from ollamux.core.search_text import Needle, fold, highlights_in, snippet


@dataclass(frozen=True, slots=True)
class Hit:
    """One session found, at its best-matching message."""

    session_id: str
    path: Path
    title: str
    model: str
    host: str
    updated: datetime
    """When the session was last changed (aware, UTC)."""
    message_index: int | None
    """The message to scroll to; None when only the title (or only filters) matched."""
    role: str
    """That message's role ("user", "assistant", "tool"), or "" without one."""
    snippet: str
    """One line, about 100 terminal cells, around the best match; plain text."""
    highlights: tuple[tuple[int, int], ...]
    """(start, end) of each matched term in `snippet`, in order, not overlapping."""
    title_highlights: tuple[tuple[int, int], ...] = ()
    """(start, end) of each matched term in `title`."""
    in_thinking: bool = False
    """The snippet comes from the message's thinking, not its text."""
    message_count: int = 0
    """How many messages the session has."""


@dataclass(frozen=True, slots=True)
class _Place:
    index: int
    role: str
    text: str
    in_thinking: bool


def _best_place(messages: Iterable[tuple[int, str, str, str]], needles: Sequence[Needle]) -> _Place | None:
    """The first message matching the most different terms (its thinking counts
    when it was read): the earliest where all of them meet, or the closest to that."""
    best: _Place | None = None
    best_count = 0
    for index, role, content, thinking in messages:
        for text, in_thinking in ((content, False), (thinking, True)):
            if not text:
                continue
            folded = fold(text)
            count = sum(1 for item in needles if item.pattern.search(folded))
            if count > best_count:
                best, best_count = _Place(index, role, text, in_thinking), count
                if count == len(needles):
                    return best
    return best


def _messages_of(conn: sqlite3.Connection, session: int, thinking: bool) -> Iterator[tuple[int, str, str, str]]:
    """A session's messages in order, read as needed: the search stops at the best."""
    thought = "thinking" if thinking else "''"
    rows: Iterator[tuple[int, str, str, str]] = conn.execute(
        f"SELECT idx, role, content, {thought} FROM messages WHERE session = ? ORDER BY idx", (session,)
    )
    return rows


def make_hits(
    conn: sqlite3.Connection, rows: list[tuple[object, ...]], needles: Sequence[Needle], thinking: bool
) -> list[Hit]:
    """The hits for rows of `search_sql.hits_sql`, in their order."""
    hits: list[Hit] = []
    for row in rows:
        session_id, path, title, model, host, updated, preview, count, session = row
        place = None
        if session is not None and needles:
            place = _best_place(_messages_of(conn, int(str(session)), thinking), needles)
        if place is not None:
            shown, spans = snippet(place.text, needles)
        else:  # only the title matched, or only filters: the session's first prompt
            shown, spans = snippet(str(preview), needles)
        hits.append(
            Hit(
                session_id=str(session_id),
                path=Path(str(path)),
                title=str(title),
                model=str(model),
                host=str(host),
                updated=datetime.fromtimestamp(float(str(updated)), UTC),
                message_index=place.index if place is not None and place.index >= 0 else None,
                role=place.role if place is not None else "",
                snippet=shown,
                highlights=spans,
                title_highlights=highlights_in(str(title), needles),
                in_thinking=place.in_thinking if place is not None else False,
                message_count=int(str(count)),
            )
        )
    return hits
