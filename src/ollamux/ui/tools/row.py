"""One tool call in the transcript: a collapsed line that a click (or alt+t) unfolds.

Collapsed: `🔧 source/tool(arguments) · 0.4 s · ok`, coloured by how the call
ended. Unfolded: the arguments as pretty JSON, then the result, cut: the model
got it whole, the reader gets enough to judge it. Names, arguments and results
are untrusted text: plain `Text`, never markup, with terminal controls stripped.
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import StrEnum

from rich.cells import cell_len
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.events import Click
from textual.widget import Widget
from textual.widgets import Static

from ollamux.api.events import ToolCall
from ollamux.core.session import ChatMessage
from ollamux.core.text import strip_control
from ollamux.core.tool_text import argument_summary, duration, pretty_arguments, result_preview
from ollamux.core.tools import Outcome

__all__ = ["CallState", "ToolRow", "ToolRows", "call_line"]

class CallState(StrEnum):
    """Where a call without a result is, as its row says."""

    PENDING = "pending"  # the reply just ended; the loop has not reached this call yet
    WAITING = "awaiting approval"
    ANSWER = "awaiting your answer"  # a hand-answered tool
    RUNNING = "running…"
    NOT_RUN = "not run"  # the reply was stopped, or the round cap was hit, before it ran


def _one_line(text: str) -> str:
    return strip_control(text).replace("\n", " ").replace("\t", " ")


def call_line(call: ToolCall, result: ChatMessage | None, state: CallState = CallState.NOT_RUN) -> str:
    """The collapsed row as plain text: what the call was and how it ended (or where it is)."""
    return _call_part(call, result) + _end_part(result, state)


def _call_part(call: ToolCall, result: ChatMessage | None) -> str:
    name = call.name
    if result is not None and result.tool_source:
        # A name two sources share goes to the model as `source__name`: say it once.
        name = f"{result.tool_source}/{name.removeprefix(result.tool_source + '__')}"
    return f"🔧 {_one_line(name)}({_one_line(argument_summary(call))})"


def _end_part(result: ChatMessage | None, state: CallState) -> str:
    if result is None:
        return f" · {state.value}"
    seconds = f" · {duration(result.tool_seconds)}" if result.tool_seconds is not None else ""
    return f"{seconds} · {(result.tool_outcome or Outcome.OK).value}"


def _details(call: ToolCall, result: ChatMessage | None) -> Text:
    text = Text()
    text.append("arguments\n", style="dim")
    text.append(strip_control(pretty_arguments(call)))
    if result is None:
        return text
    outcome = result.tool_outcome or Outcome.OK
    text.append(f"\n{'result' if outcome is Outcome.OK else outcome.value}\n", style="dim")
    # Cut before cleaning: a megabyte of output would otherwise be scanned for nothing.
    shown, lines_cut = result_preview(result.content)
    text.append(strip_control(shown))
    if lines_cut:
        text.append(f"\n… {lines_cut} more line{'s' if lines_cut != 1 else ''} (sent whole)", style="italic")
    elif len(shown) < len(result.content):
        more = len(result.content) - len(shown)
        text.append(f"… {more} more characters (sent whole)", style="italic")
    return text


class _RowLine(Widget):
    """One line whose end (duration, outcome) always shows: a narrow screen cuts the call."""

    DEFAULT_CSS = "_RowLine { height: 1; }"

    def __init__(self) -> None:
        super().__init__(classes="line")
        self._call = self._end = ""

    def show(self, call: str, end: str) -> None:
        self._call, self._end = call, end
        self.refresh()

    def render(self) -> Text:
        text = Text(self._call)
        text.truncate(max(1, self.size.width - cell_len(self._end)), overflow="ellipsis")
        text.append(self._end)
        return text


class ToolRow(Vertical):
    """One call: a line that says how it went; a click unfolds its arguments and result."""

    DEFAULT_CSS = """
    ToolRow { height: auto; }
    ToolRow > .line { color: $text-muted; }
    ToolRow.-ok > .line { color: $success; }
    ToolRow.-declined > .line { color: $warning; }
    ToolRow.-failed > .line { color: $error; }
    ToolRow > .details { display: none; height: auto; padding: 0 0 0 3; }
    ToolRow.-expanded > .details { display: block; }
    """

    def __init__(self, call: ToolCall, result: ChatMessage | None, state: CallState = CallState.NOT_RUN) -> None:
        super().__init__()
        self.call = call
        self.result = result
        self.state = state
        self._line = _RowLine()
        self._details = Static(classes="details")
        self._paint()

    def compose(self) -> ComposeResult:
        yield self._line
        yield self._details

    @property
    def expanded(self) -> bool:
        return self.has_class("-expanded")

    @property
    def text(self) -> str:
        """The collapsed line as plain text."""
        return call_line(self.call, self.result, self.state)

    def set_state(self, state: CallState) -> None:
        """Where the call is before it has a result."""
        self.state = state
        self._paint()

    def set_result(self, message: ChatMessage) -> None:
        """The call's result came (a role "tool" message)."""
        self.result = message
        self._paint()

    def toggle(self) -> None:
        self.set_expanded(not self.expanded)

    def set_expanded(self, expanded: bool) -> None:
        if expanded != self.expanded:
            self.set_class(expanded, "-expanded")
            self._paint()

    def _paint(self) -> None:
        outcome = (self.result.tool_outcome or Outcome.OK) if self.result is not None else None
        for each in Outcome:
            self.set_class(outcome is each, f"-{each.value}")
        self._line.show(_call_part(self.call, self.result), _end_part(self.result, self.state))
        if self.expanded:  # built when first wanted: most rows of a long session never are
            self._details.update(_details(self.call, self.result))

    def on_click(self, event: Click) -> None:
        # Not stopped: the transcript still picks the message (and a double click copies it).
        self.toggle()


