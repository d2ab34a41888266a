"""Getting text out: copy mode (ctrl+y), a double-clicked message, Markdown export.

A mixin of `OllamuxApp`. Copies go out over OSC 52 to the user's own terminal
(see `clipboard`), which is what reaches their clipboard over SSH.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import work

from ollamux.core.codeblocks import collect_code_blocks
from ollamux.core.export import to_markdown, write_new_private
from ollamux.core.text import strip_control
from ollamux.ui.copy.mode import CopyChoice, CopyMode
from ollamux.ui.shared.dialogs import Choose
from ollamux.ui.chat.transcript import Transcript

if TYPE_CHECKING:
    from ollamux.ui.app import OllamuxApp

    _Base = OllamuxApp
else:
    _Base = object


def reply_headings(reply_indexes: list[int]) -> dict[int, str]:
    """`the last reply`, `reply 2 of 3`, …: the heading over each reply's code blocks."""
    count = len(reply_indexes)
    return {index: "the last reply" if n == count else f"reply {n} of {count}"
            for n, index in enumerate(reply_indexes, start=1)}


class Copying(_Base):
    """Copy mode, copying a clicked message, and exporting a session."""

    def _write_to_terminal(self, sequence: str) -> None:
        if self._driver is not None:
            self._driver.write(sequence)
            self._driver.flush()

    def action_copy_mode(self) -> None:
        view = self.workspace.active_view
        if view is None:
            return
        session = view.session
        # Blocks are found in the text as shown: a control sequence can hide lines,
        # fences included, and what is hidden is not copied.
        replies = [(i, strip_control(m.content)) for i, m in enumerate(session.messages) if m.role == "assistant"]
        last_reply = replies[-1][1] if replies else ""

        def copy(choice: CopyChoice | None) -> None:
            if choice is not None:
                self._copy(choice.text, choice.what)

        in_view = view.query_one(Transcript).message_in_view()
        screen = CopyMode(collect_code_blocks(replies), last_reply, to_markdown(session), in_view,
                          headings=reply_headings([i for i, _ in replies]))
        self.push_screen(screen, copy)

    def _copy(self, text: str, what: str) -> None:
        # What reaches the clipboard is what the screen showed: no escape sequence
        # that the screen hid (a title change, a clipboard write) rides along.
        result = self.copier.copy(strip_control(text))
        severity = "information" if result.copied else "error"
        self.notify(result.message, title=what[:1].upper() + what[1:], severity=severity, markup=False)

    # By name, not with @on: a mixin is not a message pump, so @on would not register.
    def on_transcript_copy_message(self, event: Transcript.CopyMessage) -> None:
        if event.message.content:
            self._copy(event.message.content, "the prompt" if event.message.role == "user" else "the reply")

    @work
    async def action_export_markdown(self) -> None:
        """Write the session to a Markdown file, with or without its thinking."""
        view = self.workspace.active_view
        if view is None:
            return
        answer = await self.push_screen_wait(
            Choose("Export this session to Markdown:", {"t": "with thinking", "p": "answers only"})
        )
        if answer is None:
            return
        try:
            path = write_new_private(self.config.data_dir / "exports", view.session.title,
                                     to_markdown(view.session, thinking=answer == "t"))
        except OSError as error:
            self.notify(f"Export failed: {error}", severity="error", markup=False)
        else:
            self.notify(f"Exported to {path}", title="Markdown", markup=False)
