"""Streams of progress lines (pull, push, create): status, digest, total, completed.

Errors come in-band once the first line is out (HTTP 200, then `{"error": ...}`);
each job names its own error type so the message says what failed.
"""

from __future__ import annotations

from collections.abc import AsyncGenerator, Callable
from typing import Any

import httpx

from ollamux.api.errors import ApiError, IncompleteStream, MalformedResponse
from ollamux.api.models import PullProgress
from ollamux.api.ndjson import STREAM_TYPES, ndjson_values
from ollamux.api.transport import open_stream


async def progress_lines(
    http: httpx.AsyncClient, path: str, body: dict[str, Any], *, model: str,
    failed: Callable[[str], ApiError], can_pull: bool = True,
) -> AsyncGenerator[PullProgress, None]:
    """Yield each progress line until `success`; an in-band error raises `failed(message)`.

    Closing the generator closes the connection, which is how a job is cancelled.
    """
    async with open_stream(http, "POST", path, json_body=body, model=model, can_pull=can_pull,
                           accept=STREAM_TYPES) as response:
        async for line in ndjson_values(response.aiter_bytes()):
            if not isinstance(line, dict):
                raise MalformedResponse(f"expected a JSON object, got {type(line).__name__}")
            if "error" in line:
                raise failed(str(line["error"]))
            progress = PullProgress.from_line(line)
            yield progress
            if progress.succeeded:
                return
    raise IncompleteStream()
