"""The route table: which handler answers which method and path.

Unknown paths get gin's plain-text 404, known paths with another method its 405.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from importlib import import_module

from . import native, pull
from .context import SimContext
from .exchange import Exchange

Handler = Callable[[SimContext, Exchange], None]


def _at_first_request(module: str, name: str) -> Handler:
    """A handler imported when first asked for: replies need the scripts and their
    generator, which the demo need not import before its first screen."""

    def handle(sim: SimContext, ex: Exchange) -> None:
        handler: Handler = getattr(import_module(f"{__package__}.{module}"), name)
        handler(sim, ex)

    return handle


@dataclass(frozen=True, slots=True)
class Route:
    methods: dict[str, Handler]
    openai: bool = False  # errors in the OpenAI shape instead of {"error": "..."}


ROUTES: dict[str, Route] = {
    "/": Route({"GET": native.root, "HEAD": native.root}),
    "/api/version": Route({"GET": native.version, "HEAD": native.version}),
    "/api/status": Route({"GET": native.status}),
    "/api/tags": Route({"GET": native.tags, "HEAD": native.tags}),
    "/api/ps": Route({"GET": native.ps}),
    "/api/show": Route({"POST": native.show}),
    "/api/copy": Route({"POST": native.copy}),
    "/api/delete": Route({"DELETE": native.delete}),
    "/api/pull": Route({"POST": pull.pull}),
    "/api/chat": Route({"POST": _at_first_request("chat", "chat")}),
    "/api/generate": Route({"POST": _at_first_request("completion", "generate")}),
    "/api/create": Route({"POST": _at_first_request("create", "create")}),
    "/api/push": Route({"POST": _at_first_request("push", "push")}),
    "/api/embed": Route({"POST": _at_first_request("embed", "embed")}),
    "/v1/models": Route({"GET": _at_first_request("openai", "models")}, openai=True),
    "/v1/chat/completions": Route({"POST": _at_first_request("openai", "chat_completions")}, openai=True),
}
_MODEL_ROUTE = Route({"GET": _at_first_request("openai", "model")}, openai=True)
_BLOB_ROUTE = Route({"HEAD": _at_first_request("blobs", "blob"), "POST": _at_first_request("blobs", "blob")})


def resolve(path: str) -> Route | None:
    """The route for a path (without query string), or None for a 404."""
    if path.startswith("/v1/models/") and len(path) > len("/v1/models/"):
        return _MODEL_ROUTE
    if path.startswith("/api/blobs/"):
        return _BLOB_ROUTE
    return ROUTES.get(path)
