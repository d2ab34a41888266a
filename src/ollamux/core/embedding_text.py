"""The embeddings view's words: texts to embed, vectors in brief and as JSON, the matrix.

Pure text, no Textual: the view styles these lines; tests read them as they are.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence

PREVIEW_VALUES = 4  # the first values shown of each vector
LABEL_WIDTH = 16  # a text's label beside its row of the matrix
CELL_WIDTH = 6  # " 0.873", "-0.120", "     ·"


def texts_to_embed(text: str) -> tuple[str, ...]:
    """One text per line; blank lines are spacing, not texts (the server refuses empty ones)."""
    return tuple(line.strip() for line in text.splitlines() if line.strip())


def embedding_capable(capabilities: Sequence[str]) -> bool:
    return "embedding" in capabilities


def embedding_only(capabilities: Sequence[str]) -> bool:
    """An embedding model that cannot chat: no completion to speak of."""
    return "embedding" in capabilities and "completion" not in capabilities


def dimensions_value(text: str) -> int | None:
    """The `dimensions` field: empty is the model's full size; ValueError says what is wrong."""
    text = text.strip()
    if not text:
        return None
    if not text.isdigit() or int(text) < 1:
        raise ValueError(f"dimensions must be a whole number above 0, not {text!r}")
    return int(text)


def vector_json(vector: Sequence[float]) -> str:
    """The vector as a JSON array, each value as Python writes it back exactly."""
    return json.dumps([float(value) for value in vector])


def vector_preview(vector: Sequence[float], count: int = PREVIEW_VALUES) -> str:
    """`[0.0123, -0.0456, 0.1, 0.0789, …]`: the first values, rounded for the eye."""
    shown = ", ".join(f"{value:.4f}" for value in vector[:count])
    more = ", …" if len(vector) > count else ""
    return f"[{shown}{more}]"


def label(index: int, text: str, width: int = LABEL_WIDTH) -> str:
    """`1 the cat sat…`: a text's number and its start, one line, `width` characters."""
    words = " ".join(text.split())
    head = f"{index + 1} "
    room = width - len(head)
    return head + (words if len(words) <= room else words[: room - 1] + "…")


def similarity_cell(value: float | None) -> str:
    """A cosine in three decimals; `·` where a vector had no direction."""
    if value is None or math.isnan(value):
        return "·".rjust(CELL_WIDTH)
    return f"{value:.3f}".rjust(CELL_WIDTH)


def matrix_lines(texts: Sequence[str], matrix: Sequence[Sequence[float | None]]) -> list[str]:
    """The cosine-similarity matrix as text: a header of text numbers, a labelled row each."""
    header = " " * LABEL_WIDTH + "".join(str(i + 1).rjust(CELL_WIDTH + 1) for i in range(len(texts)))
    rows = [
        label(i, text).ljust(LABEL_WIDTH) + "".join(" " + similarity_cell(value) for value in matrix[i])
        for i, text in enumerate(texts)
    ]
    return [header, *rows]
