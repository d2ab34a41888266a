"""Running a job that reports progress lines (create, push), streamed or whole.

A job is a generator of (delay, object) steps; an `{"error": ...}` object ends it.
Its side effects (installing a model) happen inside the generator, after the last
write that can fail, so a client that hangs up leaves nothing half done.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from .context import SimContext
from .exchange import NDJSON_TYPE, Exchange
from .validate import RequestError

Step = tuple[float, dict[str, Any]]  # (delay before sending, progress object)


def run_job(sim: SimContext, ex: Exchange, steps: Iterator[Step], *, stream: bool) -> None:
    if stream:
        ex.start_stream(NDJSON_TYPE)
        for delay, obj in steps:
            sim.sleep(delay)
            ex.write_line(obj)
        return
    last: dict[str, Any] = {}
    for delay, obj in steps:  # `stream: false`: the last object, or the error as a 500
        sim.sleep(delay)
        last = obj
    if "error" in last:
        raise RequestError(500, last["error"])
    ex.send_json(200, last)
