"""One option of the inspector: name, type, defaults, and an editor for the override.

The row validates what is typed as the server would (`validate_option`) and writes
only valid values into the session's `options`; an invalid value shows its error in
red under the editor and leaves the session as it was. Empty means "no override".
"""

from __future__ import annotations

from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Input, Static, TextArea

from ollamux.core.options import OptionError, OptionSpec, OptionValue, validate_option
from ollamux.ui.inspector.fields import FieldArea
from ollamux.ui.inspector.values import edit_text, info_line, placeholder
from ollamux.ui.shared import LineInput

RELOAD_MARK = "↻"

_MISSING = object()
_UNSET = object()


class EchoGuard:
    """Editors report text set by the program as a change; skip exactly that echo."""

    def __init__(self) -> None:
        self._echo: dict[str, str] = {}

    def expect(self, key: str, text: str) -> None:
        self._echo[key] = text

    def is_echo(self, key: str, text: str) -> bool:
        return self._echo.pop(key, None) == text


def show_error(widget: Static, error: str) -> None:
    widget.update(Content(error))
    widget.set_class(bool(error), "-shown")


class OptionRow(Vertical):
    """Name and editor on one line, then a dim line of facts, then any error."""

    DEFAULT_CSS = """
    OptionRow { height: auto; margin-bottom: 1; }
    OptionRow:focus-within { background: $primary 30%; }
    OptionRow > .row-head { height: auto; }
    OptionRow .row-name { width: 19; height: 1; }
    OptionRow.-set .row-name { color: $text-accent; text-style: bold; }
    OptionRow .row-edit { width: 1fr; }
    OptionRow TextArea.row-edit { height: auto; min-height: 1; max-height: 5; padding: 0; }
    OptionRow > .row-info { color: $text-muted; padding-left: 2; }
    OptionRow > .row-error { color: $text-error; padding-left: 2; display: none; }
    OptionRow > .row-error.-shown { display: block; }
    """

    class Applied(Message):
        """A valid change went into the session's options."""

        def __init__(self, row: OptionRow) -> None:
            super().__init__()
            self.row = row

    def __init__(self, spec: OptionSpec, options: dict[str, Any]) -> None:
        super().__init__(id=f"option-{spec.name}", classes="option-row")
        self.spec = spec
        self._options = options  # the session's dict, edited in place
        self._model_value: OptionValue | None = None
        self._loading = False
        self._guard = EchoGuard()
        self.error = ""
        self._before: Any = _UNSET  # the value before the edit under way

    def compose(self) -> ComposeResult:
        spec, value = self.spec, self._options.get(self.spec.name)
        name = Content(spec.name)
        if spec.reloads_model:
            name = Content.assemble(name, " ", (RELOAD_MARK, "$text-warning"))
        text = edit_text(value)
        editor: Widget
        if spec.kind == "list[str]":
            editor = FieldArea(text, compact=True, placeholder=self._placeholder(), classes="row-edit",
                              highlight_cursor_line=False, id=f"edit-{spec.name}")
        else:
            if text:  # an Input reports its first value as a change; a TextArea does not
                self._guard.expect("edit", text)
            editor = LineInput(text, placeholder=self._placeholder(), compact=True, classes="row-edit",
                           id=f"edit-{spec.name}", select_on_focus=False)
        editor.tooltip = spec.help or None
        with Horizontal(classes="row-head"):
            yield Static(name, classes="row-name")
            yield editor
        yield Static(self._info(), classes="row-info")
        yield Static(classes="row-error")

    def on_mount(self) -> None:
        self.set_class(self.spec.name in self._options, "-set")

    # -- what is shown -----------------------------------------------------

    def _placeholder(self) -> str:
        return "…" if self._loading else placeholder(self.spec, self._model_value)

    def _info(self) -> Content:
        line = info_line(self.spec, self._model_value, loading=self._loading)
        if self.spec.reloads_model:
            return Content.assemble((f"{RELOAD_MARK} reloads model", "$text-warning"), " · ", line)
        return Content(line)

    def set_model_value(self, value: OptionValue | None, *, loading: bool = False) -> None:
        """The model's own value (from `/api/show`), shown as the effective value."""
        self._model_value, self._loading = value, loading
        if not self.is_mounted:
            return
        self.query_one(".row-info", Static).update(self._info())
        editor = self.editor
        editor.placeholder = self._placeholder()  # type: ignore[union-attr]

    @property
    def editor(self) -> Input | TextArea:
        return self.query_one(".row-edit")  # type: ignore[return-value]

    @property
    def text(self) -> str:
        editor = self.editor
        return editor.text if isinstance(editor, TextArea) else editor.value

    # -- changes -----------------------------------------------------------

    @on(Input.Changed, ".row-edit")
    @on(TextArea.Changed, ".row-edit")
    def _edited(self, event: Input.Changed | TextArea.Changed) -> None:
        event.stop()
        text = event.value if isinstance(event, Input.Changed) else event.text_area.text
        if self._guard.is_echo("edit", text):
            return
        self.apply_text(text)

    def apply_text(self, text: str) -> bool:
        """Validate and apply; True if the session's options changed.

        While the text is invalid the session holds the value from before this edit
        (typing "4k" must not leave num_ctx at 4), until a valid value is committed.
        """
        name = self.spec.name
        if self._before is _UNSET:
            self._before = self._options.get(name, _MISSING)
        try:
            value: Any = validate_option(self.spec, text)
        except OptionError as error:
            self._set_error(str(error))
            value = self._before
        else:
            self._set_error("")
        before = self._options.get(name, _MISSING)
        if value is None or value is _MISSING:
            self._options.pop(name, None)
        else:
            self._options[name] = value
        after = self._options.get(name, _MISSING)
        self.set_class(after is not _MISSING, "-set")
        changed = before is not after and (type(before) is not type(after) or before != after)
        if changed:
            self.post_message(self.Applied(self))
        return changed

    def commit(self) -> None:
        """Leaving the editor (or Enter) with valid text makes it the value to fall back to."""
        if not self.error:
            self._before = _UNSET

    def on_descendant_blur(self) -> None:
        self.commit()

    @on(Input.Submitted, ".row-edit")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.commit()

    def _set_error(self, error: str) -> None:
        self.error = error
        if self.is_mounted:
            show_error(self.query_one(".row-error", Static), error)

    def reset(self) -> bool:
        """Back to the model's value: no override. True if there was one."""
        had = self._options.pop(self.spec.name, _MISSING) is not _MISSING
        self._set_error("")
        self._before = _UNSET
        self.set_class(False, "-set")
        if self.text:  # the editor's change event then finds nothing to apply
            editor = self.editor
            if isinstance(editor, TextArea):
                editor.text = ""
            else:
                editor.value = ""
        return had
