"""The workbench: sessions in tabs, the models panel and the inspector beside them.

The app's default screen. Its keys are this screen's bindings, so on the
compare screen or under a dialog they rest instead of acting unseen behind it.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Callable

from rich.text import Text
from textual import events, getters, on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.timer import Timer
from textual.widgets import Static, TabbedContent

from ollamux.api.clients import ClientPool
from ollamux.config import Config
from ollamux.core.attachment_store import AttachmentStore
from ollamux.core.clipboard import CopyResult
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
from ollamux.ui.workbench.embed_actions import chat_models, open_embeddings
from ollamux.ui.workbench.feature_actions import FeatureActions
from ollamux.ui.workbench.hidden_layouts import HiddenLayoutsSkipped
from ollamux.ui.workbench.panels import SidePanels
from ollamux.ui.workbench.session_opening import SessionOpening
from ollamux.ui.workbench.tab_labels import tab_label
from ollamux.ui.workbench.workspace import Workspace

NOTHING_OPEN = "No session open: ctrl+n picks a model, F1 lists the keys."
WORKBENCH_ACTIONS = {binding.action.split("(")[0] for binding in [*WORKBENCH_KEYS, *JUMP_BINDINGS]}


class WorkbenchScreen(FeatureActions, SessionOpening, HiddenLayoutsSkipped):
    """Sessions in tabs, with their keys, panels, copying and comparisons.

    Opening sessions is `SessionOpening`'s part, the features' keys `FeatureActions`'.
    """

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

    def compose(self) -> ComposeResult:
        composed = self.compose_new_session()
        with Horizontal(id="body"):
            with Vertical(id="sessions"):
                empty = Static(NOTHING_OPEN, id="empty")
                empty.display = composed is None
                yield empty
                with Workspace(show_hosts=len(self.config.hosts) > 1) as workspace:
                    if composed is not None:
                        yield workspace.pane_for(composed, number=1)
            yield ModelsPanel(self.clients)
        yield Footer(compact=True)  # every key that matters fits in 80 columns

    def on_mount(self) -> None:
        if self._composed is not None:
            self._composed.focus_prompt()
        self.start_sessions()

    def show_empty(self, text: str | None = None, *, error: bool = False) -> None:
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

    # ------------------------------------------------------------------ keeping sessions

    @work(group="open-list")
    async def remember_open(self) -> None:
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
        self.remember_open()

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
        self.show_empty(NOTHING_OPEN)

    async def _close_deleted(self, session: Session) -> None:
        """A session deleted in the browser: its tab closes and it is never saved again."""
        self._forget(session)  # first: stopping its reply would save it once more
        if (view := next((v for v in self.workspace.views() if v.session is session), None)) is not None:
            await self.workspace.close(view)
        self.show_empty(NOTHING_OPEN)
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
        self.report_gone_hosts([view])
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
        self.remember_open()
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
        self.run_worker(self.open_for_chat(event.host, event.model, from_panel=True))


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