class ToolRows(Vertical):
    """The calls of one reply, in order; keeps what the loop reports until the rows are shown.

    A reply streamed in a hidden tab draws its calls only when shown, and the
    loop may already be running them by then.
    """

    DEFAULT_CSS = """
    ToolRows { height: auto; display: none; }
    ToolRows.-shown { display: block; }
    """

    def __init__(
        self,
        calls: Sequence[ToolCall] = (),
        results: Sequence[ChatMessage | None] = (),
        *,
        state: CallState = CallState.NOT_RUN,
    ) -> None:
        super().__init__(classes="tools")
        self._calls = list(calls)
        self._results: dict[int, ChatMessage] = {i: r for i, r in enumerate(results) if r is not None}
        self._states: dict[int, CallState] = {}
        self._default = state
        self.set_class(bool(self._calls), "-shown")

    def compose(self) -> ComposeResult:
        yield from self._new_rows()

    def _new_rows(self) -> list[ToolRow]:
        # Each row carries every state and result reported before it existed.
        return [
            ToolRow(call, self._results.get(i), self._states.get(i, self._default))
            for i, call in enumerate(self._calls)
        ]

    async def show(self, calls: Sequence[ToolCall]) -> None:
        """Draw rows for `calls` (a streamed reply's, once it has ended); once only."""
        if self._calls or not calls:
            return
        self._calls = list(calls)
        self.add_class("-shown")
        await self.mount_all(self._new_rows())

    @property
    def rows(self) -> list[ToolRow]:
        return list(self.query_children(ToolRow))

    def results(self, count: int) -> list[ChatMessage | None]:
        """The result of each of `count` calls, None where there is none (yet)."""
        return [self._results.get(i) for i in range(count)]

    def set_state(self, index: int, state: CallState) -> None:
        self._states[index] = state
        if index < len(rows := self.rows):
            rows[index].set_state(state)

    def set_result(self, index: int, message: ChatMessage) -> None:
        self._results[index] = message
        if index < len(rows := self.rows):
            rows[index].set_result(message)

    def not_run(self, count: int) -> None:
        """The turn ended: every call still without a result never ran."""
        for index in range(count):
            if index not in self._results:
                self.set_state(index, CallState.NOT_RUN)
        self._default = CallState.NOT_RUN

    def toggle(self) -> bool:
        """Unfold every row if one is folded, else fold them all; False if there are none."""
        rows = self.rows
        expand = not all(row.expanded for row in rows)
        for row in rows:
            row.set_expanded(expand)
        return bool(rows)
