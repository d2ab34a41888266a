"""The workbench's sessions opening: at start, from the keys and the models panel, and moved to another model.

A mixin of `WorkbenchScreen`, as `feature_actions` is: the screen keeps its
public `open_session` and `add_session`, which tests, benchmarks and the features
call, while the how lives here.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

from textual import work

from ollamux.api.errors import ApiError
from ollamux.core.completion_settings import CompletionSettings
from ollamux.core.model_names import did_you_mean, is_listed
from ollamux.core.session import Session
from ollamux.ui import compact
from ollamux.ui.chat import ChatView
from ollamux.ui.workbench.early_keys import KeysTaken
from ollamux.ui.workbench.embed_actions import chat_allowed
from ollamux.ui.workbench.feature_actions import screen_of

if TYPE_CHECKING:
    from ollamux.core.presets import Preset
    from ollamux.ui.models import PickedModel

# Seconds after start before the configured model is looked for in the host's list.
LISTING_CHECK_AFTER = 0.3


class SessionOpening:
    """Actions and start-up of `WorkbenchScreen` that open sessions in tabs."""

    # The new session made with the screen, if any (see `compose_new_session`).
    _composed: ChatView | None = None

    def compose_new_session(self) -> ChatView | None:
        """The new session a start with nothing to reopen opens, made with the screen.

        So its prompt is in the first frame and takes the keys typed from the start;
        added after start (as reopened sessions are, read in a thread) it came a
        frame and a layout later, and keys typed meanwhile went to the tab bar.
        """
        bench = screen_of(self)
        config = bench.config
        if config.open_session is not None or config.default_model is None:
            return None
        if config.restore_sessions and bench.keeper.store.load_open():
            return None
        self._composed = self._view_for(Session(host=config.host.name, model=config.default_model))
        return self._composed

    @work(group="startup")
    async def start_sessions(self) -> None:
        """Reopen the sessions of last time (or `--session FILE`), else start a new one.

        A new session on the configured model opens before the keys typed meanwhile
        are handed over, so they are its (also when what was to be reopened could not
        be read). A model looked up on the host opens after: the host may be slow.
        """
        bench = screen_of(self)
        config = bench.config
        opened: ChatView | None = self._composed
        try:
            # With a session composed, compose found nothing to reopen: the list is not read twice.
            reopen = config.restore_sessions and self._composed is None
            restored, problems = await asyncio.to_thread(bench.keeper.restore, file=config.open_session, reopen=reopen)
            for problem in problems:
                bench.notify(problem, title="Sessions", severity="error", timeout=15, markup=False)
            for note in bench.keeper.notes:
                bench.notify(note, title="Sessions", timeout=10, markup=False)
            views = [await self.add_session(session) for session in restored]
            self.report_gone_hosts(views)
            if opened is None and not restored and config.default_model is not None:
                # Opened before the host is asked, so the prompt does not wait for the listing.
                opened = await self.open_session(config.host.name, config.default_model)
        finally:
            # Before any wait on a host: with no session, the keys typed are the screen's (ctrl+n, F1).
            bench.post_message(KeysTaken())
        if self._composed is not None:  # made with the screen, not through open_session
            bench.remember_open()
        if opened is not None:
            # A configured model the host does not list still has its session (it may be
            # pulled next), marked with the nearest installed names: a typo in --model is
            # caught now, not by a 404 on the first send.
            await self._check_listed(opened, opened.session.model)
        elif not restored:
            await self._open_on_first_listed()

    async def _check_listed(self, view: ChatView, model: str) -> None:
        """Mark the session when the host does not list its model: a typo, or a model still to pull."""
        bench = screen_of(self)
        # A moment after start, so the first keys typed come first: the first request
        # costs the loop 50-80 ms (httpx's transport imported, a connection made).
        await asyncio.sleep(LISTING_CHECK_AFTER)
        host = bench.config.host
        try:
            names = [info.name for info in await bench.clients.get(host.name).list_models()]
        except ApiError:
            return  # unreachable now: the first send will say so
        moved = view.session.model != model or view.session.host != host.name or not view.is_attached
        if moved or is_listed(model, names):
            return  # (moved to another model or closed meanwhile: a note would be about nothing here)
        view.model_note = f"'{model}' is not on {host.name}" + (
            f": {suggestion}" if (suggestion := did_you_mean(model, names)) else ""
        )
        view.paint_session_line()
        bench.notify(
            f"{view.model_note}{'' if view.model_note.endswith('?') else '.'} "
            "F10 picks another model for this session.",
            title="Model", severity="warning", timeout=15, markup=False,
        )

    async def _open_on_first_listed(self) -> None:
        bench = screen_of(self)
        host = bench.config.host
        try:
            names = [info.name for info in await bench.clients.get(host.name).list_models()]
        except ApiError as error:
            bench.show_empty(f"{error.message}\n{error.hint}", error=True)
            return
        if not names:
            bench.show_empty(f"{host.url} lists no models. Pull one first, e.g. `ollama pull qwen3:8b`.")
            return
        await self.open_session(host.name, names[0])

    async def open_session(self, host_name: str, model: str, *, completion: bool = False) -> ChatView:
        session = Session(host=host_name, model=model)
        if completion:  # a completion session (/api/generate): ui/completion
            session.completion = CompletionSettings()
        return await self.add_session(session)

    async def add_session(self, session: Session) -> ChatView:
        """Show a session (new or with history) in a tab of its own.

        A session on a host that is not configured now keeps that host (so its
        file is not rewritten to another one behind the user's back): its tab is
        marked and nothing is sent until it is moved (F10).
        """
        bench = screen_of(self)
        view = self._view_for(session)
        await bench.workspace.open(view)
        compact.tell_problem(view)
        bench.show_empty()
        bench.remember_open()
        return view

    def _view_for(self, session: Session) -> ChatView:
        bench = screen_of(self)
        bench.sessions.append(session)
        # Another ollamux holding it (two windows on one folder): shown read-only.
        owner = bench.keeper.claim(session)
        client = bench.clients.get(session.host) if session.host in bench.clients.hosts else None
        kind = ChatView
        if session.completion is not None:  # imported at first use: start-up time
            from ollamux.ui.completion import CompletionView

            kind = CompletionView
        toolbox = bench.toolbox if bench.toolbox.configured else None
        return kind(session, client, host_label=session.host, read_only=owner, attachments=bench.attachments,
                    toolbox=toolbox)

    def report_gone_hosts(self, views: list[ChatView]) -> None:
        """One notice for every session whose host is gone, not one per session."""
        gone = [view.session for view in views if view.host_gone]
        if not gone:
            return
        hosts = ", ".join(f"'{host}'" for host in sorted({session.host for session in gone}))
        if len(gone) == 1:
            what = (f"'{gone[0].title or 'new session'}' is on host {hosts}, which is not configured now; "
                    "its tab says \"host gone\". F10 moves it")
        else:
            what = (f"{len(gone)} sessions are on hosts not configured now ({hosts}); "
                    "their tabs say \"host gone\". F10 on one moves it")
        screen_of(self).notify(
            f"{what} to another host or model.",
            title="Sessions", severity="warning", timeout=15, markup=False,
        )

    def action_new_session(self) -> None:
        from ollamux.ui.workbench.new_session import NewSessionPicker

        bench = screen_of(self)
        picker = NewSessionPicker(bench.clients)  # Tab there starts it from a preset

        def opened(picked: list[PickedModel] | None) -> None:
            for choice in picked or []:
                bench.run_worker(
                    self.open_for_chat(choice.host, choice.model, preset=picker.preset, completion=choice.completion)
                )

        bench.app.push_screen(picker, opened)

    async def open_for_chat(
        self, host: str, model: str, *, from_panel: bool = False, preset: Preset | None = None, completion: bool = False
    ) -> None:
        """A new session on the model (from `preset` if one was picked; a completion
        session if asked), unless it is an embedding model (explained, its view offered)."""
        bench = screen_of(self)
        if not await chat_allowed(bench, host, model):
            return
        if from_panel and bench.panels.models_wide:
            await bench.panels.toggle_models()
        if preset is None:
            await self.open_session(host, model, completion=completion)
            return
        from ollamux.ui.workbench.preset_actions import open_new

        await open_new(bench, host, model, preset, completion=completion)

    @work
    async def action_change_model(self) -> None:
        """Move the session on screen to another model or host; kept in its file."""
        from ollamux.ui.models import ModelPicker

        bench = screen_of(self)
        view = bench.workspace.active_view
        if view is None or view.refuse_if_read_only():
            return
        if view.session.busy:
            bench.notify("Stop the reply first (Escape), then change the model.", severity="warning", markup=False)
            return
        picked = await bench.app.push_screen_wait(
            ModelPicker(bench.clients, title=f"Move this session from {view.session.model} @ {view.session.host} to…")
        )
        if not picked or view.session.busy or not any(s is view.session for s in bench.sessions):
            return
        choice = picked[0]
        if not await chat_allowed(bench, choice.host, choice.model):
            return
        view.move_to(choice.host, choice.model, bench.clients.get(choice.host))
        bench.workspace.refresh_labels()
        view.focus_prompt()
        await bench.save(view.session)
