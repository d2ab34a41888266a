"""`/api/push`: layered progress like a pull, or the refusals a registry gives.

The simulated user is signed in and owns the `demo` namespace: `demo/name:tag`
uploads; any other name (a library model, someone else's namespace) is refused
in-band after the first layer starts, in the real server's words.
"""

from __future__ import annotations

from collections.abc import Iterator

from .context import SimContext
from .exchange import Exchange
from .progress import Step, run_job
from .pull import layers
from .validate import RequestError, parse_body

OWNED_NAMESPACE = "demo"
UNAUTHORIZED = "unauthorized: access denied"
NO_SUCH_MODEL = "file does not exist"
_STEPS = 6


def push(sim: SimContext, ex: Exchange) -> None:
    body = parse_body(ex.body, "api.PushRequest")
    name = body.get("model") or body.get("name")
    if not name or not isinstance(name, str):
        raise RequestError(400, "model is required")
    run_job(sim, ex, _steps(sim, name), stream=body.get("stream") is not False)


def namespace(name: str) -> str:
    parts = name.split("/")
    return parts[-2] if len(parts) >= 2 else "library"


def _steps(sim: SimContext, name: str) -> Iterator[Step]:
    yield 0.0, {"status": "retrieving manifest"}
    model = sim.catalogue.find(name)
    if model is None:
        yield 0.1, {"status": "couldn't retrieve manifest"}
        yield 0.0, {"error": NO_SUCH_MODEL}
        return
    blobs = layers(model.spec)
    if namespace(name).casefold() != OWNED_NAMESPACE:
        digest, size = blobs[0]
        yield 0.2, {"status": f"pushing {digest[:12]}", "digest": f"sha256:{digest}", "total": size}
        yield 0.3, {"error": UNAUTHORIZED}
        return
    for step in range(1, _STEPS + 1):  # layers upload concurrently: their lines interleave
        for digest, size in blobs:
            yield 0.1, {"status": f"pushing {digest[:12]}", "digest": f"sha256:{digest}",
                        "total": size, "completed": size * step // _STEPS}
    yield 0.1, {"status": "pushing manifest"}
    yield 0.0, {"status": "success"}
