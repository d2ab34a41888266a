"""How one message looks in the transcript, and how a reply streams into it."""

from __future__ import annotations

import json

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.timer import Timer
from textual.widgets import Collapsible, Markdown, Static
from textual.widgets._markdown import MarkdownStream

from ollamux.api.events import ToolCall
from ollamux.core.session import ChatMessage, Status
from ollamux.core.text import format_stats, strip_control

# Streamed text is painted at most this often: one Markdown re-parse per batch,
# not per token, is what keeps long answers fast.
FLUSH_INTERVAL = 0.05


class UserMessage(Static):
    """The user's prompt, shown as typed: plain text, never markup."""

    DEFAULT_CSS = """
    UserMessage {
        margin: 1 0 0 8;
        padding: 0 1;
        background: $primary 15%;
        border-left: thick $primary;
    }
    """

    def __init__(self, message: ChatMessage) -> None:
        super().__init__(Text(strip_control(message.content)))


def describe_tool_call(call: ToolCall) -> str:
    arguments = call.raw_arguments or json.dumps(call.arguments, ensure_ascii=False)
    return f"🔧 {call.name}({arguments})"


class ReplyView(Vertical):
    """An assistant reply: collapsible thinking, the Markdown answer, a status line.

    Text handed in while streaming is buffered and painted on a timer; `finish`
    paints what is left, so nothing is ever lost to batching.
    """

    DEFAULT_CSS = """
    ReplyView {
        height: auto;
        margin: 1 0 0 0;
        padding: 0 1;
        border-left: thick $secondary;
    }
    ReplyView > Collapsible { display: none; background: transparent; border: none; padding: 0; }
    ReplyView > Collapsible.-shown { display: block; }
    ReplyView .thinking { color: $text-muted; text-style: italic; }
    ReplyView > Markdown { margin: 0; padding: 0; }
    ReplyView > .tools { color: $warning; display: none; }
    ReplyView > .tools.-shown { display: block; }
    ReplyView > .status { color: $text-muted; }
    ReplyView.-error > .status { color: $error; }
    ReplyView.-stopped > .status { color: $warning; }
    """

    def __init__(self, message: ChatMessage) -> None:
        super().__init__()
        self.message = message
        # Decided now, not at mount: a fast reply may be complete by then, and its
        # buffered text must still go through the stream, not be painted twice.
        self._streamed = message.status is Status.STREAMING
        self._pending_thinking: list[str] = []
        self._pending_content: list[str] = []
        self._thinking_stream: MarkdownStream | None = None
        self._answer_stream: MarkdownStream | None = None
        self._timer: Timer | None = None

    def compose(self) -> ComposeResult:
        with Collapsible(title="Thinking", collapsed=False):
            yield Markdown(classes="thinking")
        yield Markdown(classes="answer")
        yield Static(classes="tools")
        yield Static(classes="status")

    def on_mount(self) -> None:
        if self._streamed:
            self._timer = self.set_interval(FLUSH_INTERVAL, self.flush)
            self._show_status("waiting for the model…")
        else:
            self._paint_finished()

    def add_thinking(self, text: str) -> None:
        self._pending_thinking.append(strip_control(text))

    def add_content(self, text: str) -> None:
        self._pending_content.append(strip_control(text))

    async def flush(self) -> None:
        """Paint buffered text: thinking first, then the answer, one batch each."""
        if self._pending_thinking:
            text = "".join(self._pending_thinking)
            self._pending_thinking.clear()
            collapsible = self.query_one(Collapsible)
            collapsible.add_class("-shown")
            if self._thinking_stream is None:
                self._thinking_stream = Markdown.get_stream(self.query_one(".thinking", Markdown))
            await self._thinking_stream.write(text)
        if self._pending_content:
            text = "".join(self._pending_content)
            self._pending_content.clear()
            # The answer has started: fold the thinking away to make room.
            self.query_one(Collapsible).collapsed = True
            if self._answer_stream is None:
                self._answer_stream = Markdown.get_stream(self.query_one(".answer", Markdown))
                self._show_status("streaming…")
            await self._answer_stream.write(text)

    async def finish(self) -> None:
        """The reply ended (any way): paint the rest and show how it ended."""
        if self._timer is not None:
            self._timer.stop()
        await self.flush()
        for stream in (self._thinking_stream, self._answer_stream):
            if stream is not None:
                await stream.stop()
        self._paint_tools()
        self._paint_status()

    def _paint_finished(self) -> None:
        """A message loaded whole: one render, no streaming machinery."""
        if self.message.thinking:
            collapsible = self.query_one(Collapsible)
            collapsible.add_class("-shown")
            collapsible.collapsed = True
            self.query_one(".thinking", Markdown).update(strip_control(self.message.thinking))
        self.query_one(".answer", Markdown).update(strip_control(self.message.content))
        self._paint_tools()
        self._paint_status()

    def _paint_tools(self) -> None:
        if self.message.tool_calls:
            tools = self.query_one(".tools", Static)
            tools.update(Text("\n".join(describe_tool_call(c) for c in self.message.tool_calls)))
            tools.add_class("-shown")

    def _paint_status(self) -> None:
        message = self.message
        self.set_class(message.status is Status.ERROR, "-error")
        self.set_class(message.status is Status.STOPPED, "-stopped")
        if message.status is Status.ERROR:
            lines = [f"⚠ {message.error}"] + ([f"  {message.hint}"] if message.hint else [])
            self._show_status("\n".join(lines))
        elif message.status is Status.STOPPED:
            self._show_status("■ stopped")
        elif message.stats is not None:
            self._show_status(format_stats(message.stats))

    def _show_status(self, text: str) -> None:
        self.query_one(".status", Static).update(Text(text))
