"""`/api/blobs/sha256:<hex>`, and creating a model from uploaded files.

`HEAD` says whether the blob is there (200, or 404 without a body); `POST` takes the
raw bytes, checks they hash to the digest (400 `digest mismatch…` as the real server
words it) and answers 201 (200 when it had them already). A create whose `files` or
`adapters` name a blob never uploaded fails in-band, as the real server's does when
it opens the missing blob; with files only it builds a small chat model of their size.
"""

from __future__ import annotations

import hashlib
import re
import threading
import weakref
from collections.abc import Iterator
from dataclasses import replace
from typing import Any

from .context import SimContext
from .exchange import Exchange
from .models import REGISTRY
from .progress import Step
from .validate import RequestError
from .wire import fake_digest

_DIGEST = re.compile(r"^sha256[:-][0-9a-f]{64}$")
BLOBS_DIR = "/root/.ollama/models/blobs"
_TEMPLATE = "fast-model:latest"  # a GGUF created here chats like this small model

# Per simulated server: digest -> size. Kept beside the server, not in its state,
# so servers that never see a blob carry nothing.
_STORES: weakref.WeakKeyDictionary[SimContext, dict[str, int]] = weakref.WeakKeyDictionary()
_LOCK = threading.Lock()


def _store(sim: SimContext) -> dict[str, int]:
    with _LOCK:
        return _STORES.setdefault(sim, {})


def _digest_of(ex: Exchange) -> str:
    digest = ex.path.removeprefix("/api/blobs/")
    if not _DIGEST.match(digest):
        raise RequestError(400, "invalid digest format")
    return digest.replace("sha256-", "sha256:")


def blob(sim: SimContext, ex: Exchange) -> None:
    digest = _digest_of(ex)
    store = _store(sim)
    if ex.method == "HEAD":
        if digest not in store:
            ex.send_empty(404)  # HEAD: the real server's JSON error never leaves it
            return
        ex.send_empty(200)
        return
    if digest in store:
        ex.send_empty(200)
        return
    got = f"sha256:{hashlib.sha256(ex.body).hexdigest()}"
    if got != digest:
        raise RequestError(400, f'digest mismatch, expected "{digest}", got "{got}"')
    with _LOCK:
        store[digest] = len(ex.body)
    ex.send_empty(201)


def missing_blob(sim: SimContext, body: dict[str, Any]) -> str | None:
    """The in-band error for the first of `files`/`adapters` never uploaded, if any."""
    store = _store(sim)
    for key in ("files", "adapters"):
        given = body.get(key) or {}
        if not isinstance(given, dict):
            raise RequestError(400, f"json: cannot unmarshal {type(given).__name__} into Go struct field "
                                    f"CreateRequest.{key} of type map[string]string")
        for digest in given.values():
            if str(digest) not in store:
                path = f"{BLOBS_DIR}/{str(digest).replace(':', '-')}"
                return f"open {path}: no such file or directory"
    return None


def from_files(sim: SimContext, name: str, body: dict[str, Any]) -> Iterator[Step]:
    """The steps of a create from uploaded GGUF files: parse, layers, manifest, success."""
    store = _store(sim)
    digests = [str(d) for key in ("files", "adapters") for d in (body.get(key) or {}).values()]
    yield 0.1, {"status": "parsing GGUF"}
    for digest in digests:
        yield 0.05, {"status": f"using existing layer {digest}"}
    for part in ("system", "template", "parameters"):
        if body.get(part):
            yield 0.05, {"status": f"creating new layer sha256:{fake_digest(part, name, str(body[part]))}"}
    yield 0.1, {"status": "writing manifest"}
    spec = replace(REGISTRY[_TEMPLATE], name=name, age_days=0.0,
                   size=sum(store.get(digest, 0) for digest in digests),
                   system=str(body.get("system") or ""))
    sim.catalogue.add(name, spec, sim.now())
    yield 0.0, {"status": "success"}
