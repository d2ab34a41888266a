"""What a search in the F4 browser found, and how each hit reads: two lines, matches highlighted.

Titles and snippets are outside text: they are put into `Content` as literal
text and styled by spans, never parsed as markup.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.cells import cell_len
from textual.content import Content

from ollamux.core.search_hits import Hit
from ollamux.core.search_index import SearchIndex
from ollamux.core.search_query import Query
from ollamux.core.session import Session
from ollamux.ui.sessions.rows import Entry

# A match stands out on a highlighted row as well as on a plain one.
MATCH_STYLE = "bold reverse"
# The title is never cut shorter than this to make room for model, host and date.
MIN_TITLE_CELLS = 12
SEARCH_LIMIT = 100


def find_entries(index: SearchIndex, query: Query, thinking: bool, open_sessions: Sequence[Session]) -> list[Entry]:
    """The sessions `query` finds, best first (with nothing typed: the newest), each
    with its open tab's session if it has one. No file is read: a saved session is
    read only when acted on. Runs in a thread; raises SearchIndexError."""
    by_id = {session.id: session for session in open_sessions}
    return [Entry(hit, by_id.get(hit.session_id)) for hit in index.search(query, limit=SEARCH_LIMIT, thinking=thinking)]


def highlighted(text: str, spans: Sequence[tuple[int, int]], style: str = "") -> Content:
    """`text` in `style`, each (start, end) span of it in MATCH_STYLE."""
    content = Content(text).stylize(style) if style else Content(text)
    for start, end in spans:
        if 0 <= start < end <= len(text):
            content = content.stylize(MATCH_STYLE, start, end)
    return content


def _fit(line: Content, width: int | None) -> Content:
    return line.truncate(width, ellipsis=True) if width is not None and line.cell_length > width else line


def hit_row(hit: Hit, *, is_open: bool = False, width: int | None = None) -> Content:
    """`title  model @ host  2026-05-04 12:30 · open` over the snippet, each line fitting `width`.

    The title gives way first, then the host; the snippet is cut at the end
    (the index centres it on the match, near its start).
    """
    when = hit.updated.astimezone().strftime("%Y-%m-%d %H:%M")
    where = f"  {hit.model} @ {hit.host}  "
    mark = " · open" if is_open else ""
    title = highlighted(hit.title or "untitled", hit.title_highlights if hit.title else (), "bold")
    if width is not None:
        if title.cell_length + cell_len(where + when + mark) > width:
            where = f"  {hit.model}  "
        room = max(MIN_TITLE_CELLS, width - cell_len(where + when + mark))
        title = _fit(title, room)
    head = Content.assemble(title, where, (when, "dim"), (mark, "$accent") if mark else "")
    lead = "thinking: " if hit.in_thinking else ""
    snippet = _around_match(hit.snippet, hit.highlights, None if width is None else width - len(lead))
    body = Content.assemble((lead, "italic dim"), snippet)
    return Content("\n").join([_fit(head, width), _fit(body, width)])


def _around_match(text: str, spans: Sequence[tuple[int, int]], width: int | None) -> Content:
    """The snippet, highlighted; narrower than the index made it, its start goes
    until the first match shows whole (with a few words before it when they fit)."""
    content = highlighted(text, spans, "dim")
    if width is None or not spans or cell_len(text[: spans[0][1]]) < width:
        return content
    start = spans[0][0]
    lead = max(0, width // 4)  # some context before the match
    while start > 0 and cell_len(text[start - 1 : spans[0][1]]) < width - 1 and spans[0][0] - start < lead:
        start -= 1
    if 0 <= (space := text.find(" ", start, spans[0][0])) < spans[0][0] - 1:
        start = space + 1  # from a word's start, not from its middle
    return Content.assemble(("…", "dim"), content[start:])


def status_text(errors: Sequence[str], indexing: str | None, found: int | None, listed: int = 0) -> Content:
    """Under the results: a bad filter's message on a line of its own, how far
    indexing is, how many found (`found`: a search) or whether the list of the
    newest (`listed` rows, nothing typed) is cut."""
    parts: list[Content] = []
    if indexing is not None:
        parts.append(Content.styled(indexing, "dim"))
    if listed >= SEARCH_LIMIT:
        parts.append(Content.styled(f"The newest {SEARCH_LIMIT}: type to search them all", "dim"))
    if found is not None:
        so_far = " so far" if indexing is not None else ""
        count = f"{found}+" if found >= SEARCH_LIMIT else str(found)  # the best ones only
        parts.append(Content.styled(f"{count} session{'s' if found != 1 else ''} found{so_far}", "dim"))
    lines = [Content.styled(error, "$text-error") for error in errors]
    return Content("\n").join([*lines, Content("  ").join(parts)] if parts else lines)
