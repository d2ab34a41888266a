"""How the terminal draws pictures (Kitty graphics, Sixel or half-blocks), asked once at start.

One round trip, before Textual reads the keyboard: the Kitty graphics query, a
request for the cell's size in pixels, then Primary Device Attributes (DA1),
which every terminal answers, and answers last. So the DA1 answer ends the wait:
a terminal that has not confirmed Kitty graphics by then has none, and its
attributes say whether it has Sixel (4). textual-image, asked instead, waited out
a tenth of a second for every terminal without Kitty graphics, most of them, and
took 30–40 ms of imports (itself and Pillow) before the app's first frame; it is
now imported with the first picture shown (`graphics`).

Nothing here imports Textual or textual-image.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import re
import select
import struct
import sys
import termios
import time
from typing import Literal

Kind = Literal["kitty", "sixel", "half-blocks"]
KINDS: tuple[Kind, ...] = ("kitty", "sixel", "half-blocks")

# The longest wait for the answers: a terminal over SSH answers after a network
# round trip; one that never answers DA1 (none known) costs this once.
TIMEOUT = 0.5

_KITTY_QUERY = b"\x1b_Gi=31,s=1,v=1,a=q,t=d,f=24;AAAA\x1b\\"
_CELL_SIZE_QUERY = b"\x1b[16t"
_DEVICE_ATTRIBUTES_QUERY = b"\x1b[c"
_DEVICE_ATTRIBUTES = re.compile(rb"\x1b\[\?([\d;]*)c")
_KITTY_OK = re.compile(rb"\x1b_Gi=31;OK\x1b\\")
_KITTY_ANSWER = re.compile(rb"\x1b_G[^\x1b]*\x1b\\")  # OK or an error
_CELL_SIZE = re.compile(rb"\x1b\[6;(\d+);(\d+)t")
_SIXEL_ATTRIBUTE = b"4"

_kind: Kind = "half-blocks"
_cell: tuple[int, int] | None = None  # (width, height) of a cell in pixels, when known
_typed = b""  # what the user typed while the terminal was asked, read with its answers


def kind() -> Kind:
    """How pictures are drawn: half-blocks unless `detect` found better."""
    return _kind


def cell_size() -> tuple[int, int] | None:
    """A cell's (width, height) in pixels, as the terminal told `detect`; None if it did not."""
    return _cell


def read_answers(answers: bytes) -> tuple[Kind, tuple[int, int] | None] | None:
    """What the terminal's answers say; None until its device attributes have come."""
    attributes = _DEVICE_ATTRIBUTES.search(answers)
    if attributes is None:
        return None
    cell = None
    if (size := _CELL_SIZE.search(answers)) is not None and int(size[1]) and int(size[2]):
        cell = (int(size[2]), int(size[1]))
    # Sixel first, as textual-image orders them: some terminals claim Kitty
    # graphics but cannot show its placeholders, while Kitty has no Sixel.
    if _SIXEL_ATTRIBUTE in attributes[1].split(b";"):
        return "sixel", cell
    if _KITTY_OK.search(answers[: attributes.start()]):
        return "kitty", cell
    return "half-blocks", cell


def without_answers(read: bytes) -> bytes:
    """What was read besides the terminal's answers: keys the user typed meanwhile."""
    for answer in (_KITTY_ANSWER, _CELL_SIZE, _DEVICE_ATTRIBUTES):
        read = answer.sub(b"", read, count=1)
    return read


def typed_meanwhile() -> str:
    """The keys typed while `detect` asked (they were read with the answers), as text; once."""
    global _typed
    typed, _typed = _typed, b""
    return typed.decode("utf-8", "replace")


def detect(wanted: str = "auto") -> Kind:
    """Ask the terminal how it can draw pictures, and draw them so from now on.

    Call it before the app runs (Textual's input thread would take the answers),
    and only in the real program: on anything but a terminal it asks nothing.
    `wanted` other than "auto" (from OLLAMUX_GRAPHICS) is taken as said, unasked:
    for a terminal that answers wrongly.
    """
    global _kind, _cell, _typed
    if wanted in KINDS:
        _kind = wanted  # type: ignore[assignment]
        return _kind
    stdin, stdout = sys.__stdin__, sys.__stdout__
    if stdin is None or stdout is None or not (stdin.isatty() and stdout.isatty()):
        return _kind
    answers = _ask(stdin.fileno(), stdout.fileno())
    _typed = without_answers(answers)
    answered = read_answers(answers)
    if answered is not None:
        _kind, _cell = answered
        _cell = _window_cell(stdout.fileno()) or _cell
    return _kind


def _ask(reading: int, writing: int) -> bytes:
    """The terminal's answers to the three queries, read until DA1's or the timeout."""
    saved = termios.tcgetattr(reading)
    quiet = termios.tcgetattr(reading)
    quiet[3] &= ~(termios.ICANON | termios.ECHO)  # answers are read at once and never shown
    answers = b""
    try:
        termios.tcsetattr(reading, termios.TCSANOW, quiet)
        os.write(writing, _KITTY_QUERY + _CELL_SIZE_QUERY + _DEVICE_ATTRIBUTES_QUERY)
        deadline = time.monotonic() + TIMEOUT
        while (left := deadline - time.monotonic()) > 0 and select.select([reading], [], [], left)[0]:
            chunk = os.read(reading, 1024)
            if not chunk:
                break
            answers += chunk
            if _DEVICE_ATTRIBUTES.search(answers):
                break
    except OSError:
        pass  # not a terminal after all: half-blocks
    finally:
        termios.tcsetattr(reading, termios.TCSANOW, saved)
    return answers


def _window_cell(fd: int) -> tuple[int, int] | None:
    """A cell's size from the window's size in pixels, where the terminal reports it."""
    with contextlib.suppress(OSError):
        rows, columns, width, height = struct.unpack("HHHH", fcntl.ioctl(fd, termios.TIOCGWINSZ, b"\0" * 8))
        if rows and columns and width and height:
            return width // columns, height // rows
    return None
