"""The rows of the model panel: hosts, their loaded and installed models, one cursor.

Headers and notes are disabled options, so the cursor only lands on models. Rows
that show a time (unload countdowns, "retrying in") are rebuilt on every tick by
`redraw_times` without re-listing; everything else changes only in `show`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime
from functools import partial

from textual.content import Content
from textual.events import Resize
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option, OptionDoesNotExist

from ollamux.api.models import ModelInfo
from ollamux.ui.models import rows
from ollamux.ui.models.state import Entry, HostState, SortKey, matches, sort_models

Builder = Callable[[datetime, int], Content]
# A model's marks (embedding model, served remotely) by host name and listing entry.
Marks = Callable[[str, ModelInfo], list[tuple[str, str]]]


def _no_marks(host: str, model: ModelInfo) -> list[tuple[str, str]]:
    return []


class ModelsList(OptionList):
    """The rows. Headers are disabled options, so the cursor lands on models only."""

    class Resized(Message):
        """Rows are laid out for the list's width: rebuild them when it changes."""

    chosen: str | None = None  # the row the user moved to, kept across rebuilds

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._entries: dict[str, Entry] = {}
        self._timed: dict[str, Builder] = {}

    def on_resize(self, event: Resize) -> None:
        self.post_message(self.Resized())

    def _remember(self) -> None:
        option = self.highlighted_option
        self.chosen = option.id if option is not None else None

    def action_cursor_up(self) -> None:
        super().action_cursor_up()
        self._remember()

    def action_cursor_down(self) -> None:
        super().action_cursor_down()
        self._remember()

    def action_page_up(self) -> None:
        super().action_page_up()
        self._remember()

    def action_page_down(self) -> None:
        super().action_page_down()
        self._remember()

    def action_first(self) -> None:
        super().action_first()
        self._remember()

    def action_last(self) -> None:
        super().action_last()
        self._remember()

    def show(self, states: Iterable[HostState], *, query: str, sort: SortKey, now: datetime,
             marks: Marks = _no_marks) -> None:
        """Rebuild every row, keeping the scroll position and the user's row."""
        width = self.scrollable_content_region.width
        if width <= 0:
            return  # not laid out yet: the first Resized builds the rows
        scroll_y = self.scroll_y
        self._entries, self._timed = {}, {}
        options: list[Option] = []
        for state in states:
            if options:
                options.append(Option(Content(" "), disabled=True))
            options += self._host_options(state, query, sort, now, width, marks)
        self.set_options(options)
        self.scroll_to(y=scroll_y, animate=False, immediate=True)
        enabled = [option.id for option in options if option.id and not option.disabled]
        if enabled:
            # Until the user moves, the cursor stays on the first model, whichever host answers first.
            self.highlighted = self.get_option_index(self.chosen if self.chosen in enabled else enabled[0])

    def _host_options(
        self, state: HostState, query: str, sort: SortKey, now: datetime, width: int, marks: Marks
    ) -> list[Option]:
        name = state.host.name

        def header(moment: datetime, cells: int) -> Content:
            retry = state.schedule.retry_in(moment) if state.error is not None else None
            lines = rows.panel_host_lines(
                state.host, state.capabilities, version=state.version, error=state.error, retry_in=retry,
                loading=state.loading, width=cells, cloud=state.cloud,
            )
            return Content("\n").join(lines)

        options = [self._timed_option(f"host:{name}", header, now, width, disabled=True)]
        if state.error is not None or state.models is None:
            return options
        if state.running is not None:
            running = [m for m in state.running if matches(query, state.host, m.name)]
            options.append(Option(rows.section("Running", str(len(state.running))), disabled=True))
            if not running:
                text = "no match" if state.running else "nothing loaded"
                options.append(Option(rows.notice(text, width, indent=rows.DETAIL_INDENT), disabled=True))
            for model in running:
                option_id = f"run:{name}:{model.name}"
                self._entries[option_id] = Entry(name, model.name, running=True)
                row = partial(rows.running_row, model)
                options.append(self._timed_option(option_id, row, now, width))
        installed = [m for m in sort_models(state.models, sort) if matches(query, state.host, m.name)]
        title = "Installed" if state.capabilities.model_admin else "Models"
        options.append(Option(rows.section(title, f"{len(state.models)} · by {sort}"), disabled=True))
        if not installed:
            text = "no match" if state.models else "none installed; p pulls one"
            options.append(Option(rows.notice(text, width, indent=rows.DETAIL_INDENT), disabled=True))
        for info in installed:
            option_id = f"inst:{name}:{info.name}"
            self._entries[option_id] = Entry(name, info.name)
            options.append(Option(rows.installed_row(info, now, width, marks(name, info)), id=option_id))
        return options

    def _timed_option(
        self, option_id: str, build: Builder, now: datetime, width: int, *, disabled: bool = False
    ) -> Option:
        self._timed[option_id] = build
        return Option(build(now, width), id=option_id, disabled=disabled)

    def redraw_times(self, now: datetime) -> None:
        """Countdowns move on without a poll: redraw only the rows that show one."""
        width = self.scrollable_content_region.width
        if width <= 0:
            return
        for option_id, build in self._timed.items():
            try:
                prompt = build(now, width)
                if self.get_option(option_id).prompt != prompt:
                    self.replace_option_prompt(option_id, prompt)
            except OptionDoesNotExist:
                pass

    def highlighted_entry(self) -> Entry | None:
        """The model the actions apply to."""
        option = self.highlighted_option
        return self._entries.get(option.id) if option is not None and option.id else None

    def lines(self) -> list[str]:
        """The list as plain text, one item per screen line (for tests and debugging)."""
        return [line for option in self.options for line in str(option.prompt).split("\n")]
