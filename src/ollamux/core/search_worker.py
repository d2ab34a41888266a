"""A worker process reading session files for a rebuild of the search index.

Run as `python -m ollamux.core.search_worker` by `search_read.reader`: it reads
one JSON line `[path, mtime_ns, size]` at a time from stdin and answers each
with one frame on stdout (`search_read.write_frame`).
A plain subprocess rather than multiprocessing: that would re-run the parent's
main script in each child and share its terminal, where the TUI draws.
"""

from __future__ import annotations

import json
import sys

from ollamux.core.search_read import read_file, write_frame


def main() -> None:
    out = sys.stdout.buffer
    for line in sys.stdin.buffer:
        path, mtime_ns, size = json.loads(line)
        write_frame(out, read_file(path, (mtime_ns, size)))
        out.flush()


if __name__ == "__main__":
    main()
