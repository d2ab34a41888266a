"""How the model panel keeps up with its hosts: a tick, one worker per host poll.

The panel ticks every `TICK_SECONDS`; a tick does nothing while the panel is hidden
or paused. Each due host gets its own worker (never two at once for one host), so a
slow or dead host holds up nobody. When a poll is due is `PollSchedule`'s call:
about every 2 s, `/api/tags` every 10 s, backing off while the host fails.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from datetime import datetime
from typing import Any

from ollamux.api.clients import ChatClient, ClientPool, workshop_of
from ollamux.api.cloud_status import CloudStatus
from ollamux.api.errors import ApiError
from ollamux.ui.models.state import HostState


class HostPoller:
    """Polls the hosts of `states` through `pool`, driven by its owner's ticks.

    The owner says whether it is on screen (`visible`), runs the polls as its workers
    (`start`), and is told when what it shows changed (`changed`) or only the times
    in it moved on (`times_moved`).
    """

    def __init__(
        self,
        pool: ClientPool,
        states: dict[str, HostState],
        *,
        clock: Callable[[], datetime],
        visible: Callable[[], bool],
        start: Callable[[Coroutine[Any, Any, None]], object],
        changed: Callable[[], None],
        times_moved: Callable[[datetime], None],
    ) -> None:
        self._pool = pool
        self._states = states
        self._clock = clock
        self._visible = visible
        self._start = start
        self._changed = changed
        self._times_moved = times_moved
        self.paused = False

    def now(self) -> datetime:
        return self._clock()

    @property
    def polling(self) -> bool:
        return not self.paused and self._visible()

    def pause(self) -> None:
        """Stop polling (the panel keeps what it shows)."""
        self.paused = True

    def resume(self) -> None:
        """Poll again, at once: what is shown may be stale."""
        self.paused = False
        self.poll_all_now()

    def poll_all_now(self, *, tags: bool = False) -> None:
        for state in self._states.values():
            self._poll_now(state, tags=tags)
        self.tick()

    def refresh_host(self, host: str, *, tags: bool = True) -> None:
        """Poll one host now, e.g. after an action changed it."""
        self._poll_now(self._states[host], tags=tags)
        self.tick()

    @staticmethod
    def _poll_now(state: HostState, *, tags: bool) -> None:
        state.schedule.poll_now(tags=tags)
        state.poll_again |= state.polling

    def tick(self) -> None:
        if not self.polling:
            return
        now = self.now()
        for state in self._states.values():
            if not state.polling and state.schedule.due(now):
                state.polling = True
                self._start(self._poll(state))
        self._times_moved(now)

    async def _poll(self, state: HostState) -> None:
        client = self._pool.get(state.host.name)
        listed = state.models is None or state.error is not None or state.schedule.tags_due(self.now())
        before = (state.models, state.running, state.version, state.error and state.error.message)
        try:
            models = await client.list_models() if listed else state.models
            if (admin := client.admin) is not None:  # a server that says what is loaded
                state.running = await admin.running_models()
                if state.version is None or state.error is not None:
                    state.version = await admin.version()
                    state.cloud = await cloud_status(client)
        except ApiError as error:
            state.error = error
            state.schedule.failed(self.now())
        else:
            state.models, state.error = models, None
            state.schedule.succeeded(self.now(), listed=listed)
        finally:
            state.polling = False
        if before != (state.models, state.running, state.version, state.error and state.error.message):
            self._changed()
        elif state.error is not None:
            self._times_moved(self.now())
        if state.poll_again:
            state.poll_again = False
            state.schedule.poll_now(tags=True)
            self.tick()


async def cloud_status(client: ChatClient) -> CloudStatus | None:
    """Whether the server may use Ollama's cloud; None where it cannot say (older servers)."""
    workshop = workshop_of(client)
    try:
        return await workshop.status() if workshop is not None else None
    except ApiError:
        return None  # a status is a nicety: its failure is not the host's
