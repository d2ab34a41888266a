"""A small library of saved sessions for the search tests."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from ollamux.core.search_index import SearchIndex
from ollamux.core.session import ChatMessage, Session
from ollamux.core.store import SessionStore, sessions_dir

NOW = datetime.now(UTC)


def session(
    title: str,
    *texts: str,
    model: str = "llama3.1:8b",
    host: str = "laptop",
    days_ago: float = 1.0,
    thinking: str = "",
) -> Session:
    """A session whose messages alternate prompt and reply, updated `days_ago`."""
    made = Session(host=host, model=model, title=title)
    for number, text in enumerate(texts):
        role = "user" if number % 2 == 0 else "assistant"
        made.messages.append(ChatMessage(role=role, content=text, thinking=thinking if role == "assistant" else ""))
    made.updated_at = NOW - timedelta(days=days_ago)
    made.created_at = made.updated_at - timedelta(hours=1)
    return made


class Library:
    """A data folder with a store and an index on it."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        self.store = SessionStore(sessions_dir(data_dir))
        self.index = SearchIndex(data_dir)

    def save(self, *sessions: Session) -> list[Session]:
        for item in sessions:
            self.store.save(item)
        return list(sessions)

    def titles(self, query: str, **options: bool) -> list[str]:
        return [hit.title for hit in self.index.search(query, **options)]  # type: ignore[arg-type]
