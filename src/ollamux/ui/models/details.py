"""A model's details in a modal: what `/api/show` says, scrollable, Escape closes.

The details are fetched by the screen itself, so it opens at once and a slow
server shows "loading…" rather than a frozen panel. Everything in it comes from
the server and is shown as plain text.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from ollamux.api.errors import ApiError
from ollamux.api.models import ModelDetails
from ollamux.core.text import strip_control

Loader = Callable[[], Awaitable[ModelDetails]]


def _text(value: str) -> Content:
    return Content(strip_control(value.replace("\t", "    ")).rstrip())


def facts(details: ModelDetails) -> Content:
    """The short facts, one per line, labels aligned."""
    context = details.context_length
    rows = [
        ("Family", details.family),
        ("Parameters", details.parameter_size),
        ("Quantisation", details.quantization),
        ("Context", f"{context:,} tokens (trained)" if context else ""),
        ("Capabilities", ", ".join(details.capabilities)),
    ]
    lines = [
        Content.assemble((f"{label:<13}", "$foreground-muted"), strip_control(value) or "—")
        for label, value in rows
    ]
    return Content("\n").join(lines)


class ModelDetailsScreen(ModalScreen[None]):
    """Details of one model on one host."""

    DEFAULT_CSS = """
    ModelDetailsScreen { align: center middle; }
    #details-box {
        width: 96%; max-width: 100; height: 90%;
        border: round $primary; border-title-color: $text-primary; border-title-style: bold;
        border-subtitle-color: $text-muted; background: $surface; padding: 0 1;
    }
    #details-box > .heading { text-style: bold; color: $text-accent; margin-top: 1; }
    #details-box > .block { color: $foreground; padding-left: 2; }
    #details-box > .error { color: $text-error; }
    """

    BINDINGS = [
        Binding("escape,q", "close", "Close"),
        Binding("up", "scroll('up')", "Up", show=False),
        Binding("down", "scroll('down')", "Down", show=False),
        Binding("pageup", "scroll('page_up')", "Page up", show=False),
        Binding("pagedown", "scroll('page_down')", "Page down", show=False),
        Binding("home", "scroll('home')", "Top", show=False),
        Binding("end", "scroll('end')", "Bottom", show=False),
    ]

    def __init__(self, host: str, model: str, loader: Loader) -> None:
        super().__init__()
        self.host = host
        self.model = model
        self._loader = loader
        self.details: ModelDetails | None = None

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="details-box") as box:
            box.border_title = Content(strip_control(self.model))
            box.border_subtitle = Content(strip_control(self.host) + " · Escape closes")
            yield Static(Content.styled("loading…", "italic $foreground-muted"), id="details-loading")

    def on_mount(self) -> None:
        self.run_worker(self._load(), exclusive=True)

    async def _load(self) -> None:
        box = self.query_one("#details-box", VerticalScroll)
        try:
            details = await self._loader()
        except ApiError as error:
            await box.remove_children()
            await box.mount(Static(Content(error.message), classes="error"))
            if error.hint:
                await box.mount(Static(Content(error.hint)))
            return
        self.details = details
        await box.remove_children()
        await box.mount_all(self._sections(details))

    def _sections(self, details: ModelDetails) -> list[Static]:
        widgets = [Static(facts(details), id="details-facts")]
        for title, value, widget_id in (
            ("Modelfile parameters", details.parameters, "details-parameters"),
            ("System prompt", details.system, "details-system"),
            ("Template", details.template, "details-template"),
            ("License", details.license, "details-license"),
        ):
            widgets.append(Static(title, classes="heading"))
            body = _text(value) if value.strip() else Content.styled("none", "italic $foreground-muted")
            widgets.append(Static(body, classes="block", id=widget_id))
        return widgets

    def action_scroll(self, how: str) -> None:
        box = self.query_one("#details-box", VerticalScroll)
        getattr(box, f"scroll_{how}")(animate=False)

    def action_close(self) -> None:
        self.dismiss(None)
