"""Prompt history: recall earlier prompts without losing the one being typed."""

from __future__ import annotations

from collections.abc import Iterable


class PromptHistory:
    """Earlier prompts, oldest first, and where the user is while browsing them.

    Browsing starts at the draft (what is in the editor now); `older` walks back,
    `newer` walks forward and ends on the draft again, unchanged.
    """

    def __init__(self, entries: Iterable[str] = ()) -> None:
        self.entries: list[str] = [entry for entry in entries if entry.strip()]
        self._index: int | None = None  # None: not browsing, the editor holds the draft
        self._draft = ""

    @property
    def browsing(self) -> bool:
        return self._index is not None

    def remember(self, text: str) -> None:
        """A prompt was sent: keep it (once, if sent twice running) and stop browsing."""
        if text.strip() and (not self.entries or self.entries[-1] != text):
            self.entries.append(text)
        self.reset()

    def reset(self) -> None:
        self._index = None
        self._draft = ""

    def older(self, current: str) -> str | None:
        """The prompt before the one shown, or None at the oldest."""
        if self._index is None:
            if not self.entries:
                return None
            self._draft = current
            self._index = len(self.entries)
        if self._index == 0:
            return None
        self._index -= 1
        return self.entries[self._index]

    def newer(self) -> str | None:
        """The prompt after the one shown, the draft after the newest, None if not browsing."""
        if self._index is None:
            return None
        self._index += 1
        if self._index >= len(self.entries):
            draft = self._draft
            self.reset()
            return draft
        return self.entries[self._index]
