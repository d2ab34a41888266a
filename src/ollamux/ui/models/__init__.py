"""Models on every host: the live panel (F3), the picker, details and pulls."""

from importlib import import_module
from typing import TYPE_CHECKING

from ollamux.ui.models.panel import ModelsPanel

if TYPE_CHECKING:
    from ollamux.ui.models.picker import ModelPicker, PickedModel

# Imported when first asked for: the picker opens on a key (start-up time).
_AT_FIRST_USE = {"ModelPicker": "ollamux.ui.models.picker", "PickedModel": "ollamux.ui.models.picker"}

__all__ = ["ModelPicker", "ModelsPanel", "PickedModel"]


def __getattr__(name: str) -> object:
    if name in _AT_FIRST_USE:
        return getattr(import_module(_AT_FIRST_USE[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
