"""Getting text out of a session: copy mode (ctrl+y), a double-clicked message, Markdown export.

A plain helper of the workbench screen. Every copy goes through the app's
`copy_text` (see `OllamuxApp.copy_to_clipboard`), which reaches the user's own
clipboard over SSH too.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual.notifications import SeverityLevel
from textual.screen import Screen

from ollamux.core.attachment_store import AttachmentStore
from ollamux.core.clipboard import CopyResult
from ollamux.core.codeblocks import collect_code_blocks
from ollamux.core.export import AttachmentMode, to_markdown, write_new_private
from ollamux.core.session import ChatMessage, Session
from ollamux.core.text import strip_control
from ollamux.ui.chat import ChatView, Transcript
from ollamux.ui.shared import Choose

if TYPE_CHECKING:
    from ollamux.ui.copy import CopyChoice


def reply_headings(reply_indexes: list[int]) -> dict[int, str]:
    """`the last reply`, `reply 2 of 3`, …: the heading over each reply's code blocks."""
    count = len(reply_indexes)
    return {index: "the last reply" if n == count else f"reply {n} of {count}"
            for n, index in enumerate(reply_indexes, start=1)}


class CopyActions:
    """Copy mode, copying a clicked message, and exporting a session, for one screen."""

    def __init__(self, screen: Screen[Any], copy_text: Callable[[str], CopyResult], export_dir: Path) -> None:
        self._screen = screen
        self._copy_text = copy_text
        self._export_dir = export_dir

    def copy_mode(self, view: ChatView) -> None:
        from ollamux.ui.copy import CopyMode  # at first use: start-up time

        session = view.session
        # Blocks are found in the text as shown: a control sequence can hide lines,
        # fences included, and what is hidden is not copied.
        replies = [(i, strip_control(m.content)) for i, m in enumerate(session.messages) if m.role == "assistant"]
        last_reply = replies[-1][1] if replies else ""

        def copy(choice: CopyChoice | None) -> None:
            if choice is not None:
                self.copy(choice.text, choice.what)

        in_view = view.query_one(Transcript).message_in_view()
        screen = CopyMode(collect_code_blocks(replies), last_reply, to_markdown(session), in_view,
                          headings=reply_headings([i for i, _ in replies]))
        self._screen.app.push_screen(screen, copy)

    def copy_message(self, message: ChatMessage) -> None:
        if message.content:
            self.copy(message.content, "the prompt" if message.role == "user" else "the reply")

    def copy(self, text: str, what: str) -> None:
        result = self._copy_text(text)
        severity: SeverityLevel = "information" if result.copied else "error"
        self._screen.notify(result.message, title=what[:1].upper() + what[1:], severity=severity, markup=False)

    async def export_markdown(self, session: Session) -> None:
        """Write the session to a Markdown file, with or without its thinking, its
        attachments linked or embedded."""
        answer = await self._screen.app.push_screen_wait(
            Choose("Export this session to Markdown:", {"t": "with thinking", "p": "answers only"})
        )
        if answer is None:
            return
        mode: AttachmentMode = "link"
        if any(message.attachments for message in session.messages):
            how = await self._screen.app.push_screen_wait(
                Choose("Attachments in the export:", {"l": "links to the data folder", "e": "embedded"})
            )
            if how is None:
                return
            mode = "embed" if how == "e" else "link"
        # Exports go to `exports` in the data folder; attachments live beside it.
        store = AttachmentStore(self._export_dir.parent)
        try:
            path = write_new_private(self._export_dir, session.title,
                                     to_markdown(session, thinking=answer == "t", attachments=mode, store=store))
        except OSError as error:
            self._screen.notify(f"Export failed: {error}", severity="error", markup=False)
        else:
            self._screen.notify(f"Exported to {path}", title="Markdown", markup=False)
