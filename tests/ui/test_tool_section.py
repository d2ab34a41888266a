"""The inspector's tools section: each source's state, each tool on or off, by keyboard and mouse."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Input

from ollamux.core.tools import HAND, ServerState, ServerStatus, Tool
from ollamux.ui.tools import ToolsSection
from ollamux.ui.tools.section import NOT_TAKEN, section_lines
from tests.ui_helpers import screen_text, wait_until


def tool(source: str, name: str, description: str = "", approve: str = "ask") -> Tool:
    return Tool(source=source, name=name, description=description, approve=approve)  # type: ignore[arg-type]


WEATHER = tool("demo", "get_weather", "Current weather in a city.\nSecond line.")
CLOCK = tool("demo", "clock", "What time it is.")
FILES = tool("files", "read_file", "Read a file.", approve="never")
LOOKUP = tool(HAND, "lookup", "Look a word up.")
READY = ServerState("demo", ServerStatus.READY, (WEATHER, CLOCK))
FAILED = ServerState("broken", ServerStatus.FAILED, error="exited with code 1\nmore",
                     stderr_tail="Traceback (most recent call last):\n\x1b[31mImportError: no module named x")
STARTING = ServerState("files", ServerStatus.STARTING)


def plain(states: Sequence[ServerState], on: set[str], takes_tools: bool = True) -> list[str]:
    return [line.content.plain for line in section_lines(states, [LOOKUP], on, takes_tools)]


def test_each_source_says_its_state_and_each_tool_whether_it_is_on() -> None:
    lines = plain([READY, FAILED, STARTING], {WEATHER.key, LOOKUP.key})
    assert lines == [
        "demo  ready · 2 tools",
        "[x] get_weather  Current weather in a city.",
        "[ ] clock  What time it is.",
        "broken  failed: exited with code 1",
        "Traceback (most recent call last):\nImportError: no module named x",  # controls stripped
        "files  starting…",
        "hand  1 tool · you type each result",
        "[x] lookup  Look a word up.",
    ]
    trusted = ServerState("files", ServerStatus.READY, (FILES,))
    assert plain([trusted], set())[0] == "files  ready · 1 tool · runs without asking"
    assert plain([READY], set(), takes_tools=False)[0] == NOT_TAKEN
    assert "No tools configured" in section_lines([], [], set(), True)[0].content.plain


class Host(App[None]):
    """The section between two fields; Up and Down move the focus, as in the inspector."""

    BINDINGS: ClassVar = [Binding("down", "focus_next"), Binding("up", "focus_previous")]

    def __init__(self) -> None:
        super().__init__()
        self.toggled: list[tuple[str, bool]] = []

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Input(id="before")
            yield ToolsSection([READY, STARTING], [LOOKUP], {WEATHER.key}, takes_tools=True)
            yield Input(id="after")

    def on_tools_section_toggled(self, message: ToolsSection.Toggled) -> None:
        self.toggled.append((message.key, message.on))


async def test_keys_and_clicks_toggle_tools_and_updates_keep_the_cursor() -> None:
    app = Host()
    async with app.run_test(size=(80, 24)) as pilot:
        section = app.query_one(ToolsSection)
        section.focus()
        await wait_until(pilot, lambda: "[x] get_weather" in screen_text(app))
        assert section.cursor == WEATHER.key
        await pilot.press("space", "down", "enter")
        await wait_until(pilot, lambda: len(app.toggled) == 2)
        assert app.toggled == [(WEATHER.key, False), (CLOCK.key, True)]
        await wait_until(pilot, lambda: "[ ] get_weather" in screen_text(app) and "[x] clock" in screen_text(app))

        # The server finished starting: new tools come, the cursor stays on clock.
        # Server words are outside text: shown as written, never as markup.
        files = ServerState("files", ServerStatus.READY, (FILES,))
        hostile = ServerState("[b]x[/i]", ServerStatus.FAILED, error="[/INST]x[/] [@click=app.quit]q")
        section.update([READY, files, hostile], {CLOCK.key, FILES.key}, takes_tools=False)
        await wait_until(pilot, lambda: "[x] read_file" in screen_text(app))
        assert "[b]x[/i]  failed: [/INST]x[/] [@click=app.quit]q" in screen_text(app)
        assert section.cursor == CLOCK.key
        assert NOT_TAKEN in screen_text(app) and "runs without asking" in screen_text(app)

        await pilot.press("down", "down", "down")  # read_file, lookup, then out of the section
        assert section.cursor == LOOKUP.key
        await wait_until(pilot, lambda: app.focused is app.query_one("#after"))
        await pilot.click(ToolsSection, offset=(4, lines_before(section, LOOKUP.key)))
        await wait_until(pilot, lambda: app.toggled[-1] == (LOOKUP.key, True))
        assert app.focused is section
        await pilot.press("up", "up", "up", "up")  # to the first tool, then up out of the section
        await wait_until(pilot, lambda: app.focused is app.query_one("#before"))
        assert section.cursor == WEATHER.key


def lines_before(section: ToolsSection, key: str) -> int:
    """The row of a tool's line within the section, for a click."""
    widget = next(widget for widget in section.query(".tools-tool") if widget.name == key)
    return widget.region.y - section.region.y
