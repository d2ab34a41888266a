"""Cosine similarity between embedding vectors, for the embeddings view's matrix."""

from __future__ import annotations

import math
from collections.abc import Sequence


def cosine(a: Sequence[float], b: Sequence[float]) -> float | None:
    """cos(a, b) in [-1, 1]; None when either vector is all zeros (no direction)."""
    if len(a) != len(b):
        raise ValueError(f"vectors of different sizes ({len(a)} and {len(b)})")
    norm = math.sqrt(sum(x * x for x in a)) * math.sqrt(sum(y * y for y in b))
    if norm == 0:
        return None
    # Rounding can carry a vector's similarity with itself a hair past 1.
    return max(-1.0, min(1.0, sum(x * y for x, y in zip(a, b, strict=True)) / norm))


def cosine_matrix(vectors: Sequence[Sequence[float]]) -> list[list[float | None]]:
    """Every pair's similarity: row i, column j is cos(vectors[i], vectors[j]); symmetric."""
    count = len(vectors)
    matrix: list[list[float | None]] = [[None] * count for _ in range(count)]
    for i in range(count):
        for j in range(i, count):
            matrix[i][j] = matrix[j][i] = cosine(vectors[i], vectors[j])
    return matrix
