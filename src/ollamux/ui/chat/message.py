"""How a reply looks in the transcript, and how it streams into it."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.timer import Timer
from textual.widgets import Collapsible, Static

from ollamux.core.sanitize import ControlStripper
from ollamux.core.session import ChatMessage, Status
from ollamux.core.text import strip_control
from ollamux.ui.chat.display_budget import DISPLAY_LIMIT, CutNotice, shown_part
from ollamux.ui.chat.reply_status import status_lines
from ollamux.ui.chat.tool_calls import describe_tool_call, describe_tool_calls
from ollamux.ui.markdown import MarkdownText, StreamingMarkdown
from ollamux.ui.one_layout import SizedByLayout
from ollamux.ui.shared.hanging_lines import HangingLines
from ollamux.ui.tools.row import CallState, ToolRow, ToolRows

__all__ = ["FLUSH_INTERVAL", "ReplyView", "describe_tool_call", "describe_tool_calls"]

# Streamed text is painted at most this often: one Markdown re-parse per batch,
# not per token, is what keeps long answers fast.
FLUSH_INTERVAL = 0.08
# Within this long of a key press (or click) streamed text is painted only this
# often: each paint moves the transcript and costs a full repaint, which a key
# press would otherwise wait behind.
TYPING_GRACE = 0.5
TYPING_FLUSH_INTERVAL = 0.25

# The clock behind "loading model… N s"; looked up at call time so tests can
# replace it (monkeypatch `message.monotonic`) instead of sleeping.
monotonic: Callable[[], float] = time.monotonic


class ReplyView(SizedByLayout, Vertical):
    """An assistant reply: collapsible thinking, the Markdown answer, its tool calls, a status line.

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
    ReplyView > StreamingMarkdown, ReplyView > MarkdownText { margin: 0; padding: 0; }
    ReplyView.-picked { border-left: thick $accent; }
    ReplyView > .status { color: $text-muted; }
    ReplyView.-error > .status { color: $error; }
    ReplyView.-stopped > .status { color: $warning; }
    """

    class Painted(Message):
        """New text was painted: the transcript may need to say so if scrolled up."""

    def __init__(
        self,
        message: ChatMessage,
        *,
        clock: Callable[[], float] | None = None,
        results: Sequence[ChatMessage | None] = (),
    ) -> None:
        super().__init__()
        self.message = message
        # Decided now, not at mount: a fast reply may be complete by then, and its
        # buffered text must still go through the stream, not be painted twice.
        self._streamed = message.status is Status.STREAMING
        # Each call with its result (a role "tool" message), as far as there is one.
        if self._streamed:
            # The tool loop reports each call's progress once the reply has ended.
            self._tool_rows = ToolRows(state=CallState.PENDING)
        else:
            self._tool_rows = ToolRows(message.tool_calls, results)
        self._clock = clock or (lambda: monotonic())
        self._started_at = 0.0
        self._loading_shown = -1  # the whole seconds last shown in "loading model…"
        self._paused = False
        self._finished = False
        self._final_paint_due = False
        self._next_flush = 0.0
        self._thinking_filter = ControlStripper()
        self._content_filter = ControlStripper()
        self._pending_thinking: list[str] = []
        self._pending_content: list[str] = []
        self._thinking_started = False
        self._answer_started = False
        # Characters handed to the display so far: past DISPLAY_LIMIT the rest
        # is neither cleaned nor drawn, only kept in the message.
        self._thinking_taken = 0
        self._content_taken = 0
        # And handed in at all: counted here, as reading the message's length
        # would join its pieces at every paint.
        self._thinking_seen = 0
        self._content_seen = 0
        self._timer: Timer | None = None

    def compose(self) -> ComposeResult:
        if self._streamed:
            with Collapsible(title="Thinking", collapsed=False):
                yield StreamingMarkdown(classes="thinking")
            yield StreamingMarkdown(classes="answer")
            yield self._tool_rows
            yield CutNotice(self.message)
        else:
            message = self.message
            if message.thinking:
                with Collapsible(title="Thinking", collapsed=True, classes="-shown"):
                    yield MarkdownText(strip_control(shown_part(message.thinking)), classes="thinking")
            if message.content:
                yield MarkdownText(strip_control(shown_part(message.content)), classes="answer")
            if message.tool_calls:  # a long session keeps one widget fewer per plain reply
                yield self._tool_rows
            notice = CutNotice(message)
            if hidden := self._hidden(len(message.thinking), len(message.content)):
                notice.show(hidden)
            yield notice
        yield Static(classes="status")

    def _hidden(self, thinking_taken: int, content_taken: int) -> int:
        """How many characters of the message are not drawn, given how many were taken."""
        message = self.message
        thinking, content = len(message.thinking), len(message.content)
        hidden_thinking = max(0, thinking - min(thinking_taken, DISPLAY_LIMIT))
        return hidden_thinking + max(0, content - min(content_taken, DISPLAY_LIMIT))

    def on_mount(self) -> None:
        if self._streamed:
            self._started_at = self._clock()
            self._timer = self.set_interval(FLUSH_INTERVAL, self.tick, pause=self._paused)
            self._show_loading()
        else:
            self._paint_status()

    @property
    def streamed(self) -> bool:
        """Whether the reply streams into this view (else it was drawn finished)."""
        return self._streamed

    @property
    def finished(self) -> bool:
        return self._finished

    @property
    def drawn_lines(self) -> int:
        """Lines of the answer drawn so far: at most the reply's height (0 before its first render)."""
        for answer in self.query_children(".answer"):
            if isinstance(answer, (StreamingMarkdown, MarkdownText)):
                return answer.line_count
        return 0

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
        if paused:
            if self._timer is not None and not self._finished:
                # A stopped timer wakes nothing up: a hidden session costs no frames.
                self._timer.pause()
        elif self.is_attached:
            if self._final_paint_due:
                self._show_prepared()
            # After the tab is laid out: the answer then knows its width and can
            # render what piled up in a worker thread instead of in the layout.
            self.call_after_refresh(self._resume)
        else:
            self._resume()

    def _resume(self) -> None:
        if self._paused:
            return  # hidden again meanwhile
        if self._final_paint_due:
            self.call_later(self._paint_final)
        if self._timer is not None and not self._finished:
            self._timer.resume()

    def _show_prepared(self) -> None:
        """A reply that ended hidden, shown with its tab's first layout if it was rendered meanwhile.

        Installed now, before that layout: the tab then appears with its answer
        and status in one frame, instead of a layout and a frame per step.
        """
        for selector, pending, start in (
            (".thinking", self._pending_thinking, self._start_thinking),
            (".answer", self._pending_content, self._start_answer),
        ):
            if pending:
                if not self.query_one(selector, StreamingMarkdown).install_prepared("".join(pending)):
                    return  # still rendering: _paint_final appends it once it is
                pending.clear()
                start()
        if self.message.tool_calls:
            return  # their rows are mounted by _paint_final
        self._final_paint_due = False
        self._show_cut(final=True)
        self._paint_status()
        self.post_message(self.Painted())

    def add_thinking(self, text: str) -> None:
        self._thinking_seen += len(text)
        room = DISPLAY_LIMIT - self._thinking_taken
        if room > 0:
            text = text[:room]
            self._thinking_taken += len(text)
            self._pending_thinking.append(self._thinking_filter.feed(text))

    def add_content(self, text: str) -> None:
        self._content_seen += len(text)
        room = DISPLAY_LIMIT - self._content_taken
        if room > 0:
            text = text[:room]
            self._content_taken += len(text)
            self._pending_content.append(self._content_filter.feed(text))

    @property
    def over_budget(self) -> bool:
        """Whether the reply has been handed more than it draws."""
        return max(self._thinking_taken, self._content_taken) >= DISPLAY_LIMIT

    def _show_cut(self, *, final: bool = False) -> None:
        """Say how much of the reply is not drawn, once some is not (exactly, once it ended)."""
        if not self.over_budget:
            return
        if final:
            hidden = self._hidden(self._thinking_taken, self._content_taken)
        else:
            hidden = self._thinking_seen - self._thinking_taken + self._content_seen - self._content_taken
        if hidden:
            self.query_one(CutNotice).show(hidden)

    def toggle_thinking(self) -> bool:
        """Fold or unfold the thinking; False if this reply has none."""
        if not self.has_thinking:
            return False
        collapsible = self.query_one(Collapsible)
        collapsible.collapsed = not collapsible.collapsed
        return True

    async def tick(self) -> None:
        """The paint timer: flush, but give the app room when painting is slow.

        After a flush that took longer than the interval, wait that long again
        before the next one, so a fast stream on a slow terminal never starves
        key presses; batches simply grow.
        """
        now = time.perf_counter()
        if now < self._next_flush:
            return
        await self.flush()
        spent = time.perf_counter() - now
        # While the user types, the keys come first: the text is painted less often.
        wait = max(spent if spent > FLUSH_INTERVAL else 0, TYPING_FLUSH_INTERVAL if self._typing() else 0)
        self._next_flush = time.perf_counter() + wait

    def _typing(self) -> bool:
        """Whether a key was pressed (or a click made) within TYPING_GRACE."""
        return time.monotonic() - getattr(self.app, "last_input", -TYPING_GRACE) < TYPING_GRACE

    async def flush(self) -> None:
        """Paint buffered text: thinking first, then the answer, one batch each."""
        if self._paused:
            return
        painted = False
        if self._pending_thinking:
            text = "".join(self._pending_thinking)
            self._pending_thinking.clear()
            self._start_thinking()
            await self.query_one(".thinking", StreamingMarkdown).append(text)
            painted = True
        if self._pending_content:
            text = "".join(self._pending_content)
            self._pending_content.clear()
            self._start_answer()
            await self.query_one(".answer", StreamingMarkdown).append(text)
            painted = True
        self._show_cut()
        if painted:
            self.post_message(self.Painted())
        elif not self._finished:
            self._show_loading()

    def _start_thinking(self) -> None:
        if not self._thinking_started:
            self._thinking_started = True
            collapsible = self.query_one(Collapsible)
            if self._answer_started:
                collapsible.collapsed = True  # thinking after the answer's start comes folded
            collapsible.add_class("-shown")
            if not self._answer_started:
                self._show_status("thinking…")

    def _start_answer(self) -> None:
        if not self._answer_started:
            self._answer_started = True
            if self._thinking_started:
                # The answer has started: fold the thinking away to make room. Only
                # then: folding restyles the fold (5-10 ms a reply shown from a hidden tab).
                self.query_one(Collapsible).collapsed = True
            self._show_status("streaming…")

    async def finish(self) -> None:
        """The reply ended (any way): paint the rest and show how it ended.

        A paused (hidden) reply waits until it is shown: painting a whole answer
        at once is the one costly moment, and it must not stall the visible tab.
        """
        self._finished = True
        if self._timer is not None:
            self._timer.stop()
        self._thinking_filter.close()
        self._content_filter.close()
        if not self.is_attached or not self.children:
            return  # removed meanwhile (regenerated, session closed, app quitting)
        if self._paused:
            self._final_paint_due = True
            self._prepare_ahead()
            return
        await self._paint_final()

    def _prepare_ahead(self) -> None:
        """Render the hidden answer now, in the worker thread, so showing the tab only installs it.

        Not while the user types: the thread takes the interpreter lock from the
        event loop, and a whole answer is the largest render there is (three of
        them when hidden sessions end while the one on screen streams). Shown
        before then, the answer is rendered as it is painted, as for a reply
        shown while it streams.
        """
        if not (self._final_paint_due and self._paused and self.is_attached):
            return  # shown meanwhile (painted then), or removed
        if self._typing():
            self.set_timer(TYPING_GRACE, self._prepare_ahead)
            return
        for selector, pending in ((".thinking", self._pending_thinking), (".answer", self._pending_content)):
            for widget in self.query(selector).results(StreamingMarkdown):
                widget.prepare("".join(pending))

    async def _paint_final(self) -> None:
        self._final_paint_due = False
        await self.flush()
        if self.message.tool_calls:
            if self.message.status is not Status.COMPLETE:
                self._tool_rows.not_run(len(self.message.tool_calls))  # stopped or failed: none will run
            await self._tool_rows.show(self.message.tool_calls)
        self._show_cut(final=True)
        self._paint_status()
        self.post_message(self.Painted())

    # The tool loop's progress, by the index of the call in `message.tool_calls`

    @property
    def tool_rows(self) -> list[ToolRow]:
        """The rows of this reply's tool calls, in call order (none until a streamed reply ends)."""
        return self._tool_rows.rows

    def tool_results(self) -> list[ChatMessage | None]:
        """Each call's result as shown, None where there is none."""
        return self._tool_rows.results(len(self.message.tool_calls))

    def call_waiting(self, index: int, *, by_hand: bool = False) -> None:
        """The call waits for the user: to approve it, or (`by_hand`) to type its result."""
        self._tool_rows.set_state(index, CallState.ANSWER if by_hand else CallState.WAITING)

    def call_running(self, index: int) -> None:
        self._tool_rows.set_state(index, CallState.RUNNING)

    def call_finished(self, index: int, message: ChatMessage) -> None:
        """The call's result (a role "tool" message, ok, declined or failed)."""
        self._tool_rows.set_result(index, message)

    def calls_ended(self) -> None:
        """The turn is over (answered, stopped, round cap): calls with no result never ran."""
        self._tool_rows.not_run(len(self.message.tool_calls))

    def toggle_tool_rows(self) -> bool:
        """Unfold all of this reply's calls, or fold them if all are unfolded; False if it has none."""
        return self._tool_rows.toggle()

    def _show_loading(self) -> None:
        """Until the first byte, say how long we have waited: a cold load takes minutes."""
        started = self._thinking_started or self._answer_started
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
        # The view it is in says whether replies continue (a completion session's do not).
        continuable = next((a.continues_replies for a in self.ancestors if hasattr(a, "continues_replies")), True)
        if not (lines := status_lines(message, continuable=continuable)):
            self._show_status("")
        elif (found := self.query(".status")):
            status = found.first(Static)
            status.update(HangingLines(lines))
            status.display = True

    def _show_status(self, text: str) -> None:
        # Nothing to show on before compose has run (a very fast failure).
        found = self.query(".status")
        if not found:
            return
        status = found.first(Static)
        status.update(Text(strip_control(text)))
        status.display = bool(text)  # a loaded reply without stats needs no blank line
