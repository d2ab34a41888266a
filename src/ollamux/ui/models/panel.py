"""The model panel: installed and loaded models of every host, live.

Polling runs only while the panel is on screen: `/api/ps` about every 2 s,
`/api/tags` every 10 s and after every action, backing off (2 s, 4 s, … 30 s)
while a host fails, one worker per host (a `HostPoller` the panel drives). Times
("4m 59s" until unload, "retrying in 4 s") come from the injected clock and are
redrawn on every tick without re-listing (`ModelsList`). The actions on the
highlighted model are a `ModelActions` the panel hands its collaborators to.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import datetime
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.timer import Timer
from textual.widgets import Input, OptionList, Static

from ollamux.api.clients import ClientPool
from ollamux.api.errors import ApiError
from ollamux.ui.models.actions import ModelActions
from ollamux.ui.models.list import ModelsList
from ollamux.ui.models.marks import CapabilityMarks, mark_words
from ollamux.ui.models.polling import HostPoller
from ollamux.ui.models.pulls import PullArea, PullRow
from ollamux.ui.models.state import SORT_KEYS, Entry, HostState, SortKey
from ollamux.ui.shared import LineInput


def local_now() -> datetime:
    return datetime.now().astimezone()


class ModelsPanel(Vertical):
    """A side panel of models, grouped by host. Focus it with `focus()`."""

    DEFAULT_CSS = """
    ModelsPanel {
        width: 48; height: 1fr; border: round $primary-muted;
        border-title-color: $text-primary; border-title-style: bold; border-subtitle-color: $text-muted;
    }
    ModelsPanel:focus-within { border: round $primary; }
    ModelsPanel.-wide { width: 100%; }
    ModelsPanel > #models-filter { dock: top; margin: 0 1; }
    ModelsPanel > ModelsList, ModelsPanel > ModelsList:focus {
        height: 1fr; border: none; padding: 0; background: transparent;
        scrollbar-gutter: stable; scrollbar-size-vertical: 1;
        & > .option-list--option-disabled { color: $foreground; }
    }
    ModelsPanel > #models-message { height: auto; max-height: 6; padding: 0 1; display: none; }
    ModelsPanel > #models-message.-shown { display: block; }
    ModelsPanel > #models-message.-error { color: $text-error; }
    """

    # Not in the footer: with the session keys it would not fit 80 columns. The
    # panel's bottom border names the main ones; F1 lists them all.
    BINDINGS = [
        Binding("enter", "open_session", "New session", show=False),
        Binding("d", "details", "Details", show=False),
        Binding("p", "pull", "Pull", show=False),
        Binding("c", "copy", "Copy", show=False),
        Binding("D,delete", "delete", "Delete", show=False),
        Binding("l", "load", "Load", show=False),
        Binding("u", "unload", "Unload", show=False),
        Binding("s", "cycle_sort", "Sort", show=False),
        Binding("slash", "filter", "Filter", show=False),
        Binding("x", "cancel_pull", "Cancel pull", show=False),
        Binding("r", "refresh", "Refresh", show=False),
        Binding("e", "embeddings", "Embeddings", show=False, tooltip="Embed texts with the selected embedding model"),
        # The model workshop (ui/workshop): the workbench opens its dialogs.
        Binding("n", "workshop('create')", "Create from this model", show=False,
                tooltip="Create a model from the selected one: its Modelfile in an editor, quantize if F16"),
        Binding("m", "workshop('create_from_file')", "Create from a Modelfile", show=False,
                tooltip="Create a model from a Modelfile on disk (Tab completes the path)"),
        Binding("P", "workshop('push')", "Push", show=False,
                tooltip="Push the selected model to a registry namespace, with progress (Escape stops)"),
        Binding("w", "toggle_wide", "Wide", show=False, tooltip="Whole width, or a side panel beside the session"),
        Binding("down", "leave_filter_down", "To the list", show=False, tooltip="From the filter: down to the list"),
        Binding("escape", "leave_filter", "Back", show=False),
    ]

    TICK_SECONDS: ClassVar[float] = 0.5

    class WidthChosen(Message):
        """The user asked for the whole width (`wide`) or a side panel: the app makes room."""

        def __init__(self, wide: bool) -> None:
            super().__init__()
            self.wide = wide

    class OpenSession(Message):
        """The user wants a new session with `model` on `host`."""

        def __init__(self, host: str, model: str) -> None:
            super().__init__()
            self.host = host
            self.model = model

    class EmbedWanted(Message):
        """The user wants the embeddings view on `model` of `host` (not a subclass of
        OpenSession: its handlers would run for this one too)."""

        def __init__(self, host: str, model: str) -> None:
            super().__init__()
            self.host = host
            self.model = model

    class WorkshopAsked(Message):
        """The user wants `action` (create, create_from_file, push) of the workshop on `model` at `host`."""

        def __init__(self, action: str, host: str, model: str) -> None:
            super().__init__()
            self.action = action
            self.host = host
            self.model = model

    def __init__(
        self,
        pool: ClientPool,
        *,
        clock: Callable[[], datetime] | None = None,
        monotonic: Callable[[], float] = time.monotonic,
        id: str | None = "models-panel",
        classes: str | None = None,
    ) -> None:
        super().__init__(id=id, classes=classes)
        self._hosts = {name: HostState(host, pool.get(name).capabilities) for name, host in pool.hosts.items()}
        self._sort: SortKey = SORT_KEYS[0]
        self._query = ""
        self._ticker: Timer | None = None
        self._poller = HostPoller(
            pool, self._hosts, clock=clock or local_now, visible=self._shown_on_screen,
            start=lambda poll: self.run_worker(poll, group="models-poll"),
            changed=self._rebuild, times_moved=self._redraw_times,
        )
        self._actions = ModelActions(
            pool, self._hosts, highlighted=self.highlighted_entry, pulls=lambda: self.pulls, say=self.say,
            start=lambda work, group: self.run_worker(work, group=group),
            push_screen=lambda screen, done: self.app.push_screen(screen, done),
            refresh_host=self._poller.refresh_host,
            monotonic=monotonic,  # for pull transfer rates
        )
        self._marks = CapabilityMarks(pool, start=lambda ask: self.run_worker(ask, group="models-marks"),
                                      changed=self._rebuild)

    def compose(self) -> ComposeResult:
        # Hidden (the workbench starts it so), its list and inputs wait for the first
        # show (`add_parts`): mounting them would cost every start of the app.
        if self.display:
            yield from self._parts()

    async def add_parts(self) -> None:
        """Mount the list and inputs, if they wait for the panel's first show."""
        if not self.children:
            await self.mount_all(self._parts())

    def _parts(self) -> ComposeResult:
        # The list comes first so that it, not the filter, is what focus lands on.
        yield ModelsList(id="models-list")
        yield LineInput(placeholder="/ to filter", compact=True, id="models-filter")
        yield PullArea(id="models-pulls")
        yield Static(id="models-message")

    def on_mount(self) -> None:
        self.border_title = "Models"
        self._show_sort()
        self._ticker = self.set_interval(self.TICK_SECONDS, self._poller.tick)

    @property
    def _list(self) -> ModelsList:
        return self.query_one(ModelsList)

    @property
    def pulls(self) -> PullArea:
        return self.query_one(PullArea)

    @property
    def host_states(self) -> dict[str, HostState]:
        return self._hosts

    # -- polling ----------------------------------------------------------

    def pause(self) -> None:
        """Stop polling (the panel keeps what it shows)."""
        self._poller.pause()

    def resume(self) -> None:
        """Poll again, at once: what is shown may be stale."""
        self._poller.resume()

    def refresh_host(self, host: str) -> None:
        """List `host`'s models again, now or as soon as the panel shows (a model was made)."""
        self._poller.refresh_host(host)

    def _shown_on_screen(self) -> bool:
        # An empty region: hidden (here or by an ancestor) or not laid out yet.
        return self.is_attached and bool(self.display) and self.region.area > 0

    def on_show(self) -> None:
        self._poller.tick()

    def focus(self, scroll_visible: bool = True) -> ModelsPanel:
        self._list.focus(scroll_visible)
        return self

    # -- rows -------------------------------------------------------------

    def _rebuild(self) -> None:
        if self.is_mounted:
            self._marks.want(self._hosts.values())
            self._list.show(self._hosts.values(), query=self._query, sort=self._sort, now=self._poller.now(),
                            marks=lambda host, model: mark_words(model, self._marks.of(host, model)))

    def _redraw_times(self, now: datetime) -> None:
        self._list.redraw_times(now)

    def highlighted_entry(self) -> Entry | None:
        """The model the actions apply to."""
        return self._list.highlighted_entry()

    def lines(self) -> list[str]:
        """The list as plain text, one item per screen line (for tests and debugging)."""
        return self._list.lines()

    def say(self, text: str, *, error: ApiError | None = None) -> None:
        """Put an outcome on the panel's message line; errors also as a toast."""
        line = self.query_one("#models-message", Static)
        if error is not None:
            parts = [Content.styled(text, "bold"), Content(error.message)]
            parts += [Content.styled(error.hint, "$foreground-muted")] if error.hint else []
            line.update(Content("\n").join(parts))
            self.notify(f"{text}\n{error.message}", severity="error", markup=False)
        else:
            line.update(Content(text))
        line.set_class(error is not None, "-error")
        line.add_class("-shown")

    # -- actions (each has a binding above) -------------------------------

    def action_open_session(self) -> None:
        """Start a new session with the highlighted model (the app opens it)."""
        entry = self.highlighted_entry()
        if entry is not None:
            self.post_message(self.OpenSession(entry.host, entry.model))

    def action_embeddings(self) -> None:
        if (entry := self.highlighted_entry()) is not None:
            self.post_message(self.EmbedWanted(entry.host, entry.model))

    def action_details(self) -> None:
        self._actions.details()

    def action_copy(self) -> None:
        self._actions.copy()

    def action_delete(self) -> None:
        self._actions.delete()

    def action_load(self) -> None:
        self._actions.load()

    def action_unload(self) -> None:
        self._actions.unload()

    def action_pull(self) -> None:
        self._actions.pull()

    def action_cancel_pull(self) -> None:
        self._actions.cancel_pull()

    def action_workshop(self, action: str) -> None:
        """Create from or push the highlighted model (the workbench opens the dialogs)."""
        entry = self.highlighted_entry()
        if entry is None and action != "create_from_file":
            self.say("Highlight a model first")
            return
        host = entry.host if entry is not None else next(iter(self._hosts))
        self.post_message(self.WorkshopAsked(action, host, entry.model if entry is not None else ""))

    def pull_model(self, host: str, model: str) -> PullRow:
        """Start pulling `model` onto `host`; several pulls may run at once."""
        return self._actions.pull_model(host, model)

    # -- keys and events --------------------------------------------------

    @on(ModelsList.Resized)
    def _resized(self) -> None:
        self._rebuild()

    @on(Input.Changed, "#models-filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        event.stop()
        self._query = event.value.strip()
        self._rebuild()

    @on(Input.Submitted, "#models-filter")
    def _filter_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._list.focus()

    @on(OptionList.OptionSelected, "#models-list")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self._list.chosen = event.option.id  # a click moves the cursor too
        self.action_open_session()

    def action_filter(self) -> None:
        self.query_one("#models-filter", Input).focus()

    def action_leave_filter(self) -> None:
        filter_input = self.query_one("#models-filter", Input)
        if filter_input.has_focus:
            self._list.focus()
        else:
            filter_input.value = ""  # Input.Changed rebuilds the rows

    def action_cycle_sort(self) -> None:
        self._sort = SORT_KEYS[(SORT_KEYS.index(self._sort) + 1) % len(SORT_KEYS)]
        self._show_sort()
        self._rebuild()

    def _show_sort(self) -> None:
        self.border_subtitle = f"p pull · / filter · d details · s: {self._sort}"

    def action_refresh(self) -> None:
        self._poller.poll_all_now(tags=True)

    def set_wide(self, wide: bool) -> None:
        """Take the whole width (small terminals) or go back to a side panel."""
        self.set_class(wide, "-wide")

    def action_toggle_wide(self) -> None:
        wide = not self.has_class("-wide")
        self.set_wide(wide)
        # What the rest of the screen shows (the session beside it, or nothing) is the app's.
        self.post_message(self.WidthChosen(wide))

    def action_leave_filter_down(self) -> None:
        self._list.focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "leave_filter_down":
            return self.query_one("#models-filter", Input).has_focus
        if action == "leave_filter":
            # Let Escape through (to stop a reply, say) when there is nothing to leave.
            return self.query_one("#models-filter", Input).has_focus or bool(self._query)
        return True
