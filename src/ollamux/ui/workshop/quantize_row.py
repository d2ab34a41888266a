"""The create form's quantize choice: offered only when the base's weights are F16, BF16 or F32.

The level comes from what the opener knows (show, tags), or the row asks `/api/show`
itself; the server would refuse to quantize anything else, so nothing else is offered.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from textual import work
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Label, Select

from ollamux.api.errors import ApiError
from ollamux.api.models import ModelDetails
from ollamux.core.modelfile import is_file_reference
from ollamux.ui.workshop.texts import QUANTIZE_LEVELS, can_quantize

NO_QUANTIZE = ""


class QuantizeRow(Horizontal):
    """Hidden until `offer` (or `learn`) finds the base quantizable."""

    DEFAULT_CSS = """
    QuantizeRow { display: none; height: auto; }
    QuantizeRow.-shown { display: block; }
    QuantizeRow > Select { width: 1fr; }
    """

    def compose(self) -> ComposeResult:
        yield Label("Quantize", classes="workshop-label")
        options = [("no: keep the base's weights", NO_QUANTIZE), *((level, level) for level in QUANTIZE_LEVELS)]
        yield Select(options, value=NO_QUANTIZE, allow_blank=False, compact=True)

    def offer(self, level: str) -> None:
        """Show the choice if a base at `level` can be quantized."""
        self.set_class(can_quantize(level), "-shown")

    @work(group="quantize-show", exit_on_error=False)
    async def learn(self, base: str, show: Callable[[str], Awaitable[ModelDetails]] | None) -> None:
        """Ask the server for `base`'s level, then `offer`."""
        if show is None or not base or is_file_reference(base):
            return
        try:
            details = await show(base)
        except ApiError:
            return  # the server will say what is wrong with the base when asked to create
        self.offer(details.quantization)

    @property
    def level(self) -> str | None:
        """The level chosen, or None (not offered, or no)."""
        value = self.query_one(Select).value
        return value if self.has_class("-shown") and isinstance(value, str) and value else None
