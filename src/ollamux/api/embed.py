"""`/api/embed`: one vector per input text, L2-normalised by the server."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from ollamux.api.errors import MalformedResponse
from ollamux.api.events import NANOSECONDS
from ollamux.api.numbers import wire_count, wire_seconds


@dataclass(frozen=True, slots=True)
class EmbedRequest:
    model: str
    inputs: tuple[str, ...]
    dimensions: int | None = None  # cut each vector to this size (re-normalised)
    truncate: bool | None = None  # False: a too-long input is an error, not cut (400)
    keep_alive: str | int | float | None = None
    options: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Embeddings:
    """The vectors, in the order of the inputs, and what computing them took."""

    model: str
    vectors: tuple[tuple[float, ...], ...]
    prompt_tokens: int | None = None
    total_seconds: float | None = None
    load_seconds: float | None = None

    @property
    def dimensions(self) -> int:
        return len(self.vectors[0]) if self.vectors else 0


def embed_body(request: EmbedRequest) -> dict[str, Any]:
    # One text goes as a string, as people write it; several as a list.
    inputs = request.inputs[0] if len(request.inputs) == 1 else list(request.inputs)
    body: dict[str, Any] = {"model": request.model, "input": inputs}
    if request.dimensions is not None:
        body["dimensions"] = request.dimensions
    if request.truncate is not None:
        body["truncate"] = request.truncate
    if request.keep_alive is not None:
        body["keep_alive"] = request.keep_alive
    if request.options:
        body["options"] = dict(request.options)
    return body


def _vector(raw: Any, index: int) -> tuple[float, ...]:
    if not isinstance(raw, list):
        raise MalformedResponse(f"embedding {index} is not a list")
    values = []
    for value in raw:
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
            raise MalformedResponse(f"embedding {index} holds {value!r}, not a number")
        values.append(float(value))
    return tuple(values)


def parse_embeddings(reply: Any, expected: int) -> Embeddings:
    """The reply's vectors, checked: one per input, numbers only."""
    if not isinstance(reply, dict):
        raise MalformedResponse("/api/embed did not return an object")
    raw = reply.get("embeddings")
    vectors = tuple(_vector(item, i) for i, item in enumerate(raw if isinstance(raw, list) else []))
    if len(vectors) != expected:
        raise MalformedResponse(f"{len(vectors)} embeddings for {expected} inputs")

    def seconds(key: str) -> float | None:
        return wire_seconds(reply[key], NANOSECONDS) if reply.get(key) is not None else None

    return Embeddings(
        model=str(reply.get("model") or ""),
        vectors=vectors,
        prompt_tokens=wire_count(reply.get("prompt_eval_count")),
        total_seconds=seconds("total_duration"),
        load_seconds=seconds("load_duration"),
    )
