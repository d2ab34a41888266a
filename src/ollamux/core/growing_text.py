"""A text attribute that a stream lengthens in many small pieces, cheaply.

`message.content += token` copies the whole text each time: for a reply of
millions of tokens that is quadratic, minutes for 50 MB. Appended pieces are
kept in a list instead and joined once, when the text is next read.
"""

from __future__ import annotations

from typing import Any

__all__ = ["GrowingText", "append_text"]


class GrowingText:
    """A dataclass field descriptor for a `str` with cheap appends (see `append_text`)."""

    def __set_name__(self, owner: type, name: str) -> None:
        self._slot = f"_{name}_pieces"

    def __get__(self, obj: Any, objtype: type | None = None) -> str:
        if obj is None:
            return ""  # the dataclass default
        pieces: list[str] = obj.__dict__.get(self._slot) or [""]
        if len(pieces) > 1:
            pieces[:] = ["".join(pieces)]
        return pieces[0]

    def __set__(self, obj: Any, value: str) -> None:
        obj.__dict__[self._slot] = [value]


def append_text(obj: Any, name: str, text: str) -> None:
    """Lengthen `obj.<name>` (a GrowingText field) by `text` without copying it."""
    if text:
        obj.__dict__[f"_{name}_pieces"].append(text)
