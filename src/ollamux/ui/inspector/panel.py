"""The options inspector: one session's settings and model options, edited in place.

A side panel (a `-wide` class takes the whole width on small terminals). The top
names the model and host; "Settings" holds the system prompt, think, format and
keep_alive (`inspector_settings`); "Options" has one row per option the host's API
takes (`inspector_rows`): its type, the server's default, the model's own value from
`/api/show` and this session's override. Only valid overrides reach
`session.options`, typed as JSON wants them; every applied change posts
`Inspector.Changed` so the app can save the session, and applies to the next
request. Overrides the server would ignore (an imported session's removed options)
are listed apart, dim: `wire_options` never sends them.

Details may arrive after the panel is shown: `set_details()` fills the model's
values in. Everything from the server is shown as plain text, never markup.
"""

from __future__ import annotations

from typing import Any

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Input, Static, TextArea

from ollamux.api.capabilities import OLLAMA, Capabilities
from ollamux.api.models import ModelDetails
from ollamux.core.options import OptionValue, ignored_names, parse_parameters, specs_for
from ollamux.core.session import Session
from ollamux.core.text import strip_control
from ollamux.core.toolbox import Toolbox
from ollamux.ui.inspector.fields import FilterInput, matches
from ollamux.ui.inspector.rows import OptionRow
from ollamux.ui.inspector.session_tools import SessionTools
from ollamux.ui.inspector.settings import SETTING_IDS, Settings
from ollamux.ui.inspector.values import (
    DIALECT_TITLES,
    head,
    ignored_note,
    options_note,
    other_names,
    shown,
)
from ollamux.ui.tools import ToolsSection
from ollamux.ui.tools.section import KEYS as TOOLS_KEYS

KEYS_LINE = "ctrl+f find · ctrl+l reset · ctrl+b reset all"
# What the arrows do where the focus is: the last word of each line is the way out.
KEYS_IN_FILTER = "type a name · ↓ to the fields · esc clears"
KEYS_IN_BOX = "↑↓ past the first/last line or ctrl+↑↓ leave"
SETTING_NAMES = ("system prompt", "think", "format", "keep_alive")


class InspectorBody(VerticalScroll, inherit_bindings=False):
    """The scrolling form. Up and Down are not its to scroll with: they move between
    fields (the focused one scrolls into view); Page Up/Down still scroll."""

    BINDINGS = [
        Binding("pageup", "page_up", "Page up", show=False),
        Binding("pagedown", "page_down", "Page down", show=False),
    ]


