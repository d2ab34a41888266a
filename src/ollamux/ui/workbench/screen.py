"""The workbench: sessions in tabs, the models panel and the inspector beside them.

The app's default screen. Its keys are this screen's bindings, so on the
compare screen or under a dialog they rest instead of acting unseen behind it.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Callable
from typing import TYPE_CHECKING

from rich.text import Text
from textual import events, getters, on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.timer import Timer
from textual.widgets import Static, TabbedContent

from ollamux.api.clients import ClientPool
from ollamux.api.errors import ApiError
from ollamux.config import Config
from ollamux.core.attachment_store import AttachmentStore
from ollamux.core.clipboard import CopyResult
from ollamux.core.completion_settings import CompletionSettings
from ollamux.core.model_names import did_you_mean, is_listed
from ollamux.core.session import Session
from ollamux.core.session_keeper import SessionKeeper
from ollamux.core.store import StoreError
from ollamux.core.toolbox import Toolbox
from ollamux.ui import compact
from ollamux.ui.chat import ChatView, CompareScreen, Transcript, can_continue, continue_reply
from ollamux.ui.chat.compacted import CompactWanted
from ollamux.ui.inspector import Inspector
from ollamux.ui.models import ModelsPanel
from ollamux.ui.shared import AskText, Confirm, Footer
from ollamux.ui.workbench.bindings import JUMP_BINDINGS, SESSION_ACTIONS, WORKBENCH_KEYS
from ollamux.ui.workbench.compare_prompt import able_to_see, ask_prompt
from ollamux.ui.workbench.copy_actions import CopyActions
from ollamux.ui.workbench.embed_actions import chat_allowed, chat_models, open_embeddings
from ollamux.ui.workbench.feature_actions import FeatureActions
from ollamux.ui.workbench.hidden_layouts import HiddenLayoutsSkipped
from ollamux.ui.workbench.panels import SidePanels
from ollamux.ui.workbench.tab_labels import tab_label
from ollamux.ui.workbench.workspace import Workspace

if TYPE_CHECKING:
    from ollamux.core.presets import Preset
    from ollamux.ui.models import PickedModel

# Seconds after start before the configured model is looked for in the host's list.
LISTING_CHECK_AFTER = 0.3
NOTHING_OPEN = "No session open: ctrl+n picks a model, F1 lists the keys."
WORKBENCH_ACTIONS = {binding.action.split("(")[0] for binding in [*WORKBENCH_KEYS, *JUMP_BINDINGS]}


class WorkbenchScreen(FeatureActions, HiddenLayoutsSkipped):
    """Sessions in tabs, with their keys, panels, copying and comparisons."""

    # Default CSS: Textual loads a screen's `CSS` only for screens pushed later, not the default one.
    DEFAULT_CSS = """
    #body { height: 1fr; }
    #empty { height: 1fr; width: 1fr; content-align: center middle; color: $text-muted; }
    #empty.-error { color: $error; }
    #models-panel { display: none; }
    #body.-models #models-panel { display: block; }
    #body.-models-wide > #sessions { display: none; }
    #body.-inspector-wide > #sessions { display: none; }
    """
    BINDINGS = [*WORKBENCH_KEYS, *JUMP_BINDINGS]

    workspace = getters.query_one(Workspace)
    models_panel = getters.query_one(ModelsPanel)

    def __init__(
        self, config: Config, clients: ClientPool, keeper: SessionKeeper, copy_text: Callable[[str], CopyResult]
    ) -> None:
        super().__init__()
        self.config = config
        self.clients = clients
        self.keeper = keeper
        # Files attached to prompts, kept once by content beside the sessions that send them.
        self.attachments = AttachmentStore(config.data_dir)
        # MCP servers and hand-answered tools: servers start when a session first needs them.
        self.toolbox = Toolbox(
            config.mcp_servers, config.hand_tools, os.environ,
            rounds=config.tool_rounds, timeout=config.tool_timeout,
        )
        # Kept here as well as in the tabs: at quit the widgets may already be gone.
        self.sessions: list[Session] = []
        # What the last comparison showed, not its screen: the screen and its
        # widgets go when it is left, and "Show comparison" builds them again.
        self.last_compare: tuple[str, list[tuple[Session, str]]] | None = None
        self.panels = SidePanels(self, self.toolbox)
        self.copying = CopyActions(self, copy_text, config.data_dir / "exports")
        self._inspector_save: Timer | None = None
        self._composed: ChatView | None = None  # the new session made with the screen, if any

    def compose(self) -> ComposeResult:
        self._composed = self._compose_new_session()
        with Horizontal(id="body"):
            with Vertical(id="sessions"):
                empty = Static(NOTHING_OPEN, id="empty")
                empty.display = self._composed is None
                yield empty
                with Workspace(show_hosts=len(self.config.hosts) > 1) as workspace:
                    if self._composed is not None:
                        yield workspace.pane_for(self._composed, number=1)
            yield ModelsPanel(self.clients)
        yield Footer(compact=True)  # every key that matters fits in 80 columns

    def on_mount(self) -> None:
        if self._composed is not None:
            self._composed.focus_prompt()
        self.start_sessions()

    def _compose_new_session(self) -> ChatView | None:
        """The new session a start with nothing to reopen opens, made with the screen.

        So its prompt is in the first frame and takes the keys typed from the start;
        added after start (as reopened sessions are, read in a thread) it came a
        frame and a layout later, and keys typed meanwhile went to the tab bar.
        """
        config = self.config
        if config.open_session is not None or config.default_model is None:
            return None
        if config.restore_sessions and self.keeper.store.load_open():
            return None
        return self._view_for(Session(host=config.host.name, model=config.default_model))

    def _show_empty(self, text: str | None = None, *, error: bool = False) -> None:
        empty = self.query_one("#empty", Static)
        if text is not None:
            empty.update(Text(text))
        empty.set_class(error, "-error")
        empty.display = not self.workspace.views()
        self.workspace.display = not empty.display

    # ------------------------------------------------------------------ keys

    def view_for_keys(self) -> ChatView | None:
        """The session the keys act on: the one on screen, if this screen is up."""
        return self.workspace.active_view if self.app.screen is self else None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # Under another screen (compare, a dialog) the keys would act unseen: they rest.
        if action in WORKBENCH_ACTIONS and self.app.screen is not self:
            return False
        if action not in SESSION_ACTIONS:
            return True
        view = self.view_for_keys()
        if view is None:
            return False
        if action == "stop":
            # False when idle: hidden from the footer, and ctrl+c falls through to copy.
            return view.session.busy or compact.compacting(view)
        if action in ("regenerate", "retry"):
            last = view.session.messages[-1] if view.session.messages else None
            retry = not view.session.busy and last is not None and last.role == "assistant"
            # One of the twins (see `bindings`): Retry in the footer unless Continue is.
            return retry and (action == "retry") == can_continue(view)
        if action == "continue_reply":
            # When the last reply was stopped or cut; an OpenAI-compatible host's
            # press then says why it cannot, rather than the key doing nothing.
            return can_continue(view)
        return True

    def refresh_session_keys(self) -> None:
        """The footer's Stop / Retry follow the state of the session on screen."""
        for screen in self.app.screen_stack:
            screen.refresh_bindings()

    def action_stop(self) -> None:
        if (view := self.view_for_keys()) is not None and not compact.stop_compaction(view):
            view.action_stop()

    async def action_regenerate(self) -> None:
        if (view := self.view_for_keys()) is not None:
            await compact.before_regenerate(view)
            await view.action_regenerate()

    async def action_retry(self) -> None:
        await self.action_regenerate()

    async def action_continue_reply(self) -> None:
        if (view := self.view_for_keys()) is not None:
            await continue_reply(view)

    async def action_toggle_thinking(self) -> None:
        if (view := self.view_for_keys()) is not None:
            await view.action_transcript("toggle_thinking")

    async def action_toggle_tool_rows(self) -> None:
        if (view := self.view_for_keys()) is not None:
            await view.action_transcript("toggle_tool_rows")

    def action_open_pager(self) -> None:
        if (view := self.view_for_keys()) is not None:
            view.action_open_pager()

    def action_attach_file(self) -> None:
        if (view := self.view_for_keys()) is not None:
            view.action_attach_file()

    def action_preview_attachments(self) -> None:
        if (view := self.view_for_keys()) is not None:
            view.action_preview_attachments()

    # ------------------------------------------------------------------ opening sessions

    @work(group="startup")
    async def start_sessions(self) -> None:
        """Reopen the sessions of last time (or `--session FILE`), else start a new one."""
        # With a session composed, compose found nothing to reopen: the list is not read twice.
        reopen = self.config.restore_sessions and self._composed is None
        restored, problems = await asyncio.to_thread(
            self.keeper.restore, file=self.config.open_session, reopen=reopen
        )
        for problem in problems:
            self.notify(problem, title="Sessions", severity="error", timeout=15, markup=False)
        for note in self.keeper.notes:
            self.notify(note, title="Sessions", timeout=10, markup=False)
        views = [await self.add_session(session) for session in restored]
        self._report_gone_hosts(views)
        if self._composed is not None:
            self._remember_open()
            await self._check_listed(self._composed, self._composed.session.model)
        elif not restored:
            await self.open_first_session()

    async def open_first_session(self) -> None:
        """Open a session on the configured model, or on the first one the host lists.

        A configured model the host does not list still gets its session (it may
        be pulled next), marked with the nearest installed names: a typo in
        --model is caught now, not by a 404 on the first send. Its session opens
        before the host is asked, so the prompt does not wait for the listing.
        """
        host = self.config.host
        model = self.config.default_model
        if model is None:
            await self._open_on_first_listed()
            return
        view = await self.open_session(host.name, model)
        await self._check_listed(view, model)

    async def _check_listed(self, view: ChatView, model: str) -> None:
        """Mark the session when the host does not list its model: a typo, or a model still to pull."""
        # A moment after start, so the first keys typed come first: the first request
        # costs the loop 50-80 ms (httpx's transport imported, a connection made).
        await asyncio.sleep(LISTING_CHECK_AFTER)
        host = self.config.host
        try:
            names = [info.name for info in await self.clients.get(host.name).list_models()]
        except ApiError:
            return  # unreachable now: the first send will say so
        moved = view.session.model != model or view.session.host != host.name or not view.is_attached
        if moved or is_listed(model, names):
            return  # (moved to another model or closed meanwhile: a note would be about nothing here)
        view.model_note = f"'{model}' is not on {host.name}" + (
            f": {suggestion}" if (suggestion := did_you_mean(model, names)) else ""
        )
        view.paint_session_line()
        self.notify(
            f"{view.model_note}{'' if view.model_note.endswith('?') else '.'} "
            "F10 picks another model for this session.",
            title="Model", severity="warning", timeout=15, markup=False,
        )

    async def _open_on_first_listed(self) -> None:
        host = self.config.host
        try:
            names = [info.name for info in await self.clients.get(host.name).list_models()]
        except ApiError as error:
            self._show_empty(f"{error.message}\n{error.hint}", error=True)
            return
        if not names:
            self._show_empty(f"{host.url} lists no models. Pull one first, e.g. `ollama pull qwen3:8b`.")
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
        view = self._view_for(session)
        await self.workspace.open(view)
        compact.tell_problem(view)
        self._show_empty()
        self._remember_open()
        return view

    def _view_for(self, session: Session) -> ChatView:
        self.sessions.append(session)
        # Another ollamux holding it (two windows on one folder): shown read-only.
        owner = self.keeper.claim(session)
        client = self.clients.get(session.host) if session.host in self.clients.hosts else None
        kind = ChatView
        if session.completion is not None:  # imported at first use: start-up time
            from ollamux.ui.completion import CompletionView

            kind = CompletionView
        return kind(session, client, host_label=session.host, read_only=owner, attachments=self.attachments,
                    toolbox=self.toolbox if self.toolbox.configured else None)

    def _report_gone_hosts(self, views: list[ChatView]) -> None:
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
        self.notify(
            f"{what} to another host or model.",
            title="Sessions", severity="warning", timeout=15, markup=False,
        )

    def action_new_session(self) -> None:
        from ollamux.ui.workbench.new_session import NewSessionPicker

        picker = NewSessionPicker(self.clients)  # Tab there starts it from a preset

        def opened(picked: list[PickedModel] | None) -> None:
            for choice in picked or []:
                self.run_worker(
                    self._open_for_chat(choice.host, choice.model, preset=picker.preset, completion=choice.completion)
                )

        self.app.push_screen(picker, opened)

    @work
    async def action_change_model(self) -> None:
        """Move the session on screen to another model or host; kept in its file."""
        from ollamux.ui.models import ModelPicker

        view = self.workspace.active_view
        if view is None or view.refuse_if_read_only():
            return
        if view.session.busy:
            self.notify("Stop the reply first (Escape), then change the model.", severity="warning", markup=False)
            return
        picked = await self.app.push_screen_wait(
            ModelPicker(self.clients, title=f"Move this session from {view.session.model} @ {view.session.host} to…")
        )
        if not picked or view.session.busy or not any(s is view.session for s in self.sessions):
            return
        choice = picked[0]
        if not await chat_allowed(self, choice.host, choice.model):
            return
        view.move_to(choice.host, choice.model, self.clients.get(choice.host))
        self.workspace.refresh_labels()
        view.focus_prompt()
        await self.save(view.session)

    # ------------------------------------------------------------------ keeping sessions

    @work(group="open-list")
    async def _remember_open(self) -> None:
        """Keep the open-tab list current, so a kill -9 still reopens these tabs."""
        if problem := await asyncio.to_thread(self.keeper.save_open, lambda: list(self.sessions)):
            self.notify(problem, title="Sessions", severity="error", markup=False)

    async def save(self, session: Session, *, partial: bool = False) -> None:
        # Only open sessions: a closed or deleted one may still report its last state change.
        if not any(s is session for s in self.sessions):
            return
        worth_keeping = session.messages or session.draft or session.draft_attachments
        if worth_keeping and (problem := await self.keeper.save(session, partial=partial)):
            self.notify(problem, title="Sessions", severity="error", timeout=15, markup=False)

    def _forget(self, session: Session) -> None:
        self.sessions = [s for s in self.sessions if s is not session]
        self.keeper.release(session)
        self._remember_open()

    @work
    async def action_close_session(self) -> None:
        view = self.workspace.active_view
        if view is None:
            return
        name = view.session.title or view.session.model
        # A line each: a dialog line is only so wide.
        kept = "The draft is kept with the session: F4 reopens it."
        # Attached files waiting in chips are a draft as much as typed text is.
        has_draft = bool(view.session.draft.strip() or view.session.draft_attachments)
        if view.session.busy and has_draft:
            question = f"'{name}' is still streaming and has an unsent draft.\nStop it and close?\n{kept}"
        elif view.session.busy:
            question = f"'{name}' is still streaming. Stop it and close?"
        elif has_draft:
            question = f"'{name}' has an unsent draft.\nClose it?\n{kept}"
        else:
            question = None
        if question is not None and not await self.app.push_screen_wait(Confirm(question)):
            return
        await self.workspace.close(view)
        await self.save(view.session)
        self._forget(view.session)
        self._show_empty(NOTHING_OPEN)

    async def _close_deleted(self, session: Session) -> None:
        """A session deleted in the browser: its tab closes and it is never saved again."""
        self._forget(session)  # first: stopping its reply would save it once more
        if (view := next((v for v in self.workspace.views() if v.session is session), None)) is not None:
            await self.workspace.close(view)
        self._show_empty(NOTHING_OPEN)
        try:
            await asyncio.to_thread(self.keeper.store.delete, session)
        except StoreError as error:
            self.notify(str(error), title="Sessions", severity="error", markup=False)
        except OSError as error:
            self.notify(f"Could not delete {error.filename}: {error.strerror}",
                        title="Sessions", severity="error", markup=False)

    @work
    async def action_rename_session(self) -> None:
        view = self.workspace.active_view
        if view is None:
            return
        title = await self.app.push_screen_wait(AskText("Rename session", view.session.title))
        if title is not None and title.strip():
            view.session_title = " ".join(title.split())  # its line and its tab follow
            await self.save(view.session)

    @work
    async def action_browse_sessions(self) -> None:
        from ollamux.ui.sessions import SessionBrowser  # at first use: start-up time
        from ollamux.ui.sessions.library import library_of
        from ollamux.ui.workbench.message_jump import show_message

        if (library := library_of(self.app)) is None:
            return  # an app that keeps no library (some tests' apps)
        choice = await self.app.push_screen_wait(SessionBrowser(self.keeper.store, library, self.sessions))
        deleted = choice.session if choice is not None and choice.delete else None
        for view in self.workspace.views():  # open sessions may have been renamed there
            if view.session is not deleted and view.session_title != view.session.title:
                view.session_title = view.session.title
        if choice is None:
            return
        if choice.delete:
            await self._close_deleted(choice.session)
            return
        for number, view in enumerate(self.workspace.views(), start=1):
            if view.session.id == choice.session.id:
                self.workspace.jump(number)  # already open: go there, do not open twice
                await show_message(view, choice.message_index)
                return
        view = await self.add_session(choice.session)
        self._report_gone_hosts([view])
        await show_message(view, choice.message_index)

    async def action_edit_last_prompt(self) -> None:
        """Take the last prompt back into the editor, with its reply removed."""
        view = self.workspace.active_view
        if view is not None:
            await view.edit_last_prompt()
            self.refresh_session_keys()

    @work
    async def action_fork_session(self) -> None:
        view = self.workspace.active_view
        if view is None or not view.session.messages:
            self.notify("Nothing to fork yet.", markup=False)
            return
        from ollamux.ui.sessions import ForkPoint  # at first use: start-up time

        through = await self.app.push_screen_wait(ForkPoint(view.session.messages))
        if through is not None:
            fork = view.session.fork(through)
            fork.host = view.session.host
            await self.add_session(fork)
            await self.save(fork)

    def action_step_session(self, offset: int) -> None:
        self.workspace.step(offset)

    def action_jump_session(self, number: int) -> None:
        self.workspace.jump(number)

    def action_list_sessions(self) -> None:
        views = self.workspace.views()
        if not views:
            return
        labels = [tab_label(n, view, with_host=True) for n, view in enumerate(views, start=1)]
        active = views.index(self.workspace.active_view) + 1 if self.workspace.active_view in views else 1

        def chosen(number: int | None) -> None:
            if number is not None:
                self.workspace.jump(number)

        from ollamux.ui.sessions import SessionList  # at first use: start-up time

        self.app.push_screen(SessionList(labels, active), chosen)

    # ------------------------------------------------------------------ compacting

    @on(CompactWanted)
    async def _compact_wanted(self, event: CompactWanted) -> None:
        """`/compact` or `/compact undo` typed in the prompt."""
        if isinstance(view := event.view, ChatView):
            if event.undo:
                await compact.undo_compaction(view, self.save)
            else:
                compact.start_compaction(self, view, self.clients, self.save)

    # ------------------------------------------------------------------ compare

    @work
    async def action_compare(self) -> None:
        from ollamux.ui.models import ModelPicker

        picked = await self.app.push_screen_wait(
            ModelPicker(self.clients, multi=True, title="Compare: pick models (space marks)")
        )
        picked = await chat_models(self, picked or [])
        if not picked:
            return
        outgoing = await ask_prompt(self, len(picked), self.attachments)
        if outgoing is None:
            return
        picked = await able_to_see(self, self.clients, picked, outgoing.attachments)
        views = [await self.open_session(choice.host, choice.model) for choice in picked]
        for view in views:
            await view.send_prompt(outgoing.text, outgoing.attachments)
        self.last_compare = (outgoing.text, [(v.session, v.host_label) for v in views])
        await self.app.push_screen(CompareScreen(*self.last_compare))

    def action_show_compare(self) -> None:
        if self.last_compare is None:
            self.notify("No comparison yet: ctrl+o starts one.", markup=False)
        elif not isinstance(self.app.screen, CompareScreen):
            self.app.push_screen(CompareScreen(*self.last_compare))

    # ------------------------------------------------------------------ panels and copying

    async def action_toggle_models(self) -> None:
        await self.panels.toggle_models()

    async def action_toggle_inspector(self) -> None:
        await self.panels.toggle_inspector()

    async def action_find_option(self) -> None:
        await self.panels.find_option()

    async def models_action(self, action: str) -> None:
        """Palette entries for the panel's actions: show it, then act on its selection."""
        if not self.panels.models_shown:
            await self.panels.toggle_models()
        self.call_later(self.models_panel.run_action, action)

    # ------------------------------------------------------------------ model workshop

    @on(ModelsPanel.WorkshopAsked)
    async def _workshop_asked(self, event: ModelsPanel.WorkshopAsked) -> None:
        flows = self.workshop()
        if event.action == "create":
            await flows.create_from_model(event.host, event.model)
        elif event.action == "create_from_file":
            flows.create_from_file(event.host)
        elif event.action == "push":
            flows.push(event.host, event.model)

    def action_copy_mode(self) -> None:
        if (view := self.workspace.active_view) is not None:
            self.copying.copy_mode(view)

    @work
    async def action_export_markdown(self) -> None:
        if (view := self.workspace.active_view) is not None:
            await self.copying.export_markdown(view.session)

    # ------------------------------------------------------------------ messages up

    @on(ChatView.StateChanged)
    async def _state_changed(self, event: ChatView.StateChanged) -> None:
        # Saved as the prompt goes out (the reply marked interrupted until it ends)
        # and as the reply ends (finished, stopped or failed).
        await self.save(event.view.session)
        if event.view is self.workspace.active_view:
            # The footer shows the keys of the session on screen only: a hidden one's
            # start or end changes none of them (a tab switch moves the focus, which
            # refreshes the keys itself).
            self.refresh_session_keys()

    @on(ChatView.SaveDue)
    async def _save_due(self, event: ChatView.SaveDue) -> None:
        await self.save(event.view.session, partial=True)  # the reply so far, every few seconds

    @on(ChatView.TakeOverWanted)
    async def _take_over_wanted(self, event: ChatView.TakeOverWanted) -> None:
        """Something was to change in a read-only session: take it if its owner is gone."""
        view = event.view
        owner = self.keeper.claim(view.session)
        if owner is not None:
            view.read_only = owner
            view.paint_session_line()
            self.notify(
                f"Read-only: this session is open in {owner.describe()}. F8 forks it into a session of your own.",
                title="Sessions", severity="warning", markup=False,
            )
            return
        # The owner quit: what it added since this tab opened comes first.
        path = self.keeper.store.path_for(view.session)
        try:
            latest = await asyncio.to_thread(self.keeper.store.load, path) if path.exists() else None
        except StoreError:
            latest = None  # unreadable now: reported by saving, which leaves it as it is
        await view.take_over(latest)
        self.workspace.refresh_labels()
        self._remember_open()
        self.notify(
            "The other ollamux let go of this session: it is yours now, with its latest turns. "
            "Press Enter again to send.",
            title="Sessions", markup=False,
        )

    @on(ChatView.SettingsChanged)
    async def _settings_changed(self, event: ChatView.SettingsChanged) -> None:
        """A `/set` typed in the prompt: saved now, and an open inspector shows it."""
        await self.save(event.view.session)
        if event.view is self.workspace.active_view:
            await self.panels.show_inspector_again(focus=False)

    @on(Inspector.Changed)
    def _inspector_changed(self, event: Inspector.Changed) -> None:
        for view in self.workspace.views():  # the folded system prompt follows the inspector
            if view.session is event.session:
                view.show_system_prompt()
        # Typing a value changes it on every key: save once typing pauses.
        if self._inspector_save is not None:
            self._inspector_save.stop()
        self._inspector_save = self.set_timer(1.0, lambda: self.run_worker(self.save(event.session)))

    @on(TabbedContent.TabActivated)
    async def _tab_activated(self) -> None:
        await self.panels.show_inspector_again()  # the inspector follows the session on screen

    @on(ModelsPanel.OpenSession)
    def _open_from_models(self, event: ModelsPanel.OpenSession) -> None:
        self.run_worker(self._open_for_chat(event.host, event.model, from_panel=True))

    async def _open_for_chat(
        self, host: str, model: str, *, from_panel: bool = False, preset: Preset | None = None, completion: bool = False
    ) -> None:
        """A new session on the model (from `preset` if one was picked; a completion
        session if asked), unless it is an embedding model (explained, its view offered)."""
        if not await chat_allowed(self, host, model):
            return
        if from_panel and self.panels.models_wide:
            await self.panels.toggle_models()
        if preset is None:
            await self.open_session(host, model, completion=completion)
            return
        from ollamux.ui.workbench.preset_actions import open_new

        await open_new(self, host, model, preset, completion=completion)

    # -- embeddings (ui/embed; the glue in embed_actions)

    @on(ModelsPanel.EmbedWanted)
    def _embed_from_models(self, event: ModelsPanel.EmbedWanted) -> None:
        self.run_worker(open_embeddings(self, event.host, event.model))

    @on(ModelsPanel.WidthChosen)
    def _models_width_chosen(self, event: ModelsPanel.WidthChosen) -> None:
        """`w` in the panel: the whole width, the session hidden; or beside the session again."""
        self.panels.set_models_wide(event.wide)

    @on(Transcript.CopyMessage)
    def _copy_message(self, event: Transcript.CopyMessage) -> None:
        self.copying.copy_message(event.message)

    @on(events.Resize)
    @on(events.ScreenResume)  # the terminal may have been resized while another screen was up
    def _resized(self) -> None:
        self.panels.follow_width()
