"""ctrl+y: every code block of the recent replies under a one-key label.

One key press copies: 1–9 and a–z for code blocks, the latest reply's first and
grouped by reply under a heading (so the block just answered is always `1`), `m` for the
message in view (clicked, or across the middle of the transcript), `r` for the
whole last reply, `t` for the transcript as Markdown. Rows can be clicked too.
The caller delivers the text (OSC 52 and the local clipboard).
"""

from __future__ import annotations

import string
from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.events import Key
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from ollamux.core.codeblocks import CodeBlock, newest_reply_first
from ollamux.core.session import ChatMessage
from ollamux.core.text import strip_control

# Letters with a meaning of their own are no block labels.
LABELS = string.digits[1:] + "".join(c for c in string.ascii_lowercase if c not in "mrt")
PREVIEW = 50

# The screen's own keys (handled in `on_key`), listed for the F1 help.
HELP_KEYS = [
    Binding("1…9,a…z", "", "Copy the code block with that label: the latest reply's are 1, 2, …"),
    Binding("m", "", "Copy the message in view (the one clicked, else the one across the middle)"),
    Binding("r", "", "Copy the whole last reply"),
    Binding("t", "", "Copy the whole transcript, as Markdown"),
    Binding("escape", "", "Close without copying"),
]


@dataclass(frozen=True)
class CopyChoice:
    """What to put on the clipboard, and how to name it in the notification."""

    text: str
    what: str


def preview(text: str) -> str:
    """`12 lines · its first line, shortened`: enough to tell copies apart."""
    first = strip_control(next((line.strip() for line in text.splitlines() if line.strip()), ""))
    if len(first) > PREVIEW:
        first = first[: PREVIEW - 1] + "…"
    lines = len(text.splitlines())
    return f"{lines} line{'s' if lines != 1 else ''} · {first}"


def block_label(block: CodeBlock) -> str:
    return f"{block.language or 'text'} · {preview(block.code)}"


def _role(message: ChatMessage) -> str:
    return "prompt" if message.role == "user" else "reply"


def message_label(message: ChatMessage) -> str:
    return f"the {_role(message)} in view · {preview(message.content)}"


class CopyMode(ModalScreen[CopyChoice | None]):
    """Pick a code block (or the last reply, or the transcript) by its label."""

    DEFAULT_CSS = """
    CopyMode { align: center middle; }
    CopyMode > Vertical {
        width: 90; max-width: 100%; height: auto; max-height: 95%;
        border: thick $primary; background: $surface; padding: 0 1;
    }
    CopyMode OptionList { height: auto; max-height: 24; border: none; }
    CopyMode .keys { color: $text-muted; }
    CopyMode OptionList > .option-list--option-disabled { color: $text-accent; text-style: bold; }
    """
    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(
        self, blocks: list[CodeBlock], last_reply: str, transcript: str, in_view: ChatMessage | None = None,
        headings: dict[int, str] | None = None,
    ) -> None:
        super().__init__()
        # Labels go to the newest reply's blocks first: those are the ones just read.
        self.blocks = newest_reply_first(blocks)[:len(LABELS)]
        # The heading over each reply's group, by message index.
        self.headings = headings or {}
        self.last_reply = last_reply
        self.transcript = transcript
        self.in_view = in_view if in_view is not None and in_view.content else None
        # The rows after the blocks, in order: (key, text, what), shown as "key  what".
        self.extras = [
            *([("m", self.in_view.content, f"the {_role(self.in_view)} in view")] if self.in_view else []),
            ("r", last_reply, "the last reply"),
            ("t", transcript, "the transcript"),
        ]

    def compose(self) -> ComposeResult:
        options: list[Option] = []
        for i, (label, block) in enumerate(zip(LABELS, self.blocks, strict=False)):
            if i == 0 or block.message_index != self.blocks[i - 1].message_index:
                heading = self.headings.get(block.message_index, f"message {block.message_index + 1}")
                options.append(Option(Content(heading), disabled=True))
            options.append(Option(Content.assemble((f" {label} ", "reverse bold"), " ", block_label(block)), id=label))
        if not options:
            options.append(Option(Content("No code blocks in this session yet."), disabled=True))
        if self.in_view is not None:
            options.append(Option(Content.assemble((" m ", "reverse bold"), " ", message_label(self.in_view)), id="m"))
        options.append(Option(Content.assemble((" r ", "reverse bold"), " the whole last reply"), id="r"))
        options.append(Option(Content.assemble((" t ", "reverse bold"), " the whole transcript, as Markdown"), id="t"))
        with Vertical() as box:
            box.border_title = "Copy"
            yield OptionList(*options)
            yield Label("Press a label (or click) to copy   ↑↓ Enter also work   Escape cancel", classes="keys")

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        # Block 1 (the latest reply's first), else the first row that copies something.
        options.highlighted = next(i for i, option in enumerate(options.options) if not option.disabled)
        options.focus()

    def on_key(self, event: Key) -> None:
        if event.character and len(event.character) == 1 and self._pick(event.character):
            event.stop()
            event.prevent_default()

    def _pick(self, key: str) -> bool:
        for extra_key, text, what in self.extras:
            if key == extra_key:
                self._copy(text, what)
                return True
        if key in LABELS and LABELS.index(key) < len(self.blocks):
            self._copy_block(LABELS.index(key))
            return True
        return False

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        # Each row that copies is named by its key; headings cannot be selected.
        if event.option.id is not None:
            self._pick(event.option.id)

    def _copy_block(self, index: int) -> None:
        block = self.blocks[index]
        self._copy(block.code, f"block {LABELS[index]} ({block.language or 'text'}, {block.line_count} lines)")

    def _copy(self, text: str, what: str) -> None:
        self.dismiss(CopyChoice(text, what) if text else None)

    def action_cancel(self) -> None:
        self.dismiss(None)
