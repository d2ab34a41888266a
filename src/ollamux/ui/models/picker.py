"""The model picker: every model of every host, filtered as you type.

Each host's list is fetched by its own worker, so a slow or dead host never holds
up the others, and a dead one stays on screen with its error. Capability badges
need one `/api/show` per model, so they are fetched lazily: only for Ollama rows on
screen (or highlighted), a few at a time, and remembered for the pool's lifetime.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from weakref import WeakKeyDictionary

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.events import Resize
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option, OptionDoesNotExist

from ollamux.api.clients import ClientPool
from ollamux.api.errors import ApiError
from ollamux.api.hosts import Host
from ollamux.api.models import ModelInfo
from ollamux.core.model_names import is_listed
from ollamux.ui.models import rows
from ollamux.ui.shared import LineInput

SHOW_CONCURRENCY = 3

# Capabilities by (host name, model), per pool: the pool lives as long as the app,
# so reopening the picker asks the servers nothing it already knows.
_capabilities: WeakKeyDictionary[ClientPool, dict[tuple[str, str], tuple[str, ...]]] = WeakKeyDictionary()


def capability_cache(pool: ClientPool) -> dict[tuple[str, str], tuple[str, ...]]:
    return _capabilities.setdefault(pool, {})


@dataclass(frozen=True)
class PickedModel:
    """A model on a host: what the picker returns."""

    host: str
    model: str


@dataclass
class _Listing:
    host: Host
    models: list[ModelInfo] | None = None  # None while the request runs
    error: ApiError | None = None


class _ModelList(OptionList, can_focus=False):
    """The rows. Never focused: typing always goes to the filter."""

    class Resized(Message):
        """Rows are cut to the list's width, so they must be rebuilt when it changes."""

    def on_resize(self, event: Resize) -> None:
        self.post_message(self.Resized())


class _Filter(LineInput):
    """The filter. In multi-select mode it lets space through to mark rows."""

    def __init__(self, *, space_marks: bool) -> None:
        super().__init__(placeholder="Type to filter models and hosts", compact=True, id="picker-filter")
        self._space_marks = space_marks

    def check_consume_key(self, key: str, character: str | None) -> bool:
        # Model names hold no spaces, so the filter never needs one there.
        return not (self._space_marks and key == "space") and super().check_consume_key(key, character)


