"""Pictures: importing the attachment widgets asks the terminal nothing; names and chips fit their room."""

from __future__ import annotations

import os
import pty
import select
import subprocess
import sys

import pytest

from ollamux.ui import graphics_query
from ollamux.ui.attachments import graphics
from ollamux.ui.attachments.layout import cut_middle, flow


def run_on_a_terminal(code: str, answers: dict[bytes, bytes] | None = None) -> bytes:
    """What `code` writes when run by Python with a pseudo-terminal as stdin, stdout and stderr.

    `answers`: what the terminal answers to a query seen in the output.
    """
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
            for query, answer in (answers or {}).items():
                if query in chunk:
                    os.write(master, answer)
    finally:
        child.wait(timeout=30)
        os.close(master)
    return out


def test_importing_on_a_terminal_writes_no_query_and_draws_half_blocks() -> None:
    # textual-image alone would write its Sixel and Kitty queries here and wait for answers.
    out = run_on_a_terminal("import ollamux.ui.attachments.graphics as g; print(g.current())")
    assert out.strip() == b"half-blocks"


def test_detect_asks_nothing_when_not_on_a_terminal() -> None:
    assert graphics_query.detect() == "half-blocks"  # pytest's stdout is captured, not a terminal
    assert graphics.current() == "half-blocks"


KITTY_OK = b"\x1b_Gi=31;OK\x1b\\"


@pytest.mark.parametrize(
    ("answers", "kind"),
    [
        (b"\x1b[?62;22c", "half-blocks"),  # no Kitty answer before DA1's, no Sixel (4)
        (KITTY_OK + b"\x1b[?62;22c", "kitty"),
        (b"\x1b[?62;4;22c", "sixel"),
        (KITTY_OK + b"\x1b[?64;4c", "sixel"),  # both: Sixel first, as textual-image orders them
    ],
)
def test_the_answers_say_how_pictures_are_drawn(answers: bytes, kind: str) -> None:
    assert graphics_query.read_answers(answers) == (kind, None)


def test_the_answers_are_read_only_once_device_attributes_have_come() -> None:
    assert graphics_query.read_answers(KITTY_OK) is None
    assert graphics_query.read_answers(b"\x1b[6;20;10t\x1b[?1;2c") == ("half-blocks", (10, 20))


@pytest.mark.parametrize(
    ("answer", "kind"), [(b"\x1b[?62;22c", "half-blocks"), (KITTY_OK + b"\x1b[?62;22c", "kitty")]
)
def test_on_a_terminal_the_device_attributes_end_the_wait(answer: bytes, kind: str) -> None:
    """The terminal's answer to DA1 ends the wait, whatever else it answered: no timeout waited out.

    The child waits up to a minute for answers: a detection that waited for more
    than DA1's answer would outlast the 30 s this test reads for.
    """
    code = "from ollamux.ui import graphics_query as q; q.TIMEOUT = 60; print('drawn in', q.detect())"
    out = run_on_a_terminal(code, answers={b"\x1b[c": answer})
    assert b"\x1b_G" in out  # the Kitty query was asked
    assert out.strip().endswith(f"drawn in {kind}".encode())


def test_keys_typed_while_the_terminal_is_asked_are_kept_for_the_app() -> None:
    """The query reads the terminal, so it reads what the user typed too: that is handed on, not dropped."""
    code = (
        "from ollamux.ui import graphics_query as q; q.TIMEOUT = 60; q.detect(); "
        "print('typed', repr(q.typed_meanwhile()), repr(q.typed_meanwhile()))"
    )
    out = run_on_a_terminal(code, answers={b"\x1b[c": "hé".encode() + KITTY_OK + b"\x1b[?62;22c" + b"llo"})
    assert out.strip().endswith(b"typed 'h\xc3\xa9llo' ''")  # once, in order, the answers left out


def test_what_was_read_besides_the_answers_is_what_was_typed() -> None:
    read = b"ab" + KITTY_OK + b"c\x1b[6;20;10t\x1b[A" + b"\x1b[?62;22c" + b"d"
    assert graphics_query.without_answers(read) == b"abc\x1b[Ad"
    assert graphics_query.without_answers(b"\x1b_Gi=31;EINVAL:bad\x1b\\x") == b"x"  # an error answer too


def test_names_are_cut_in_the_middle_keeping_the_extension() -> None:
    assert cut_middle("screenshot-2026-11-28-at-16.04.11.png", 20) == "screenshot…04.11.png"
    assert cut_middle("short.py", 20) == "short.py"
    assert cut_middle("日本語のファイル名.txt", 9) == "日本….txt"  # wide characters count twice
    assert cut_middle("x.py", 1) == "…"


def test_flow_wraps_items_onto_lines() -> None:
    assert flow([10, 10, 10], 25, 1) == [[(0, 0), (1, 11)], [(2, 0)]]
    assert flow([30], 25, 1) == [[(0, 0)]]  # too wide for any line: a line of its own
    assert flow([], 25, 1) == []
