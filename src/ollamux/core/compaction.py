"""Compacting a long chat: the earlier turns replaced, in what is sent, by a summary of them.

Pure: what is cut, the request that asks for the summary, what goes on the wire
instead of the summarised turns, and the estimate of what that saves. The
summarised messages stay in the session (and its file, and on screen, folded);
only `Session.request` leaves them out while a compaction covers them.

Why a user/assistant pair on the wire, and not a second system message: many
chat templates keep one system message only, or demand it first (Mistral's and
Gemma's refuse or fold a later one), while every template renders user and
assistant turns. The kept turns start with a user prompt, so the pair (user
asks for the recap, assistant gives it) keeps the roles alternating, and the
session's own system prompt stays the one system message, first.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from ollamux.api.events import ChatRequest, Message

if TYPE_CHECKING:
    from ollamux.core.session import ChatMessage, Session

# What the user side of the pair says: the model reads the summary as its own recap.
RECAP_ASK = "Summarise our conversation so far."
RECAP_HEAD = "Our conversation so far, summarised:\n\n"

SUMMARY_INSTRUCTIONS = """\
You summarise a conversation between a user and an AI assistant so that the \
assistant can carry on from your summary alone: the original messages will no \
longer be available to it.

Write a faithful, compact summary in the conversation's language. Keep exactly:
- names of people, projects, files, products;
- numbers, figures, dates, versions, settings;
- decisions taken and the reasons given;
- code identifiers (functions, classes, variables, commands, paths), with short \
code excerpts only where they matter;
- what tools were called and what they returned, in short;
- open questions, unfinished tasks, and what the user asked for last.
Do not invent anything, do not add advice, do not answer open questions. \
Use short paragraphs or bullet points. Reply with the summary only."""

# A rough rule (English prose, common tokenizers) for text no server has counted:
# only used until the next reply brings the server's own count.
CHARS_PER_TOKEN = 4
# The chat template's tokens around each message (role markers and separators).
TEMPLATE_TOKENS = 4


@dataclass(frozen=True, slots=True)
class Compaction:
    """The first `covers` messages of a session, summarised by `model` on `host`."""

    summary: str
    covers: int
    model: str
    host: str
    created_at: datetime = field(default_factory=lambda: datetime.now(UTC))
    # The context used before, and estimated after: what the meter shows until the next reply.
    tokens_before: int | None = None
    tokens_after: int | None = None

    def wire(self) -> tuple[Message, Message]:
        """What is sent in place of the covered messages."""
        return Message(role="user", content=RECAP_ASK), Message(role="assistant", content=RECAP_HEAD + self.summary)


def cut_point(messages: Sequence[ChatMessage], current: Compaction | None = None) -> int | None:
    """How many leading messages a compaction now would cover; None if nothing worth it.

    The last exchange (the last prompt and what answered it) is kept whole: the
    next question most likely builds on it, word for word. The cut falls just
    before a user prompt, so a tool call and its results are never split (they
    all sit between two prompts). A later compaction covers the earlier summary
    and the newer turns up to the new cut: the summary of a summary.
    """
    if any(m.status == "streaming" for m in messages):
        return None
    last_prompt = next((i for i in range(len(messages) - 1, -1, -1) if messages[i].role == "user"), None)
    start = current.covers if current is not None else 0
    if last_prompt is None or last_prompt <= start:
        return None
    if not any(m.sendable for m in messages[start:last_prompt]):
        return None
    return last_prompt


def covered_now(messages: Sequence[ChatMessage], compaction: Compaction | None) -> int:
    """How many leading messages `compaction` replaces in what is sent (0: none)."""
    if compaction is None or compaction.covers > len(messages):
        return 0  # messages were taken away under it: send them all
    return compaction.covers


def transcript_text(messages: Sequence[ChatMessage]) -> str:
    """The turns as plain text for the summariser: any model reads it (no tools, no images needed)."""
    blocks: list[str] = []
    for message in messages:
        if not message.sendable:
            continue
        if message.role == "tool":
            blocks.append(f"[tool result of {message.tool_name or 'a tool'}]\n{message.content}")
            continue
        text = message.content
        if message.attachments:
            text += "\n(attached: " + ", ".join(a.name for a in message.attachments) + ")"
        for call in message.tool_calls:
            arguments = call.raw_arguments or json.dumps(call.arguments, ensure_ascii=False)
            text += f"\n(called tool {call.name} with {arguments})"
        blocks.append(f"[{message.role}]\n{text.strip()}")
    return "\n\n".join(blocks)


def summary_request(session: Session, model: str, cut: int) -> ChatRequest:
    """The request for a summary of the first `cut` messages, by `model`.

    An earlier summary comes first, then the turns after it. The session's
    num_ctx goes along (a long transcript in a short default window would be cut
    silently); its other options are tuned for the chat, not for this.
    """
    start = covered_now(session.messages, session.compaction)
    parts = []
    if session.compaction is not None and start:
        parts.append(f"[earlier summary]\n{session.compaction.summary}")
    parts.append(transcript_text(session.messages[start:cut]))
    asked = "Summarise this conversation:\n\n" + "\n\n".join(p for p in parts if p)
    options: dict[str, Any] = {}
    if isinstance(num_ctx := session.options.get("num_ctx"), int):
        options["num_ctx"] = num_ctx
    return ChatRequest(
        model=model,
        messages=(Message(role="system", content=SUMMARY_INSTRUCTIONS), Message(role="user", content=asked)),
        options=options,
    )


def estimate_tokens(text: str) -> int:
    return (len(text) + CHARS_PER_TOKEN - 1) // CHARS_PER_TOKEN


def tokens_after(before: int, session: Session, cut: int, summary: str, summary_tokens: int | None) -> int:
    """The context used once the first `cut` messages give way to the summary: an estimate.

    What the covered messages cost is read from the server's own count where
    there is one (the last covered reply's prompt and answer: the system prompt
    and every message up to it), else estimated from their length.
    """
    covered = session.messages[:cut]
    counted_through = next((i for i in range(len(covered) - 1, -1, -1) if covered[i].stats), None)
    cost = 0
    rest: Sequence[ChatMessage] = covered
    if counted_through is not None and (stats := covered[counted_through].stats) is not None:
        cost = (stats.prompt_tokens or 0) + (stats.generated_tokens or 0)
        if session.system_prompt:
            cost -= estimate_tokens(session.system_prompt) + TEMPLATE_TOKENS
        rest = covered[counted_through + 1 :]
    cost += sum(estimate_tokens(m.content) + TEMPLATE_TOKENS for m in rest if m.sendable)
    pair = (summary_tokens or estimate_tokens(summary)) + estimate_tokens(RECAP_ASK + RECAP_HEAD) + 2 * TEMPLATE_TOKENS
    return max(pair, before - max(cost, 0) + pair)
