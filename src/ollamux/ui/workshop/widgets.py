"""Pieces the workshop's dialogs share: the Modelfile editor, the error block, the frame's CSS."""

from __future__ import annotations

from textual import events
from textual.content import Content
from textual.widgets import Static, TextArea

from ollamux.api.errors import ApiError
from ollamux.ui.shared.keys_in_order import AREA_KEYS, run_in_order

LABEL_WIDTH = 12  # the labels' column, as wide as `dialog_css` makes it


def dialog_css(name: str) -> str:
    """A framed box, most of an 80x24 terminal, its parts in rows."""
    return f"""
    {name} {{ align: center middle; }}
    {name} > #workshop-box {{
        width: 96%; max-width: 100; height: auto; max-height: 96%;
        border: thick $primary; border-title-color: $text-primary; border-title-style: bold;
        background: $surface; padding: 0 1;
    }}
    {name} .workshop-row {{ height: auto; }}
    {name} .workshop-label {{ width: 12; padding-top: 0; color: $text-muted; }}
    {name} .workshop-row > LineInput {{ width: 1fr; }}
    {name} .workshop-problem {{ color: $text-error; padding-left: 12; display: none; }}
    {name} .workshop-problem.-shown {{ display: block; }}
    {name} .workshop-error {{ color: $text-error; display: none; margin-top: 1; }}
    {name} .workshop-error.-shown {{ display: block; }}
    {name} .workshop-keys {{ color: $text-muted; margin-top: 1; }}
    {name} .workshop-job {{ height: auto; }}
    {name} JobRow {{ margin-top: 1; }}
    """


class ModelfileArea(TextArea):
    """A Modelfile's text: Enter breaks the line as in any editor; readline keys in a burst keep their order."""

    async def on_key(self, event: events.Key) -> None:
        await run_in_order(self, event, AREA_KEYS)


def show_error(block: Static, text: str, error: ApiError | None = None) -> None:
    """`text` in bold, then the server's words and the hint; untrusted text stays plain."""
    parts = [Content.styled(text, "bold")]
    if error is not None:
        parts.append(Content(error.message))
        if error.hint:
            parts.append(Content.styled(error.hint, "$foreground-muted"))
    block.update(Content("\n").join(parts))
    block.add_class("-shown")


def hide(block: Static) -> None:
    block.remove_class("-shown")


def show_problem(block: Static, problem: str) -> None:
    """An inline problem under a field, or nothing when `problem` is ""."""
    block.update(Content(problem))
    block.set_class(bool(problem), "-shown")


def label_rows(rows: list[tuple[str, str]]) -> Content:
    """(label, value) rows, the values in one column in line with the fields above."""
    width = max(LABEL_WIDTH, *(len(label) + 1 for label, _ in rows))
    return Content("\n").join(Content.assemble((label.ljust(width), "$text-muted"), value) for label, value in rows)


def point_at(editor: TextArea, line: int) -> None:
    """Put the editor's caret on a bad line (numbered from 1), so the fix starts there."""
    if line:
        editor.cursor_location = (line - 1, 0)
        editor.focus()
