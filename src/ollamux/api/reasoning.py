"""Route streamed text into thinking and answer, whichever way the server marks it."""

from __future__ import annotations

from ollamux.api.events import Content, Thinking
from ollamux.api.thinktags import ThinkTagSplitter


class ReasoningRouter:
    """Turns the text fields of stream chunks into Thinking and Content events.

    Servers that know about reasoning send it in a field of its own (`thinking`,
    `reasoning`, `reasoning_content`). Others leave `<think>` tags in the answer;
    those are split out only while no such field has been seen, so a model that
    talks about the tag in a real answer is left alone.
    """

    def __init__(self) -> None:
        self._splitter: ThinkTagSplitter | None = ThinkTagSplitter()

    def thinking(self, text: str) -> list[Thinking | Content]:
        if not text:
            return []
        events: list[Thinking | Content] = []
        if self._splitter is not None:
            # A reasoning field makes tag parsing wrong from here on; hand back
            # anything the splitter was holding first.
            events.extend(self._splitter.flush())
            self._splitter = None
        events.append(Thinking(text))
        return events

    def content(self, text: str) -> list[Thinking | Content]:
        if not text:
            return []
        if self._splitter is None:
            return [Content(text)]
        return self._splitter.feed(text)

    def finish(self) -> list[Thinking | Content]:
        return self._splitter.flush() if self._splitter is not None else []