class ModelPicker(ModalScreen[list[PickedModel] | None]):
    """Pick one model (Enter) or, with `multi`, several (space marks, Enter confirms).

    Dismisses with a list of `PickedModel` (one item unless `multi`), or None on Escape.
    """

    DEFAULT_CSS = """
    ModelPicker { align: center middle; }
    #picker-box {
        width: 98%; max-width: 110; height: 90%; max-height: 40;
        border: round $primary; border-title-color: $text-primary; border-title-style: bold;
        background: $surface; padding: 0 1;
    }
    #picker-filter { margin-bottom: 1; }
    #picker-list {
        height: 1fr; max-height: 100%; border: none; padding: 0; background: $surface;
        scrollbar-gutter: stable; scrollbar-size-vertical: 1;
        & > .option-list--option-disabled { color: $foreground; }
        & > .option-list--option-highlighted {
            color: $block-cursor-foreground; background: $block-cursor-background;
            text-style: $block-cursor-text-style;
        }
    }
    #picker-keys { height: 1; margin-top: 1; color: $text-muted; }
    """

    _list: _ModelList

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", show=False),
        # The filter keeps focus; these keys steer the list from there, ahead of it.
        Binding("up", "move('cursor_up')", "Up", show=False, priority=True),
        Binding("down", "move('cursor_down')", "Down", show=False, priority=True),
        Binding("pageup", "move('page_up')", "Page up", show=False, priority=True),
        Binding("pagedown", "move('page_down')", "Page down", show=False, priority=True),
        Binding("space", "toggle_mark", "Mark", show=False, priority=True),
    ]

    def __init__(self, pool: ClientPool, *, multi: bool = False, title: str | None = None) -> None:
        super().__init__()
        self._pool = pool
        self._multi = multi
        self._title = title or ("Pick models to compare" if multi else "Open a model")
        self._listings = {name: _Listing(host) for name, host in pool.hosts.items()}
        self._query = ""
        self._marked: dict[PickedModel, None] = {}  # an ordered set: marking order
        self._ids: dict[PickedModel, str] = {}
        self._picks: dict[str, PickedModel] = {}
        self._infos: dict[PickedModel, ModelInfo] = {}
        self._name_cells = rows.MIN_NAME_WIDTH
        self._capabilities = capability_cache(pool)
        self._show_started: set[PickedModel] = set()
        self._show_slots = asyncio.Semaphore(SHOW_CONCURRENCY)

    def compose(self) -> ComposeResult:
        with Vertical(id="picker-box") as box:
            box.border_title = Content(rows.clean(self._title))
            yield _Filter(space_marks=self._multi)
            yield _ModelList(id="picker-list")
            yield Static(id="picker-keys")

    def on_mount(self) -> None:
        self._list = self.query_one(_ModelList)
        self.watch(self._list, "scroll_y", self._request_badges, init=False)
        self._show_keys()
        for name in self._listings:
            self.run_worker(self._load(name), group="picker-hosts")

    async def _load(self, name: str) -> None:
        listing = self._listings[name]
        try:
            models = await self._pool.get(name).list_models()
        except ApiError as error:
            listing.error = error
        else:
            # A name listed twice (some proxies do) would be two rows with one id.
            listing.models = list({model.name: model for model in models}.values())
        self._rebuild(keep_highlight=True)

    # -- rows ---------------------------------------------------------------

    def _rebuild(self, *, keep_highlight: bool) -> None:
        width = self._list.scrollable_content_region.width
        if width <= 0:
            return  # not laid out yet: the first Resized builds the rows
        current = self._highlighted_pick() if keep_highlight else None
        shown = [(listing, self._matching(listing)) for listing in self._listings.values()]
        self._name_cells = rows.name_width((m.name for _, ms in shown for m in ms), width, multi=self._multi)
        options: list[Option] = []
        if self._query and not any(ms for _, ms in shown):
            options.append(Option(rows.notice(f"No model matches '{self._query}'", width), disabled=True))
        current_id = self._ids.get(current) if current else None
        highlight: int | None = None
        for listing, models in shown:
            # A host still loading or unreachable might have matches: never hide it.
            if self._query and listing.models is not None and not models:
                continue
            if options:
                options.append(Option(Content(" "), disabled=True))
            header = rows.picker_host_lines(listing.host, listing.models, listing.error, len(models), width)
            options += [Option(line, disabled=True) for line in header]
            for model in models:
                pick = PickedModel(listing.host.name, model.name)
                self._infos[pick] = model
                option_id = self._ids.setdefault(pick, f"model-{len(self._ids)}")
                self._picks[option_id] = pick
                highlight = len(options) if option_id == current_id else highlight
                options.append(Option(self._row(pick, width), id=option_id))
        self._list.set_options(options)
        if highlight is None:
            self._list.action_first()
        else:
            self._list.highlighted = highlight
        self.call_after_refresh(self._request_badges)

    def _matching(self, listing: _Listing) -> list[ModelInfo]:
        models = listing.models or []
        query = self._query.casefold()
        if not query or query in listing.host.name.casefold():
            return models
        return [m for m in models if query in m.name.casefold()]

    def _row(self, pick: PickedModel, width: int) -> Content:
        return rows.model_row(
            self._infos[pick],
            width=width,
            name_cells=self._name_cells,
            capabilities=self._capabilities.get((pick.host, pick.model)),
            marked=(pick in self._marked) if self._multi else None,
        )

    def _refresh_row(self, pick: PickedModel) -> None:
        try:
            width = self._list.scrollable_content_region.width
            self._list.replace_option_prompt(self._ids[pick], self._row(pick, width))
        except (KeyError, OptionDoesNotExist):
            pass  # filtered out meanwhile: it is drawn fresh when it comes back

    def _highlighted_pick(self) -> PickedModel | None:
        option = self._list.highlighted_option
        return self._picks.get(option.id) if option is not None and option.id else None

    def _show_keys(self) -> None:
        self.query_one("#picker-keys", Static).update(self.keys_line())

    def keys_line(self) -> Content:
        """The keys at the foot; a picker with keys of its own adds them here."""
        return rows.key_help(multi=self._multi, marked=len(self._marked))

    # -- badges -------------------------------------------------------------

    def _on_screen(self) -> list[PickedModel]:
        """Ollama rows in view or highlighted: each option is exactly one line tall."""
        top, height = round(self._list.scroll_y), self._list.scrollable_content_region.height
        indices = set(range(top, min(top + height, self._list.option_count)))
        if self._list.highlighted is not None:
            indices.add(self._list.highlighted)
        picks = (self._picks.get(self._list.get_option_at_index(i).id or "") for i in sorted(indices))
        # Badges come from a model's details: only a host with model administration has them.
        return [p for p in picks if p is not None and self._pool.get(p.host).capabilities.model_admin]

    def _request_badges(self) -> None:
        if not self.is_attached:
            return  # a late refresh callback after the picker closed
        for pick in self._on_screen():
            if (pick.host, pick.model) not in self._capabilities and pick not in self._show_started:
                self._show_started.add(pick)
                self.run_worker(self._fetch_show(pick), group="picker-show")

    async def _fetch_show(self, pick: PickedModel) -> None:
        async with self._show_slots:
            if pick not in self._on_screen():
                self._show_started.discard(pick)  # scrolled away while queued: ask when back
                return
            admin = self._pool.get(pick.host).admin
            if admin is None:
                return
            try:
                details = await admin.show(pick.model)
            except ApiError:
                return  # no badges; not asked again while this picker is open
        self._capabilities[(pick.host, pick.model)] = details.capabilities
        self._refresh_row(pick)

    # -- keys and events ----------------------------------------------------

    @on(_ModelList.Resized)
    def _resized(self) -> None:
        self._rebuild(keep_highlight=True)

    @on(Input.Changed, "#picker-filter")
    def _filter(self, event: Input.Changed) -> None:
        self._query = event.value.strip()
        self._rebuild(keep_highlight=False)

    @on(Input.Submitted, "#picker-filter")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_pick()

    @on(OptionList.OptionHighlighted)
    def _highlighted(self) -> None:
        self._request_badges()

    @on(OptionList.OptionSelected)
    def _clicked(self, event: OptionList.OptionSelected) -> None:
        # Only the mouse selects (the list never has focus): a click marks in multi mode.
        event.stop()
        if self._multi:
            self._toggle()
        else:
            self.action_pick()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # Without multi-select, space falls through to the filter.
        return self._multi if action == "toggle_mark" else True

    def _ends(self) -> tuple[int | None, int | None]:
        """The first and last rows the cursor can reach (headers are disabled)."""
        enabled = [i for i, option in enumerate(self._list.options) if not option.disabled]
        return (enabled[0], enabled[-1]) if enabled else (None, None)

    def action_move(self, action: str) -> None:
        getattr(self._list, f"action_{action}")()
        # At either end, also show the lines the cursor cannot reach: the first
        # host's header, the last host's error.
        first, last = self._ends()
        if self._list.highlighted is not None and self._list.highlighted in (first, last):
            scroll = self._list.scroll_home if self._list.highlighted == first else self._list.scroll_end
            scroll(animate=False, immediate=True)
            self._list.scroll_to_highlight()

    def action_toggle_mark(self) -> None:
        # As fzf does: mark, then move on (but do not wrap round to the top).
        if self._toggle() and self._list.highlighted != self._ends()[1]:
            self.action_move("cursor_down")

    def _toggle(self) -> bool:
        pick = self._highlighted_pick()
        if pick is None:
            return False
        if pick in self._marked:
            del self._marked[pick]
        else:
            self._marked[pick] = None
        self._refresh_row(pick)
        self._show_keys()
        return True

    def action_pick(self) -> None:
        if self._multi and self._marked:
            self.dismiss(list(self._marked))
        elif (pick := self._highlighted_pick()) is not None:
            self.dismiss([pick])

    def action_cancel(self) -> None:
        self.dismiss(None)

    def highlight_model(self, model: str) -> bool:
        """Put the cursor on `model` (its first host's row); False when no row shows it."""
        for index, option in enumerate(self._list.options):
            pick = self._picks.get(option.id or "")
            if pick is not None and is_listed(model, [pick.model]):
                self._list.highlighted = index
                return True
        return False
