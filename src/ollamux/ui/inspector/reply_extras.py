"""The inspector's reply extras: logprobs, top_logprobs, truncate and shift (Ollama's API).

Each applies to the session's next request as it changes and is saved with the session;
"default" sends nothing, so the server's own behaviour holds (no logprobs; history
trimmed and the context shifted to fit).
"""

from __future__ import annotations

from dataclasses import replace

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Input, Select, Static

from ollamux.api.reply_extras import ReplyExtras
from ollamux.core.session import Session
from ollamux.ui.inspector.fields import FieldSelect
from ollamux.ui.inspector.rows import EchoGuard, show_error
from ollamux.ui.shared import LineInput

FLAG_LABELS: dict[bool | None, str] = {None: "default", True: "on", False: "off"}
NOTE = ("logprobs: each token's probability (palette: Token probabilities of the last reply). "
        "truncate / shift off: a history longer than the context is an error, not trimmed.")


def top_logprobs_value(text: str) -> int | None:
    """Empty is none; else a whole number the server takes (ValueError in its words)."""
    text = text.strip()
    if not text:
        return None
    value = int(text) if text.isdigit() else -1
    ReplyExtras(top_logprobs=value)  # raises with the server's wording when out of range
    return value


class ReplyExtrasSection(Vertical):
    """Four small settings under their heading, for one session."""

    DEFAULT_CSS = """
    ReplyExtrasSection { height: auto; }
    ReplyExtrasSection .set-head { height: 1; }
    ReplyExtrasSection .set-name { width: 19; height: 1; }
    ReplyExtrasSection .set-edit { width: 1fr; }
    ReplyExtrasSection .set-head:focus-within { background: $primary 30%; }
    ReplyExtrasSection .set-error { color: $text-error; padding-left: 2; display: none; }
    ReplyExtrasSection .set-error.-shown { display: block; }
    """

    class Applied(Message):
        """The session's extras changed: save it."""

    def __init__(self, session: Session) -> None:
        super().__init__(id="inspector-reply-extras")
        self.session = session
        self._guard = EchoGuard()

    def compose(self) -> ComposeResult:
        extras = self.session.extras
        yield Static("Reply extras", classes="heading")
        yield self._choice("logprobs", {False: "off", True: "on"}, extras.logprobs)
        top = "" if extras.top_logprobs is None else str(extras.top_logprobs)
        self._guard.expect("top_logprobs", top)
        yield Horizontal(Static("top_logprobs", classes="set-name"),
                         LineInput(top, placeholder="0  (0–20)", compact=True,
                                   select_on_focus=False, classes="set-edit", id="inspector-top-logprobs"),
                         classes="set-head")
        yield Static(classes="set-error", id="inspector-top-logprobs-error")
        yield self._choice("truncate", FLAG_LABELS, extras.truncate)
        yield self._choice("shift", FLAG_LABELS, extras.shift)
        yield Static(NOTE, classes="note")

    @staticmethod
    def _choice(name: str, labels: dict[bool | None, str], value: bool | None) -> Horizontal:
        select = FieldSelect([(label, label) for label in labels.values()], allow_blank=False, compact=True,
                             value=labels[value], classes="set-edit", id=f"inspector-{name}")
        return Horizontal(Static(name, classes="set-name"), select, classes="set-head")

    def _set(self, **changes: object) -> None:
        extras = replace(self.session.extras, **changes)  # type: ignore[arg-type]
        if extras != self.session.extras:
            self.session.extras = extras
            self.post_message(self.Applied())

    @on(Select.Changed)
    def _choice_changed(self, event: Select.Changed) -> None:
        event.stop()
        name = (event.select.id or "").removeprefix("inspector-")
        labels = {label: value for value, label in FLAG_LABELS.items()}
        if name in ("logprobs", "truncate", "shift") and event.value is not Select.NULL:
            value = labels.get(str(event.value))
            self._set(**{name: bool(value) if name == "logprobs" else value})

    @on(Input.Changed, "#inspector-top-logprobs")
    def _top_changed(self, event: Input.Changed) -> None:
        event.stop()
        if self._guard.is_echo("top_logprobs", event.value):
            return
        error = self.query_one("#inspector-top-logprobs-error", Static)
        try:
            value = top_logprobs_value(event.value)
        except ValueError as problem:
            show_error(error, str(problem))
            return
        show_error(error, "")
        self._set(top_logprobs=value)

    @on(Input.Submitted, "#inspector-top-logprobs")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
