"""Reading session files for the search index, in worker processes when there are many.

Parsing TOML is most of a rebuild's time (about 6 ms for a 50-message session, in
pure Python), and threads would not help: the parser holds the GIL. A rebuild of
hundreds of files therefore reads them in a small pool of processes while this
process writes the index; a few files are read in place, sparing the pool's start.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import pickle
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from ollamux.core.search_db import MessageRow, SessionRow
from ollamux.core.search_text import one_line
from ollamux.core.session import ChatMessage, Session
from ollamux.core.store import SessionStore, StoreError
from ollamux.core.toml_fields import aware

log = logging.getLogger(__name__)
# Starting a worker costs about a quarter of a second: below this many files, read in place.
POOL_THRESHOLD = 200
MAX_WORKERS = 4
PREVIEW_LENGTH = 300

Stat = tuple[int, int]
"""A file's (mtime_ns, size): what tells that it changed."""
Rows = tuple[SessionRow, list[MessageRow]]
Read = tuple[str, Stat, Rows | None, str | None]
"""A file read: its path, its stat as listed, its rows (None: unreadable or gone), the problem."""
ReadFiles = Callable[[Sequence[str], Sequence[Stat]], Iterator[Read]]


def session_rows(session: Session, path: Path, mtime_ns: int, size: int) -> Rows:
    """What the index stores of a session read from (or saved to) `path`."""
    messages = [
        # A completion's suffix is part of what was asked: found like the prompt.
        MessageRow(index, message.role, _with_suffix(message), message.thinking)
        for index, message in enumerate(session.messages)
    ]
    # A session without messages still has a title to be found by.
    messages = messages or [MessageRow(-1, "", "", "")]
    first_prompt = next((m.content for m in session.messages if m.role == "user" and m.content.strip()), "")
    row = SessionRow(
        id=session.id,
        path=os.path.abspath(path),
        title=session.title,
        model=session.model,
        host=session.host,
        created=aware(session.created_at).timestamp(),
        updated=aware(session.updated_at).timestamp(),
        preview=one_line(first_prompt[: PREVIEW_LENGTH * 4])[:PREVIEW_LENGTH],
        mtime_ns=mtime_ns,
        size=size,
    )
    return row, messages


def _with_suffix(message: ChatMessage) -> str:
    return f"{message.content}\n{message.suffix}" if message.suffix else message.content


def read_file(path: str, stat: Stat) -> Read:
    """One session file as index rows, read the way the store reads it."""
    file = Path(path)
    try:
        session = SessionStore(file.parent).load(file)
    except StoreError as error:
        if not file.exists():
            return path, stat, None, None  # deleted meanwhile: simply gone
        return path, stat, None, str(error).removeprefix(f"{file.name}: ")
    return path, stat, session_rows(session, file, *stat), None


FRAME_HEADER = 8


def write_frame(out: IO[bytes], item: Read) -> None:
    """One answer of a worker: an 8-byte length, then the pickled `Read`."""
    data = pickle.dumps(item, protocol=pickle.HIGHEST_PROTOCOL)
    out.write(len(data).to_bytes(FRAME_HEADER, "little"))
    out.write(data)


def read_frame(source: IO[bytes]) -> Read | None:
    """The next answer, or None when the worker is gone (its pipe closed)."""
    header = source.read(FRAME_HEADER)
    if len(header) < FRAME_HEADER:
        return None
    data = source.read(int.from_bytes(header, "little"))
    item: Read = pickle.loads(data)  # our own child's output, never outside data
    return item


def _serial(paths: Sequence[str], stats: Sequence[Stat]) -> Iterator[Read]:
    return map(read_file, paths, stats)


class _Workers:
    """Worker processes (`search_worker`) reading files in turn: item n goes to
    worker n % count, so answers are taken back in order."""

    def __init__(self, count: int) -> None:
        command = [sys.executable, "-m", "ollamux.core.search_worker"]
        # The package is found where this process found it, installed or not.
        package_parent = str(Path(__file__).resolve().parents[2])
        path = os.pathsep.join(filter(None, [package_parent, os.environ.get("PYTHONPATH")]))
        env = {**os.environ, "PYTHONPATH": path}
        self.processes = [
            subprocess.Popen(
                command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env
            )
            for _ in range(count)
        ]

    def read(self, paths: Sequence[str], stats: Sequence[Stat]) -> Iterator[Read]:
        count = len(self.processes)
        # Fed from threads: a worker blocks writing answers nobody reads yet, so
        # writing all its questions from here first could wait forever.
        for number, process in enumerate(self.processes):
            questions = [json.dumps([path, *stat]) + "\n" for path, stat in zip(paths, stats, strict=True)]
            threading.Thread(target=_feed, args=(process, questions[number::count]), daemon=True).start()
        for done in range(len(paths)):
            process = self.processes[done % count]
            assert process.stdout is not None
            item = read_frame(process.stdout)
            if item is None:  # a worker died (killed, out of memory): the rest in place
                log.warning("a search index worker stopped: reading the rest in place")
                yield from _serial(paths[done:], stats[done:])
                return
            yield item

    def stop(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                process.kill()
            process.wait()
            for pipe in (process.stdin, process.stdout):
                if pipe is not None:
                    with contextlib.suppress(OSError):
                        pipe.close()


def _feed(process: subprocess.Popen[bytes], questions: list[str]) -> None:
    assert process.stdin is not None
    try:
        for question in questions:
            process.stdin.write(question.encode("utf-8"))
        process.stdin.close()
    except OSError:
        pass  # the worker was stopped (a cancelled sync): its answers are not wanted


@contextmanager
def reader(count: int, workers: int | None = None) -> Iterator[ReadFiles]:
    """A function reading files in order, in `workers` processes (None: enough
    files to be worth it, one per core, at most four; 1: in this process)."""
    if workers is None:
        workers = min(os.cpu_count() or 1, MAX_WORKERS) if count >= POOL_THRESHOLD else 1
    if workers <= 1:
        yield _serial
        return
    try:
        pool = _Workers(workers)
    except OSError as error:  # no processes left, or no interpreter to run
        log.warning("no worker processes for the search index (%s): reading in place", error)
        yield _serial
        return
    try:
        yield pool.read
    finally:
        pool.stop()
