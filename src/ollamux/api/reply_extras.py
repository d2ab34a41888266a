"""Request fields chat and generate share beyond the conversation: logprobs, truncate, shift.

Each is sent only when set, so the server's defaults (no logprobs, truncate and shift
on) apply otherwise.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ollamux.api.logprobs import MAX_TOP_LOGPROBS


@dataclass(frozen=True, slots=True)
class ReplyExtras:
    logprobs: bool = False  # return each token's log probability
    top_logprobs: int | None = None  # and this many likeliest alternatives (0-20)
    truncate: bool | None = None  # False: error instead of trimming history to fit the context
    shift: bool | None = None  # False: error instead of shifting a full context

    def __post_init__(self) -> None:
        top = self.top_logprobs
        if top is not None and (isinstance(top, bool) or not 0 <= top <= MAX_TOP_LOGPROBS):
            # The server's own words for the same mistake (a 400 there).
            raise ValueError(f"top_logprobs must be between 0 and {MAX_TOP_LOGPROBS}")

    def wire(self) -> dict[str, Any]:
        body: dict[str, Any] = {}
        if self.logprobs:
            body["logprobs"] = True
            if self.top_logprobs:  # only read with logprobs on; 0 is the default
                body["top_logprobs"] = self.top_logprobs
        if self.truncate is not None:
            body["truncate"] = self.truncate
        if self.shift is not None:
            body["shift"] = self.shift
        return body
