"""What the embeddings view shows under the texts: each vector in brief, then the matrix."""

from __future__ import annotations

from textual.content import Content

from ollamux.api.embed import Embeddings
from ollamux.api.errors import ApiError
from ollamux.core.embedding_text import label, matrix_lines, vector_preview
from ollamux.core.similarity import cosine_matrix
from ollamux.core.text import strip_control


def _clean(text: str) -> str:
    return strip_control(text.replace("\t", " "))


def results_content(texts: tuple[str, ...], embeddings: Embeddings) -> Content:
    """`1 text…  384 dims  [0.0123, …]` per text, a blank line, the cosine matrix."""
    size = f"{embeddings.dimensions} dims"
    lines = [
        Content.assemble((label(i, _clean(text)), "bold"), "  ", (size, "$text-accent"), "  ",
                         (vector_preview(vector), "$foreground-muted"))
        for i, (text, vector) in enumerate(zip(texts, embeddings.vectors, strict=True))
    ]
    if len(texts) > 1:
        lines += [Content(""), Content.styled("Cosine similarity", "bold")]
        table = matrix_lines([_clean(t) for t in texts], cosine_matrix(embeddings.vectors))
        lines += [Content.styled(table[0], "$foreground-muted"), *(Content(row) for row in table[1:])]
    figures = [f"{embeddings.prompt_tokens} tokens"] if embeddings.prompt_tokens is not None else []
    if embeddings.total_seconds is not None:
        figures.append(f"{embeddings.total_seconds:.2f} s")
    if figures:
        lines += [Content(""), Content.styled(" · ".join(figures), "$foreground-muted")]
    return Content("\n").join(lines)


def error_content(error: ApiError) -> Content:
    """The server's own words, and a hint at the fix."""
    lines = [Content.styled(_clean(error.message), "bold $text-error")]
    if error.hint:
        lines.append(Content.styled(_clean(error.hint), "$foreground-muted"))
    return Content("\n").join(lines)
