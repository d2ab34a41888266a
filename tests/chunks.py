"""Cutting a recorded stream into the pieces a network might deliver it in."""

from __future__ import annotations

from itertools import pairwise


def chunked(data: bytes, cuts: list[int]) -> list[bytes]:
    """`data` cut at every position in `cuts`: joined again, the pieces are `data`."""
    points = sorted({0, len(data), *cuts})
    return [data[a:b] for a, b in pairwise(points)]
