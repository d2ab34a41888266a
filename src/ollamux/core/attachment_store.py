"""STAND-IN for helper "store"'s module of the same name: its version wins at merge.

Blobs named by their sha256 under `data_dir/attachments/<sha[:2]>/<sha>`.
"""

from __future__ import annotations

import hashlib
import re
import time
from collections.abc import Iterable
from pathlib import Path

from ollamux.core.attachment import AttachmentError

_SHA256 = re.compile(r"[0-9a-f]{64}")


class AttachmentStore:
    def __init__(self, data_dir: Path) -> None:
        self.root = data_dir / "attachments"

    def path(self, sha256: str) -> Path:
        if not _SHA256.fullmatch(sha256):
            raise AttachmentError(f"{sha256!r} is not an attachment's hash")
        return self.root / sha256[:2] / sha256

    def put(self, data: bytes) -> str:
        sha256 = hashlib.sha256(data).hexdigest()
        path = self.path(sha256)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        return sha256

    def read(self, sha256: str) -> bytes:
        try:
            return self.path(sha256).read_bytes()
        except OSError as error:
            raise AttachmentError(f"attachment {sha256[:12]} is missing: {error.strerror}") from None

    def collect(self, candidates: Iterable[str], in_use: Iterable[str], grace_seconds: float = 3600) -> list[str]:
        kept, removed = set(in_use), []
        for sha256 in set(candidates) - kept:
            path = self.path(sha256)
            try:
                if path.stat().st_mtime < time.time() - grace_seconds:
                    path.unlink()
                    removed.append(sha256)
            except OSError:
                continue
        return removed
