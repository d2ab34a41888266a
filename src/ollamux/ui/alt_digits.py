"""alt+1…9 as the terminal sends them (ESC and a digit) reach the app as alt+1…9.

Textual reads ESC followed by a digit as a macOS Option character ("\\x1b1" is
"¡"), for WezTerm on macOS, which sends those sequences for Option and a digit.
Every other terminal sends them for alt and a digit: xterm, GNOME's, kitty, and
tmux, where ollamux users live. So alt+1…9, the keys that jump to a session,
typed "¡™£…" into the prompt instead. Taken out of Textual's table, the sequences
are read as Textual reads ESC and any other character: alt and that key.
"""

from __future__ import annotations

from typing import cast

from textual._ansi_sequences import ANSI_SEQUENCES_KEYS

DIGITS = "123456789"


def read_alt_digits_as_keys() -> None:
    """From now on, ESC and a digit 1-9 is alt+digit in every app of this process."""
    table = cast("dict[str, object]", ANSI_SEQUENCES_KEYS)  # a dict, typed as read-only
    for digit in DIGITS:
        table.pop(f"\x1b{digit}", None)
