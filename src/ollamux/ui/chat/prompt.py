"""The prompt editor: Enter sends, ctrl+j or shift+enter starts a new line."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from textual import events
from textual.message import Message
from textual.strip import Strip
from textual.widgets import TextArea
from textual.widgets.text_area import Document

from ollamux.core.attachment_paths import dropped_images
from ollamux.core.history import PromptHistory
from ollamux.core.path_completion import complete_at
from ollamux.ui.shared.keys_in_order import AREA_KEYS, run_in_order, run_own_binding
from ollamux.ui.shared.prompt_words import PROMPT_PLACEHOLDER


class PromptArea(TextArea):
    """A multi-line editor whose Enter sends instead of breaking the line.

    Pastes arrive as one Paste event, not as key presses, so a pasted block with
    newlines is inserted whole and never sends by itself.

    Up on the first line recalls earlier prompts (newest first); Down on the last
    line walks forward again and ends on the draft that was being typed.
    """

    DEFAULT_CSS = """
    PromptArea {
        height: auto;
        min-height: 3;
        max-height: 10;
        border: tall $border-blurred;
        &:focus { border: tall $border; }
    }
    """

    @dataclass
    class Submitted(Message):
        prompt: PromptArea
        text: str

    @dataclass
    class FilesDropped(Message):
        """Only image paths were pasted (a drop from a file manager): attach them."""

        prompt: PromptArea
        paths: list[Path]

    @dataclass
    class Completions(Message):
        """Tab after `@partial` matched several paths: these, for the chat view to show."""

        prompt: PromptArea
        candidates: tuple[str, ...]  # names, folders ending in "/"
        left_out: int = 0  # more matches than the list holds

    def __init__(self, *, id: str | None = None, history: Iterable[str] = (), text: str = "") -> None:
        super().__init__(
            text,
            id=id,
            soft_wrap=True,
            show_line_numbers=False,
            tab_behavior="focus",
            compact=False,
            placeholder=PROMPT_PLACEHOLDER,
        )
        self.prompt_history = PromptHistory(history)

    def on_mount(self) -> None:
        self.move_cursor(self.document.end)  # a kept draft goes on where it ended

    def render_line(self, y: int) -> Strip:
        # Shown again beside a panel (`w` in the models panel), the prompt may be
        # drawn once before it has a width, and Textual's placeholder wrap fails at 0.
        if self.content_size.width <= 0:
            return Strip.blank(self.size.width, self.rich_style)
        return super().render_line(y)

    async def _on_paste(self, event: events.Paste) -> None:
        # A file dropped on the terminal arrives as a paste of its path: attached as a
        # chip, as the ollama CLI attaches it, instead of typed into the prompt.
        # Textual runs TextArea's own paste handler after this one unless it is prevented.
        if not self.read_only and (paths := dropped_images(event.text, Path.cwd())):
            event.stop()
            event.prevent_default()
            self.post_message(self.FilesDropped(self, paths))

    def remember(self, text: str) -> None:
        """Add a sent prompt to the history (call it when a send is accepted)."""
        self.prompt_history.remember(text)

    def clear_sent(self, sent: str) -> None:
        """Take a sent prompt out of the editor, keeping what was typed after Enter.

        The send is accepted a moment after Enter, and keys pressed in that moment
        are already in the editor; clearing everything would lose them. If the
        sent text itself was edited meanwhile, nothing is removed: the user's text
        is worth more than a tidy prompt.
        """
        current = self.text
        typed = typed_since(current, sent)
        if typed is None:
            return
        head = shared_prefix(current, sent)
        document = self.document
        assert isinstance(document, Document)  # a TextArea's own, never a wrapped view of it
        location = document.get_location_from_index
        self.delete(location(head + len(typed)), self.document.end)
        self.delete(self.document.start, location(head))

    async def on_key(self, event: events.Key) -> None:
        # The public hook runs before TextArea's own key handling (a subclass comes
        # first in the MRO); prevent_default() keeps TextArea from also typing the key.
        # Readline keys, in order in a burst; the other keys TextArea binds once the prompt's own are looked at.
        if await run_in_order(self, event, AREA_KEYS, own_bindings=False):
            return
        if event.key == "enter":
            event.stop()
            event.prevent_default()
            # Empty too: attachments alone can be a prompt (the chat view decides).
            self.post_message(self.Submitted(self, self.text))
            return
        if event.key in ("ctrl+j", "shift+enter"):
            event.stop()
            event.prevent_default()
            if not self.read_only:
                start, end = self.selection
                self.replace("\n", start, end, maintain_selection_offset=False)
            return
        if event.key in ("up", "down") and self._recall(older=event.key == "up"):
            event.stop()
            event.prevent_default()
            return
        if event.key == "tab" and self._complete_path():
            # Completed: the Tab is spent. Otherwise it moves focus as before.
            event.stop()
            event.prevent_default()
            return
        await run_own_binding(self, event)

    def _complete_path(self) -> bool:
        """Complete the `@partial` the cursor ends; False when there is nothing to complete."""
        if self.read_only or self.selection.start != self.selection.end:
            return False
        document = self.document
        assert isinstance(document, Document)  # a TextArea's own, never a wrapped view of it
        cursor = document.get_index_from_location(self.cursor_location)
        try:
            cwd = Path.cwd()
        except OSError:  # the working folder was deleted under us: nothing to complete from
            return False
        completion = complete_at(self.text, cursor, cwd)
        if completion is None:
            return False
        location = document.get_location_from_index
        if self.text[completion.start : completion.end] != completion.replacement:
            # replace() rather than setting .text, so the completion can be undone.
            self.replace(
                completion.replacement,
                location(completion.start),
                location(completion.end),
                maintain_selection_offset=False,
            )
        if completion.candidates:
            self.post_message(self.Completions(self, completion.candidates, completion.left_out))
        return True

    def _recall(self, *, older: bool) -> bool:
        """Show an earlier/later prompt if the cursor is at the edge; False to move normally.

        The edge is visual (the first or last wrapped row), so Up and Down still
        move through a long wrapped line before they leave it.
        """
        if self.selection.start != self.selection.end:
            return False
        location = self.cursor_location
        if older:
            if not self.navigator.is_first_wrapped_line(location):
                return False
            text = self.prompt_history.older(self.text)
        else:
            if not self.navigator.is_last_wrapped_line(location):
                return False
            text = self.prompt_history.newer()
        if text is None:
            return False
        # replace() rather than setting .text, so the recall can be undone.
        self.replace(text, self.document.start, self.document.end)
        self.move_cursor(self.document.end)
        return True


def typed_since(current: str, sent: str) -> str | None:
    """What was inserted into `sent` to give `current`, or None if `sent` was changed.

    Keys typed after Enter go in at one place (the cursor), so `current` is the
    sent text with one run of new text inside it.
    """
    head = shared_prefix(current, sent)
    current_rest, sent_rest = current[head:], sent[head:]
    tail = shared_prefix(current_rest[::-1], sent_rest[::-1])
    if head + tail < len(sent):
        return None
    return current_rest[: len(current_rest) - tail]


def shared_prefix(first: str, second: str) -> int:
    """How many leading characters the two texts have in common."""
    for index, (a, b) in enumerate(zip(first, second, strict=False)):
        if a != b:
            return index
    return min(len(first), len(second))
