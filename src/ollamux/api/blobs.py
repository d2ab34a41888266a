"""`/api/blobs/sha256:<hex>`: whether the server has a file's bytes, and sending them.

Creating a model from a local GGUF file (a Modelfile's `FROM ./x.gguf` or `ADAPTER`)
needs its bytes on the server first, named by their sha256 digest: `HEAD` answers
200 (has it) or 404; `POST` with the raw bytes answers 201 (or 200 when it already
had them) and 400 when the bytes do not hash to the digest.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import httpx

from ollamux.api.errors import ApiError, HTTPStatusError, IncompleteStream
from ollamux.api.transport import open_stream

CHUNK_BYTES = 1 << 20  # weights are GBs: sent as read, a MiB at a time, never whole


def blob_path(digest: str) -> str:
    return f"/api/blobs/{digest}"


async def blob_exists(http: httpx.AsyncClient, digest: str) -> bool:
    """Whether the server has the blob; other refusals raise as any request's do."""
    try:
        async with open_stream(http, "HEAD", blob_path(digest)):
            return True
    except HTTPStatusError as error:
        if error.status == 404:
            return False
        raise


async def _chunks(path: Path, progress: Callable[[int], None]) -> AsyncIterator[bytes]:
    """The file's bytes; `progress(sent)` after each chunk the connection took.

    Reads happen in a thread so the screen keeps drawing; a cancelled task stops
    between chunks, and leaving closes the file.
    """
    sent = 0
    with await asyncio.to_thread(path.open, "rb") as file:
        while chunk := await asyncio.to_thread(file.read, CHUNK_BYTES):
            yield chunk
            sent += len(chunk)
            progress(sent)


async def upload_blob(http: httpx.AsyncClient, path: Path, digest: str,
                      progress: Callable[[int], None] = lambda _sent: None) -> None:
    """Send the file as the blob `digest`. Cancelling the task hangs up (nothing is kept).

    The length goes ahead of the bytes (not chunked encoding): a proxy in front of
    Ollama may refuse a body of unknown length, and the size is known.
    """
    size = (await asyncio.to_thread(path.stat)).st_size
    headers = {"Content-Length": str(size),
               "Content-Type": "application/octet-stream"}
    try:
        async with open_stream(http, "POST", blob_path(digest), content=_chunks(path, progress), headers=headers,
                               can_pull=False):
            pass
    except IncompleteStream as error:  # the server hung up on the bytes
        raise ApiError(f"The upload of {path.name} was cut off: the connection closed.",
                       hint="The server may have stopped or run out of disk; try again.") from error
