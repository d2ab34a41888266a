"""The attachment picker: browse folders by keyboard, filter as you type, preview the highlighted file.

A folder is read once, in a thread, when it is opened; each key then filters the
names in memory, and only the rows on screen are asked for sizes. The preview of the
highlighted entry is read and decoded in a thread too, one at a time: when the
highlight moves on, work queued for an entry no longer highlighted is skipped.
"""

from __future__ import annotations

import asyncio
import os
from pathlib import Path

from rich.cells import cell_len
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.events import Resize
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from ollamux.ui.attachments import graphics
from ollamux.ui.attachments.entry_list import EntryList
from ollamux.ui.attachments.layout import ELLIPSIS
from ollamux.ui.attachments.listing import PARENT, Entry, matching, scan
from ollamux.ui.attachments.peek import Peek, peek, reason
from ollamux.ui.shared import LineInput

PLACEHOLDER = "Type to filter; a leading . shows hidden files"
NARROW = 70  # below this many columns the preview goes under the list


def shorten(path: Path) -> str:
    """`path` as a person writes it: under the home folder it starts with `~`."""
    try:
        inside = path.relative_to(Path.home())
    except ValueError:
        return str(path)
    return "~" if inside == Path() else f"~{os.sep}{inside}"


class _Filter(LineInput):
    """The filter; Backspace with nothing left to delete goes up a folder."""

    class Exhausted(Message):
        """Backspace was pressed on an empty filter."""

    def action_delete_left(self) -> None:
        if self.value:
            super().action_delete_left()
        else:
            self.post_message(self.Exhausted())


