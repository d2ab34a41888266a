"""The preset picker: type to filter, a preview of the highlighted preset, Enter picks.

Presets are read from their files each time the picker opens (a file edited a
minute ago counts), off the event loop. A bad file is named with its reason, and
the others are listed all the same. The preview says what the preset sets and,
for a session, what of it that session's backend does not take; the host's model
list arrives later (a slow host must not hold the picker up), and the preview
follows.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from ollamux.api.capabilities import Capabilities
from ollamux.config import display_path
from ollamux.core.preset_apply import Known, misfits
from ollamux.core.presets import Preset, load_presets
from ollamux.core.text import strip_control
from ollamux.ui.presets.preview import preset_row, preview
from ollamux.ui.shared import LineInput

# What the new-session flow's "no preset" row returns; Escape returns None.
NO_PRESET = Preset("No preset")


class PresetList(OptionList, can_focus=False):
    """The rows. Never focused: typing always goes to the filter."""


class PresetPicker(ModalScreen[Preset | None]):
    """Pick a preset: dismisses with it, `NO_PRESET` (when offered), or None on Escape."""

    DEFAULT_CSS = """
    PresetPicker { align: center middle; }
    #preset-box {
        width: 98%; max-width: 110; height: 90%; max-height: 40;
        border: round $primary; border-title-color: $text-primary; border-title-style: bold;
        background: $surface; padding: 0 1;
    }
    #preset-filter { margin-bottom: 1; }
    #preset-main { height: 1fr; }
    #preset-list {
        width: 28; height: 1fr; border: none; padding: 0; background: $surface;
        & > .option-list--option-highlighted {
            color: $block-cursor-foreground; background: $block-cursor-background;
            text-style: $block-cursor-text-style;
        }
    }
    #preset-preview-box { width: 1fr; height: 1fr; padding-left: 2; scrollbar-size-vertical: 1; }
    #preset-problems { height: auto; max-height: 3; color: $text-warning; display: none; }
    #preset-problems.-shown { display: block; }
    #preset-keys { height: 1; color: $text-muted; }
    """

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", show=False),
        Binding("up", "move('cursor_up')", "Up", show=False, priority=True),
        Binding("down", "move('cursor_down')", "Down", show=False, priority=True),
        Binding("pageup", "move('page_up')", "Page up", show=False, priority=True),
        Binding("pagedown", "move('page_down')", "Page down", show=False, priority=True),
    ]

    def __init__(
        self,
        user_dir: Path,
        *,
        title: str = "Apply a preset",
        capabilities: Capabilities | None = None,
        host: str = "",
        model: str = "",
        look_up: Callable[[], Awaitable[Known]] | None = None,
        offer_none: bool = False,
    ) -> None:
        """`capabilities`, `host` and `model`: the session's, to say what does not fit
        (None: no session yet); `look_up` asks its host what it has and what the model
        can do. `offer_none` puts "No preset" first (the new-session flow)."""
        super().__init__()
        self._user_dir = user_dir
        self._title = title
        self._capabilities = capabilities
        self._host = host
        self._model = model
        self._look_up = look_up
        # What the host said, once it has (None until then).
        self.known: Known | None = None
        self._offer_none = offer_none
        self._presets: list[Preset] = []
        self._shown: list[Preset] = []

    def compose(self) -> ComposeResult:
        with Vertical(id="preset-box") as box:
            box.border_title = Content(strip_control(self._title))
            yield LineInput(placeholder="Type to filter presets", compact=True, id="preset-filter")
            with Horizontal(id="preset-main"):
                yield PresetList(id="preset-list")
                with VerticalScroll(id="preset-preview-box", can_focus=False):
                    yield Static(id="preset-preview")
            yield Static(id="preset-problems")
            yield Static(self._keys(), id="preset-keys")

    @staticmethod
    def _keys() -> Content:
        parts: list[str | tuple[str, str]] = []
        for key, action in (("↑↓", "move"), ("enter", "pick"), ("esc", "cancel")):
            parts += [(key, "bold $text-accent"), f" {action}   "]
        return Content.assemble(*parts)

    def on_mount(self) -> None:
        self.run_worker(self._load(), group="presets")
        if self._look_up is not None:
            self.run_worker(self._ask_host(), group="presets-host")

    async def _load(self) -> None:
        self._presets, problems = await asyncio.to_thread(load_presets, self._user_dir)
        for problem in problems:
            self.notify(problem, title="Presets", severity="warning", timeout=15, markup=False)
        if problems:
            line = self.query_one("#preset-problems", Static)
            count = f"{len(problems)} files skipped, the first: " if len(problems) > 1 else ""
            line.update(Content(strip_control(count + problems[0])))
            line.add_class("-shown")
        self._rebuild()

    async def _ask_host(self) -> None:
        assert self._look_up is not None
        self.known = await self._look_up()
        self._show_preview()

    # -- rows and preview -------------------------------------------------

    def _rebuild(self) -> None:
        query = self.query_one("#preset-filter", Input).value.strip().casefold()
        self._shown = [p for p in self._presets
                       if query in p.name.casefold() or query in p.description.casefold()]
        if self._offer_none and not query:
            self._shown.insert(0, NO_PRESET)
        options = [Option(preset_row(p) if p is not NO_PRESET else Content.styled("No preset", "italic"))
                   for p in self._shown]
        if not options:
            words = f"No preset matches {query!r}" if query else "No presets yet"
            options.append(Option(Content.styled(strip_control(words), "$text-muted"), disabled=True))
        listing = self.query_one(PresetList)
        listing.set_options(options)
        listing.highlighted = 0 if self._shown else None
        self._show_preview()

    def _highlighted(self) -> Preset | None:
        index = self.query_one(PresetList).highlighted
        return self._shown[index] if index is not None and index < len(self._shown) else None

    def _show_preview(self) -> None:
        preset = self._highlighted()
        text = Content("")
        if preset is NO_PRESET:
            text = Content.styled("The session starts with the model's own settings.", "$text-muted")
        elif preset is not None:
            unfit = None
            if self._capabilities is not None:
                unfit = misfits(preset, self._capabilities, self._host, self.known or Known(), self._model)
            where = f"shipped with ollamux; yours go in {display_path(self._user_dir)}"
            if not preset.shipped and preset.path is not None:
                where = display_path(preset.path)
            text = preview(preset, unfit, where)
        self.query_one("#preset-preview", Static).update(text)

    # -- keys and events --------------------------------------------------

    @on(Input.Changed, "#preset-filter")
    def _filter(self) -> None:
        self._rebuild()

    @on(Input.Submitted, "#preset-filter")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_pick()

    @on(OptionList.OptionHighlighted)
    def _moved(self) -> None:
        self._show_preview()

    @on(OptionList.OptionSelected)
    def _clicked(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_pick()

    def action_move(self, action: str) -> None:
        getattr(self.query_one(PresetList), f"action_{action}")()

    def action_pick(self) -> None:
        if (preset := self._highlighted()) is not None:
            self.dismiss(preset)

    def action_cancel(self) -> None:
        self.dismiss(None)
