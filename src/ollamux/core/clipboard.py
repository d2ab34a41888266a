"""Copying text: to the terminal's clipboard (OSC 52) and to the local one.

OSC 52 asks the terminal itself to set the clipboard, so it works over SSH and
inside containers where no X/Wayland clipboard exists; the local clipboard
(pyperclip) covers terminals that ignore OSC 52. Both are tried. A terminal
never answers an OSC 52 write, so that route says "sent to the terminal", not
"copied"; only the local clipboard can confirm a copy.
No Textual import: the UI passes in how to write raw text to the terminal.
"""

from __future__ import annotations

import base64
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Final

ESC: Final = "\x1b"
BEL: Final = "\x07"

# Bytes of base64 payload beyond which OSC 52 is not attempted. Terminals cap the
# sequence (several at about 100 kB, some lower) and drop a longer one silently,
# or worse, show its tail as text; a limit keeps the failure honest and visible.
# 100,000 bytes of base64 carry 75,000 bytes of text.
OSC52_LIMIT: Final = 100_000


def osc52_sequence(text: str, *, tmux: bool) -> str:
    """`ESC ] 52 ; c ; <base64 of UTF-8> BEL`, wrapped for tmux's passthrough when asked:
    `ESC P tmux; … ESC \\`, with every ESC inside doubled."""
    payload = base64.b64encode(text.encode("utf-8")).decode("ascii")
    sequence = f"{ESC}]52;c;{payload}{BEL}"
    if tmux:
        return f"{ESC}Ptmux;{sequence.replace(ESC, ESC + ESC)}{ESC}\\"
    return sequence


def osc52_for_terminal(text: str, *, tmux: bool) -> str:
    """What to write so that OSC 52 arrives, whichever way tmux is set up.

    Inside tmux each form works with one setting only, and ollamux cannot ask which:
    the plain sequence is taken by tmux itself with `set -g set-clipboard on` (its
    paste buffer, then the outer terminal), and dropped otherwise; the wrapped one
    reaches the outer terminal with `set -g allow-passthrough on`, and is dropped
    otherwise. So both go out. With both settings on, the outer terminal sets its
    clipboard twice to the same text, which nobody can see.
    """
    plain = osc52_sequence(text, tmux=False)
    return plain + osc52_sequence(text, tmux=True) if tmux else plain


def _pyperclip_copy(text: str) -> None:
    # Imported at call time so tests can monkeypatch pyperclip.copy, and so a
    # missing pyperclip only disables the local clipboard.
    import pyperclip  # type: ignore[import-untyped]

    pyperclip.copy(text)


def _default_local() -> Callable[[str], None] | None:
    try:
        import pyperclip  # noqa: F401
    except ImportError:
        return None
    return _pyperclip_copy


_DEFAULT: Final = object()


@dataclass(frozen=True, slots=True)
class CopyResult:
    bytes: int  # UTF-8 size of the text
    via_osc52: bool  # the sequence was written to the terminal (which never confirms)
    via_local: bool  # the local clipboard accepted the text
    too_large: bool  # over OSC52_LIMIT, so not sent to the terminal
    message: str  # one line for a notification

    @property
    def copied(self) -> bool:
        return self.via_osc52 or self.via_local


class Clipboard:
    """Copies through every available route; never raises.

    `write` is called on the caller's thread (Textual's driver write belongs on
    the UI thread); pyperclip runs a helper program such as xclip or wl-copy.
    """

    def __init__(
        self,
        write: Callable[[str], None],
        *,
        environ: Mapping[str, str] = os.environ,
        local: Callable[[str], None] | object | None = _DEFAULT,
    ) -> None:
        self._write = write
        self._environ = environ
        self._local: Callable[[str], None] | None = (
            _default_local() if local is _DEFAULT else local  # type: ignore[assignment]
        )

    @property
    def in_tmux(self) -> bool:
        return bool(self._environ.get("TMUX"))

    def copy(self, text: str) -> CopyResult:
        size = len(text.encode("utf-8"))
        if not text:
            return CopyResult(0, False, False, False, "Nothing to copy")
        too_large = 4 * -(-size // 3) > OSC52_LIMIT  # base64 size: 4 * ceil(n / 3)
        via_osc52 = False
        if not too_large:
            try:
                self._write(osc52_for_terminal(text, tmux=self.in_tmux))
                via_osc52 = True
            except Exception:  # a closed or detached terminal: report, do not crash
                via_osc52 = False
        via_local = False
        if self._local is not None:
            try:
                self._local(text)
                via_local = True
            except Exception:  # pyperclip raises when no clipboard tool is installed
                via_local = False
        return CopyResult(size, via_osc52, via_local, too_large,
                          _message(size, via_osc52, via_local, too_large))


def _message(size: int, via_osc52: bool, via_local: bool, too_large: bool) -> str:
    amount = f"{size:,} bytes"
    if too_large:
        outcome = "copied to the local clipboard only" if via_local else "not copied"
        return f"Too large for the terminal clipboard (OSC 52): {amount}; {outcome}"
    # "Copied" only for what confirmed it: the terminal is merely sent the text.
    if via_local and via_osc52:
        return f"Copied {amount} to the local clipboard and sent them to the terminal (OSC 52)"
    if via_local:
        return f"Copied {amount} to the local clipboard"
    if via_osc52:
        return f"Sent {amount} to the terminal (OSC 52)"
    return f"Could not copy {amount}: no clipboard available"