class Inspector(Vertical):
    """Settings and options of one session. Focus it with `focus()`."""

    DEFAULT_CSS = """
    Inspector {
        width: 50; height: 1fr; border: round $primary-muted;
        border-title-color: $text-primary; border-title-style: bold; border-subtitle-color: $text-muted;
    }
    Inspector.-focus-within { border: round $primary; }
    Inspector.-wide { width: 100%; }
    Inspector > #inspector-head { height: auto; padding: 0 1; }
    Inspector > #inspector-head.-error { color: $text-error; }
    Inspector > #inspector-body {
        height: 1fr; padding: 0 1; scrollbar-gutter: stable; scrollbar-size-vertical: 1;
    }
    Inspector .heading { text-style: bold; color: $text-accent; margin-top: 1; }
    Inspector .note { color: $text-muted; margin-bottom: 1; }
    Inspector #inspector-extra { height: auto; }
    Inspector #inspector-extra > .heading { margin-top: 0; }
    Inspector #inspector-extra > .listing { color: $text-muted; padding-left: 2; }
    Inspector > #inspector-keys { dock: bottom; height: 1; padding: 0 1; color: $text-muted; }
    Inspector > #inspector-filter { margin: 0 1; }
    Inspector #inspector-no-match { color: $text-muted; display: none; }
    Inspector #inspector-no-match.-shown { display: block; }
    """

    BINDINGS = [
        # These are shown in the panel's own keys line, which follows the focus:
        # the app's footer at 80 columns has no room left for them.
        Binding("ctrl+l", "reset", "Reset", show=False),
        Binding("ctrl+b", "reset_all", "Reset all", tooltip="Reset every option to the model's own", show=False),
        Binding("ctrl+f", "find", "Filter options", tooltip="Filter the options by name", show=False),
        # Presets are the workbench's (they meet the session and its files there).
        Binding("alt+p", "screen.apply_preset", "Apply a preset", priority=True, show=False,
                tooltip="Apply a preset: pick one, see what it sets and what does not fit"),
        Binding("alt+w", "screen.save_preset", "Save as preset", priority=True, show=False,
                tooltip="Save this session's system prompt and settings as a preset"),
        Binding("down", "step_focus(1)", "Next field", show=False),
        Binding("up", "step_focus(-1)", "Previous field", show=False),
        # The way out of a multi-line box from any line of it (Up/Down leave at its edges).
        Binding("ctrl+down", "step_focus(1)", "Next field", show=False),
        Binding("ctrl+up", "step_focus(-1)", "Previous field", show=False),
    ]

    class Changed(Message):
        """`session` changed (`field`: an option name or a session attribute); save it."""

        def __init__(self, session: Session, field: str) -> None:
            super().__init__()
            self.session = session
            self.field = field

    def __init__(
        self,
        session: Session,
        *,
        capabilities: Capabilities = OLLAMA,
        details: ModelDetails | None = None,
        toolbox: Toolbox | None = None,
        id: str | None = "inspector",
        classes: str | None = None,
    ) -> None:
        super().__init__(id=id, classes=classes)
        self.session = session
        self.capabilities = capabilities
        self.dialect = capabilities.options
        self.details = details
        # The app's tools; None leaves the section out (tests of the options alone).
        self.toolbox = toolbox
        self.specs = specs_for(self.dialect)
        self._error = ""

    def compose(self) -> ComposeResult:
        yield Static(self._head(), id="inspector-head")
        yield FilterInput(placeholder="filter by name (ctrl+f)", compact=True, id="inspector-filter")
        with InspectorBody(id="inspector-body", can_focus=False):
            yield Static("Settings", classes="heading", id="inspector-settings-heading")
            yield Settings(self.session, capabilities=self.capabilities, details=self.details)
            if self.toolbox is not None:
                yield SessionTools(self.session, self.toolbox)
            yield Static("Options", classes="heading")
            yield Static(self._note(), classes="note")
            yield Static(id="inspector-no-match")
            model_values = self._model_values()
            for spec in self.specs:
                row = OptionRow(spec, self.session.options)
                row.set_model_value(model_values.get(spec.name), loading=self._loading)
                yield row
            yield Vertical(*self._extra(), id="inspector-extra")
        yield Static(KEYS_LINE, id="inspector-keys")

    def on_mount(self) -> None:
        self.border_title = "Inspector"
        self.border_subtitle = DIALECT_TITLES[self.dialect]
        self.watch(self.screen, "focused", self._light_border)

    def _light_border(self, focused: Widget | None) -> None:
        """The border lit while the focus is inside.

        A class set as the focus comes and goes, not `:focus-within`: with that
        pseudo-class Textual restyles every widget of the inspector at each focus
        move inside it, a tenth of a second of CPU for every arrow key.
        """
        self.set_class(focused is not None and self in focused.ancestors, "-focus-within")

    # -- what is shown -----------------------------------------------------

    @property
    def _loading(self) -> bool:
        return self.details is None and self.capabilities.model_admin and not self._error

    def _model_values(self) -> dict[str, OptionValue]:
        return parse_parameters(self.details.parameters) if self.details else {}

    def _note(self) -> str:
        return options_note(self.dialect, self.specs)

    def _head(self) -> Content:
        return head(self.session, self.details, loading=self._loading, error=self._error)

    def _extra(self) -> list[Widget]:
        """Overrides without a row: ignored ones (not sent), then others (sent as they are)."""
        options = self.session.options
        widgets: list[Widget] = []
        sections = (
            (ignored_names(options, self.dialect), "Ignored by the server", ignored_note(self.dialect)),
            (other_names(options, self.specs, self.dialect), "Other overrides", "Sent as they are."),
        )
        for names, title, note in sections:
            if not names:
                continue
            lines = [f"{strip_control(name)} = {shown(options[name])}" for name in names]
            widgets += [
                Static(title, classes="heading"),
                Static(Content("\n".join(lines)), classes="listing"),
                Static(f"{note} ctrl+b drops them.", classes="note"),
            ]
        return widgets

    def _show_extra(self) -> None:
        extra = self.query_one("#inspector-extra", Vertical)
        extra.remove_children()
        extra.mount_all(self._extra())

    def rows(self) -> list[OptionRow]:
        return list(self.query(OptionRow).results(OptionRow))

    def row(self, name: str) -> OptionRow:
        return self.query_one(f"#option-{name}", OptionRow)

    # -- API for the app ---------------------------------------------------

    def set_details(self, details: ModelDetails | None) -> None:
        """`/api/show` answered: show the model's own values and what it can do."""
        self.details, self._error = details, ""
        self._refresh_details()

    def set_details_error(self, message: str) -> None:
        """`/api/show` failed: say so where the details would be."""
        self._error = message
        self._refresh_details()

    def _refresh_details(self) -> None:
        if not self.is_mounted:
            return
        head = self.query_one("#inspector-head", Static)
        head.update(self._head())
        head.set_class(bool(self._error), "-error")
        self.query_one(Settings).set_details(self.details)
        for section in self.query(SessionTools):
            section.set_capabilities(self.details.capabilities if self.details else None)
        values = self._model_values()
        for row in self.rows():
            row.set_model_value(values.get(row.spec.name), loading=self._loading)

    def set_wide(self, wide: bool) -> None:
        """Take the whole width (small terminals) or go back to a side panel."""
        self.set_class(wide, "-wide")

    def focus(self, scroll_visible: bool = True) -> Inspector:
        """Focus the filter: typing a name at once narrows the form to it."""
        self.query_one(FilterInput).focus(scroll_visible)
        return self

    # -- finding a field ---------------------------------------------------

    def action_find(self) -> None:
        self.query_one(FilterInput).focus()

    @on(Input.Changed, "#inspector-filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        event.stop()
        self.filter(event.value)

    def filter(self, query: str) -> None:
        """Show only the options (and settings) whose names hold `query`."""
        query = query.strip()
        shown_rows = 0
        for row in self.rows():
            row.display = matches(row.spec.name, query)
            shown_rows += row.display
        settings = not query or any(matches(name, query) for name in SETTING_NAMES)
        self.query_one("#inspector-settings-heading").display = settings
        self.query_one(Settings).display = settings
        self.query_one("#inspector-extra").display = not query
        for section in self.query(SessionTools):
            section.display = not query
        no_match = self.query_one("#inspector-no-match", Static)
        no_match.update(Content(f"No option is named like {query!r}.") if not (shown_rows or settings) else "")
        no_match.set_class(not (shown_rows or settings), "-shown")
        self.query_one("#inspector-body").scroll_home(animate=False)

    @on(Input.Submitted, "#inspector-filter")
    def _filter_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.screen.focus_next()  # the first field left by the filter

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        keys = KEYS_LINE
        if isinstance(event.widget, FilterInput):
            keys = KEYS_IN_FILTER
        elif isinstance(event.widget, TextArea):
            keys = KEYS_IN_BOX
        elif isinstance(event.widget, ToolsSection):
            keys = TOOLS_KEYS
        self.query_one("#inspector-keys", Static).update(keys)

    # -- changes -----------------------------------------------------------

    def _changed(self, field: str) -> None:
        self.post_message(self.Changed(self.session, field))

    @on(OptionRow.Applied)
    def _row_applied(self, event: OptionRow.Applied) -> None:
        event.stop()
        self._changed(event.row.spec.name)

    @on(ToolsSection.Toggled)
    def _tool_toggled(self, event: ToolsSection.Toggled) -> None:
        event.stop()
        self._changed("tools")

    @on(Settings.Applied)
    def _setting_applied(self, event: Settings.Applied) -> None:
        event.stop()
        self._changed(event.field)

    def action_reset(self) -> None:
        """ctrl+l: the focused option or setting back to the model's (no override)."""
        node: Any = self.screen.focused
        while node is not None and node is not self:
            if isinstance(node, OptionRow):
                if node.reset():
                    self._changed(node.spec.name)
                return
            if node.id in SETTING_IDS:
                self.query_one(Settings).reset(node.id)
                return
            node = node.parent

    def action_reset_all(self) -> None:
        """ctrl+b: drop every option override, ignored ones too; settings stay."""
        had = bool(self.session.options)
        for row in self.rows():
            row.reset()
        self.session.options.clear()
        self._show_extra()
        if had:
            self._changed("options")

    def action_step_focus(self, step: int) -> None:
        if step > 0:
            self.screen.focus_next()
        else:
            self.screen.focus_previous()
