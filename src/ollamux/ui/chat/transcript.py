"""The scrolling transcript of one session: windowed, following the tail, keyboard-scrollable."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TypeVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.dom import DOMNode
from textual.events import Click
from textual.message import Message
from textual.widget import AwaitMount, Widget

from ollamux.core.compaction import Compaction, covered_now
from ollamux.core.session import ChatMessage
from ollamux.ui.chat.command_note import CommandNote
from ollamux.ui.chat.compacted import CompactedFold
from ollamux.ui.chat.message import ReplyView
from ollamux.ui.chat.set_aside import SetAside
from ollamux.ui.chat.system_prompt_view import SystemPromptView
from ollamux.ui.chat.tool_calls import match_results, with_results
from ollamux.ui.chat.transcript_bars import EarlierMessages, NewTextMarker
from ollamux.ui.chat.user_message import UserMessage
from ollamux.ui.one_layout import SizedByLayout


def _distance(top: float, bottom: float, y: float) -> float:
    """How far `y` lies outside the span from `top` to `bottom` (0 inside it)."""
    return max(top - y, y - bottom, 0)


# How many messages `load` mounts, and how many more each "show earlier" adds.
# Mounting is what costs (about 10 ms a message); 40 fill several screens.
WINDOW = 40


W = TypeVar("W", bound=Widget)

# A message as drawn: a reply comes with the results of its tool calls (see `with_results`).
Shown = tuple[ChatMessage, list[ChatMessage | None]]


def message_widget(message: ChatMessage, results: Sequence[ChatMessage | None] = ()) -> UserMessage | ReplyView:
    return UserMessage(message) if message.role == "user" else ReplyView(message, results=results)


class Transcript(SizedByLayout, VerticalScroll, can_focus=True, inherit_bindings=False):
    """Messages top to bottom; follows the tail until the user scrolls up.

    Only the newest messages of a long session are mounted; the rest wait behind
    the "earlier messages" bar and are mounted a batch at a time on request.
    Tool results get no widget of their own: each shows in the row of its call.
    """

    DEFAULT_CSS = """
    Transcript {
        height: 1fr;
        padding: 0 1;
        scrollbar-size-vertical: 1;
        /* The bar's column is kept from the start: when a reply grows past the
           screen, its text would otherwise narrow by one column and be wrapped,
           and rendered, all over again (the text jumping as it re-wraps). */
        scrollbar-gutter: stable;
    }
    """

    # The transcript's own keys, so scrolling works wherever it is placed; kept
    # out of the footer (show=False) as every terminal user knows them. Not
    # inherited: a scroll container's left/right and ctrl+pageup/pagedown
    # (horizontal paging) mean nothing here and the latter switch sessions.
    BINDINGS = [
        Binding("home,ctrl+home", "home", "Top (loads earlier)", show=False, id="transcript.top"),
        Binding("end,ctrl+end", "end", "Bottom", show=False, id="transcript.bottom"),
        Binding("pageup", "page_up", "Page up", show=False, id="transcript.page_up"),
        Binding("pagedown", "page_down", "Page down", show=False, id="transcript.page_down"),
        Binding("up", "scroll_up", "Line up", show=False, id="transcript.line_up"),
        Binding("down", "scroll_down", "Line down", show=False, id="transcript.line_down"),
        Binding("ctrl+t", "toggle_thinking", "Toggle thinking", id="toggle_thinking"),
    ]

    @dataclass
    class CopyMessage(Message):
        """A message was double-clicked: put it on the clipboard."""

        message: ChatMessage

    def __init__(self, *, id: str | None = None, classes: str | None = None,
                 compaction: Callable[[], Compaction | None] = lambda: None) -> None:
        super().__init__(id=id, classes=classes)
        self._compaction = compaction  # the session's: its messages show folded in `_fold`
        self._fold = CompactedFold()
        self._earlier: list[Shown] = []  # not mounted yet, oldest first
        self._picked: UserMessage | ReplyView | None = None  # the message clicked last
        self._paused = False
        self._bar = EarlierMessages()
        self._marker = NewTextMarker()
        self._system = SystemPromptView()
        # Messages above the last screenfuls of a tab just shown, out of layout for a moment.
        self._aside = SetAside(self, lambda: getattr(self.app, "last_input", 0.0), lambda: self.following)

    def compose(self) -> ComposeResult:
        yield self._system  # above everything, even the bar of earlier messages
        yield self._fold
        yield self._bar
        yield self._marker

    def show_system_prompt(self, text: str) -> None:
        """The session's system prompt, folded at the top (nothing when there is none)."""
        if text != self._system.text:
            self._system.show_text(text)

    def on_mount(self) -> None:
        self.anchor()

    # Following the tail

    @property
    def following(self) -> bool:
        """True while new text scrolls into view; False once the user scrolled away.

        Textual keeps this as the anchor's private "released" flag: scrolling up
        releases it, reaching the bottom again restores it. It is read here
        because Textual offers no public accessor for it (only `is_anchored`),
        and tracking it ourselves would copy Textual's rules for restoring it.
        """
        return self.is_anchored and not self._anchor_released

    @property
    def marker(self) -> NewTextMarker:
        return self._marker

    def _note_new_text(self) -> None:
        if not self._paused and not self.following:
            self.marker.add_class("-shown")

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)  # restores the anchor at the bottom
        if self._aside and not self.following:
            self._aside.put_back()  # the user scrolls up: every line is there to read
        if self.following and self.marker.shown:
            self.marker.remove_class("-shown")

    @on(ReplyView.Painted)
    def _reply_painted(self, event: ReplyView.Painted) -> None:
        event.stop()
        self._note_new_text()

    @on(NewTextMarker.Pressed)
    def _marker_pressed(self) -> None:
        self.action_end()

    # Messages

    def mount(self, *widgets: Widget, before: int | str | Widget | None = None,
              after: int | str | Widget | None = None) -> AwaitMount:
        # Every way in (add, load, a caller mounting a ReplyView itself) passes
        # here, so a reply started in a hidden session starts paused too, and
        # messages go above the docked marker, keeping the DOM in reading order.
        for widget in widgets:
            if isinstance(widget, ReplyView):
                widget.paused = self._paused
        if before is None and after is None and self._marker.parent is self:
            before = self._marker
        return super().mount(*widgets, before=before, after=after)

    def message_widgets(self) -> list[UserMessage | ReplyView]:
        """The mounted messages, oldest first (not the bars)."""
        return [w for w in self.children if isinstance(w, (UserMessage, ReplyView))]

    async def add(self, message: ChatMessage) -> Widget | None:
        """Show a new message; a tool result goes to its call's row (None: no call of it is shown)."""
        if message.role == "tool":
            return self._add_result(message)
        widget = message_widget(message)
        await self.mount(widget)
        if message.role == "user":
            self.action_end()  # whoever sends a prompt wants to watch the answer come
        else:
            self._note_new_text()
        return widget

    def _add_result(self, message: ChatMessage) -> ReplyView | None:
        """Put a tool result in the row of its call, in the newest reply with calls."""
        reply = next(
            (w for w in reversed(self.message_widgets()) if isinstance(w, ReplyView) and w.message.tool_calls), None
        )
        if reply is None:
            return None
        free = [i for i, result in enumerate(reply.tool_results()) if result is None]
        match = match_results([reply.message.tool_calls[i] for i in free], [message])
        found = next((i for i, result in zip(free, match, strict=True) if result is not None), None)
        if found is None:
            return None
        reply.call_finished(found, message)
        return reply

    async def load(self, messages: Sequence[ChatMessage]) -> None:
        """Show a whole session: the newest WINDOW messages, the rest behind a bar."""
        self._aside.forget()
        # Command notes belong to the moment they were typed: a reload drops them.
        await self.remove_children([*self.message_widgets(), *self.query_children(CommandNote)])
        covered = covered_now(messages, compaction := self._compaction())
        await self._fold.show(compaction if covered else None, messages[:covered])
        shown = with_results(messages[covered:])
        split = max(0, len(shown) - WINDOW)
        self._earlier = shown[:split]
        await self.mount_all([message_widget(m, results) for m, results in shown[split:]])
        self._bar.show_count(len(self._earlier))
        self.marker.remove_class("-shown")
        self.anchor()  # a freshly opened session shows its end and follows it

    async def show_earlier(self, *, keep_position: bool = True) -> int:
        """Mount the previous batch above the others; returns how many were added.

        With `keep_position` the text on screen stays where it is (the batch
        appears above it), as when the bar is clicked while reading.
        """
        current = [w for w in self.message_widgets() if w.display]
        anchor_widget = current[0] if current else None
        old_top = anchor_widget.virtual_region.y if anchor_widget else 0
        if self._aside:
            self._aside.put_back(keep_position=False)  # kept below, with the batch
        if not self._earlier:
            return 0
        batch = self._earlier[-WINDOW:]
        del self._earlier[-WINDOW:]
        bar = self._bar
        await self.mount_all([message_widget(m, results) for m, results in batch], after=bar)
        bar.show_count(len(self._earlier))
        if keep_position and anchor_widget is not None and not self.following:

            def restore() -> None:
                shift = anchor_widget.virtual_region.y - old_top
                self.scroll_to(y=self.scroll_y + shift, animate=False, immediate=True)

            self.call_after_refresh(restore)
        return len(batch)

    @on(EarlierMessages.Pressed)
    async def _earlier_pressed(self) -> None:
        self.release_anchor()  # the user is reading the top; don't jump to the end
        await self.show_earlier(keep_position=True)

    # The message a copy is about

    def message_in_view(self) -> ChatMessage | None:
        """The message clicked last if it is on screen, else the one across the middle of the view.

        What "the message under the cursor" means from the keyboard: scroll it
        to the middle (or click it), then copy.
        """
        widget = self._in_view(self.message_widgets())
        return widget.message if widget is not None else None

    def _in_view(self, widgets: Sequence[W]) -> W | None:
        """Of `widgets`, the one clicked last if it is on screen, else the one nearest the middle."""
        picked = self._picked
        if picked is not None and picked in widgets and self._on_screen(picked):
            return widgets[widgets.index(picked)]
        top, height = self.scroll_y, self.scrollable_content_region.height
        middle = top + height / 2
        return min(widgets, key=lambda w: _distance(w.virtual_region.y, w.virtual_region.bottom, middle), default=None)

    def _on_screen(self, widget: Widget) -> bool:
        region, top = widget.virtual_region, self.scroll_y
        return region.y < top + self.scrollable_content_region.height and region.bottom > top

    def tool_results(self, message: ChatMessage) -> list[ChatMessage | None]:
        """The result of each tool call of `message` as shown (None where none); [] if it is not shown."""
        for widget in self.message_widgets():
            if widget.message is message and isinstance(widget, ReplyView):
                return widget.tool_results()
        return []

    def on_click(self, event: Click) -> None:
        widget: DOMNode | None = event.widget
        while widget is not None and widget is not self and not isinstance(widget, (UserMessage, ReplyView)):
            widget = widget.parent
        if not isinstance(widget, (UserMessage, ReplyView)):
            return
        if self._picked is not None:
            self._picked.remove_class("-picked")
        self._picked = widget
        widget.add_class("-picked")
        if event.chain == 2:
            self.post_message(self.CopyMessage(widget.message))

    # Hidden sessions

    @property
    def paused(self) -> bool:
        return self._paused

    def set_paused(self, paused: bool) -> None:
        """Pause (tab hidden) or resume (tab shown) painting of every reply."""
        shown = self._paused and not paused
        self._paused = paused
        for widget in self.children:
            if isinstance(widget, ReplyView):
                widget.paused = paused
        if shown:  # after the replies above have installed what they rendered while hidden
            widgets = self.message_widgets()
            heights = [w.drawn_lines if isinstance(w, ReplyView) else 0 for w in widgets]
            self._aside.set_aside(widgets, heights, needed=2 * self.app.size.height)

    def put_back_aside(self) -> None:
        """Lay out again the messages set aside as the tab was shown: before placing one of them."""
        if self._aside:
            self._aside.put_back()

    # Actions

    async def action_home(self) -> None:
        """Go to the top; first mount the previous batch if there is one."""
        self.release_anchor()
        await self.show_earlier(keep_position=False)
        self.scroll_home(animate=False, immediate=True)

    def action_end(self) -> None:
        """Back to the newest text, following it again."""
        self.scroll_end(animate=False, immediate=True)
        self.marker.remove_class("-shown")

    def action_toggle_tool_rows(self) -> None:
        """Unfold or fold the tool calls of the message in view (alt+t).

        Of the replies with calls: the one in view, so that a final answer in the
        middle of the screen still reaches the calls just above it.
        """
        replies = [w for w in self.message_widgets() if isinstance(w, ReplyView) and w.tool_rows]
        reply = self._in_view(replies)
        if reply is None or not self._on_screen(reply) or not reply.toggle_tool_rows():
            self.app.bell()

    def action_toggle_thinking(self) -> None:
        """Toggle thinking: fold or unfold the thinking of the last reply that has some."""
        for widget in reversed(self.children):
            if isinstance(widget, ReplyView) and widget.toggle_thinking():
                return
        self.app.bell()
