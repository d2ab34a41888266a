"""Attached files' bytes, kept once each in the data folder and named by their sha256.

A session file names a blob by hash, so a session reopened later still has its
attachments after the original file moved or was deleted, and two sessions that
attached the same picture share one copy. Hashes come from session files, which are
untrusted: only 64 lowercase hex digits ever become a path, so no name can reach
outside the store.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import tempfile
import time
from collections.abc import Iterable
from pathlib import Path

from ollamux.core.attachment import AttachmentError
from ollamux.core.durable import fsync_dir

ATTACHMENTS_DIR = "attachments"
# A temp file is never a blob name (not 64 hex digits), so a crash mid-write leaves
# nothing that a session could name or that collect would mistake for a blob.
_TEMP_PREFIX = ".tmp-"
_SHA256 = re.compile(r"[0-9a-f]{64}")


def is_sha256(value: str) -> bool:
    return _SHA256.fullmatch(value) is not None


class AttachmentStore:
    """Blobs under `data_dir/attachments/<sha[:2]>/<sha>`, private to the user."""

    def __init__(self, data_dir: Path) -> None:
        self.root = data_dir / ATTACHMENTS_DIR

    def path(self, sha256: str) -> Path:
        """Where the blob lives; AttachmentError for anything that is not a sha256."""
        if not is_sha256(sha256):
            raise AttachmentError(f"{sha256[:80]!r} is not an attachment's hash")
        return self.root / sha256[:2] / sha256

    def has(self, sha256: str) -> bool:
        return is_sha256(sha256) and self.path(sha256).is_file()

    def put(self, data: bytes) -> str:
        """Store `data` and return its sha256 hex; a blob already there is only touched.

        Touching matters: `collect` spares blobs put within its grace period, and the
        same bytes put again are about to be referenced by a new prompt.
        """
        sha256 = hashlib.sha256(data).hexdigest()
        target = self.path(sha256)
        try:
            os.utime(target)
            return sha256
        except FileNotFoundError:
            pass
        fd, temp_name = self._temp_file(target.parent)
        try:
            with os.fdopen(fd, "wb") as temp:
                temp.write(data)
                temp.flush()
                os.fsync(temp.fileno())
            # Two instances writing the same blob race harmlessly: the bytes are equal.
            os.replace(temp_name, target)
        except BaseException:
            Path(temp_name).unlink(missing_ok=True)
            raise
        fsync_dir(target.parent)
        return sha256

    def _temp_file(self, shard: Path) -> tuple[int, str]:
        # mkstemp creates the file with mode 0600, and os.replace keeps that mode;
        # mkdir's mode applies to the last folder only, hence the two calls.
        self.root.mkdir(parents=True, mode=0o700, exist_ok=True)
        shard.mkdir(mode=0o700, exist_ok=True)
        try:
            return tempfile.mkstemp(dir=shard, prefix=_TEMP_PREFIX)
        except FileNotFoundError:
            # Another instance's collect removed the emptied shard just now.
            shard.mkdir(mode=0o700, exist_ok=True)
            return tempfile.mkstemp(dir=shard, prefix=_TEMP_PREFIX)

    def read(self, sha256: str) -> bytes:
        try:
            return self.path(sha256).read_bytes()
        except FileNotFoundError:
            raise AttachmentError(
                f"attachment {sha256[:12]} is missing from the data folder ({self.root})"
            ) from None
        except OSError as exc:
            raise AttachmentError(
                f"attachment {sha256[:12]} cannot be read: {exc.strerror or exc}"
            ) from None

    def collect(
        self, candidates: Iterable[str], in_use: Iterable[str], grace_seconds: float = 3600
    ) -> list[str]:
        """Delete the candidates no session uses; return the hashes deleted.

        A blob put within `grace_seconds` is spared even if unused: another instance
        may have just attached it to a prompt that no session file names yet.
        """
        keep = set(in_use)
        deadline = time.time() - grace_seconds
        deleted: list[str] = []
        for sha256 in dict.fromkeys(candidates):
            if sha256 in keep or not is_sha256(sha256):
                continue
            target = self.path(sha256)
            try:
                if target.stat().st_mtime > deadline:
                    continue
                target.unlink()
            except FileNotFoundError:
                continue
            deleted.append(sha256)
            # Only an empty shard goes; another instance writing into it makes rmdir fail.
            with contextlib.suppress(OSError):
                target.parent.rmdir()
        return deleted
