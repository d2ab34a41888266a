"""Asking which Modelfile on disk to create from: a path, Tab completes it as `@PATH` does.

A missing file, a folder, or something too big or not text to be a Modelfile is
said inline and the path stays to fix. Dismissed with the file's text and path.
"""

from __future__ import annotations

import os
from pathlib import Path

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static

from ollamux.core.attachment_paths import expand, unescape
from ollamux.core.path_completion import complete_at
from ollamux.ui.shared import LineInput
from ollamux.ui.workshop.widgets import dialog_css, show_problem

MAX_MODELFILE_BYTES = 1_000_000  # Modelfiles are short texts; weights are named in them, not put there
SHOWN_CANDIDATES = 8


def read_modelfile(written: str, cwd: Path, home: Path | None = None) -> tuple[Path, str] | str:
    """The file `written` names and its text, or why it cannot be a Modelfile."""
    if not written.strip():
        return "type the path of a Modelfile"
    path = expand(unescape(written.strip()), cwd, home)
    try:
        if path.is_dir():
            return f"{path} is a folder: name the Modelfile in it"
        size = path.stat().st_size
        if size > MAX_MODELFILE_BYTES:
            return (f"{path} is {size // 1_000_000} MB, not a Modelfile: "
                    "a Modelfile is a short text whose FROM names the weights")
        return path, path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return f"no such file: {path}"
    except UnicodeDecodeError:
        return f"{path} is not text: a Modelfile is a short text whose FROM names the weights"
    except OSError as error:
        return f"cannot read {path}: {error.strerror or error}"


class PathInput(LineInput):
    """Tab completes the path as the prompt's `@PATH` does, instead of moving on."""

    async def on_key(self, event: events.Key) -> None:
        if event.key != "tab":
            await super().on_key(event)
            return
        event.stop()
        event.prevent_default()
        self.screen.complete_path()  # type: ignore[attr-defined]


class AskModelfile(ModalScreen[tuple[Path, str] | None]):
    """Escape cancels (None)."""

    DEFAULT_CSS = dialog_css("AskModelfile") + """
    AskModelfile #modelfile-candidates { color: $text-muted; }
    AskModelfile .workshop-problem { padding-left: 0; }
    """
    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, cwd: Path | None = None) -> None:
        super().__init__()
        self.cwd = Path(os.path.abspath(cwd or Path.cwd()))

    def compose(self) -> ComposeResult:
        with Vertical(id="workshop-box") as box:
            box.border_title = "Create from a Modelfile on disk"
            yield Label(Content(f"Path (from {self.cwd}):"))
            yield PathInput(placeholder="e.g. ./Modelfile or ~/models/terse.Modelfile", id="modelfile-path")
            yield Static(classes="workshop-problem", id="modelfile-problem")
            yield Static(id="modelfile-candidates")
            yield Static("Tab: complete · Enter: open in the editor · Escape: cancel", classes="workshop-keys")

    def complete_path(self) -> None:
        field = self.query_one(PathInput)
        # The prompt's completer reads an `@PATH` word: this field holds nothing else.
        found = complete_at("@" + field.value, field.cursor_position + 1, self.cwd)
        listing = self.query_one("#modelfile-candidates", Static)
        if found is None:
            listing.update(Content("nothing matches"))
            return
        field.value = field.value[: found.start - 1] + found.replacement.rstrip(" ") + field.value[found.end - 1 :]
        field.cursor_position = found.start - 1 + len(found.replacement.rstrip(" "))
        names = "  ".join(found.candidates[:SHOWN_CANDIDATES])
        more = len(found.candidates) - SHOWN_CANDIDATES + found.left_out
        listing.update(Content(names + (f"  +{more} more" if more > 0 else "")))

    @on(Input.Changed)
    def _typed(self) -> None:
        show_problem(self.query_one("#modelfile-problem", Static), "")

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        found = read_modelfile(event.value, self.cwd)
        if isinstance(found, str):
            show_problem(self.query_one("#modelfile-problem", Static), found)
        else:
            self.dismiss(found)

    def action_cancel(self) -> None:
        self.dismiss(None)
