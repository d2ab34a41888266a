"""How one message looks in the transcript, and how a reply streams into it."""

from __future__ import annotations

import time
from collections.abc import Callable

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.timer import Timer
from textual.widgets import Collapsible, Markdown, Static
from textual.widgets._markdown import MarkdownStream

from ollamux.core.sanitize import ControlStripper
from ollamux.core.session import ChatMessage, Status
from ollamux.core.text import format_stats, strip_control
from ollamux.ui.widgets.markdown_text import MarkdownText
from ollamux.ui.widgets.tool_calls import describe_tool_calls

# Streamed text is painted at most this often: one Markdown re-parse per batch,
# not per token, is what keeps long answers fast.
FLUSH_INTERVAL = 0.05

# The clock behind "loading model… N s"; looked up at call time so tests can
# replace it (monkeypatch `message.monotonic`) instead of sleeping.
monotonic: Callable[[], float] = time.monotonic


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
        self.message = message


class ReplyView(Vertical):
    """An assistant reply: collapsible thinking, the Markdown answer, a status line.

    Text handed in while streaming is buffered and painted on a timer; `finish`
    paints what is left, so nothing is ever lost to batching. A reply that is
    already finished is drawn once, with one cheap widget per part.
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

    class Painted(Message):
        """New text was painted: the transcript may need to say so if scrolled up."""

    def __init__(self, message: ChatMessage, *, clock: Callable[[], float] | None = None) -> None:
        super().__init__()
        self.message = message
        # Decided now, not at mount: a fast reply may be complete by then, and its
        # buffered text must still go through the stream, not be painted twice.
        self._streamed = message.status is Status.STREAMING
        self._clock = clock or (lambda: monotonic())
        self._started_at = 0.0
        self._loading_shown = -1  # the whole seconds last shown in "loading model…"
        self._paused = False
        self._finished = False
        self._thinking_filter = ControlStripper()
        self._content_filter = ControlStripper()
        self._pending_thinking: list[str] = []
        self._pending_content: list[str] = []
        self._thinking_stream: MarkdownStream | None = None
        self._answer_stream: MarkdownStream | None = None
        self._timer: Timer | None = None

    def compose(self) -> ComposeResult:
        if self._streamed:
            with Collapsible(title="Thinking", collapsed=False):
                yield Markdown(classes="thinking")
            yield Markdown(classes="answer")
            yield Static(classes="tools")
        else:
            message = self.message
            if message.thinking:
                with Collapsible(title="Thinking", collapsed=True, classes="-shown"):
                    yield MarkdownText(strip_control(message.thinking), classes="thinking")
            if message.content:
                yield MarkdownText(strip_control(message.content), classes="answer")
            if message.tool_calls:
                yield Static(describe_tool_calls(message.tool_calls), classes="tools -shown")
        yield Static(classes="status")

    def on_mount(self) -> None:
        if self._streamed:
            self._started_at = self._clock()
            self._timer = self.set_interval(FLUSH_INTERVAL, self.flush, pause=self._paused)
            self._show_loading()
        else:
            self._paint_status()

    @property
    def has_thinking(self) -> bool:
        return bool(self.query(Collapsible).filter(".-shown"))

    @property
    def paused(self) -> bool:
        """While paused (its tab is hidden) the reply buffers text and paints nothing."""
        return self._paused

    @paused.setter
    def paused(self, paused: bool) -> None:
        self._paused = paused
        if self._timer is not None and not self._finished:
            # A stopped timer wakes nothing up: a hidden session costs no frames.
            self._timer.pause() if paused else self._timer.resume()

    def add_thinking(self, text: str) -> None:
        self._pending_thinking.append(self._thinking_filter.feed(text))

    def add_content(self, text: str) -> None:
        self._pending_content.append(self._content_filter.feed(text))

    def toggle_thinking(self) -> bool:
        """Fold or unfold the thinking; False if this reply has none."""
        if not self.has_thinking:
            return False
        collapsible = self.query_one(Collapsible)
        collapsible.collapsed = not collapsible.collapsed
        return True

    async def flush(self) -> None:
        """Paint buffered text: thinking first, then the answer, one batch each."""
        if self._paused and not self._finished:
            return
        painted = False
        if self._pending_thinking:
            text = "".join(self._pending_thinking)
            self._pending_thinking.clear()
            collapsible = self.query_one(Collapsible)
            if self._thinking_stream is None:
                collapsible.add_class("-shown")
                self._thinking_stream = Markdown.get_stream(self.query_one(".thinking", Markdown))
                if self._answer_stream is None:
                    self._show_status("thinking…")
            await self._thinking_stream.write(text)
            painted = True
        if self._pending_content:
            text = "".join(self._pending_content)
            self._pending_content.clear()
            if self._answer_stream is None:
                # The answer has started: fold the thinking away to make room.
                self.query_one(Collapsible).collapsed = True
                self._answer_stream = Markdown.get_stream(self.query_one(".answer", Markdown))
                self._show_status("streaming…")
            await self._answer_stream.write(text)
            painted = True
        if painted:
            self.post_message(self.Painted())
        elif not self._finished:
            self._show_loading()

    async def finish(self) -> None:
        """The reply ended (any way): paint the rest and show how it ended.

        Always paints, paused or not: the last state must be on screen when shown.
        """
        self._finished = True
        if self._timer is not None:
            self._timer.stop()
        self._thinking_filter.close()
        self._content_filter.close()
        if not self.is_attached or not self.children:
            return  # removed meanwhile (regenerated, session closed, app quitting)
        await self.flush()
        for stream in (self._thinking_stream, self._answer_stream):
            if stream is not None:
                await stream.stop()
        if self.message.tool_calls:
            tools = self.query_one(".tools", Static)
            tools.update(describe_tool_calls(self.message.tool_calls))
            tools.add_class("-shown")
        self._paint_status()
        self.post_message(self.Painted())

    def _show_loading(self) -> None:
        """Until the first byte, say how long we have waited: a cold load takes minutes."""
        started = self._thinking_stream is not None or self._answer_stream is not None
        if started or self.message.tool_calls:
            return
        seconds = max(0, int(self._clock() - self._started_at))
        if seconds != self._loading_shown:
            self._loading_shown = seconds
            self._show_status(f"loading model… {seconds} s")

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
        else:
            self._show_status("")

    def _show_status(self, text: str) -> None:
        status = self.query_one(".status", Static)
        status.update(Text(strip_control(text)))
        status.display = bool(text)  # a loaded reply without stats needs no blank line
