"""The inspector's settings: system prompt, think, format and keep_alive.

Each applies on every change, checked as the server checks it; an invalid value
shows the server's wording in red under its editor and leaves the session alone.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from textual import events, on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Input, Select, Static, TextArea

from ollamux.api.capabilities import Capabilities
from ollamux.api.models import ModelDetails
from ollamux.core.options import (
    OptionError,
    think_choices,
    think_label,
    validate_format,
    validate_keep_alive,
)
from ollamux.core.session import Session
from ollamux.core.text import strip_control
from ollamux.ui.inspector.fields import FieldArea, FieldSelect
from ollamux.ui.inspector.rows import EchoGuard, show_error
from ollamux.ui.shared import LineInput

NO_THINKING = "this model does not think"
SETTING_IDS = ("inspector-system", "inspector-think", "inspector-format", "inspector-keep-alive")


def format_text(value: str | dict[str, Any] | None) -> str:
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    return value or ""


def keep_alive_text(value: str | int | float | None) -> str:
    """Numbers are seconds; shown with their unit so that the text validates."""
    if value is None:
        return ""
    return f"{json.dumps(value)}s" if isinstance(value, (int, float)) else value


class Settings(Vertical):
    """The top section of the inspector, for one session."""

    DEFAULT_CSS = """
    Settings { height: auto; }
    Settings .set-head { height: auto; }
    Settings .set-name { width: 19; height: 1; }
    Settings .set-edit { width: 1fr; }
    Settings #inspector-system { height: auto; min-height: 2; max-height: 8; margin-bottom: 1; padding: 0; }
    Settings .set-info { color: $text-muted; padding-left: 2; }
    Settings .set-error { color: $text-error; padding-left: 2; display: none; }
    Settings .set-error.-shown { display: block; }
    Settings .set-gap { height: 1; }
    Settings .set-head:focus-within, Settings #inspector-system:focus { background: $primary 30%; }
    Settings #inspector-think-box { height: auto; margin-bottom: 1; }
    Settings #inspector-no-think { color: $text-muted; }
    """

    class Applied(Message):
        """A valid change went into the session; `field` is the session attribute."""

        def __init__(self, field: str) -> None:
            super().__init__()
            self.field = field

    def __init__(self, session: Session, *, capabilities: Capabilities, details: ModelDetails | None) -> None:
        super().__init__(id="inspector-settings")
        self.session = session
        self.capabilities = capabilities
        self.details = details
        self._guard = EchoGuard()
        self._before: dict[str, Any] = {}  # values from before the edits under way

    def compose(self) -> ComposeResult:
        session = self.session
        yield Static("system prompt", classes="set-name")
        yield FieldArea(session.system_prompt, compact=True, placeholder=self._system_placeholder(),
                       highlight_cursor_line=False, id="inspector-system")
        if self._thinks_by_details:
            yield Vertical(id="inspector-think-box")
        yield from self._text_setting(
            "format", format_text(session.format), "none", "empty, json, or a JSON schema object", "inspector-format"
        )
        if self.capabilities.keep_alive:
            yield Static(classes="set-gap")
            yield from self._text_setting(
                "keep_alive", keep_alive_text(session.keep_alive), "5m  (server)",
                "10m, 1h30m, 0 unloads, negative keeps loaded", "inspector-keep-alive",
            )

    def _text_setting(self, name: str, value: str, placeholder: str, info: str, id: str) -> ComposeResult:
        """A one-line setting: its name and editor, what it takes, and room for an error."""
        self._guard.expect(name, value)
        with Horizontal(classes="set-head"):
            yield Static(name, classes="set-name")
            yield LineInput(value, placeholder=placeholder, compact=True, select_on_focus=False,
                        classes="set-edit", id=id)
        yield Static(info, classes="set-info")
        yield Static(classes="set-error", id=f"{id}-error")

    def on_mount(self) -> None:
        self._show_think()

    def _system_placeholder(self) -> Content:
        own = self.details.system if self.details else ""
        if own:
            return Content(strip_control(f"model's own: {' '.join(own.split())}"))
        return Content("none")

    def set_details(self, details: ModelDetails | None) -> None:
        self.details = details
        self.query_one("#inspector-system", TextArea).placeholder = self._system_placeholder()
        self._show_think()

    @property
    def _thinks_by_details(self) -> bool:
        """Think is a setting where the model's details say how it thinks; elsewhere
        (an OpenAI-compatible API) it is the reasoning_effort option."""
        return self.capabilities.model_admin

    def _show_think(self) -> None:
        if not self._thinks_by_details:
            return
        box = self.query_one("#inspector-think-box", Vertical)
        box.remove_children()
        if self.details is None:
            loading = Static(Content.styled("…", "$text-muted"), classes="set-edit")
            box.mount(Horizontal(Static("think", classes="set-name"), loading, classes="set-head"))
            return
        choices = think_choices(self.details.capabilities)
        if not choices:
            note = NO_THINKING
            if self.session.think not in (None, False):
                note += f" (think {think_label(self.session.think)} is set: ctrl+l clears it)"
            box.mount(Static(Content(note), id="inspector-no-think"))
            return
        labels = [think_label(choice) for choice in choices]
        current = think_label(self.session.think)
        select = FieldSelect([(label, label) for label in labels], allow_blank=False, compact=True,
                        value=current if current in labels else labels[0],
                        classes="set-edit", id="inspector-think")
        row = Horizontal(Static("think", classes="set-name"), select, classes="set-head")
        box.mount(row)

    # -- changes -----------------------------------------------------------

    @on(TextArea.Changed, "#inspector-system")
    def _system_changed(self, event: TextArea.Changed) -> None:
        event.stop()
        if event.text_area.text != self.session.system_prompt:
            self.session.system_prompt = event.text_area.text
            self.post_message(self.Applied("system_prompt"))

    @on(Select.Changed, "#inspector-think")
    def _think_changed(self, event: Select.Changed) -> None:
        event.stop()
        choices = think_choices(self.details.capabilities if self.details else ())
        if event.value is Select.NULL:
            return
        value = {think_label(choice): choice for choice in choices}.get(str(event.value))
        if value != self.session.think or type(value) is not type(self.session.think):
            self.session.think = value
            self.post_message(self.Applied("think"))

    @on(Input.Changed, "#inspector-format")
    def _format_changed(self, event: Input.Changed) -> None:
        event.stop()
        if not self._guard.is_echo("format", event.value):
            self.apply_format(event.value)

    @on(Input.Changed, "#inspector-keep-alive")
    def _keep_alive_changed(self, event: Input.Changed) -> None:
        event.stop()
        if not self._guard.is_echo("keep_alive", event.value):
            self.apply_keep_alive(event.value)

    def apply_format(self, text: str) -> None:
        self._apply("format", validate_format, text)

    def apply_keep_alive(self, text: str) -> None:
        self._apply("keep_alive", validate_keep_alive, text)

    def _apply(self, field: str, validate: Callable[[str], Any], text: str) -> None:
        """Valid text applies; invalid text shows why and falls back to the value from
        before this edit, until a valid one is committed (Enter or leaving the field)."""
        error = self.query_one(f"#inspector-{field.replace('_', '-')}-error", Static)
        self._before.setdefault(field, getattr(self.session, field))
        try:
            value = validate(text)
        except OptionError as e:
            show_error(error, self._wording(e))
            value = self._before[field]
        else:
            show_error(error, "")
        old = getattr(self.session, field)
        if value != old or type(value) is not type(old):
            setattr(self.session, field, value)
            self.post_message(self.Applied(field))

    @staticmethod
    def _wording(error: OptionError) -> str:
        # Only a duration can be typed here: "or the number 3600" is for the API.
        hint = error.hint.split(" or the number ")[0]
        return f"{error.message} ({hint})" if hint else error.message

    def _commit(self, widget: Widget | None) -> None:
        if widget is None or widget.id not in ("inspector-format", "inspector-keep-alive"):
            return
        error = self.query_one(f"#{widget.id}-error", Static)
        if not error.has_class("-shown"):
            self._before.pop(widget.id.removeprefix("inspector-").replace("-", "_"), None)

    def on_descendant_blur(self, event: events.DescendantBlur) -> None:
        self._commit(event.widget)

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._commit(event.input)

    def reset(self, setting_id: str) -> None:
        """ctrl+l on a setting: back to the model's or the server's own."""
        if setting_id == "inspector-system":
            self.query_one("#inspector-system", TextArea).text = ""
        elif setting_id == "inspector-think":
            select = next(iter(self.query("#inspector-think").results(Select)), None)
            if self.session.think is not None:
                self.session.think = None
                self.post_message(self.Applied("think"))
            if select is not None:
                select.value = think_label(None)  # its change event finds nothing to apply
            else:
                self._show_think()
        elif setting_id in ("inspector-format", "inspector-keep-alive"):
            self._before.pop(setting_id.removeprefix("inspector-").replace("-", "_"), None)
            self.query_one(f"#{setting_id}", Input).value = ""
