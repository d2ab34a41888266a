"""Several models answering one prompt, side by side, with their speeds."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Container, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static

from ollamux.core.session import ChatMessage, Session, SessionState, Status
from ollamux.core.stats_words import COMPARED, stats_parts
from ollamux.core.text import strip_control
from ollamux.ui.chat.message import ReplyView
from ollamux.ui.shared import Footer

REFRESH_INTERVAL = 0.1
# Below this many columns per answer, answers stack one below the other.
MIN_COLUMN_WIDTH = 45


def speed_line(session: Session) -> str:
    """`TTFT 0.4 s · 38.2 tok/s · 412 tokens`, or the state while it runs."""
    reply = _last_reply(session)
    if reply is None:
        return "waiting…"
    parts = stats_parts(reply.stats, reply.first_token_seconds, COMPARED)
    state = session.state
    if state is not SessionState.IDLE:
        parts.append(str(state))
    if reply.error:
        parts.append(reply.error)
    return " · ".join(parts) or "waiting…"


def _last_reply(session: Session) -> ChatMessage | None:
    for message in reversed(session.messages):
        if message.role == "assistant":
            return message
    return None


class AnswerPanel(VerticalScroll):
    """One model's answer: the session's own reply, drawn as its tab draws it.

    The same `ReplyView` as in the transcript (strips, not a widget per
    Markdown block, and the same display budget), fed from the session's
    message as it grows: a comparison costs what the tabs cost.
    """

    DEFAULT_CSS = """
    AnswerPanel { border: round $secondary; padding: 0 1; height: 1fr; }
    AnswerPanel.-current { border: round $accent; }
    AnswerPanel > .speed { color: $text-muted; }
    AnswerPanel > ReplyView { margin: 0; }
    """

    def __init__(self, session: Session, host_label: str) -> None:
        super().__init__()
        self.session = session
        # Content, not a markup string: a model named `[@click=app.quit]q` is just a name.
        self.border_title = Content(strip_control(f"{session.model} @ {host_label}"))
        self._view: ReplyView | None = None
        self._fed = (0, 0)  # how much of the reply's thinking and content the view has

    def compose(self) -> ComposeResult:
        yield Static(classes="speed")

    @property
    def reply_view(self) -> ReplyView | None:
        return self._view

    async def refresh_answer(self) -> None:
        self.query_one(".speed", Static).update(Text(speed_line(self.session)))
        reply = _last_reply(self.session)
        if reply is None:
            return
        view = self._view
        if view is None or view.message is not reply:  # the first reply, or a regenerated one
            if view is not None:
                await view.remove()
            view = self._view = ReplyView(reply)
            self._fed = (0, 0)
            await self.mount(view)
        if not view.streamed or view.finished:
            return
        streaming = reply.status is Status.STREAMING
        # Past its budget the view draws nothing more: reading the growing text
        # would only cost a copy of it at every refresh. Its end says how much was cut.
        if not (streaming and view.over_budget):
            thinking, content = reply.thinking, reply.content
            fed_thinking, fed_content = self._fed
            view.add_thinking(thinking[fed_thinking:])
            view.add_content(content[fed_content:])
            self._fed = (len(thinking), len(content))
        if not streaming:
            await view.finish()


class CompareScreen(Screen[None]):
    """The answers of a comparison; their sessions stay open as tabs too."""

    DEFAULT_CSS = """
    CompareScreen > Static.title { height: 1; padding: 0 1; background: $panel; }
    CompareScreen > Container { layout: horizontal; height: 1fr; }
    CompareScreen.-stacked > Container { layout: vertical; }
    CompareScreen.-maximised AnswerPanel { display: none; }
    CompareScreen.-maximised AnswerPanel.-current { display: block; }
    """
    # Plain keys, no modifiers: they arrive the same over SSH and in tmux.
    BINDINGS = [
        Binding("escape", "dismiss", "Back", id="compare_back", tooltip="Back to the sessions"),
        Binding("z", "maximise", "Maximise", id="compare_maximise",
                tooltip="Show one answer on the whole screen, or all again"),
        Binding("tab", "cycle(1)", "Next", id="compare_next",
                tooltip="Next answer (the one maximised, or the one arrows scroll)"),
        Binding("shift+tab", "cycle(-1)", "Previous", id="compare_previous", show=False, tooltip="Previous answer"),
        Binding("t", "toggle_thinking", "Thinking", id="compare_thinking",
                tooltip="Fold or unfold the current answer's thinking"),
    ]

    def __init__(self, prompt: str, panels: list[tuple[Session, str]]) -> None:
        super().__init__()
        self.prompt = prompt
        self.panels = panels
        self.current = 0  # the answer arrows scroll, `t` unfolds and `z` maximises
        self.maximised = False

    def compose(self) -> ComposeResult:
        yield Static(self._title(), classes="title")
        with Container():
            for session, host_label in self.panels:
                yield AnswerPanel(session, host_label)
        yield Footer()

    def _title(self) -> Text:
        first_line = self.prompt.strip().splitlines()[0] if self.prompt.strip() else ""
        where = f" · answer {self.current + 1} of {len(self.panels)}" if self.maximised else ""
        return Text(f"Compare: {first_line}{where}")

    def on_mount(self) -> None:
        self._arrange()
        self._show_current()
        self.set_interval(REFRESH_INTERVAL, self._refresh_answers)

    def _show_current(self) -> None:
        panels = list(self.query(AnswerPanel))
        for index, panel in enumerate(panels):
            panel.set_class(index == self.current, "-current")
        self.set_class(self.maximised, "-maximised")
        self.query_one(".title", Static).update(self._title())
        if panels:
            panels[self.current].focus()

    def on_descendant_focus(self, event) -> None:
        """A click (or Tab from a widget inside) makes that answer the current one."""
        panels = list(self.query(AnswerPanel))
        for index, panel in enumerate(panels):
            if event.widget is panel or panel in event.widget.ancestors:
                if index != self.current:
                    self.current = index
                    self._show_current()
                return

    def action_maximise(self) -> None:
        self.maximised = not self.maximised
        self._show_current()

    def action_cycle(self, offset: int) -> None:
        if self.panels:
            self.current = (self.current + offset) % len(self.panels)
            self._show_current()

    def action_toggle_thinking(self) -> None:
        panels = list(self.query(AnswerPanel))
        view = panels[self.current].reply_view if panels else None
        if view is None or not view.toggle_thinking():
            self.notify("This answer has no thinking.", markup=False)

    def on_resize(self) -> None:
        self._arrange()

    def _arrange(self) -> None:
        self.set_class(self.size.width // max(1, len(self.panels)) < MIN_COLUMN_WIDTH, "-stacked")

    async def _refresh_answers(self) -> None:
        for panel in self.query(AnswerPanel):
            await panel.refresh_answer()

    async def action_dismiss(self, result: None = None) -> None:
        self.dismiss(None)
