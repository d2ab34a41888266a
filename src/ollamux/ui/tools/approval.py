"""Run a tool? The question asked before each call the model makes.

The call's arguments are model output: shown as plain text (never markup), terminal
controls stripped, in a box that scrolls when they are long so that the keys stay
on screen at 80x24. The keys are written in the dialog, not only in the footer,
which a modal may cover.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from ollamux.api.events import ToolCall
from ollamux.core.text import strip_control
from ollamux.core.tools import Decision, Tool
from ollamux.ui.tools.call_text import first_line, shown_arguments, source_words

TITLE = "Run a tool?"
# (button id, its label, what it answers); the label starts with its key.
CHOICES = (
    ("run", "y run once", Decision.RUN),
    ("always", "a always allow", Decision.ALWAYS),
    ("decline", "n decline", Decision.DECLINE),
    ("stop", "esc stop the reply", Decision.STOP),
)

DIALOG_CSS = """
$dialog {
    align: center middle;
    & > .tool-dialog {
        width: 76; max-width: 100%; height: auto; max-height: 100%;
        border: thick $primary; background: $surface; padding: 0 1;
        border-title-color: $text-primary; border-title-style: bold;
    }
    .tool-source { text-style: bold; }
    .tool-description { color: $text-muted; text-wrap: nowrap; text-overflow: ellipsis; }
    .tool-arguments {
        height: auto; max-height: 12; border: round $primary-muted; padding: 0 1;
        border-title-color: $text-muted;
        scrollbar-size-vertical: 1;
        &:focus { border: round $primary; }
    }
    .tool-keys { color: $text-muted; }
}
"""


def dialog_css(screen: str) -> str:
    return DIALOG_CSS.replace("$dialog", screen)


def call_head(tool: Tool, call: ToolCall) -> ComposeResult:
    """Where the tool comes from, its name, what it does, and the call's arguments."""
    yield Static(Content.assemble(source_words(tool), " · ", strip_control(tool.name)), classes="tool-source")
    if description := first_line(tool.description):
        yield Static(Content(description), classes="tool-description")
    with VerticalScroll(classes="tool-arguments") as arguments:
        arguments.border_title = "arguments"
        yield Static(Content(shown_arguments(call)), classes="tool-arguments-text")


class ApprovalScreen(ModalScreen[Decision]):
    """y runs the call once, a always allows this tool in this session, n declines,
    Escape stops the reply. The buttons answer the same when clicked."""

    DEFAULT_CSS = dialog_css("ApprovalScreen") + """
    ApprovalScreen .tool-buttons { height: 1; margin-top: 1; }
    ApprovalScreen .tool-buttons > Button { margin-right: 2; min-width: 0; }
    ApprovalScreen #approval-stop { margin-right: 0; }
    """

    BINDINGS = [
        Binding("y", "decide('run')", "Run once"),
        Binding("a", "decide('always')", "Always allow"),
        Binding("n", "decide('decline')", "Decline"),
        # ctrl+c stops a reply everywhere else; the workbench's binding is not live under a modal.
        Binding("escape,ctrl+c", "decide('stop')", "Stop the reply"),
    ]

    def __init__(self, tool: Tool, call: ToolCall) -> None:
        super().__init__()
        self.tool = tool
        self.call = call

    def compose(self) -> ComposeResult:
        with Vertical(classes="tool-dialog") as dialog:
            dialog.border_title = TITLE
            yield from call_head(self.tool, self.call)
            with Horizontal(classes="tool-buttons"):
                for name, label, _ in CHOICES:
                    yield Button(Content(label), id=f"approval-{name}", compact=True)
            always = f"a: run {strip_control(self.tool.name)} without asking for the rest of this session"
            yield Static(Content(always), classes="tool-keys")

    def action_decide(self, answer: str) -> None:
        self.dismiss(Decision(answer))

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        for name, _, decision in CHOICES:
            if event.button.id == f"approval-{name}":
                self.dismiss(decision)
