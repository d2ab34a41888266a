"""The model workshop's calls on an Ollama server: generate, create, push, embed, status.

Reached through `OllamaClient.workshop` (or `clients.workshop_of(client)`, None for
backends without it). Streams are async generators: consume them inside
`contextlib.aclosing`, and close them to cancel (the server stops when we hang up).
"""

from __future__ import annotations

from collections.abc import AsyncGenerator, Callable
from pathlib import Path

import httpx

from ollamux.api.batching import one_by_one
from ollamux.api.blobs import blob_exists, upload_blob
from ollamux.api.cloud_status import CloudStatus
from ollamux.api.create import CreateRequest, create_body
from ollamux.api.embed import Embeddings, EmbedRequest, embed_body, parse_embeddings
from ollamux.api.errors import HTTPStatusError
from ollamux.api.events import ChatEvent
from ollamux.api.generate import GenerateRequest, generate_batches
from ollamux.api.job_errors import CreateFailed, PushRefused
from ollamux.api.models import PullProgress
from ollamux.api.progress_stream import progress_lines
from ollamux.api.transport import request_json


class Workshop:
    """Shares its client's connection pool; cheap to make, nothing to close."""

    def __init__(self, http: httpx.AsyncClient) -> None:
        self._http = http

    def generate(self, request: GenerateRequest, *, stream: bool = True) -> AsyncGenerator[ChatEvent, None]:
        """The completion's events (Content, Thinking, Logprobs, Done), as `chat` gives them."""
        return one_by_one(self.generate_batches(request, stream=stream))

    def generate_batches(self, request: GenerateRequest, *,
                         stream: bool = True) -> AsyncGenerator[list[ChatEvent], None]:
        """As `generate`, the events of each network read together (for the reply loop)."""
        return generate_batches(self._http, request, stream=stream)

    def create(self, request: CreateRequest) -> AsyncGenerator[PullProgress, None]:
        """Status lines until success (quantizing has a digest and byte counts, like pull).

        An HTTP refusal raises the usual HTTPStatusError; one in the stream CreateFailed.
        """
        return progress_lines(self._http, "/api/create", create_body(request), model=request.base,
                              failed=CreateFailed)

    def push(self, model: str, *, insecure: bool = False) -> AsyncGenerator[PullProgress, None]:
        """Layered progress like a pull; a refusal (sign-in, namespace) raises PushRefused."""
        body: dict[str, object] = {"model": model, "stream": True}
        if insecure:
            body["insecure"] = True
        return progress_lines(self._http, "/api/push", body, model=model, can_pull=False,
                              failed=PushRefused)

    async def blob_exists(self, digest: str) -> bool:
        """Whether the server has the file whose digest is `sha256:<hex>` (see `api/blobs.py`)."""
        return await blob_exists(self._http, digest)

    async def upload_blob(self, path: Path, digest: str,
                          progress: Callable[[int], None] = lambda _sent: None) -> None:
        """Stream the file to the server as that blob; `progress(bytes sent)`; cancel to stop."""
        await upload_blob(self._http, path, digest, progress)

    async def embed(self, request: EmbedRequest) -> Embeddings:
        reply = await request_json(self._http, "POST", "/api/embed", json_body=embed_body(request),
                                   model=request.model)
        return parse_embeddings(reply, len(request.inputs))

    async def status(self) -> CloudStatus | None:
        """The server's cloud status; None where the server has no /api/status."""
        try:
            reply = await request_json(self._http, "GET", "/api/status")
        except HTTPStatusError as error:
            if error.status in (404, 405):
                return None
            raise
        return CloudStatus.from_reply(reply)
