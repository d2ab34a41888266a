"""alt and a digit, as terminals send it (ESC, digit), is the key that jumps to a session."""

from __future__ import annotations

from textual._xterm_parser import XTermParser

from ollamux.ui.alt_digits import read_alt_digits_as_keys


def keys_read(data: str) -> list[str]:
    parser = XTermParser()
    return [event.key for event in [*parser.feed(data), *parser.feed("")] if hasattr(event, "key")]


def test_escape_and_a_digit_is_alt_and_that_digit() -> None:
    read_alt_digits_as_keys()
    assert keys_read("\x1b1") == ["alt+1"]
    assert keys_read("\x1b9") == ["alt+9"]
    assert keys_read("\x1bc") == ["alt+c"]  # as any other character always was
    assert keys_read("¡") == ["inverted_exclamation_mark"]  # the character itself stays a character
