"""The screen a launch shows first, while the workbench is imported beside it.

Importing and composing the workbench (its sessions, chat, models panel,
clients and session store) takes longer than the screen a user can type into:
launched, ollamux showed nothing until all of it was ready. This screen needs
only what any Textual app imports, so it is drawn at once. It looks like the
workbench will, and its prompt shows what is typed meanwhile; the keys
themselves are held by the app (`EarlyKeys`) and handed to the workbench's
prompt in order once it takes keys, so what is typed here is typed there:
Enter sends, ctrl+n opens a session, as they would have.
"""

from __future__ import annotations

from textual import events
from textual.app import ComposeResult
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Static, TextArea

from ollamux.ui.shared.footer import Footer
from ollamux.ui.shared.keys_in_order import AREA_KEYS, TYPED_LINE_KEYS, on_typed_line
from ollamux.ui.shared.prompt_words import PROMPT_PLACEHOLDER
from ollamux.ui.workbench.bindings import SESSION_ACTIONS, SESSION_KEYS, WORKBENCH_KEYS
from ollamux.ui.workbench.early_keys import EarlyKeys

# What the preview does with a key the workbench prompt binds as TextArea does; its
# readline keys are the prompt's own (`keys_in_order`). Any other key moves nothing
# here and still acts there.
PREVIEW_ACTIONS = {
    "backspace": "delete_left",
    "ctrl+h": "delete_left",
    "delete": "delete_right",
    "left": "cursor_left",
    "right": "cursor_right",
    "home": "cursor_line_start",
    "end": "cursor_line_end",
    **AREA_KEYS,
}
NEW_LINE_KEYS = {"ctrl+j", "shift+enter"}


class TabRow(Widget):
    """The workbench's tab bar as it first shows (one tab, or none), drawn as text.

    Textual's `Tabs` lays out a scrolling row of its own and slides its underline in
    on mount: on this screen, more than a tenth of the time to the first frame.
    """

    DEFAULT_CSS = "TabRow { height: 2; }"
    # As Textual's Tabs draws its underline: the active tab's span, and the rest dim.
    BAR = "$block-cursor-background"
    DIM = "$foreground 10%"

    def __init__(self, label: Content | None) -> None:
        super().__init__()
        self._label = label

    def render(self) -> Content:
        width = self.size.width
        if self._label is None:
            return Content.assemble("\n", ("━" * width, self.DIM))
        span = self._label.cell_length
        return Content.assemble(
            " ", self._label, "\n",  # a tab's padding is one cell either side
            ("╸", self.DIM), ("━" * span, self.BAR), ("╺", self.DIM), ("━" * max(0, width - span - 2), self.DIM),
        )


class StartScreen(Screen[None]):
    """The workbench's first frame, drawn before the workbench is imported."""

    DEFAULT_CSS = """
    StartScreen > #start-line { height: 1; padding: 0 1; background: $panel; color: $text-muted; }
    StartScreen > #start-transcript { height: 1fr; }
    StartScreen > TextArea {
        height: auto;
        min-height: 3;
        max-height: 10;
        border: tall $border;
    }
    """
    # Shown in the footer only, as the workbench shows them: no key reaches this
    # screen (the app holds them for the workbench), so none of them runs here.
    BINDINGS = [*SESSION_KEYS, *WORKBENCH_KEYS]

    class Ready(Message):
        """The screen is up, showing the keys held so far: the workbench may be loaded."""

    def __init__(
        self, early_keys: EarlyKeys, *, new_session: tuple[str, str] | None = None, prompt: bool = True
    ) -> None:
        """`early_keys`: the keys the app holds for the workbench; those held already are shown at mount.

        `new_session`: (model, host) of the session the start opens, when it is known
        to open a new one. `prompt`: whether the workbench will have a prompt to hand
        the keys to; without one, what is typed is not shown as if it were taken.
        """
        super().__init__()
        self._early_keys = early_keys
        self._new_session = new_session
        self._prompt = prompt
        self._showing = False

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # As the workbench's footer shows them for a new session: no Stop, Retry or Go on.
        return action not in SESSION_ACTIONS

    def compose(self) -> ComposeResult:
        if self._new_session is None:  # sessions to reopen, or a model still to pick: none named yet
            yield TabRow(None)
            yield Static(id="start-line")
        else:
            model, host = self._new_session
            yield TabRow(Content.assemble(("1 ", "bold"), f"new · {model}"))
            yield Static(Content(f"{model} @ {host}"), id="start-line")
        yield Static(id="start-transcript")
        if self._prompt:
            yield TextArea(soft_wrap=True, placeholder=PROMPT_PLACEHOLDER, compact=False)
        yield Footer(compact=True)

    def on_mount(self) -> None:
        if self._prompt:
            self.query_one(TextArea).focus()
        self._showing = self._prompt
        for event in self._early_keys.held:  # typed before the first frame
            self.preview(event)
        self.post_message(self.Ready())

    def preview(self, event: events.Event) -> None:
        """Show the effect of a key or paste the workbench's prompt will be handed.

        Before the screen is mounted, nothing: it shows the held keys when it is.
        Nor without a prompt.
        """
        if not self._showing:
            return
        prompt = self.query_one(TextArea)
        if isinstance(event, events.Paste):
            prompt.insert(event.text)
        elif not isinstance(event, events.Key):
            return
        elif event.key == "enter":
            prompt.clear()  # sent, once the workbench is there
        elif event.key in NEW_LINE_KEYS:
            prompt.insert("\n")
        elif event.key in TYPED_LINE_KEYS:
            on_typed_line(prompt, event.key)
        elif (action := PREVIEW_ACTIONS.get(event.key)) is not None:
            getattr(prompt, f"action_{action}")()
        elif event.is_printable and event.character is not None:
            prompt.insert(event.character)
