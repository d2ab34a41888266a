"""A chat session: its settings, its messages, and how a reply is applied to it."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path
from typing import Any

from ollamux.api.events import (
    ChatEvent,
    ChatRequest,
    Content,
    Done,
    Message,
    Role,
    Stats,
    Thinking,
    ThinkValue,
    ToolCall,
    ToolCalls,
)
from ollamux.core.attachment import Attachment
from ollamux.core.attachment_wire import BlobReader, wire_message
from ollamux.core.compaction import Compaction, covered_now
from ollamux.core.continuation import continuation_message, merged_stats, why_not_continued
from ollamux.core.growing_text import GrowingText, append_text
from ollamux.core.options import wire_options
from ollamux.core.tools import Outcome

TITLE_LENGTH = 40


class Status(StrEnum):
    """How a message ended. Only complete and stopped replies go back to the model."""

    STREAMING = "streaming"
    COMPLETE = "complete"
    STOPPED = "stopped"
    ERROR = "error"


class SessionState(StrEnum):
    """What a session is doing, as its tab shows it."""

    IDLE = "idle"
    LOADING = "loading model"
    STREAMING = "streaming"
    CALLING_TOOLS = "calling tools"
    STOPPED = "stopped"
    ERROR = "error"


def now() -> datetime:
    return datetime.now(UTC)


def shorten_title(text: str, limit: int = TITLE_LENGTH) -> str:
    """A one-line title from a prompt, cut at a word boundary where possible."""
    line = " ".join(text.split())
    if len(line) <= limit:
        return line
    cut = line[: limit - 1]
    space = cut.rfind(" ")
    if space > limit // 2:
        cut = cut[:space]
    return cut.rstrip() + "…"


@dataclass
class ChatMessage:
    """One turn as the session keeps it, including how it ended and why."""

    role: Role
    # Streamed in many pieces: appended through `append_text`, joined when read.
    content: str = GrowingText()  # type: ignore[assignment]
    thinking: str = GrowingText()  # type: ignore[assignment]
    tool_calls: list[ToolCall] = field(default_factory=list)
    stats: Stats | None = None
    status: Status = Status.COMPLETE
    error: str = ""
    hint: str = ""
    created_at: datetime = field(default_factory=now)
    # Seconds from sending to the first streamed text: what "fast" feels like.
    first_token_seconds: float | None = None
    # The settings the request for this reply carried beyond the model's own
    # (see `settings_sent`): what the reply is to be judged against.
    sent: dict[str, Any] = field(default_factory=dict)
    # Files sent with a prompt, by hash; resent with the history on every later turn.
    attachments: list[Attachment] = field(default_factory=list)
    # A tool's result (role "tool"): the call it answers and how that call ended.
    tool_name: str | None = None
    tool_call_id: str | None = None
    tool_source: str = ""  # the MCP server's name, or "hand"
    tool_outcome: Outcome | None = None
    tool_seconds: float | None = None

    @property
    def sendable(self) -> bool:
        """Errors and unfinished replies never go back to the model as history."""
        return self.status in (Status.COMPLETE, Status.STOPPED) and bool(
            self.content or self.tool_calls or self.role in ("user", "tool")
        )

    def to_wire(self) -> Message:
        return Message(
            role=self.role,
            content=self.content,
            thinking=self.thinking if self.tool_calls else "",
            tool_calls=tuple(self.tool_calls),
            tool_name=self.tool_name,
            tool_call_id=self.tool_call_id,
        )


def settings_sent(request: ChatRequest) -> dict[str, Any]:
    """The overrides a request carries, flat, TOML-safe, in the order shown.

    A JSON schema for `format` is summed up as "schema": the inspector shows it whole.
    """
    sent: dict[str, Any] = dict(request.options)
    if request.think is not None:
        sent["think"] = request.think
    if request.format is not None:
        sent["format"] = request.format if isinstance(request.format, str) else "schema"
    if request.keep_alive is not None:
        sent["keep_alive"] = request.keep_alive
    return sent


@dataclass
class Session:
    """One conversation bound to one host and one model."""

    host: str
    model: str
    title: str = ""
    system_prompt: str = ""
    options: dict[str, Any] = field(default_factory=dict)
    keep_alive: str | int | float | None = None
    think: ThinkValue | None = None
    format: str | dict[str, Any] | None = None
    messages: list[ChatMessage] = field(default_factory=list)
    id: str = field(default_factory=lambda: uuid.uuid4().hex[:12])
    created_at: datetime = field(default_factory=now)
    updated_at: datetime = field(default_factory=now)
    # What was typed in the prompt and not sent: closing or quitting never loses it.
    draft: str = ""
    # Files attached to the draft and not sent yet (the chips): kept like the draft.
    draft_attachments: list[Attachment] = field(default_factory=list)
    # A session opened from a file outside the store (`--session FILE`) saves
    # back to that file; None: it lives in the store, named by its id.
    file: Path | None = field(default=None, compare=False, repr=False)
    # Tools switched on or off for this session against the config's default,
    # by `Tool.key`; saved with the session.
    tool_choices: dict[str, bool] = field(default_factory=dict)
    # Tools the user answered `a` (always) for: asked no more until the app quits.
    # Never saved: an approval is given to a running session, not to a file.
    always_allowed: set[str] = field(default_factory=set, compare=False, repr=False)
    # Between two replies of one turn the model's calls run: no reply streams,
    # yet the session is busy (see `busy`).
    tools_running: bool = field(default=False, compare=False, repr=False)
    # The earlier messages summarised (see `compaction`): sent as the summary instead.
    compaction: Compaction | None = None
    # Why a saved compaction was not loaded (a damaged entry): told once, then cleared.
    compaction_problem: str = field(default="", compare=False, repr=False)
    # The reply being continued (see `resume_last_reply`) and the figures of its
    # earlier parts; None when the reply streaming is a new one.
    _resumed: ChatMessage | None = field(default=None, init=False, compare=False, repr=False)
    _resumed_stats: Stats | None = field(default=None, init=False, compare=False, repr=False)

    @property
    def reply(self) -> ChatMessage | None:
        """The reply being streamed, if any."""
        last = self.messages[-1] if self.messages else None
        return last if last and last.status is Status.STREAMING else None

    @property
    def streaming(self) -> bool:
        return self.reply is not None

    @property
    def busy(self) -> bool:
        """A reply streams or its tool calls run: nothing new may be sent."""
        return self.streaming or self.tools_running

    @property
    def state(self) -> SessionState:
        if (reply := self.reply) is not None:
            started = reply.content or reply.thinking or reply.tool_calls
            return SessionState.STREAMING if started else SessionState.LOADING
        if self.tools_running:
            return SessionState.CALLING_TOOLS
        # A stopped turn may end with the results of the calls that finished.
        last = next((m for m in reversed(self.messages) if m.role != "tool"), None)
        if last is not None and last.status is Status.STOPPED:
            return SessionState.STOPPED
        if last is not None and last.status is Status.ERROR:
            return SessionState.ERROR
        return SessionState.IDLE

    def drop_last_reply(self) -> ChatMessage | None:
        """Remove the last reply (to regenerate it); None if the last turn is not one."""
        if self.streaming or not self.messages or self.messages[-1].role != "assistant":
            return None
        self._touch()
        reply = self.messages.pop()
        self._fit_compaction()
        return reply

    def add_user(self, text: str, attachments: Iterable[Attachment] = ()) -> ChatMessage:
        if self.busy:
            raise RuntimeError("a reply is still streaming or its tool calls run")
        message = ChatMessage(role="user", content=text, attachments=list(attachments))
        self.messages.append(message)
        if not self.title:
            # A picture sent without a word is still something to name the session by.
            self.title = shorten_title(text or ", ".join(a.name for a in message.attachments))
        self._touch()
        return message

    def start_reply(self) -> ChatMessage:
        if (resumed := self._resumed) is not None and resumed is self.reply:
            return resumed  # continued: the new text goes into the same message
        self._resumed = None
        reply = ChatMessage(role="assistant", status=Status.STREAMING)
        self.messages.append(reply)
        return reply

    def request(self, read: BlobReader | None = None, tools: Sequence[dict[str, Any]] = ()) -> ChatRequest:
        """The request for the next reply: the system prompt and sendable history.

        `read` gives an attachment's bytes by hash; without it, or when a stored
        copy is gone, AttachmentError says which file cannot be sent.
        `tools` are the `Tool.wire()` entries offered to the model.
        """
        covered = covered_now(self.messages, self.compaction)
        sendable = [m for m in self.messages[covered:] if m.sendable]
        history = [wire_message(m, read) for m in answered_calls(sendable)]
        if covered and self.compaction is not None:
            history[:0] = self.compaction.wire()
        if self.system_prompt:
            history.insert(0, Message(role="system", content=self.system_prompt))
        if (resumed := self._resumed) is not None and resumed is self.reply:
            # Last, as the assistant's: the model carries on inside this turn.
            history.append(continuation_message(resumed.content, resumed.thinking))
        return ChatRequest(
            model=self.model,
            messages=tuple(history),
            # Only overrides, with their JSON types; options the server dropped go nowhere.
            options=wire_options(self.options),
            keep_alive=self.keep_alive,
            think=self.think,
            format=self.format,
            tools=tuple(tools),
        )

    def add_tool_results(self, results: Iterable[ChatMessage]) -> None:
        """The results of a reply's calls, in call order, to go back with the history."""
        self.messages.extend(results)
        self._touch()

    def apply(self, event: ChatEvent) -> None:
        """Fold one streamed event into the reply being streamed."""
        reply = self.reply
        if reply is None:
            raise RuntimeError("no reply is streaming")
        match event:
            case Thinking(text):
                append_text(reply, "thinking", text)
            case Content(text):
                append_text(reply, "content", text)
            case ToolCalls(calls):
                reply.tool_calls.extend(calls)
            case Done(stats):
                if reply is self._resumed:
                    stats = merged_stats(self._resumed_stats, stats)
                reply.stats = stats
                reply.status = Status.COMPLETE
                self._resumed = None
                self._touch()

    def resume_last_reply(self) -> ChatMessage:
        """Make the last reply stream again, to be continued from its text.

        The next `start_reply` returns it, `request` sends its text as the final
        assistant message, and what streams is appended to it: one message,
        whose stats sum both parts. Raises ValueError saying why it cannot be.
        """
        if self.busy:
            raise ValueError("A reply is still streaming: press Escape to stop it, or wait.")
        last = self.messages[-1] if self.messages else None
        if (why := why_not_continued(last)) is not None:
            raise ValueError(why)
        assert last is not None
        self._resumed, self._resumed_stats = last, last.stats
        last.status, last.error, last.hint = Status.STREAMING, "", ""
        self._touch()
        return last

    def fork(self, through: int) -> Session:
        """A new session with this one's settings and its messages up to `through`."""
        kept = [replace(m, tool_calls=list(m.tool_calls), attachments=list(m.attachments))
                for m in self.messages[: through + 1]]
        return Session(
            host=self.host, model=self.model, title=shorten_title(f"{self.title or 'session'} (fork)"),
            system_prompt=self.system_prompt, options=dict(self.options), keep_alive=self.keep_alive,
            think=self.think, format=self.format, messages=kept, tool_choices=dict(self.tool_choices),
            # A fork past the summarised range keeps the summary; one inside it has them all.
            compaction=self.compaction if covered_now(kept, self.compaction) else None,
        )

    def take_back_last_prompt(self) -> ChatMessage | None:
        """Remove the last prompt and everything after it, to edit and resend it.

        The prompt is returned whole: its text and its attachments go back to the editor.
        """
        if self.streaming:
            return None
        for index in range(len(self.messages) - 1, -1, -1):
            if self.messages[index].role == "user":
                prompt = self.messages[index]
                del self.messages[index:]
                self._fit_compaction()
                self._touch()
                return prompt
        return None

    def put_back(self, messages: list[ChatMessage]) -> None:
        """Undo `take_back_last_prompt`: the prompt and what followed it return at the end."""
        self.messages.extend(messages)
        self._touch()

    def stop(self) -> None:
        """The user stopped the reply: keep its partial text, marked stopped."""
        if (reply := self.reply) is not None:
            reply.status = Status.STOPPED
            self._resumed = None  # its figures stay those of the parts that finished
            self._touch()

    def fail(self, error: str, hint: str = "") -> None:
        if (reply := self.reply) is not None:
            reply.status = Status.ERROR
            reply.error = error
            reply.hint = hint
            self._resumed = None
            self._touch()

    def _touch(self) -> None:
        self.updated_at = now()

    def _fit_compaction(self) -> None:
        """A summarised message was taken away: the summary no longer matches, it goes."""
        if self.compaction is not None and not covered_now(self.messages, self.compaction):
            self.compaction = None


