"""`/api/embed`: deterministic vectors, `dimensions` and `truncate` as the server does them.

A vector is the normalised sum of its words' hashed features, so texts that share
words point the same way (a similarity matrix of the demo makes sense) and the
same text always gives the same vector. Any installed model embeds, as on a real
server; an embedding model is just better at it.
"""

from __future__ import annotations

import math
import re
from typing import Any

from .chat import find_model
from .context import SimContext
from .exchange import Exchange
from .generation import OVERHEAD_NS, WARM_LOAD_NS, Turn, warm_up
from .validate import RequestError, check_options, expect_type, parse_body, parse_keep_alive
from .wire import fake_digest

TOO_LONG = "the input length exceeds the context length"
_FEATURES_PER_WORD = 8
_WORD = re.compile(r"\w+|[^\w\s]")


def words(text: str) -> list[str]:
    """The simulated tokens of a text: its words and punctuation marks."""
    return _WORD.findall(text.casefold())


def vector(tokens: list[str], size: int) -> list[float]:
    values = [0.0] * size
    for token in tokens:
        digest = bytes.fromhex(fake_digest("embed", token))
        for i in range(_FEATURES_PER_WORD):
            position = int.from_bytes(digest[3 * i : 3 * i + 2], "big") % size
            values[position] += 1.0 if digest[3 * i + 2] & 1 else -1.0
    if not any(values):
        values[0] = 1.0  # an empty text still gets a unit vector, never NaNs
    return normalise(values)


def normalise(values: list[float]) -> list[float]:
    norm = math.sqrt(sum(value * value for value in values))
    return [round(value / norm, 7) for value in values]


def _inputs(raw: Any) -> list[str]:
    if raw is None or raw == "":
        return []
    if isinstance(raw, str):
        return [raw]
    if isinstance(raw, list) and all(isinstance(item, str) for item in raw):
        return list(raw)
    raise RequestError(400, "invalid input type")


def embed(sim: SimContext, ex: Exchange) -> None:
    body = parse_body(ex.body, "api.EmbedRequest")
    expect_type(body, "dimensions", (int,), "EmbedRequest", "int")
    expect_type(body, "truncate", (bool,), "EmbedRequest", "bool")
    keep_alive = parse_keep_alive(body.get("keep_alive"))
    model = find_model(sim, body.get("model"))
    requested, inputs = str(body["model"]), _inputs(body.get("input"))
    options = check_options(body.get("options"))
    spec = model.spec
    warm_up(sim, Turn(requested, model, (), False, options, keep_alive))
    if not inputs:  # only loads the model
        ex.send_json(200, {"model": requested, "embeddings": []})
        return
    limit, dimensions = spec.context_length, body.get("dimensions") or 0
    embeddings, tokens = [], 0
    for text in inputs:
        pieces = words(text)
        if len(pieces) > limit:
            if body.get("truncate") is False:
                raise RequestError(400, TOO_LONG)
            pieces = pieces[:limit]
        tokens += len(pieces)
        values = vector(pieces, spec.embedding_length)
        if 0 < dimensions < len(values):
            values = normalise(values[:dimensions])
        embeddings.append(values)
    prompt_ns = int(tokens * spec.token_seconds * 1e9 / 20)
    ex.send_json(200, {
        "model": requested, "embeddings": embeddings,
        "total_duration": WARM_LOAD_NS + prompt_ns + OVERHEAD_NS, "load_duration": WARM_LOAD_NS,
        "prompt_eval_count": tokens,
    })
