"""Sending a Modelfile's local files before the create: hashed, then uploaded unless the server has them.

One row each, drawn as a pull's (bar, bytes, rate): "hash tiny.gguf" while its sha256
is computed, "upload tiny.gguf" while the bytes go out. Cancelling the form's worker
(Escape, ctrl+c) stops between chunks and hangs up an upload. A digest computed once
is kept by the form for the file's path, size and modification time, so sending
again after fixing a typo does not read gigabytes again.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncGenerator
from contextlib import suppress
from dataclasses import replace

from textual.widget import Widget

from ollamux.api.create import CreateRequest
from ollamux.api.errors import ApiError
from ollamux.api.models import PullProgress
from ollamux.api.workshop import Workshop
from ollamux.core.blob_files import FileHasher, LocalFile
from ollamux.ui.workshop.job_row import REDRAW_SECONDS, JobRow

NO_LAYER = "0" * 64  # a digest of zeros: the row shows no layer line while hashing
DONE = PullProgress("success")
Stamp = tuple[object, ...]


def placeholders(files: list[LocalFile]) -> dict[str, str]:
    """Each file's written path in place of its digest, to check the request before hashing."""
    return {file.written: file.written for file in files}


def with_digests(request: CreateRequest, digests: dict[str, str]) -> CreateRequest:
    """The request built with `placeholders`, each written path replaced by its digest."""
    return replace(request, files={name: digests[written] for name, written in request.files.items()},
                   adapters={name: digests[written] for name, written in request.adapters.items()})


class FileSender:
    """Hashes and uploads files for one form; `digests` outlives a send (see the module)."""

    def __init__(self, workshop: Workshop) -> None:
        self._workshop = workshop
        self.digests: dict[Stamp, str] = {}

    async def with_digests(self, request: CreateRequest, files: list[LocalFile],
                           jobs: Widget) -> CreateRequest | ApiError:
        """`request` (made with `placeholders`) once its files are on the server, with their digests."""
        if not files:
            return request
        sent = await self._send(files, jobs)
        return sent if isinstance(sent, ApiError) else with_digests(request, sent)

    async def _send(self, files: list[LocalFile], jobs: Widget) -> dict[str, str] | ApiError:
        """Each file's written path -> its digest on the server, or the error that stopped it."""
        sent: dict[str, str] = {}
        for file in files:
            if file.stamp not in self.digests:
                row = JobRow("hash", "hashed", file.path.name)
                await jobs.mount(row)
                if (error := await row.run_job(self._hashing(file))) is not None:
                    return error
            digest = self.digests[file.stamp]
            row = JobRow("upload", "uploaded", file.path.name)
            await jobs.mount(row)
            if (error := await row.run_job(self._uploading(file, digest, row))) is not None:
                return error
            sent[file.written] = digest
        return sent

    async def _hashing(self, file: LocalFile) -> AsyncGenerator[PullProgress, None]:
        try:
            hasher = await asyncio.to_thread(FileHasher, file.path)
            try:
                while await asyncio.to_thread(hasher.step):
                    yield PullProgress("hashing", NO_LAYER, file.size, hasher.done)
            finally:
                hasher.close()
        except OSError as error:
            raise ApiError(f"cannot read {file.path}: {error.strerror or error}") from None
        self.digests[file.stamp] = hasher.digest
        yield DONE

    async def _uploading(self, file: LocalFile, digest: str, row: JobRow) -> AsyncGenerator[PullProgress, None]:
        yield PullProgress("asking the server", digest, file.size, 0)
        if await self._workshop.blob_exists(digest):
            row.done = "the server has it"
            yield DONE
            return
        sent = [0]
        upload = asyncio.ensure_future(self._workshop.upload_blob(file.path, digest,
                                                                  lambda count: sent.__setitem__(0, count)))
        try:
            while not upload.done():
                await asyncio.wait({upload}, timeout=REDRAW_SECONDS)
                yield PullProgress("uploading", digest, file.size, sent[0])
            upload.result()  # the server's refusal, if any
        except OSError as error:
            raise ApiError(f"cannot read {file.path}: {error.strerror or error}") from None
        finally:
            if not upload.done():  # stopped: hang up, so the server drops the partial blob
                upload.cancel()
                with suppress(asyncio.CancelledError, ApiError, OSError):
                    await upload
        yield DONE
