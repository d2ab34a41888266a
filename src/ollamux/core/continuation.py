"""Continuing a reply that was stopped, cut by the length limit or broken off.

Ollama's native API carries on from a final assistant message: the model's
template leaves that turn open and generation resumes inside it (a prefill).
That only works when the message has answer text: an empty one is no prefill,
and the model would start over (thinking included) rather than carry on.
OpenAI-compatible servers in general do not continue a final assistant message
(OpenAI answers it with a new turn), so there we refuse rather than pretend.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, TypeVar

from ollamux.api.capabilities import Capabilities
from ollamux.api.events import Message, Stats

if TYPE_CHECKING:  # the session imports this module: read, never built here
    from ollamux.core.session import ChatMessage

Figure = TypeVar("Figure", int, float)

# The key that continues (see ui/workbench/bindings.py): named in the notices that offer it.
CONTINUE_KEY = "alt+c"

NOT_ON_OPENAI = (
    "This host speaks the OpenAI-compatible API, whose servers do not continue a reply: "
    "they answer a final assistant message with a new one. ctrl+r asks for the whole reply again."
)


def why_not_continued(message: ChatMessage | None) -> str | None:
    """Why this (last) message cannot be continued; None when it can.

    A reply that was stopped, cut by the length limit, or that failed part-way
    (what came before the failure is kept) is continued from its answer text.
    """
    if message is None or message.role != "assistant":
        return "There is no reply to continue: the last message is not one."
    if message.status == "streaming":
        return "The reply is still streaming."
    if message.tool_calls:
        return "This reply called tools: its turn cannot be continued. ctrl+r asks for it again."
    truncated = message.stats is not None and message.stats.truncated
    if message.status == "complete" and not truncated:
        return "The last reply is complete: there is nothing to continue."
    if not message.content:
        return (
            "The reply ended before any answer text (while thinking, or at once): the model "
            "can only carry on from an answer. ctrl+r asks again (F5 raises num_predict)."
        )
    return None


def continuation_message(content: str, thinking: str) -> Message:
    """The final assistant message a continuation sends: the partial reply as it stands.

    Its thinking goes with it: rendered in the open turn, the model sees the
    reasoning it had reached, as it did when it wrote the text.
    """
    return Message(role="assistant", content=content, thinking=thinking)


def refusal_for(capabilities: Capabilities) -> str | None:
    """Why this backend cannot continue a reply; None where it can (Ollama's native API)."""
    return None if capabilities.options == "ollama" else NOT_ON_OPENAI


def merged_stats(earlier: Stats | None, later: Stats) -> Stats:
    """The figures of a reply made of two parts.

    Generated tokens and every duration are summed, so the speed (tokens over
    generation time) is that of both parts together. The prompt is the earlier
    part's, as if the reply had come in one go: the later prompt also held the
    earlier part's text, which the sum of generated tokens already counts, and
    prompt plus generated is what the context meter reads. The ending is the
    later part's. A part that was stopped has no figures (the server never sent
    them): then the later part's stand alone, its prompt holding the first part.
    """
    if earlier is None:
        return later
    return replace(
        later,
        prompt_tokens=earlier.prompt_tokens,
        generated_tokens=_sum(earlier.generated_tokens, later.generated_tokens),
        load_seconds=_sum(earlier.load_seconds, later.load_seconds),
        prompt_seconds=_sum(earlier.prompt_seconds, later.prompt_seconds),
        generation_seconds=_sum(earlier.generation_seconds, later.generation_seconds),
        total_seconds=_sum(earlier.total_seconds, later.total_seconds),
        tokens_counted=earlier.tokens_counted or later.tokens_counted,
    )


def _sum(a: Figure | None, b: Figure | None) -> Figure | None:
    # Unknown in either part ("?") leaves the sum unknown, never a made-up figure.
    return None if a is None or b is None else a + b
