"""Models on every host: the live panel (F3), the picker, details and pulls."""

from typing import TYPE_CHECKING

from ollamux.ui.lazy_names import at_first_use
from ollamux.ui.models.panel import ModelsPanel

if TYPE_CHECKING:
    from ollamux.ui.models.picker import ModelPicker, PickedModel

# Imported when first asked for: the picker opens on a key (start-up time).
_AT_FIRST_USE = {"ModelPicker": "ollamux.ui.models.picker", "PickedModel": "ollamux.ui.models.picker"}

__all__ = ["ModelPicker", "ModelsPanel", "PickedModel"]

__getattr__ = at_first_use(__name__, _AT_FIRST_USE)
