"""How a reply's figures are worded, once, wherever they are shown.

Under a reply, in the compare view and in an exported file the same figure reads
the same way; each place only picks which figures it shows and in what order.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal, TypeAlias

from ollamux.api.events import Stats
from ollamux.core.text import strip_control

Figure: TypeAlias = Literal["ttft", "tokens", "speed", "prompt", "load", "total", "ending"]

# The line under a reply: what it cost and why it ended.
UNDER_REPLY: tuple[Figure, ...] = ("tokens", "speed", "prompt", "load", "ending")
# Beside each answer of a comparison: what people compare models by.
COMPARED: tuple[Figure, ...] = ("ttft", "speed", "tokens")
# Under a reply in an export, where there is no wall clock to watch: the total too.
EXPORTED: tuple[Figure, ...] = ("tokens", "speed", "prompt", "ttft", "total", "ending")

# A load shorter than this is a warm model and not worth a mention.
NOTABLE_LOAD_SECONDS = 0.5
UNKNOWN = "?"


def known(figure: float | None) -> str:
    """A figure the server sent, or "?" where what it sent made no sense."""
    return UNKNOWN if figure is None else str(figure)


def format_seconds(seconds: float) -> str:
    if seconds < 1:
        return f"{seconds * 1000:.0f} ms"
    if seconds < 60:
        return f"{seconds:.1f} s"
    minutes, rest = divmod(int(seconds), 60)
    return f"{minutes}m{rest:02d}s"


def format_tokens(stats: Stats) -> str:
    """`412 tokens`, or `~412 tokens (counted)` when the server gave no count."""
    if stats.tokens_counted:
        return f"~{known(stats.generated_tokens)} tokens (counted)"
    return f"{known(stats.generated_tokens)} tokens"


def format_speed(stats: Stats) -> str | None:
    """`38.2 tok/s` (with ~ when the tokens were counted by us), or None."""
    if (speed := stats.tokens_per_second) is None:
        return None
    return f"{'~' if stats.tokens_counted else ''}{speed:.1f} tok/s"


def stats_parts(
    stats: Stats | None, first_token_seconds: float | None = None, figures: Sequence[Figure] = UNDER_REPLY
) -> list[str]:
    """The `figures` there is something to say about, worded, in the order asked."""
    parts = [_worded(figure, stats, first_token_seconds) for figure in figures]
    return [part for part in parts if part]


def format_stats(
    stats: Stats | None, first_token_seconds: float | None = None, figures: Sequence[Figure] = UNDER_REPLY
) -> str:
    """`412 tokens · 38.2 tok/s · prompt 20 · load 1.2 s`: the figures on one line."""
    return " · ".join(stats_parts(stats, first_token_seconds, figures))


def _worded(figure: Figure, stats: Stats | None, first_token_seconds: float | None) -> str | None:
    if figure == "ttft":
        return None if first_token_seconds is None else f"TTFT {first_token_seconds:.2f} s"
    if stats is None:
        return None
    if figure == "tokens":
        return format_tokens(stats)
    if figure == "speed":
        return format_speed(stats)
    if figure == "prompt":  # none at all is no news; an unknown count is
        return f"prompt {known(stats.prompt_tokens)}" if stats.prompt_tokens != 0 else None
    if figure == "load":
        if stats.load_seconds is None:
            return f"load {UNKNOWN}"
        return f"load {format_seconds(stats.load_seconds)}" if stats.load_seconds >= NOTABLE_LOAD_SECONDS else None
    if figure == "total":
        if stats.total_seconds is None:
            return f"{UNKNOWN} s total"
        return f"{stats.total_seconds:.2f} s total" if stats.total_seconds > 0 else None
    if stats.truncated:
        return "truncated (length limit)"
    if stats.done_reason and stats.done_reason != "stop":
        return f"ended: {' '.join(strip_control(stats.done_reason).split())}"
    return None