class AttachmentPicker(ModalScreen[Path | None]):
    """Pick a file to attach, starting in `start` (the working folder by default).

    Dismisses with the file's Path, or None on Escape.
    """

    DEFAULT_CSS = """
    AttachmentPicker { align: center middle; }
    #attach-box {
        width: 98%; max-width: 120; height: 90%; max-height: 40;
        border: round $primary; border-title-color: $text-primary; border-title-style: bold;
        background: $surface; padding: 0 1;
    }
    #attach-folder { height: 1; color: $text-muted; }
    #attach-filter { margin-bottom: 1; }
    #attach-main { height: 1fr; }
    #attach-list { width: 1fr; height: 100%; }
    #attach-preview { width: 1fr; height: 100%; padding-left: 1; border-left: vkey $panel; }
    #preview-name { height: 1; text-style: bold; }
    #preview-facts { height: 1; color: $text-muted; }
    #preview-body { height: 1fr; overflow: hidden hidden; }
    #preview-text { width: 100%; height: auto; }
    #preview-image { width: auto; height: auto; }
    #attach-keys { height: 1; margin-top: 1; color: $text-muted; }
    AttachmentPicker.-narrow #attach-main { layout: vertical; }
    AttachmentPicker.-narrow #attach-list { width: 100%; height: 1fr; }
    AttachmentPicker.-narrow #attach-preview {
        width: 100%; height: 8; padding-left: 0; border-left: none; border-top: hkey $panel;
    }
    """

    BINDINGS = [
        Binding("escape", "cancel", "Cancel"),
        # The filter keeps focus; these keys steer the list from there, ahead of it.
        Binding("up", "move(-1)", "Up", show=False, priority=True),
        Binding("down", "move(1)", "Down", show=False, priority=True),
        Binding("pageup", "page(-1)", "Page up", show=False, priority=True),
        Binding("pagedown", "page(1)", "Page down", show=False, priority=True),
        # Priority: the filter would otherwise take alt+h as an "h".
        Binding("alt+up", "parent", "Parent folder", priority=True),
        Binding("alt+h", "toggle_hidden", "Hidden files", priority=True),
    ]

    def __init__(self, start: Path | None = None) -> None:
        super().__init__()
        self._folder = Path(os.path.abspath(start or Path.cwd()))
        self._entries: list[Entry] | None = None  # None while the folder is read
        self._error = ""
        self._query = ""
        self._show_hidden = False
        self._wanted = 0  # which highlight the preview is for: stale work skips itself

    def compose(self) -> ComposeResult:
        with Vertical(id="attach-box") as box:
            box.border_title = "Attach a file"
            yield Static(id="attach-folder")
            yield _Filter(placeholder=PLACEHOLDER, compact=True, id="attach-filter")
            with Horizontal(id="attach-main"):
                yield EntryList(id="attach-list")
                with Vertical(id="attach-preview"):
                    yield Static(id="preview-name")
                    yield Static(id="preview-facts")
                    with Vertical(id="preview-body"):
                        yield Static(id="preview-text")
                        yield graphics.image_widget(id="preview-image")
            yield Static(id="attach-keys")

    def on_mount(self) -> None:
        self._list = self.query_one(EntryList)
        self._show_keys()
        self._open(self._folder)

    @property
    def folder(self) -> Path:
        return self._folder

    # -- folders ------------------------------------------------------------

    def _open(self, folder: Path, *, highlight: str | None = None) -> None:
        self._folder, self._entries, self._error, self._query = folder, None, "", ""
        self._show_folder()
        self.query_one(_Filter).value = ""
        self._rebuild()
        self._read(folder, highlight)

    def _show_folder(self) -> None:
        # A long path loses its start, never the folder the user is in.
        label = self.query_one("#attach-folder", Static)
        path, width = shorten(self._folder), label.content_size.width
        if width and cell_len(path) > width:
            path = ELLIPSIS + path[len(path) - width + 1 :]
        label.update(Content(path))

    # Through `work`, not run_worker(coroutine): a worker cancelled before it starts leaves none unawaited.
    @work(group="listing", exclusive=True)
    async def _read(self, folder: Path, highlight: str | None) -> None:
        problem = ""
        try:
            entries = await asyncio.to_thread(scan, folder)
        except OSError as error:
            entries, problem = [], f"Cannot read this folder: {reason(error)}"
        if folder == self._folder:  # not left meanwhile
            self._entries, self._error = entries, problem
            self._rebuild(highlight=highlight)

    def _rebuild(self, *, highlight: str | None = None) -> None:
        shown = matching(self._entries or [], self._query, show_hidden=self._show_hidden)
        at_top = not self._query and self._folder.parent != self._folder
        if at_top:
            shown = [PARENT, *shown]
        if self._entries is None:
            notice = "reading…"
        elif self._error:
            notice = self._error
        elif self._query and not shown:
            notice = f"Nothing here matches '{self._query}'"
        elif not self._entries:
            notice = "This folder is empty"
        else:
            notice = ""
        names = [entry.name for entry in shown]
        if highlight in names:
            row = names.index(highlight)
        else:
            row = 1 if at_top and len(shown) > 1 else 0  # the first entry, not the way up
        self._list.show(self._folder, shown, notice=notice, highlight=row)

    # -- preview ------------------------------------------------------------

    @on(EntryList.Highlighted)
    def _highlighted(self, event: EntryList.Highlighted) -> None:
        self._wanted += 1
        entry = event.entry
        self.query_one("#preview-name", Static).update(Content(entry.name if entry else ""))
        self._show_peek(Peek("parent folder") if entry is PARENT else Peek("…" if entry else ""))
        if entry is not None and entry is not PARENT:
            self._peek(entry, self._wanted)

    @work(group="preview", exclusive=True)
    async def _peek(self, entry: Entry, wanted: int) -> None:
        seen = await asyncio.to_thread(self._peek_if_wanted, self._folder / entry.name, entry.is_dir, wanted)
        if seen is not None and wanted == self._wanted:
            self._show_peek(seen)

    def _peek_if_wanted(self, path: Path, is_dir: bool, wanted: int) -> Peek | None:
        # Runs in a thread: the highlight may have moved on while this waited its turn.
        return peek(path, is_dir=is_dir) if wanted == self._wanted else None

    def _show_peek(self, seen: Peek) -> None:
        self.query_one("#preview-facts", Static).update(Content(seen.facts))
        text = self.query_one("#preview-text", Static)
        text.update(Text(seen.text or "", no_wrap=True, overflow="crop", tab_size=4))
        text.display = seen.text is not None
        image = self.query_one("#preview-image")
        image.image = seen.picture.thumbnail if seen.picture else None  # type: ignore[attr-defined]
        image.display = seen.picture is not None

    # -- keys ---------------------------------------------------------------

    def _show_keys(self) -> None:
        hidden = "hidden: on" if self._show_hidden else "hidden: off"
        # Escape before the toggle: on a narrow screen the line's end is cut, and the
        # placeholder tells of hidden files too.
        keys = [("↑↓", "move"), ("enter", "open"), ("backspace", "up"), ("esc", "cancel"), ("alt+h", hidden)]
        parts: list[str | tuple[str, str]] = []
        for key, action in keys:
            parts += [(key, "bold $text-accent"), f" {action}  "]
        self.query_one("#attach-keys", Static).update(Content.assemble(*parts))

    @on(Input.Changed, "#attach-filter")
    def _filter(self, event: Input.Changed) -> None:
        if event.value != self._query:
            self._query = event.value
            self._rebuild()

    @on(Input.Submitted, "#attach-filter")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if (entry := self._list.highlighted_entry) is not None:
            self._choose(entry)

    @on(EntryList.Chosen)
    def _double_clicked(self, event: EntryList.Chosen) -> None:
        self._choose(event.entry)

    @on(_Filter.Exhausted)
    def _backspace_on_empty(self) -> None:
        self.action_parent()

    def _choose(self, entry: Entry) -> None:
        if entry is PARENT:
            self.action_parent()
        elif entry.is_dir:
            self._open(self._folder / entry.name)
        else:
            self.dismiss(self._folder / entry.name)

    def on_resize(self, event: Resize) -> None:
        self.set_class(event.size.width < NARROW, "-narrow")
        self.call_after_refresh(self._show_folder)

    def action_move(self, rows: int) -> None:
        self._list.move(rows)

    def action_page(self, pages: int) -> None:
        self._list.page(pages)

    def action_parent(self) -> None:
        if self._folder.parent != self._folder:
            self._open(self._folder.parent, highlight=self._folder.name)

    def action_toggle_hidden(self) -> None:
        self._show_hidden = not self._show_hidden
        self._show_keys()
        current = self._list.highlighted_entry
        self._rebuild(highlight=current.name if current else None)

    def action_cancel(self) -> None:
        self.dismiss(None)
