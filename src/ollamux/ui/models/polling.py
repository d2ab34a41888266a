"""How the model panel keeps up with its hosts: a tick, one worker per host poll.

The tick runs every `TICK_SECONDS` but does nothing while the panel is hidden or
paused; each due host gets its own worker (never two at once for one host), so a
slow or dead host holds up nobody. When a poll is due is `PollSchedule`'s call:
about every 2 s, `/api/tags` every 10 s, backing off while the host fails.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

from ollamux.api.errors import ApiError
from ollamux.api.ollama import OllamaClient
from ollamux.ui.models.state import HostState

if TYPE_CHECKING:
    from textual.widget import Widget

    from ollamux.api.clients import ClientPool

    _Base = Widget
else:
    _Base = object


class HostPolling(_Base):
    """Mixed into `ModelsPanel`."""

    if TYPE_CHECKING:  # what the panel provides
        _pool: ClientPool
        _clock: Callable[[], datetime]
        _paused: bool
        _hosts: dict[str, HostState]

        def _rebuild(self) -> None: ...
        def _redraw_times(self, now: datetime) -> None: ...

    def pause(self) -> None:
        """Stop polling (the panel keeps what it shows)."""
        self._paused = True

    def resume(self) -> None:
        """Poll again, at once: what is shown may be stale."""
        self._paused = False
        for state in self._hosts.values():
            state.schedule.poll_now()
        self._tick()

    @property
    def polling(self) -> bool:
        # An empty region: hidden (here or by an ancestor) or not laid out yet.
        return not self._paused and self.is_attached and bool(self.display) and self.region.area > 0

    def on_show(self) -> None:
        self._tick()

    def _now(self) -> datetime:
        return self._clock()

    def _tick(self) -> None:
        if not self.polling:
            return
        now = self._now()
        for state in self._hosts.values():
            if not state.polling and state.schedule.due(now):
                state.polling = True
                self.run_worker(self._poll(state), group="models-poll")
        self._redraw_times(now)

    async def _poll(self, state: HostState) -> None:
        client = self._pool.get(state.host.name)
        listed = state.models is None or state.error is not None or state.schedule.tags_due(self._now())
        before = (state.models, state.running, state.version, state.error and state.error.message)
        try:
            models = await client.list_models() if listed else state.models
            if isinstance(client, OllamaClient):
                state.running = await client.running_models()
                if state.version is None or state.error is not None:
                    state.version = await client.version()
        except ApiError as error:
            state.error = error
            state.schedule.failed(self._now())
        else:
            state.models, state.error = models, None
            state.schedule.succeeded(self._now(), listed=listed)
        finally:
            state.polling = False
        if before != (state.models, state.running, state.version, state.error and state.error.message):
            self._rebuild()
        elif state.error is not None:
            self._redraw_times(self._now())

    def refresh_host(self, host: str, *, tags: bool = True) -> None:
        """Poll one host now, e.g. after an action changed it."""
        self._hosts[host].schedule.poll_now(tags=tags)
        self._tick()
