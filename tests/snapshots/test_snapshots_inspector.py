"""Snapshots of the options inspector (SVGs in snapshots/), from hand-built details.

No server is involved: the details are what `/api/show` says of a qwen3-like model,
so every value on screen is fixed.
"""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import Input, Static

from ollamux.api.capabilities import OLLAMA, OPENAI_COMPATIBLE, Capabilities
from ollamux.api.models import ModelDetails
from ollamux.core.session import Session
from ollamux.ui.inspector.panel import Inspector

PARAMETERS = "\n".join([
    'stop                           "<|im_start|>"',
    'stop                           "<|im_end|>"',
    "repeat_penalty                 1",
    "temperature                    0.6",
    "top_k                          20",
    "top_p                          0.95",
])
DETAILS = ModelDetails(
    name="qwen3:8b", capabilities=("completion", "tools", "thinking"), parameters=PARAMETERS,
    family="qwen3", parameter_size="8.2B", quantization="Q4_K_M",
    model_info={"general.architecture": "qwen3", "qwen3.context_length": 40960},
)


class SnapshotApp(App[None]):
    """A stand-in transcript on the left, the inspector docked right."""

    CSS = """
    #stand-in { width: 1fr; height: 1fr; padding: 1 2; color: $text-muted; }
    """

    def __init__(self, session: Session, *, capabilities: Capabilities = OLLAMA, details: ModelDetails | None = DETAILS,
                 wide: bool = False) -> None:
        super().__init__()
        self.session, self.capabilities, self.details, self.wide = session, capabilities, details, wide

    def compose(self) -> ComposeResult:
        inspector = Inspector(self.session, capabilities=self.capabilities, details=self.details)
        inspector.set_wide(self.wide)
        if not self.wide:
            yield Static("(the transcript)", id="stand-in")
        yield inspector

    def on_mount(self) -> None:
        self.screen.styles.layout = "horizontal"
        self.query_one(Inspector).focus()


def session() -> Session:
    return Session(
        host="workstation", model="qwen3:8b", system_prompt="You are terse.\nAnswer in English.",
        options={"num_ctx": 8192, "temperature": 0.3, "stop": ["<|im_end|>", "User:"], "mirostat": 2},
        think="high",
    )


def test_inspector_settings(snap_compare) -> None:
    app = SnapshotApp(session())

    async def run_before(pilot) -> None:
        await pilot.pause()
        keep_alive = app.query_one("#inspector-keep-alive", Input)
        keep_alive.value = "3600"  # the server's own error shows under it
        keep_alive.focus()
        await pilot.pause()

    assert snap_compare(app, terminal_size=(100, 30), run_before=run_before)


def test_inspector_options_scrolled(snap_compare) -> None:
    app = SnapshotApp(session())

    async def run_before(pilot) -> None:
        await pilot.pause()
        num_ctx = app.query_one("#edit-num_ctx", Input)
        num_ctx.focus()
        num_ctx.value = "8k"
        await pilot.pause()
        app.query_one("#option-num_ctx").scroll_visible(top=True, animate=False)
        await pilot.pause()

    assert snap_compare(app, terminal_size=(100, 30), run_before=run_before)


def test_inspector_ignored_at_the_end(snap_compare) -> None:
    app = SnapshotApp(session())

    async def run_before(pilot) -> None:
        await pilot.pause()
        app.query_one("#inspector-body").scroll_end(animate=False)
        await pilot.pause()

    assert snap_compare(app, terminal_size=(100, 30), run_before=run_before)


def test_inspector_loading_wide_80x24(snap_compare) -> None:
    app = SnapshotApp(Session(host="workstation", model="qwen3:8b"), details=None, wide=True)
    assert snap_compare(app, terminal_size=(80, 24))


def test_inspector_openai(snap_compare) -> None:
    app = SnapshotApp(Session(host="deepseek", model="deepseek-chat", options={"temperature": 0.0}),
                      capabilities=OPENAI_COMPATIBLE, details=None)
    assert snap_compare(app, terminal_size=(100, 30))


def test_inspector_filtered_80x24(snap_compare) -> None:
    """`temp` typed into the filter: only temperature left, its row highlighted once reached."""
    app = SnapshotApp(session(), wide=True)

    async def run_before(pilot) -> None:
        await pilot.pause()
        await pilot.press(*"temp", "down")
        await pilot.pause()

    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


def test_inspector_focused_row_80x24(snap_compare) -> None:
    """The focused row stands out across the whole width of the panel."""
    app = SnapshotApp(session(), wide=True)

    async def run_before(pilot) -> None:
        await pilot.pause()
        app.query_one("#edit-num_batch", Input).focus(scroll_visible=False)  # one scroll, not two racing
        await pilot.pause()
        app.query_one("#option-num_ctx").scroll_visible(top=True, animate=False)
        await pilot.pause()

    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)
