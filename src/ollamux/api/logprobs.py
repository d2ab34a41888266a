"""Log probabilities of generated tokens (`logprobs` / `top_logprobs` on chat and generate).

The server sends them only when asked, on each chunk, for the tokens of that chunk:
`[{"token": "Hi", "logprob": -0.02, "bytes": [72, 105], "top_logprobs": [...]}]`.
A malformed entry is skipped rather than failing the reply: the text matters more.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

MAX_TOP_LOGPROBS = 20  # the server refuses more (400)


@dataclass(frozen=True, slots=True)
class Alternative:
    """One candidate token at a position, with its log probability."""

    token: str
    logprob: float

    @property
    def probability(self) -> float:
        return math.exp(self.logprob)


@dataclass(frozen=True, slots=True)
class TokenLogprob:
    """A generated token, its log probability and the likeliest alternatives asked for."""

    token: str
    logprob: float
    top: tuple[Alternative, ...] = ()

    @property
    def probability(self) -> float:
        return math.exp(self.logprob)


@dataclass(frozen=True, slots=True)
class Logprobs:
    """The log probabilities of the tokens of one streamed piece (a chat event)."""

    tokens: tuple[TokenLogprob, ...]


def _alternative(raw: Any) -> Alternative | None:
    if not isinstance(raw, dict):
        return None
    logprob = raw.get("logprob")
    if isinstance(logprob, bool) or not isinstance(logprob, (int, float)):
        return None
    if math.isnan(logprob) or logprob > 0:  # -inf is a real (impossible) token; NaN is not
        return None
    return Alternative(str(raw.get("token") or ""), float(logprob))


def parse_logprobs(raw: Any) -> tuple[TokenLogprob, ...]:
    """The entries of a line's `logprobs` array; anything unreadable is left out."""
    tokens = []
    for item in raw if isinstance(raw, list) else []:
        chosen = _alternative(item)
        if chosen is None:
            continue
        top = item.get("top_logprobs")
        alternatives = (_alternative(entry) for entry in (top if isinstance(top, list) else []))
        tokens.append(TokenLogprob(chosen.token, chosen.logprob, tuple(a for a in alternatives if a)))
    return tuple(tokens)
