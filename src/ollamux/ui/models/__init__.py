"""Models on every host: the live panel (F3), the picker, details and pulls."""

from ollamux.ui.models.panel import ModelsPanel
from ollamux.ui.models.picker import ModelPicker, PickedModel

__all__ = ["ModelPicker", "ModelsPanel", "PickedModel"]
