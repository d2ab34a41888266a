"""The prompt and, above it, the chips of the files that go with the next prompt.

The chips are the session's draft attachments: saved with it like the typed draft,
so closing or quitting loses neither. `@PATH` mentions in the text join them only
when the prompt is sent (`outgoing`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from textual import on, work
from textual.app import App, ComposeResult
from textual.containers import Vertical
from textual.message import Message

from ollamux.core.attach import TooLongForContext
from ollamux.core.attachment import Attachment, AttachmentError
from ollamux.core.attachment_store import AttachmentStore
from ollamux.core.session import Session
from ollamux.core.text import format_size
from ollamux.ui.attachments import AttachmentChips
from ollamux.ui.chat.attaching import attach_one, resolve
from ollamux.ui.chat.prompt import PromptArea
from ollamux.ui.shared import Choose, Confirm

# Tab after @partial shows at most this many of the paths that match.
COMPLETIONS_SHOWN = 24
# Keys that pick one of several attachments to preview.
CHOICE_KEYS = "123456789"


async def ask_to_cut(app: App[object], error: TooLongForContext) -> bool:
    """Whether to attach only the start of a text file too long for the context."""
    question = (f"{error} Attach only its start, cut to fit (about {error.budget:,} tokens), "
                "marked where it was cut?")
    confirmed: bool = await app.push_screen_wait(Confirm(question))
    return confirmed


class PromptDock(Vertical):
    DEFAULT_CSS = "PromptDock { height: auto; }"

    @dataclass
    class AttachFailed(Message):
        """A file could not be attached: the chat view says so in the transcript."""

        what: str
        why: str

    def __init__(
        self,
        session: Session,
        store: AttachmentStore | None,
        *,
        history: Iterable[str],
        context_left: Callable[[], int | None],
    ) -> None:
        super().__init__()
        self.session = session
        # Where attached files are kept, content-addressed; None: attaching is off.
        self.store = store
        self._history = history
        self._context_left = context_left

    def compose(self) -> ComposeResult:
        yield AttachmentChips(id="chips")
        yield PromptArea(id="prompt", history=self._history, text=self.session.draft)

    def on_mount(self) -> None:
        self.show_chips()

    def focus_prompt(self) -> None:
        self.query_one(PromptArea).focus()

    def show_chips(self) -> None:
        self.query_one(AttachmentChips).set_attachments(list(self.session.draft_attachments))

    def add_chip(self, attachment: Attachment) -> None:
        if attachment not in self.session.draft_attachments:
            self.session.draft_attachments.append(attachment)
        self.show_chips()

    @on(AttachmentChips.Removed)
    def _chip_removed(self, event: AttachmentChips.Removed) -> None:
        event.stop()
        if event.attachment in self.session.draft_attachments:
            self.session.draft_attachments.remove(event.attachment)
        self.show_chips()
        if not self.session.draft_attachments:
            self.focus_prompt()

    @on(AttachmentChips.Done)
    def _chips_done(self, event: AttachmentChips.Done) -> None:
        event.stop()
        self.focus_prompt()

    @on(PromptArea.FilesDropped)
    def _files_dropped(self, event: PromptArea.FilesDropped) -> None:
        event.stop()
        self.attach_files(event.paths)

    @on(PromptArea.Completions)
    def _show_completions(self, event: PromptArea.Completions) -> None:
        event.stop()
        shown = "   ".join(event.candidates[:COMPLETIONS_SHOWN])
        more = len(event.candidates) - COMPLETIONS_SHOWN + event.left_out
        if more > 0:
            shown += f"   … and {more} more: type more of the name"
        self.notify(shown, title="Tab: several files match", markup=False)

    @work(group="attach")
    async def pick_file(self) -> None:
        """Browse for a file to attach; it shows as a chip above the prompt."""
        from ollamux.ui.attachments import AttachmentPicker  # at first use: start-up time

        path = await self.app.push_screen_wait(AttachmentPicker())
        if path is not None:
            await self._attach_path(path)
        self.focus_prompt()

    @work(group="attach")
    async def attach_files(self, paths: list[Path]) -> None:
        """Attach files as chips; one that cannot be attached is named, the others stay."""
        for path in paths:
            await self._attach_path(path)
        self.focus_prompt()

    async def _attach_path(self, path: Path) -> None:
        if self.store is None:
            return
        try:
            attachment = await attach_one(
                path, self.store, context_left=self._context_left(), confirm_cut=self._confirm_cut
            )
        except AttachmentError as error:
            self.post_message(self.AttachFailed(f"attach {path.name}", str(error)))
            return
        if attachment is not None:
            self.add_chip(attachment)

    async def outgoing(self, typed: str) -> tuple[str, tuple[Attachment, ...]] | None:
        """What the model reads and every file with it: the chips, then what `typed` mentions.

        None when the user declined to cut a file too long for the context; raises
        AttachmentError naming a file that cannot be attached.
        """
        chips = list(self.session.draft_attachments)
        if self.store is None:
            return typed, tuple(chips)
        found = await resolve(
            typed, chips, self.store, context_left=self._context_left(), confirm_cut=self._confirm_cut
        )
        return None if found is None else (found.text, found.attachments)

    async def _confirm_cut(self, error: TooLongForContext) -> bool:
        return await ask_to_cut(self.app, error)

    def preview(self, attachment: Attachment) -> None:
        if self.store is not None:
            from ollamux.ui.attachments import AttachmentPreview  # at first use: start-up time

            self.app.push_screen(AttachmentPreview(attachment, self.store.read))

    @work(group="attach")
    async def preview_one_of(self, files: list[Attachment]) -> None:
        """Preview one of `files`, asking which when there are several."""
        if len(files) == 1:
            self.preview(files[0])
            return
        named = zip(CHOICE_KEYS, files, strict=False)
        answers = {key: f"{file.name} ({format_size(file.size)})" for key, file in named}
        answer = await self.app.push_screen_wait(Choose("Preview which attachment?", answers))
        if answer is not None:
            self.preview(files[CHOICE_KEYS.index(answer)])
