"""STAND-IN for helper "store"'s module of the same name: its version wins at merge.

Only what the wire needs: a text attachment's text, and the fenced block it is sent as.
"""

from __future__ import annotations

import re
from pathlib import PurePath


def read_text(data: bytes, name: str) -> str:
    return data.decode("utf-8-sig", errors="replace")


def language_for(name: str) -> str:
    return PurePath(name).suffix.lstrip(".").lower()


def fenced_file(name: str, text: str) -> str:
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * max(3, longest + 1)
    return f"{name}\n{fence}{language_for(name)}\n{text}\n{fence}"
