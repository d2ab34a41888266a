"""Snapshots of the tools UI at 80x24 (SVGs in snapshots/): the approval dialog over a
screen with a long argument list, the hand-answer dialog, and the inspector's tools section."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Static

from ollamux.api.events import ToolCall
from ollamux.core.tools import HAND, ServerState, ServerStatus, Tool
from ollamux.ui.tools import ApprovalScreen, HandAnswerScreen, ToolsSection
from tests.ui_helpers import screen_text, wait_until

SEARCH = Tool(source="docs", name="search_docs",
              description="Search the project's documentation and return the best passages.\nSecond line.")
LOOKUP = Tool(source=HAND, name="lookup", description="Look a word up in the glossary.")
LONG_CALL = ToolCall("search_docs", {
    "query": "how do I configure an MCP server over stdio",
    "sections": ["install", "configuration", "tools", "keys", "safety"],
    "limit": 5,
    "filters": {"language": "en", "since": "2025-01-01", "kinds": ["guide", "reference"]},
    "highlight": True,
})
TRANSCRIPT = "\n".join([
    "you  Find where the docs explain MCP servers.",
    "",
    "qwen3:8b  I will search the documentation for that.",
])


class Behind(App[None]):
    """A plain screen standing in for the chat, with a dialog pushed over it."""

    def __init__(self, dialog: Screen) -> None:
        super().__init__()
        self.dialog = dialog

    def compose(self) -> ComposeResult:
        yield Static(TRANSCRIPT)

    def on_mount(self) -> None:
        self.push_screen(self.dialog)


def test_tool_approval_with_long_arguments_80x24(snap_compare) -> None:
    app = Behind(ApprovalScreen(SEARCH, LONG_CALL))

    async def shown(pilot) -> None:
        await wait_until(pilot, lambda: "Run a tool?" in screen_text(app))

    assert snap_compare(app, terminal_size=(80, 24), run_before=shown)


def test_tool_hand_answer_80x24(snap_compare) -> None:
    app = Behind(HandAnswerScreen(LOOKUP, ToolCall("lookup", {"word": "tmux"})))

    async def typed(pilot) -> None:
        await wait_until(pilot, lambda: "Answer a tool call" in screen_text(app))
        await pilot.press(*"A terminal multiplexer.", "ctrl+j", *"See also: screen.")

    assert snap_compare(app, terminal_size=(80, 24), run_before=typed)


SERVERS = [
    ServerState("docs", ServerStatus.READY, (
        SEARCH,
        Tool(source="docs", name="open_page", description="Open one page of the documentation by its path."),
        Tool(source="docs", name="list_pages", description="List every page."),
    )),
    ServerState("git", ServerStatus.FAILED, error="the server exited with code 1 before it answered",
                stderr_tail="Traceback (most recent call last):\n  File \"server.py\", line 3\n"
                            "ModuleNotFoundError: No module named 'gitpython'"),
    ServerState("browser", ServerStatus.STARTING),
]


class Panel(App[None]):
    """The section in a side panel shaped like the inspector, beside the chat."""

    CSS = """
    #panel { width: 50; border: round $primary; padding: 0 1; }
    #chat { width: 1fr; padding: 0 1; }
    """

    def compose(self) -> ComposeResult:
        with Horizontal():
            yield Static(TRANSCRIPT, id="chat")
            with Vertical(id="panel"):
                yield ToolsSection(SERVERS, [LOOKUP], {SEARCH.key, "docs/list_pages", LOOKUP.key}, takes_tools=True)

    def on_mount(self) -> None:
        self.query_one("#panel").border_title = "Inspector"
        self.query_one(ToolsSection).focus()


def test_tools_section_80x24(snap_compare) -> None:
    app = Panel()

    async def on_open_page(pilot) -> None:
        await wait_until(pilot, lambda: "open_page" in screen_text(app))
        await pilot.press("down")

    assert snap_compare(app, terminal_size=(80, 24), run_before=on_open_page)
