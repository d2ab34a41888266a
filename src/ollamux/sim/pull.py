"""`/api/pull`: slowish, interleaved layer progress, in-band errors for bad names.

At delay scale 1 a pull takes about three seconds, long enough for a UI to show
progress bars and let the user cancel (closing the stream aborts the pull and
the model is not installed).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from .context import SimContext
from .exchange import NDJSON_TYPE, Exchange
from .models import REGISTRY, ModelSpec
from .validate import RequestError, parse_body
from .wire import fake_digest, model_key

MANIFEST_MISSING = "pull model manifest: file does not exist"
_BIG_LAYER_STEPS = 24  # progress updates of the weights layer
_SMALL_LAYER_STEPS = 2

Step = tuple[float, dict[str, Any]]  # (delay before sending, progress object)


def pull(sim: SimContext, ex: Exchange) -> None:
    body = parse_body(ex.body, "api.PullRequest")
    name = body.get("model") or body.get("name")
    if not name or not isinstance(name, str):
        raise RequestError(400, "model is required")
    spec = REGISTRY.get(model_key(name))
    steps = _progress(spec) if spec else _missing()
    if body.get("stream") is False:
        _pull_whole(sim, ex, steps)
    else:
        _pull_stream(sim, ex, steps)
    if spec is not None:
        sim.catalogue.add(spec.name, spec, sim.now())


def _pull_stream(sim: SimContext, ex: Exchange, steps: Iterator[Step]) -> None:
    ex.start_stream(NDJSON_TYPE)
    for delay, obj in steps:
        sim.sleep(delay)
        ex.write_line(obj)


def _pull_whole(sim: SimContext, ex: Exchange, steps: Iterator[Step]) -> None:
    """`stream: false`: wait for the end; the last object, or the error as a 500."""
    last: dict[str, Any] = {}
    for delay, obj in steps:
        sim.sleep(delay)
        last = obj
    if "error" in last:
        raise RequestError(500, last["error"])
    ex.send_json(200, last)


def _missing() -> Iterator[Step]:
    yield 0.0, {"status": "pulling manifest"}
    yield 0.3, {"error": MANIFEST_MISSING}


def layers(spec: ModelSpec) -> list[tuple[str, int]]:
    """(hex digest, size) of the weights, template and params blobs."""
    small = len(spec.template.encode()) + 17
    params = sum(len(key) + len(value) + 8 for key, value in spec.parameters)
    return [
        (fake_digest("weights", spec.name), spec.size - small - params),
        (fake_digest("template", spec.name), small),
        (fake_digest("params", spec.name), params),
    ]


def _progress(spec: ModelSpec) -> Iterator[Step]:
    yield 0.0, {"status": "pulling manifest"}
    blobs = layers(spec)
    for digest, size in blobs:  # the first line of a layer has no `completed`
        yield 0.3 if digest == blobs[0][0] else 0.05, _layer(digest, size)
    for step in range(1, _BIG_LAYER_STEPS + 1):
        # Layers download concurrently, so their lines interleave.
        for index, (digest, size) in enumerate(blobs):
            total_steps = _BIG_LAYER_STEPS if index == 0 else _SMALL_LAYER_STEPS
            if step <= total_steps:
                completed = size * step // total_steps
                yield (0.1 if index == 0 else 0.0), _layer(digest, size) | {"completed": completed}
    yield 0.2, {"status": "verifying sha256 digest"}
    yield 0.1, {"status": "writing manifest"}
    yield 0.05, {"status": "removing unused layers"}
    yield 0.0, {"status": "success"}


def _layer(digest: str, size: int) -> dict[str, Any]:
    return {"status": f"pulling {digest[:12]}", "digest": f"sha256:{digest}", "total": size}
