"""Pictures: importing the attachment widgets asks the terminal nothing; names and chips fit their room."""

from __future__ import annotations

import os
import pty
import select
import subprocess
import sys

from ollamux.ui.attachments import graphics
from ollamux.ui.attachments.layout import cut_middle, flow


def run_on_a_terminal(code: str) -> bytes:
    """What `code` writes when run by Python with a pseudo-terminal as stdin, stdout and stderr."""
    master, slave = pty.openpty()
    child = subprocess.Popen([sys.executable, "-c", code], stdin=slave, stdout=slave, stderr=slave, close_fds=True)
    os.close(slave)
    out = b""
    try:
        while select.select([master], [], [], 30)[0]:
            try:
                chunk = os.read(master, 4096)
            except OSError:  # the child closed its end
                break
            if not chunk:
                break
            out += chunk
    finally:
        child.wait(timeout=30)
        os.close(master)
    return out


def test_importing_on_a_terminal_writes_no_query_and_draws_half_blocks() -> None:
    # textual-image alone would write its Sixel and Kitty queries here and wait for answers.
    out = run_on_a_terminal("import ollamux.ui.attachments.graphics as g; print(g.current())")
    assert out.strip() == b"half-blocks"


def test_detect_asks_nothing_when_not_on_a_terminal() -> None:
    assert graphics.detect() == "half-blocks"  # pytest's stdout is captured, not a terminal


def test_names_are_cut_in_the_middle_keeping_the_extension() -> None:
    assert cut_middle("screenshot-2026-11-28-at-16.04.11.png", 20) == "screenshot…04.11.png"
    assert cut_middle("short.py", 20) == "short.py"
    assert cut_middle("日本語のファイル名.txt", 9) == "日本….txt"  # wide characters count twice
    assert cut_middle("x.py", 1) == "…"


def test_flow_wraps_items_onto_lines() -> None:
    assert flow([10, 10, 10], 25, 1) == [[(0, 0), (1, 11)], [(2, 0)]]
    assert flow([30], 25, 1) == [[(0, 0)]]  # too wide for any line: a line of its own
    assert flow([], 25, 1) == []
