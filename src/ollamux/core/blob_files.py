"""The local files a Modelfile names (`FROM ./x.gguf`, `ADAPTER ./lora.gguf`) and their digests.

The server takes such a file as a blob named by its sha256: the file is found
relative to the Modelfile's folder (as `ollama create -f` does), hashed in chunks
(weights are GBs: one chunk per `step()`, which the UI runs in a thread, so it can
draw progress and stop between chunks), then uploaded under that digest.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from ollamux.core.attachment_paths import expand
from ollamux.core.modelfile import Modelfile, ModelfileError

CHUNK_BYTES = 8 << 20


@dataclass(frozen=True, slots=True)
class LocalFile:
    """One file the Modelfile names, found on disk."""

    written: str  # as the Modelfile writes it: the key `Modelfile.to_request` maps to a digest
    path: Path  # absolute
    size: int
    modified_ns: int  # with `size`, says whether a digest computed earlier still holds
    line: int

    @property
    def stamp(self) -> tuple[Path, int, int]:
        return self.path, self.size, self.modified_ns


def local_files(modelfile: Modelfile, folder: Path, home: Path | None = None) -> list[LocalFile]:
    """The files to upload, in order; ModelfileError names the line of one that is not usable."""
    found = []
    for written in modelfile.files:
        line = modelfile.lines.get(written, 0)
        path = expand(written, folder, home)
        try:
            if path.is_dir():
                raise ModelfileError(line, f"{path} is a folder: ollamux sends single files (GGUF); "
                                           "a safetensors folder needs `ollama create` on its machine")
            status = path.stat()
            path.open("rb").close()  # readable: better said now than after hashing others
        except FileNotFoundError:
            raise ModelfileError(line, f"no such file: {path}") from None
        except PermissionError:
            raise ModelfileError(line, f"cannot read {path}: permission denied") from None
        except OSError as error:
            raise ModelfileError(line, f"cannot read {path}: {error.strerror or error}") from None
        found.append(LocalFile(written, path, status.st_size, status.st_mtime_ns, line))
    return found


class FileHasher:
    """The sha256 of a file, one chunk per `step()`; `close()` if stopped before the end."""

    def __init__(self, path: Path, chunk_bytes: int = CHUNK_BYTES) -> None:
        self._file: BinaryIO | None = path.open("rb")
        self._hash = hashlib.sha256()
        self._chunk = chunk_bytes
        self.done = 0  # bytes hashed so far

    def step(self) -> bool:
        """Hash the next chunk; False once the whole file is hashed (and closed)."""
        if self._file is None:
            return False
        chunk = self._file.read(self._chunk)
        if not chunk:
            self.close()
            return False
        self._hash.update(chunk)
        self.done += len(chunk)
        return True

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None

    @property
    def digest(self) -> str:
        """`sha256:<hex>`, the blob's name on the server (meaningful once `step()` said False)."""
        return f"sha256:{self._hash.hexdigest()}"


def file_digest(path: Path, progress: Callable[[int], None] = lambda _done: None,
                chunk_bytes: int = CHUNK_BYTES) -> str:
    """The whole file's digest in one call, `progress(bytes hashed)` after each chunk."""
    hasher = FileHasher(path, chunk_bytes)
    try:
        while hasher.step():
            progress(hasher.done)
    finally:
        hasher.close()
    return hasher.digest