def answered_calls(messages: Sequence[ChatMessage]) -> list[ChatMessage]:
    """The history with only the tool calls that a result answers, and only those results.

    A stopped turn leaves calls no tool message answers (cancelled, never asked), and
    OpenAI-compatible servers refuse such a history; a result is matched to its call
    by id, else by order and name among the tool messages right after the call.
    """
    kept: list[ChatMessage] = []
    answering: set[int] = set()  # ids of the tool messages a kept call matched
    for index, message in enumerate(messages):
        if message.role == "tool":
            if id(message) in answering:
                kept.append(message)
            continue
        if message.tool_calls:
            following = messages[index + 1 :]
            results = following[: next((i for i, m in enumerate(following) if m.role != "tool"), len(following))]
            calls = []
            for call in message.tool_calls:
                match = next((r for r in results if id(r) not in answering and _answers(r, call)), None)
                if match is not None:
                    answering.add(id(match))
                    calls.append(call)
            if len(calls) != len(message.tool_calls):
                if not message.content and not calls:
                    continue
                message = replace(message, tool_calls=calls)
        kept.append(message)
    return kept


def _answers(result: ChatMessage, call: ToolCall) -> bool:
    if call.id:
        return result.tool_call_id == call.id
    return not result.tool_call_id and result.tool_name == call.name
