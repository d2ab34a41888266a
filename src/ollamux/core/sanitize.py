"""Stripping control sequences from text that arrives in pieces.

`strip_control` cleans one whole string. A stream is cut wherever the network
cut it, so an escape sequence can straddle two chunks: ESC at the end of one
and `[31m` at the start of the next. Cleaned chunk by chunk, the ESC would go
and `[31m` would be shown as text. `ControlStripper` holds such a tail back
until the next chunk tells whether it is a sequence. However the stream was
cut, the text shown is exactly `strip_control` of the whole, which is what is
copied and exported.
"""

from __future__ import annotations

import re

from ollamux.core.text import SEQUENCE_LIMIT, strip_sequences

# The unfinished forms of what strip_control removes, anchored at an ESC:
# a lone ESC, a CSI still missing its final byte, an OSC still missing BEL or ST.
# Bounded as strip_control bounds them: past that, strip_control has decided,
# and the rest of the answer is not held back behind a sequence that never ends.
_PARTIAL = re.compile(
    rf"\x1b(?:\[[0-?]{{0,{SEQUENCE_LIMIT}}}[ -/]{{0,{SEQUENCE_LIMIT}}}|\][^\x07\x1b]{{0,{SEQUENCE_LIMIT}}})?"
)

# The most text held back at once: the longest unfinished sequence.
MAX_HELD = 2 + 2 * SEQUENCE_LIMIT


class ControlStripper:
    """Incremental `strip_control`: feed chunks, get safe text back."""

    def __init__(self) -> None:
        self._held = ""

    def feed(self, chunk: str) -> str:
        text = self._held + chunk if self._held else chunk
        self._held = ""
        esc = text.rfind("\x1b")
        if esc >= 0 and len(text) - esc <= MAX_HELD and _PARTIAL.fullmatch(text, esc):
            self._held = text[esc:]
            text = text[:esc]
        return strip_sequences(text)

    def close(self) -> str:
        """The stream ended: an unfinished sequence is dropped, never shown."""
        self._held = ""
        return ""
