"""What the model panel can do to the highlighted model, and to a host.

Each action runs in a worker, says how it went on the panel's message line (the
server's words and a hint, in red on failure, with a toast as well), and asks its
host to be polled again at once. Actions an endpoint cannot do (OpenAI-compatible
servers have no ps, pull, copy, delete, load or details) say so instead of failing.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from contextlib import aclosing
from typing import TYPE_CHECKING

from textual.content import Content

from ollamux.api.errors import ApiError, StreamError
from ollamux.api.ollama import OllamaClient
from ollamux.core.pull_progress import PullTracker
from ollamux.ui.shared.dialogs import AskText, Confirm
from ollamux.ui.models.details import ModelDetailsScreen
from ollamux.ui.models.state import Entry
from ollamux.ui.models.pulls import PullRow

if TYPE_CHECKING:
    from textual.widget import Widget

    from ollamux.api.clients import ClientPool
    from ollamux.ui.models.state import HostState
    from ollamux.ui.models.pulls import PullArea

    _Base = Widget
else:
    _Base = object

PULL_REDRAW_SECONDS = 0.1  # servers send many progress lines a second: redraw at most this often


# The name the pull dialog suggests: a small real model, which the simulator serves too.
PULL_EXAMPLE = "llama3.2:3b"


class ModelActions(_Base):
    """Mixed into `ModelsPanel`; every `action_*` here has a binding there."""

    if TYPE_CHECKING:  # what the panel provides
        _pool: ClientPool
        _monotonic: Callable[[], float]
        host_states: dict[str, HostState]
        pulls: PullArea
        OpenSession: type

        def highlighted_entry(self) -> Entry | None: ...
        def refresh_host(self, host: str, *, tags: bool = True) -> None: ...

    # -- helpers ------------------------------------------------------------

    def say(self, text: str, *, error: ApiError | None = None) -> None:
        """Put an outcome on the panel's message line; errors also as a toast."""
        line = self.query_one("#models-message")
        if error is not None:
            parts = [Content.styled(text, "bold"), Content(error.message)]
            parts += [Content.styled(error.hint, "$foreground-muted")] if error.hint else []
            line.update(Content("\n").join(parts))  # type: ignore[attr-defined]
            self.notify(f"{text}\n{error.message}", severity="error", markup=False)
        else:
            line.update(Content(text))  # type: ignore[attr-defined]
        line.set_class(error is not None, "-error")
        line.add_class("-shown")

    def _label(self, host: str, model: str) -> str:
        """A model named with its host wherever more than one host is configured."""
        return f"{model} on {host}" if len(self.host_states) > 1 else model

    def _native(self, action: str) -> tuple[Entry, OllamaClient] | None:
        """The highlighted model and its Ollama client, or None (said why)."""
        entry = self.highlighted_entry()
        if entry is None:
            self.say(f"{action}: highlight a model first")
            return None
        client = self._pool.get(entry.host)
        if not isinstance(client, OllamaClient):
            self.say(f"{action} is not available on this endpoint ({entry.host})")
            return None
        return entry, client

    def _run(self, host: str, work: Callable[[], Awaitable[object]], done: str, failed: str) -> None:
        async def run() -> None:
            try:
                await work()
            except ApiError as error:
                self.say(failed, error=error)
            else:
                self.say(done)
            self.refresh_host(host, tags=True)

        self.run_worker(run(), group="models-action")

    # -- actions on the highlighted model ---------------------------------

    def action_open_session(self) -> None:
        """Start a new session with the highlighted model (the app opens it)."""
        entry = self.highlighted_entry()
        if entry is not None:
            self.post_message(self.OpenSession(entry.host, entry.model))

    def action_details(self) -> None:
        """Show the highlighted model's details in a modal."""
        if (target := self._native("Details")) is None:
            return
        entry, client = target
        model = entry.model
        self.app.push_screen(ModelDetailsScreen(entry.host, model, lambda: client.show(model)))

    def action_copy(self) -> None:
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
        self.app.push_screen(AskText(question, entry.model, "new name, e.g. mymodel:latest"), copy)

    def action_delete(self) -> None:
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

        self.app.push_screen(Confirm(f"Delete {entry.model} from host {entry.host}? This removes it from disk."), delete)

    def action_load(self) -> None:
        """Load (warm) the highlighted model into memory."""
        if (target := self._native("Load")) is None:
            return
        entry, client = target
        self.say(f"Loading {self._label(entry.host, entry.model)}…")
        self._run(
            entry.host, lambda: client.load(entry.model),
            f"Loaded {self._label(entry.host, entry.model)}", f"Could not load {entry.model}",
        )

    def action_unload(self) -> None:
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
        if entry is not None and self.host_states[entry.host].native:
            return entry.host
        return next((name for name, state in self.host_states.items() if state.native), None)

    def action_pull(self) -> None:
        """Ask for a model name and pull it onto the highlighted model's host."""
        host = self._pull_host()
        if host is None:
            self.say("Pull is not available on these endpoints")
            return

        def pull(name: str | None) -> None:
            if name and name.strip():
                self.pull_model(host, name.strip())

        where = f" onto {host}" if len(self.host_states) > 1 else ""
        self.app.push_screen(AskText(f"Pull a model{where}:", "", f"e.g. {PULL_EXAMPLE}"), pull)

    def pull_model(self, host: str, model: str) -> PullRow:
        """Start pulling `model` onto `host`; several pulls may run at once."""
        tracker = PullTracker(clock=self._monotonic)
        row = self.pulls.add_pull(host, model, tracker, show_host=len(self.host_states) > 1)
        row.worker = self.run_worker(self._pull(row), group="models-pull")
        return row

    async def _pull(self, row: PullRow) -> None:
        client = self._pool.get(row.host)
        tracker = row.tracker
        if not isinstance(client, OllamaClient):
            tracker.fail("pull is not available on this endpoint")
            row.update_progress()
            return
        drawn = 0.0
        try:
            async with aclosing(client.pull(row.model)) as progress_lines:
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
            self.refresh_host(row.host, tags=True)

    def action_cancel_pull(self) -> None:
        """Cancel the newest running pull, or dismiss the newest finished one."""
        row = self.pulls.latest()
        if row is None:
            return
        if row.running and row.worker is not None:
            row.worker.cancel()
        else:
            self.pulls.dismiss(row)
