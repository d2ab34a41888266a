"""`logprobs` / `top_logprobs` on chat and generate: made-up but stable figures.

Each content token gets one entry; with `top_logprobs: k` it lists k
alternatives, the chosen token first. Figures come from a hash of the token, so a
run is identical every time.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .scripts import Chunk, tokenize
from .validate import RequestError, go_type
from .wire import fake_digest

Fields = Callable[[Chunk], dict[str, Any]]
MAX_TOP = 20
_FILLERS = (" the", " a", ",", ".", " and", "\n", " to", " of", " is", " in", " it", " that",
            " for", " on", " with", " as", " be", " at", " this", " by")


def top_logprobs(body: dict[str, Any], go_struct: str) -> int:
    """The request's `top_logprobs`, checked as the server does (0..20, else a 400)."""
    value = body.get("top_logprobs") or 0
    if isinstance(value, bool) or not isinstance(value, int):
        raise RequestError(400, f"json: cannot unmarshal {go_type(value)} into Go struct field "
                                f"{go_struct}.top_logprobs of type int")
    if not 0 <= value <= MAX_TOP:
        raise RequestError(400, f"top_logprobs must be between 0 and {MAX_TOP}")
    return value


def _logprob(token: str, rank: int = 0) -> float:
    spread = int(fake_digest("logprob", token)[:6], 16) % 1500 / 1000  # 0 .. 1.5
    return -round(spread + 0.7 * rank, 4)


def entry(token: str, top: int) -> dict[str, Any]:
    item: dict[str, Any] = {"token": token, "logprob": _logprob(token),
                            "bytes": list(token.encode())}
    if top:
        others = [filler for filler in _FILLERS if filler != token][: top - 1]
        item["top_logprobs"] = [{"token": token, "logprob": item["logprob"],
                                 "bytes": list(token.encode())}] + [
            {"token": other, "logprob": _logprob(token, rank), "bytes": list(other.encode())}
            for rank, other in enumerate(others, start=1)
        ]
    return item


def with_logprobs(fields: Fields, body: dict[str, Any], go_struct: str = "ChatRequest") -> Fields:
    """`fields`, plus each chunk's `logprobs` when the request asked for them."""
    top = top_logprobs(body, go_struct)
    if body.get("logprobs") is not True:
        return fields

    def add(chunk: Chunk) -> dict[str, Any]:
        out = fields(chunk)
        if chunk.content:  # one token a chunk when streamed; the whole reply when not
            out["logprobs"] = [entry(token, top) for token in tokenize(chunk.content)]
        return out

    return add
