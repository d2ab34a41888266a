"""Checking the numbers a server sends, in one place.

Python's json accepts `Infinity`, `NaN`, `1e400` and integers of any size, so a
server (or a proxy) can hand us values that crash `int()`, print as nonsense, or
cannot be written to TOML (whose integers are 64-bit). Every count, size and
duration read from the wire passes through `wire_count`; None means "unknown",
and the UI shows it as "?".
"""

from __future__ import annotations

import math
from typing import Any

# TOML integers are signed 64-bit: anything we keep must stay below this.
WIRE_INT_LIMIT = 2**63


def wire_count(value: Any) -> int | None:
    """A non-negative whole number below 2**63 (counts, bytes, nanoseconds), else None.

    A float is accepted when it is whole (`4.0e9` is how some encoders write a
    size); a bool, a string, a fraction, a negative or a non-finite value is not.
    """
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if 0 <= value < WIRE_INT_LIMIT else None
    if isinstance(value, float) and math.isfinite(value) and value.is_integer():
        return int(value) if 0 <= value < WIRE_INT_LIMIT else None
    return None


def wire_seconds(value: Any, scale: int = 1) -> float | None:
    """A non-negative duration in `scale`ths of a second (Ollama sends nanoseconds), else None."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value / scale if 0 <= value < WIRE_INT_LIMIT else None
