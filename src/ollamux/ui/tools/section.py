"""The inspector's tools: each source with its state, each of its tools on or off for a session.

A source is an MCP server (starting, ready with its tools, or failed with its
error and the tail of its stderr) or the tools the user answers by hand. Up and
Down move between tools (past the first or last they leave the section, as the
inspector's fields do), space or Enter toggles one, and so does a click; each
toggle posts `ToolsSection.Toggled` for the owner to keep in the session.
Names, descriptions and server words are outside text: plain text, controls
stripped.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass

from textual import events
from textual.actions import SkipAction
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import Static

from ollamux.core.text import strip_control
from ollamux.core.tools import HAND, ServerState, ServerStatus, Tool
from ollamux.ui.tools.call_text import first_line

HEADING = "Tools"
NOTE = "On or off for this session: space toggles."
KEYS = "↑↓ choose a tool · space or Enter toggles"  # for the owner's keys line
NO_TOOLS = "No tools configured: add [mcp_servers.NAME] or [tools.NAME] to config.toml."
NOT_TAKEN = "⚠ This model lacks the tools capability: no tools are sent."
STDERR_LINES = 5  # of a failed server's stderr tail: enough to see why, not a log viewer
ON, OFF = "[x] ", "[ ] "


@dataclass(frozen=True)
class Line:
    """One line of the section: what it shows, its classes, and the tool it toggles (if any)."""

    content: Content
    classes: str
    key: str = ""


def count(tools: Sequence[Tool]) -> str:
    return f"{len(tools)} tool" + ("" if len(tools) == 1 else "s") if tools else "no tools"


def source_line(state: ServerState) -> Line:
    name = (strip_control(state.name), "bold")
    if state.status is ServerStatus.FAILED:
        error = f"failed: {first_line(state.error) or 'no reason given'}"
        return Line(Content.assemble(name, "  ", (error, "$text-error")), "tools-source")
    if state.status is not ServerStatus.READY:
        words = "starting…" if state.status is ServerStatus.STARTING else "not started: starts when a chat needs it"
        return Line(Content.assemble(name, "  ", (words, "$text-muted")), "tools-source")
    words = f"ready · {count(state.tools)}"
    if any(tool.approve == "never" for tool in state.tools):
        words += " · runs without asking"
    return Line(Content.assemble(name, "  ", (words, "$text-success")), "tools-source")


def tool_line(tool: Tool, on: bool) -> Line:
    content = Content.assemble(ON if on else OFF, (strip_control(tool.name), "bold" if on else ""))
    if description := first_line(tool.description):
        content = Content.assemble(content, "  ", (description, "$text-muted"))
    return Line(content, "tools-tool", tool.key)


def section_lines(states: Sequence[ServerState], hand_tools: Sequence[Tool], on: Collection[str],
                  takes_tools: bool) -> list[Line]:
    """Everything the section shows, top to bottom."""
    lines = [] if takes_tools else [Line(Content(NOT_TAKEN), "tools-warning")]
    if not states and not hand_tools:
        return [*lines, Line(Content(NO_TOOLS), "tools-empty")]
    for state in states:
        lines.append(source_line(state))
        if state.status is ServerStatus.FAILED and state.stderr_tail.strip():
            tail = strip_control(state.stderr_tail).strip().splitlines()[-STDERR_LINES:]
            lines.append(Line(Content("\n".join(tail)), "tools-stderr"))
        lines += [tool_line(tool, tool.key in on) for tool in state.tools]
    if hand_tools:
        words = f"{count(hand_tools)} · you type each result"
        lines.append(Line(Content.assemble((HAND, "bold"), "  ", (words, "$text-muted")), "tools-source"))
        lines += [tool_line(tool, tool.key in on) for tool in hand_tools]
    return lines


class ToolsSection(Vertical, can_focus=True):
    """Tool sources and their tools, with an on/off toggle per tool. Repaint with `update()`."""

    DEFAULT_CSS = """
    ToolsSection, ToolsSection > #tools-lines { height: auto; }
    ToolsSection .heading { text-style: bold; color: $text-accent; margin-top: 1; }
    ToolsSection .note { color: $text-muted; margin-bottom: 1; }
    ToolsSection .tools-warning { color: $text-warning; margin-bottom: 1; }
    ToolsSection .tools-empty { color: $text-muted; }
    ToolsSection .tools-stderr { color: $text-muted; text-style: dim; padding-left: 2; }
    ToolsSection .tools-tool { padding-left: 2; text-wrap: nowrap; text-overflow: ellipsis; }
    ToolsSection:focus .tools-tool.-cursor { background: $primary 30%; }
    """

    BINDINGS = [
        Binding("down", "move(1)", "Next tool", show=False),
        Binding("up", "move(-1)", "Previous tool", show=False),
        Binding("space,enter", "toggle_tool", "Toggle tool", show=False),
    ]

    @dataclass
    class Toggled(Message):
        """The user turned a tool on or off for this session (`key` is `Tool.key`)."""

        key: str
        on: bool

    def __init__(self, states: Sequence[ServerState], hand_tools: Sequence[Tool], on: Collection[str],
                 takes_tools: bool, *, id: str | None = "tools-section", classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.states, self.hand_tools = list(states), list(hand_tools)
        self.chosen, self.takes_tools = set(on), takes_tools
        self.cursor = ""  # the key of the tool under the cursor
        self._shown: list[Line] = []
        self._widgets: list[Static] = []

    def compose(self) -> ComposeResult:
        yield Static(HEADING, classes="heading")
        yield Static(NOTE, classes="note")
        yield Vertical(id="tools-lines")

    def on_mount(self) -> None:
        self._repaint()

    @property
    def keys(self) -> list[str]:
        """Every tool shown, top to bottom."""
        return [line.key for line in self._shown if line.key]

    def update(self, states: Sequence[ServerState], on: Collection[str], takes_tools: bool,
               hand_tools: Sequence[Tool] | None = None) -> None:
        """Show new states and choices; the cursor stays on its tool (or its place, if gone)."""
        self.states, self.chosen, self.takes_tools = list(states), set(on), takes_tools
        if hand_tools is not None:
            self.hand_tools = list(hand_tools)
        self._repaint()

    def _repaint(self) -> None:
        before = self.keys
        lines = section_lines(self.states, self.hand_tools, self.chosen, self.takes_tools)
        keys = [line.key for line in lines if line.key]
        if self.cursor not in keys:
            place = before.index(self.cursor) if self.cursor in before else 0
            self.cursor = keys[min(place, len(keys) - 1)] if keys else ""
        self.can_focus = bool(keys)
        if [(line.classes, line.key) for line in lines] == [(line.classes, line.key) for line in self._shown]:
            for widget, line in zip(self._widgets, lines, strict=True):
                widget.update(line.content)
        else:
            # Rebuilt only when sources or tools come or go: a state or a toggle repaints in place.
            self._widgets = [Static(line.content, classes=line.classes, name=line.key or None) for line in lines]
            holder = self.query_one("#tools-lines", Vertical)
            holder.remove_children()
            holder.mount_all(self._widgets)
        self._shown = lines
        self._mark_cursor()

    def _mark_cursor(self) -> None:
        for widget in self._widgets:
            widget.set_class(bool(widget.name) and widget.name == self.cursor, "-cursor")

    def _cursor_widget(self) -> Static | None:
        return next((widget for widget in self._widgets if widget.name and widget.name == self.cursor), None)

    def on_focus(self) -> None:
        # Focus scrolls the whole section into view, from its top: bring the cursor back.
        self.call_after_refresh(self._show_cursor)

    def _show_cursor(self) -> None:
        if (widget := self._cursor_widget()) is not None:
            widget.scroll_visible(animate=False)

    def action_move(self, step: int) -> None:
        keys = self.keys
        place = keys.index(self.cursor) + step if self.cursor in keys else 0
        if not 0 <= place < len(keys):
            raise SkipAction()  # past the edge: the inspector's own keys move the focus on
        self.cursor = keys[place]
        self._mark_cursor()
        self._show_cursor()

    def action_toggle_tool(self) -> None:
        if self.cursor:
            self.toggle(self.cursor)

    def toggle(self, key: str) -> None:
        """Turn a tool on if it was off, off if it was on, and say so."""
        on = key not in self.chosen
        if on:
            self.chosen.add(key)
        else:
            self.chosen.discard(key)
        self._repaint()
        self.post_message(self.Toggled(key, on))

    def on_click(self, event: events.Click) -> None:
        # The click reaches the section (the focusable one), not the line under it.
        widget, _ = self.screen.get_widget_at(event.screen_x, event.screen_y)
        if widget.has_class("tools-tool") and widget.name:
            event.stop()
            self.cursor = widget.name
            self.focus()
            self.toggle(widget.name)
