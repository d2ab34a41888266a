"""Reading a whole message in the user's pager, for messages too long to draw.

The app hands the terminal over (Textual's suspend) and pipes the message,
cleaned of control sequences as on screen, into `$PAGER` (else `less`).
"""

from __future__ import annotations

import os
import shlex
import subprocess
from collections.abc import Sequence

from textual.app import App, SuspendNotSupported

from ollamux.api.events import ToolCall
from ollamux.core.session import ChatMessage
from ollamux.core.text import strip_control
from ollamux.ui.tools.row import call_line, pretty_arguments

__all__ = ["DEFAULT_PAGER", "open_in_pager", "pager_text"]

# Plain less: were a control sequence ever to slip through, it shows as ^[ and
# is not run by the terminal (which `less -R` would let happen).
DEFAULT_PAGER = "less"


def pager_text(message: ChatMessage, results: Sequence[ChatMessage | None] = ()) -> str:
    """The whole message as the pager shows it: the thinking first, if any; its tool
    calls last, each with its arguments and its whole result (`results`, by call)."""
    content, thinking = strip_control(message.content), strip_control(message.thinking)
    if thinking and content:
        text = f"Thinking:\n\n{thinking}\n\nAnswer:\n\n{content}\n"
    else:
        text = (content or thinking) + "\n"
    calls = [_call_text(call, results[i] if i < len(results) else None) for i, call in enumerate(message.tool_calls)]
    if not calls:
        return text
    return "\n".join([text, *calls] if text.strip() else calls)


def _call_text(call: ToolCall, result: ChatMessage | None) -> str:
    parts = [call_line(call, result), strip_control(pretty_arguments(call))]
    if result is not None:
        parts.append(strip_control(result.content))
    return "\n\n".join(parts) + "\n"


def open_in_pager(app: App[object], text: str) -> str | None:
    """Show `text` in the pager and come back; what went wrong, or None."""
    try:
        command = shlex.split(os.environ.get("PAGER") or DEFAULT_PAGER)
    except ValueError:
        command = []
    if not command:
        return "PAGER is not a command line ollamux can run."
    try:
        with app.suspend():
            # The pager may quit before reading it all: run() ignores the broken pipe.
            subprocess.run(command, input=text.encode("utf-8", "replace"), check=False)
    except SuspendNotSupported:
        return "This terminal cannot be handed to a pager; F6 exports the session instead."
    except OSError as error:
        return f"Could not run the pager {command[0]!r}: {error.strerror or error}."
    return None
