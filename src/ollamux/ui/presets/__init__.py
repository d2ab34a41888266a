"""Presets: the picker that previews and picks one (applying is the workbench's)."""

from ollamux.ui.presets.picker import NO_PRESET, PresetPicker

__all__ = ["NO_PRESET", "PresetPicker"]
