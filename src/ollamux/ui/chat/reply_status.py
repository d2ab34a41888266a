"""The line under a reply: how it ended (error, stopped, stats) and what it was sent with."""

from __future__ import annotations

from textual.content import Content

from ollamux.core.continuation import CONTINUE_KEY, why_not_continued
from ollamux.core.session import ChatMessage, Status
from ollamux.core.stats_words import format_stats
from ollamux.core.text import format_sent, strip_control
from ollamux.ui.shared.hanging_lines import Hanging

__all__ = ["status_lines"]


def status_lines(message: ChatMessage, *, continuable: bool = True) -> list[Hanging]:
    """The status line's lines for a reply that ended; none for one with nothing to say.

    `continuable`: its view continues replies (a completion session's does not).
    """
    if message.status is Status.ERROR:
        # The error's and the hint's wrapped lines stay under their text, not under the ⚠.
        lines = [Hanging(Content(strip_control(f"⚠ {message.error}")), 0, 2)]
        if message.hint:
            lines += [Hanging(Content(strip_control(message.hint)), 2, 2)]
    elif message.status is Status.STOPPED:
        lines = [Hanging(Content("■ stopped"))]
        if message.hint:  # why, when it was not the user (the tool loop's round cap)
            lines += [Hanging(Content(strip_control(message.hint)), 2, 2)]
    elif message.stats is not None:
        line = format_stats(message.stats)
        if message.stats.truncated and continuable and why_not_continued(message) is None:  # how to have the rest
            line += f" · {CONTINUE_KEY} continues"
        lines = [Hanging(Content(line))]
    else:
        lines = []
    if lines and message.sent:
        lines.append(Hanging(Content(strip_control(format_sent(message.sent)))))
    return lines
