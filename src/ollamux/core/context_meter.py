"""How full the model's context window is, so a silent truncation does not surprise.

Ollama never errors when a conversation outgrows `num_ctx`: it drops the oldest
messages from the prompt (and shifts the context mid-reply), and the model then
"forgets" the start of the chat. The meter makes that visible before it happens.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from ollamux.api.events import Stats

if TYPE_CHECKING:
    from ollamux.core.compaction import Compaction

# Warn from here on: one more exchange of typical length may overflow.
WARNING_FRACTION = 0.9
# The key that compacts the chat (see the workbench's bindings), named by the warning.
COMPACT_KEY = "alt+s"
_FIXES = f"{COMPACT_KEY} compacts the chat, F5 raises num_ctx."


def effective_context(
    ps_context: int | None, session_num_ctx: int | None, model_context: int | None
) -> int | None:
    """The window the next reply gets, best source first.

    `/api/ps` reports what the loaded runner really uses (VRAM-dependent default,
    OLLAMA_CONTEXT_LENGTH, Modelfile); else the session's own num_ctx override;
    else the trained length from `/api/show`, only an upper bound.
    """
    for value in (ps_context, session_num_ctx, model_context):
        if value is not None and value > 0:
            return value
    return None


def format_tokens(count: int) -> str:
    """Token counts in binary k, as context sizes are spoken of: 4096 is "4k", 3174 "3.1k"."""
    if count < 1024:
        return str(count)
    k = count / 1024
    if k >= 10 or k.is_integer():
        return f"{round(k)}k"
    return f"{k:.1f}".removesuffix(".0") + "k"


@dataclass(frozen=True, slots=True)
class ContextUse:
    """Tokens in the window after the last reply, against the window's size."""

    used: int
    limit: int | None
    # What was used before a compaction, while `used` is its estimate (no reply since).
    before: int | None = None

    @classmethod
    def from_stats(cls, stats: Stats, limit: int | None) -> ContextUse:
        # The prompt (whole history, cached tokens included on current servers) plus
        # the reply: about what the next prompt starts from, before the new message.
        # An unknown count (a server sent nonsense) adds nothing rather than a guess.
        return cls((stats.prompt_tokens or 0) + (stats.generated_tokens or 0), limit)

    @property
    def fraction(self) -> float | None:
        if not self.limit or self.limit <= 0:
            return None
        return self.used / self.limit

    @property
    def overflowing(self) -> bool:
        """At or past the window: the server has started dropping the oldest turns."""
        return self.limit is not None and self.limit > 0 and self.used >= self.limit

    @property
    def warning(self) -> bool:
        fraction = self.fraction
        return fraction is not None and fraction >= WARNING_FRACTION

    def text(self) -> str:
        """Short status text, e.g. "ctx 3.1k / 4k (77%)"; percent floored so 100% means full."""
        used = format_tokens(self.used)
        if self.before is not None:
            used = f"{format_tokens(self.before)} → ~{used}"
        if (fraction := self.fraction) is None or self.limit is None:
            return f"ctx {used}"
        return f"ctx {used} / {format_tokens(self.limit)} ({int(fraction * 100)}%)"

    def warning_text(self) -> str:
        """What follows `text()` when the window is (nearly) full; "" otherwise.

        Short: it shares the session line, which already gives the figures.
        """
        if self.limit is None:
            return ""
        if self.overflowing:
            return f"⚠ full: the server silently drops the oldest messages. {_FIXES}"
        if self.warning:
            return f"⚠ nearly full: the oldest messages will soon be dropped. {_FIXES}"
        return ""


def shown_use(use: ContextUse | None, compaction: Compaction | None) -> ContextUse | None:
    """The meter as shown: after a compaction, its estimate until a reply measures again.

    The measure is of the last reply; while it is still the one the compaction
    started from (no reply since), the summary's gain is only estimated.
    """
    if use is None or compaction is None or compaction.tokens_after is None or use.used != compaction.tokens_before:
        return use
    return replace(use, used=compaction.tokens_after, before=use.used)
