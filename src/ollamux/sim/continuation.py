"""A final assistant message with text is continued, as Ollama does (a prefill).

Ollama renders that message as the open assistant turn and generates from its
end: the reply holds only the new text, and no new thinking (a parser that sees
such a prefill starts in the answer). An empty final assistant message is no
prefill. Ollama's `/v1` goes through the same chat handler, so it continues too.

The simulator answers deterministically: the script's reply to the conversation
without the prefill, from where the prefill's text ends. A prefill the script
would not have written (another model's, or edited) gets a fixed sentence.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from .scripts import Chunk, Fault, Piece, tokenize

ELSEWHERE = " (The simulator carries on from text it did not write itself, so it ends here.)"


def split_prefill(messages: tuple[dict[str, Any], ...]) -> tuple[tuple[dict[str, Any], ...], str]:
    """The conversation before a prefill, and the prefill's text ("" when there is none)."""
    if messages and messages[-1].get("role") == "assistant":
        content = messages[-1].get("content")
        if isinstance(content, str) and content:
            return messages[:-1], content
    return messages, ""


def carry_on(pieces: Iterable[Piece], prefill: str) -> Iterator[Piece]:
    """The pieces that follow `prefill` in what the script writes: answer text only."""
    written = ""
    stream = iter(pieces)
    for piece in stream:
        if isinstance(piece, Fault):
            yield piece  # the fault comes back where it was
            return
        text = written + piece.content
        if len(text) <= len(prefill):
            if not prefill.startswith(text):
                break
            written = text  # already in the prefill (thinking, calls: skipped)
            continue
        if not text.startswith(prefill):
            break
        yield Chunk(content=text[len(prefill):])
        for rest in stream:
            yield rest if isinstance(rest, Fault) else Chunk(content=rest.content, tokens=rest.tokens)
        return
    else:
        if written == prefill:
            return  # the script had no more to say
    yield from (Chunk(content=token) for token in tokenize(ELSEWHERE))
