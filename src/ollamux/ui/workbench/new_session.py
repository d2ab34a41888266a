"""ctrl+n: the model picker, with Tab to start the new session from a preset.

No preset stays the default: Enter on a model opens it exactly as before.
"""

from __future__ import annotations

from textual.binding import Binding
from textual.content import Content
from textual.widgets import Static

from ollamux.api.clients import ClientPool
from ollamux.config import presets_dir
from ollamux.core.presets import Preset
from ollamux.core.text import strip_control
from ollamux.ui.models.picker import ModelPicker
from ollamux.ui.presets import NO_PRESET, PresetPicker


class NewSessionPicker(ModelPicker):
    """Pick a model for a new session; `preset` is what Tab chose (None: no preset)."""

    BINDINGS = [Binding("tab", "choose_preset", "Preset", show=False, priority=True)]

    def __init__(self, pool: ClientPool) -> None:
        super().__init__(pool)
        self.preset: Preset | None = None

    def keys_line(self) -> Content:
        name = strip_control(self.preset.name) if self.preset is not None else "none"
        return Content.assemble(super().keys_line(), ("tab", "bold $text-accent"), " preset: ",
                                (name, "bold" if self.preset is not None else "$text-muted"))

    def action_choose_preset(self) -> None:
        # Pushed at once (not from a worker): a filter typed right after Tab lands in it.
        picker = PresetPicker(presets_dir(), title="Start the new session from a preset", offer_none=True)
        self.app.push_screen(picker, self._chosen)

    def _chosen(self, chosen: Preset | None) -> None:
        if chosen is not None:
            self.preset = None if chosen is NO_PRESET else chosen
            self.query_one("#picker-keys", Static).update(self.keys_line())
            if self.preset is not None and self.preset.model:
                self.highlight_model(self.preset.model)  # its preferred model, where a host has it
