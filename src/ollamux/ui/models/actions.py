"""What the model panel can do to the highlighted model, and to a host.

Each action runs in a worker, says how it went on the panel's message line (the
server's words and a hint, in red on failure, with a toast as well), and asks its
host to be polled again at once. Actions an endpoint cannot do (OpenAI-compatible
servers have no ps, pull, copy, delete, load or details) say so instead of failing.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Coroutine
from contextlib import aclosing
from typing import Any, Protocol

from textual.screen import Screen
from textual.worker import Worker

from ollamux.api.capabilities import ModelAdmin
from ollamux.api.clients import ClientPool
from ollamux.api.errors import ApiError, StreamError
from ollamux.core.pull_progress import PullTracker
from ollamux.ui.models.details import ModelDetailsScreen
from ollamux.ui.models.pulls import PullArea, PullRow
from ollamux.ui.models.state import Entry, HostState
from ollamux.ui.shared.dialogs import AskText, Confirm


class Say(Protocol):
    def __call__(self, text: str, *, error: ApiError | None = None) -> None: ...


PULL_REDRAW_SECONDS = 0.1  # servers send many progress lines a second: redraw at most this often


# The name the pull dialog suggests: a small real model, which the simulator serves too.
PULL_EXAMPLE = "llama3.2:3b"


class ModelActions:
    """The panel's actions, on the collaborators it hands over.

    `highlighted` gives the model an action applies to, `say` puts an outcome on the
    panel's message line, `start` runs a coroutine as one of the panel's workers in a
    group, `push_screen` asks the user, and `refresh_host` has a host polled again.
    """

    def __init__(
        self,
        pool: ClientPool,
        states: dict[str, HostState],
        *,
        highlighted: Callable[[], Entry | None],
        pulls: Callable[[], PullArea],
        say: Say,
        start: Callable[[Coroutine[Any, Any, None], str], Worker[None]],
        push_screen: Callable[[Screen[Any], Callable[[Any], None] | None], object],
        refresh_host: Callable[[str], None],
        monotonic: Callable[[], float],
    ) -> None:
        self._pool = pool
        self.host_states = states
        self.highlighted_entry = highlighted
        self._pulls = pulls
        self.say = say
        self._start = start
        self._push_screen = push_screen
        self.refresh_host = refresh_host
        self._monotonic = monotonic

    # -- helpers ------------------------------------------------------------

    def _label(self, host: str, model: str) -> str:
        """A model named with its host wherever more than one host is configured."""
        return f"{model} on {host}" if len(self.host_states) > 1 else model

    def _native(self, action: str) -> tuple[Entry, ModelAdmin] | None:
        """The highlighted model and its host's model administration, or None (said why)."""
        entry = self.highlighted_entry()
        if entry is None:
            self.say(f"{action}: highlight a model first")
            return None
        admin = self._pool.get(entry.host).admin
        if admin is None:
            self.say(f"{action} is not available on this endpoint ({entry.host})")
            return None
        return entry, admin

    def _run(self, host: str, work: Callable[[], Awaitable[object]], done: str, failed: str) -> None:
        async def run() -> None:
            try:
                await work()
            except ApiError as error:
                self.say(failed, error=error)
            else:
                self.say(done)
            self.refresh_host(host)

        self._start(run(), "models-action")

    # -- actions on the highlighted model ---------------------------------

    def details(self) -> None:
        """Show the highlighted model's details in a modal."""
        if (target := self._native("Details")) is None:
            return
        entry, client = target
        model = entry.model
        self._push_screen(ModelDetailsScreen(entry.host, model, lambda: client.show(model)), None)

    def copy(self) -> None:
        """Copy the highlighted model under a new name (asked)."""
        if (target := self._native("Copy")) is None:
            return
        entry, client = target

        def copy(name: str | None) -> None:
            name = (name or "").strip()
            if name and name != entry.model:
                self._run(
                    entry.host, lambda: client.copy(entry.model, name),
                    f"Copied {self._label(entry.host, entry.model)} to {name}", f"Could not copy {entry.model}",
                )

        question = f"Copy {self._label(entry.host, entry.model)} as:"
        self._push_screen(AskText(question, entry.model, "new name, e.g. mymodel:latest"), copy)

    def delete(self) -> None:
        """Delete the highlighted model from its host's disk, after a confirmation."""
        if (target := self._native("Delete")) is None:
            return
        entry, client = target

        def delete(yes: bool | None) -> None:
            if yes:
                self._run(
                    entry.host, lambda: client.delete(entry.model),
                    f"Deleted {entry.model} from {entry.host}", f"Could not delete {entry.model}",
                )

        self._push_screen(Confirm(f"Delete {entry.model} from host {entry.host}? This removes it from disk."), delete)

    def load(self) -> None:
        """Load (warm) the highlighted model into memory."""
        if (target := self._native("Load")) is None:
            return
        entry, client = target
        self.say(f"Loading {self._label(entry.host, entry.model)}…")
        self._run(
            entry.host, lambda: client.load(entry.model),
            f"Loaded {self._label(entry.host, entry.model)}", f"Could not load {entry.model}",
        )

    def unload(self) -> None:
        """Unload the highlighted model from memory (keep_alive 0)."""
        if (target := self._native("Unload")) is None:
            return
        entry, client = target
        self._run(
            entry.host, lambda: client.unload(entry.model),
            f"Unloaded {self._label(entry.host, entry.model)}", f"Could not unload {entry.model}",
        )

    # -- pulls --------------------------------------------------------------

    def _pull_host(self) -> str | None:
        """The highlighted model's host, else the first that can pull."""
        entry = self.highlighted_entry()
        if entry is not None and self.host_states[entry.host].capabilities.pull:
            return entry.host
        return next((name for name, state in self.host_states.items() if state.capabilities.pull), None)

    def pull(self) -> None:
        """Ask for a model name and pull it onto the highlighted model's host."""
        host = self._pull_host()
        if host is None:
            self.say("Pull is not available on these endpoints")
            return

        def pull(name: str | None) -> None:
            if name and name.strip():
                self.pull_model(host, name.strip())

        where = f" onto {host}" if len(self.host_states) > 1 else ""
        self._push_screen(AskText(f"Pull a model{where}:", "", f"e.g. {PULL_EXAMPLE}"), pull)

    def pull_model(self, host: str, model: str) -> PullRow:
        """Start pulling `model` onto `host`; several pulls may run at once."""
        tracker = PullTracker(clock=self._monotonic)
        row = self._pulls().add_pull(host, model, tracker, show_host=len(self.host_states) > 1)
        row.worker = self._start(self._pull(row), "models-pull")
        return row

    async def _pull(self, row: PullRow) -> None:
        admin = self._pool.get(row.host).admin
        tracker = row.tracker
        if admin is None:
            tracker.fail("pull is not available on this endpoint")
            row.update_progress()
            return
        drawn = 0.0
        try:
            async with aclosing(admin.pull(row.model)) as progress_lines:
                async for progress in progress_lines:
                    tracker.feed(progress)
                    if self._monotonic() - drawn >= PULL_REDRAW_SECONDS or progress.succeeded:
                        drawn = self._monotonic()
                        row.update_progress()
        except asyncio.CancelledError:
            tracker.cancel()
            self.say(f"Cancelled the pull of {self._label(row.host, row.model)}")
            raise
        except StreamError as error:
            # In-band: the server's own words are the whole story ("file does not exist").
            tracker.fail(error.server_message)
            self.say(f"Could not pull {row.model}", error=ApiError(error.server_message))
        except ApiError as error:
            tracker.fail(error.message)
            self.say(f"Could not pull {row.model}", error=error)
        else:
            self.say(f"Pulled {self._label(row.host, row.model)}")
        finally:
            row.update_progress()
            self.refresh_host(row.host)

    def cancel_pull(self) -> None:
        """Cancel the newest running pull, or dismiss the newest finished one."""
        pulls = self._pulls()
        row = pulls.latest()
        if row is None:
            return
        if row.running and row.worker is not None:
            row.worker.cancel()
        else:
            pulls.dismiss(row)
