"""The Textual application: sessions in tabs, app-wide keys, palette and help."""

from __future__ import annotations

import asyncio
import sys
import time
from collections.abc import Iterable
from typing import TYPE_CHECKING

from rich.text import Text
from textual import events, work
from textual.app import App, ComposeResult, SystemCommand
from textual.binding import Binding
from textual.command import CommandPalette
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Footer, Static

from ollamux.api.clients import ClientPool
from ollamux.api.errors import ApiError
from ollamux.config import Config, config_dir, display_path, state_dir
from ollamux.core.crash_report import report_crash
from ollamux.core.model_names import did_you_mean, is_listed
from ollamux.core.session import Session
from ollamux.core.store import StoreError
from ollamux.core.text import strip_control
from ollamux.ui.copy.clipboard import Clipboard
from ollamux.ui.workbench.copying import Copying
from ollamux.ui.key_names import checked_keymap
from ollamux.ui.loop_first import LoopFirst
from ollamux.ui.workbench.palette import LiteralSystemCommands, LiteralThemes
from ollamux.ui.chat.compare import CompareScreen
from ollamux.ui.copy.mode import HELP_KEYS as COPY_MODE_KEYS
from ollamux.ui.shared.dialogs import AskText, Confirm
from ollamux.ui.sessions.fork import ForkPoint
from ollamux.ui.workbench.help import HelpScreen
from ollamux.ui.sessions.browser import SessionBrowser
from ollamux.ui.sessions.list import SessionList
from ollamux.core.session_keeper import SessionKeeper
from ollamux.ui.workbench.session_keys import SESSION_KEYS, SessionKeys
from ollamux.ui.workbench.side_panels import SidePanels
from ollamux.ui.themes import load_themes
from ollamux.ui.chat.view import ChatView
from ollamux.ui.inspector.panel import Inspector
from ollamux.ui.models.panel import ModelsPanel
from ollamux.ui.chat.transcript import Transcript
from ollamux.ui.workbench.workspace import Workspace, tab_label

if TYPE_CHECKING:
    from ollamux.ui.models.picker import PickedModel

SESSION_BINDINGS = [
    # Short words in the footer (it must fit 80 columns); the tooltip is what the help says.
    Binding("ctrl+n", "new_session", "New", id="new_session", priority=True, tooltip="New session"),
    Binding("ctrl+o", "compare", "Compare", id="compare", priority=True, tooltip="Compare models"),
    # F12: a key no text field uses (ctrl+w deletes a word, as in readline), that
    # arrives over plain SSH and inside tmux, unlike ctrl+f4 or ctrl+shift+w.
    Binding("f12", "close_session", "Close session", id="close_session", priority=True, show=False,
            tooltip="Close session (asks if a reply or a draft is at stake; the draft is kept with it)"),
    # F11, not F12 (closing) or F10 (change model): terminals that keep F11 for
    # full screen leave the palette's "Show comparison" and `show_compare` to remap.
    Binding("f11", "show_compare", "Last comparison", id="show_compare", priority=True, show=False),
    Binding("f2", "rename_session", "Rename session", id="rename_session", show=False),
    Binding("alt+right,ctrl+pagedown", "step_session(1)", "Next session", id="next_session", priority=True, show=False),
    Binding("alt+left,ctrl+pageup", "step_session(-1)", "Previous session", id="previous_session", priority=True, show=False),
    Binding("ctrl+y", "copy_mode", "Copy", id="copy_mode", priority=True),
    *SESSION_KEYS,
    Binding("f3", "toggle_models", "Models", id="toggle_models", priority=True),
    Binding("f5", "toggle_inspector", "Options", id="toggle_inspector", priority=True),
    Binding("f6", "export_markdown", "Export to Markdown", id="export_markdown", priority=True, show=False),
    Binding(
        "f7", "edit_last_prompt", "Edit last prompt", id="edit_last_prompt", priority=True, show=False,
        tooltip="Edit last prompt (its reply is removed; F7 again, before sending, puts both back)",
    ),
    Binding("f8", "fork_session", "Fork session", id="fork_session", priority=True, show=False),
    # An F-key: it reaches the app over SSH and through tmux, and no editor types with it
    # (F12 closes; gnome-terminal users who keep F10 for its menu can remap `change_model`).
    Binding("f10", "change_model", "Change model or host", id="change_model", priority=True, show=False),
    Binding("f4", "browse_sessions", "Saved sessions", id="browse_sessions", priority=True, show=False),
    Binding("ctrl+g", "list_sessions", "Go to session…", id="list_sessions", priority=True, show=False),
    Binding("f1", "help", "Help", id="help"),
    Binding("ctrl+q", "quit", "Quit", id="quit", priority=True, show=False,
            tooltip="Quit (asks while a reply streams; ctrl+q again says yes)"),
] + [
    # Undescribed: the help screen shows them as one line, JUMP_KEYS.
    Binding(f"alt+{n}", f"jump_session({n})", "", id=f"session_{n}", priority=True, show=False)
    for n in range(1, 10)
]
# Keys that act on the sessions' screen. On another screen (compare, a dialog)
# they would act unseen behind it, and they crowd its footer: they rest there.
WORKBENCH_ACTIONS = {binding.action.split("(")[0] for binding in SESSION_BINDINGS} - {"help", "quit"}
JUMP_KEYS = Binding("alt+1…9", "", "Go to session 1…9 (where the terminal sends alt+digit; else ctrl+g)")

# The prompt handles these in its key handler; listed here for the help screen.
PROMPT_KEYS = [
    Binding("enter", "", "Send the prompt"),
    Binding("ctrl+j,shift+enter", "", "New line (a pasted block never sends by itself)"),
    Binding("up,down", "", "Earlier / later prompts, at the first / last line"),
    Binding("/?", "", "Prompt commands: /set parameter NAME VALUE, /set system, /show … (//text sends /text)"),
]

# What the mouse does in the transcript; listed for the help screen.
MOUSE_ACTIONS = [
    Binding("click", "", "Pick a message: m in copy mode copies it"),
    Binding("double-click", "", "Copy that message"),
]

# Typing in the F4 browser goes to its filter; listed for the help screen.
BROWSER_FILTER = Binding("typing", "", "Filter by title, model or host")

MODEL_COMMANDS = [
    ("Model: details", "details", "Capabilities, parameters, template and license of the selected model (d in the panel)"),
    ("Model: pull", "pull", "Download a model by name, with progress (p in the panel)"),
    ("Model: copy", "copy", "Copy the selected model under a new name (c in the panel)"),
    ("Model: delete", "delete", "Delete the selected model, after asking (D in the panel)"),
    ("Model: load", "load", "Load / warm the selected model into memory (l in the panel)"),
    ("Model: unload", "unload", "Unload the selected model from memory (u in the panel)"),
    ("Model: refresh", "refresh", "Ask every host again now (r in the panel)"),
]


# How often the app looks for an idle moment (no reply streaming, no key for
# this long) to run a full garbage collection; see `loop_first`.
IDLE_CHECK_SECONDS = 2.0
NOTHING_OPEN = "No session open: ctrl+n picks a model, F1 lists the keys."


class OllamuxApp(SessionKeys, SidePanels, Copying, App[None]):
    """ollamux: chat with models on Ollama and OpenAI-compatible servers."""

    TITLE = "ollamux"
    CSS = """
    #body { height: 1fr; }
    #empty { height: 1fr; width: 1fr; content-align: center middle; color: $text-muted; }
    #empty.-error { color: $error; }
    #models-panel { display: none; }
    #body.-models #models-panel { display: block; }
    #body.-models-wide > #sessions { display: none; }
    #body.-inspector-wide > #sessions { display: none; }
    """
    BINDINGS = SESSION_BINDINGS
    # Palette entries hold session titles, model and theme names: never markup.
    COMMANDS = {LiteralSystemCommands}

    def __init__(
        self, config: Config, *, clients: ClientPool | None = None, clipboard: Clipboard | None = None
    ) -> None:
        super().__init__()
        self.config = config
        self.clients = clients or ClientPool(config.hosts)
        # OSC 52 goes straight to the terminal, the one path that reaches the
        # user's own clipboard over SSH; tests pass a fake sink instead.
        self.copier = clipboard or Clipboard(self._write_to_terminal)
        self.keeper = SessionKeeper(config.data_dir)
        self._loop_first = LoopFirst()
        self.last_input = 0.0  # time.monotonic() of the last key press or click
        # Kept here as well as in the tabs: at quit the widgets may already be gone.
        self.sessions: list[Session] = []
        # What the last comparison showed, not its screen: the screen and its
        # widgets go when it is left, and "Show comparison" builds them again.
        self._last_compare: tuple[str, list[tuple[Session, str]]] | None = None
        # Set when the app crashed: what the CLI prints after the terminal is restored.
        self.crash_notice: str | None = None
        self._install_themes()
        self.keymap, key_warnings = checked_keymap(
            config.keymap, display_path(config.config_path)
        )
        self._startup_warnings += key_warnings

    def _install_themes(self) -> None:
        themes, warnings = load_themes(config_dir() / "themes")
        for theme in themes:
            self.register_theme(theme)
        self._startup_warnings = list(self.config.warnings) + warnings
        if self.config.theme in self.available_themes:
            self.theme = self.config.theme
        else:
            self._startup_warnings.append(f"Unknown theme {self.config.theme!r}; using the default.")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in WORKBENCH_ACTIONS and self.screen is not self.screen_stack[0]:
            return False
        return super().check_action(action, parameters)

    def compose(self) -> ComposeResult:
        with Horizontal(id="body"):
            with Vertical(id="sessions"):
                yield Static("No session open: ctrl+n picks a model, F1 lists the keys.", id="empty")
                yield Workspace(show_hosts=len(self.config.hosts) > 1)
            yield ModelsPanel(self.clients)
        yield Footer(compact=True)  # every key that matters fits in 80 columns

    def on_mount(self) -> None:
        if self.keymap:
            self.set_keymap(self.keymap)
        # Every notice is plain text (markup=False): they quote names, paths,
        # config values and server errors, where `[/]` would crash the app.
        for warning in self._startup_warnings:
            self.notify(warning, title="Configuration", severity="warning", timeout=10, markup=False)
        self.start_sessions()
        self._loop_first.start()
        self.set_interval(IDLE_CHECK_SECONDS, self._collect_when_idle)

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.InputEvent):
            self.last_input = time.monotonic()
        await super().on_event(event)

    def _collect_when_idle(self) -> None:
        quiet_for = time.monotonic() - self.last_input
        streaming = any(session.streaming for session in self.sessions)
        self._loop_first.collect_if(idle=not streaming and quiet_for >= IDLE_CHECK_SECONDS)

    @property
    def workspace(self) -> Workspace:
        return self.query_one(Workspace)

    def _show_empty(self, text: str | None = None, *, error: bool = False) -> None:
        empty = self.query_one("#empty", Static)
        if text is not None:
            empty.update(Text(text))
        empty.set_class(error, "-error")
        empty.display = not self.workspace.views()
        self.workspace.display = not empty.display

    # ------------------------------------------------------------------ sessions

    @work(group="startup")
    async def start_sessions(self) -> None:
        """Reopen the sessions of last time (or `--session FILE`), else start a new one."""
        restored, problems = await asyncio.to_thread(
            self.keeper.restore, file=self.config.open_session, reopen=self.config.restore_sessions
        )
        for problem in problems:
            self.notify(problem, title="Sessions", severity="error", timeout=15, markup=False)
        for note in self.keeper.notes:
            self.notify(note, title="Sessions", timeout=10, markup=False)
        views = [await self.add_session(session) for session in restored]
        self._report_gone_hosts(views)
        if not restored:
            await self.open_first_session()

    async def open_first_session(self) -> None:
        """Open a session on the configured model, or on the first one the host lists.

        A configured model the host does not list still gets its session (it may
        be pulled next), marked with the nearest installed names: a typo in
        --model is caught now, not by a 404 on the first send.
        """
        host = self.config.host
        model = self.config.default_model
        try:
            names = [info.name for info in await self.clients.get(host.name).list_models()]
        except ApiError as error:
            if model is None:
                self._show_empty(f"{error.message}\n{error.hint}", error=True)
                return
            names = None  # unreachable now: the first send will say so
        if model is None:
            if not names:
                self._show_empty(f"{host.url} lists no models. Pull one first, e.g. `ollama pull qwen3:8b`.")
                return
            model = names[0]
        view = await self.open_session(host.name, model)
        if names is not None and not is_listed(model, names):
            view.model_note = f"'{model}' is not on {host.name}" + (
                f": {suggestion}" if (suggestion := did_you_mean(model, names)) else ""
            )
            view.paint_session_line()
            self.notify(
                f"{view.model_note}{'' if view.model_note.endswith('?') else '.'} "
                "F10 picks another model for this session.",
                title="Model", severity="warning", timeout=15, markup=False,
            )

    async def open_session(self, host_name: str, model: str) -> ChatView:
        return await self.add_session(Session(host=host_name, model=model))

    async def add_session(self, session: Session) -> ChatView:
        """Show a session (new or with history) in a tab of its own.

        A session on a host that is not configured now keeps that host (so its
        file is not rewritten to another one behind the user's back): its tab is
        marked and nothing is sent until it is moved (F10).
        """
        self.sessions.append(session)
        # Another ollamux holding it (two windows on one folder): shown read-only.
        owner = self.keeper.claim(session)
        client = self.clients.get(session.host) if session.host in self.clients.hosts else None
        view = ChatView(session, client, host_label=session.host, read_only=owner)
        await self.workspace.open(view)
        self._show_empty()
        self._remember_open()
        return view

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

    @work
    async def action_change_model(self) -> None:
        """Move the session on screen to another model or host; kept in its file."""
        from ollamux.ui.models.picker import ModelPicker

        view = self.workspace.active_view
        if view is None or view.refuse_if_read_only():
            return
        if view.session.streaming:
            self.notify("Stop the reply first (Escape), then change the model.", severity="warning", markup=False)
            return
        picked = await self.push_screen_wait(
            ModelPicker(self.clients, title=f"Move this session from {view.session.model} @ {view.session.host} to…")
        )
        if not picked or view.session.streaming or not any(s is view.session for s in self.sessions):
            return
        choice = picked[0]
        view.move_to(choice.host, choice.model, self.clients.get(choice.host))
        self.workspace.refresh_labels()
        view.focus_prompt()
        await self._save(view.session)

    @work(group="open-list")
    async def _remember_open(self) -> None:
        """Keep the open-tab list current, so a kill -9 still reopens these tabs."""
        if problem := await asyncio.to_thread(self.keeper.save_open, lambda: list(self.sessions)):
            self.notify(problem, title="Sessions", severity="error", markup=False)

    def action_new_session(self) -> None:
        from ollamux.ui.models.picker import ModelPicker

        def opened(picked: list[PickedModel] | None) -> None:
            for choice in picked or []:
                self.run_worker(self.open_session(choice.host, choice.model))

        self.push_screen(ModelPicker(self.clients), opened)

    @work
    async def action_close_session(self) -> None:
        view = self.workspace.active_view
        if view is None:
            return
        name = view.session.title or view.session.model
        # A line each: a dialog line is only so wide.
        kept = "The draft is kept with the session: F4 reopens it."
        if view.session.streaming and view.session.draft.strip():
            question = f"'{name}' is still streaming and has an unsent draft.\nStop it and close?\n{kept}"
        elif view.session.streaming:
            question = f"'{name}' is still streaming. Stop it and close?"
        elif view.session.draft.strip():
            question = f"'{name}' has an unsent draft.\nClose it?\n{kept}"
        else:
            question = None
        if question is not None and not await self.push_screen_wait(Confirm(question)):
            return
        await self.workspace.close(view)
        await self._save(view.session)
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
            self.notify(f"Could not delete {error.filename}: {error.strerror}", title="Sessions", severity="error", markup=False)

    def _forget(self, session: Session) -> None:
        self.sessions = [s for s in self.sessions if s is not session]
        self.keeper.release(session)
        self._remember_open()

    @work
    async def action_rename_session(self) -> None:
        view = self.workspace.active_view
        if view is None:
            return
        title = await self.push_screen_wait(AskText("Rename session", view.session.title))
        if title is not None and title.strip():
            view.session.title = " ".join(title.split())
            view.paint_session_line()
            self.workspace.refresh_labels()
            await self._save(view.session)

    @work
    async def action_browse_sessions(self) -> None:
        choice = await self.push_screen_wait(SessionBrowser(self.keeper.store, self.sessions))
        for view in self.workspace.views():  # open sessions may have been renamed
            view.paint_session_line()
        self.workspace.refresh_labels()
        if choice is None:
            return
        if choice.delete:
            await self._close_deleted(choice.session)
            return
        for number, view in enumerate(self.workspace.views(), start=1):
            if view.session.id == choice.session.id:
                self.workspace.jump(number)  # already open: go there, do not open twice
                return
        self._report_gone_hosts([await self.add_session(choice.session)])

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
        through = await self.push_screen_wait(ForkPoint(view.session.messages))
        if through is not None:
            fork = view.session.fork(through)
            fork.host = view.session.host
            await self.add_session(fork)
            await self._save(fork)

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

        self.push_screen(SessionList(labels, active), chosen)

    # ------------------------------------------------------------------ compare

    @work
    async def action_compare(self) -> None:
        from ollamux.ui.models.picker import ModelPicker

        picked = await self.push_screen_wait(ModelPicker(self.clients, multi=True, title="Compare: pick models (space marks)"))
        if not picked:
            return
        prompt = await self.push_screen_wait(AskText(f"Prompt for {len(picked)} models", placeholder="Ask all of them…"))
        if not prompt or not prompt.strip():
            return
        views = [await self.open_session(choice.host, choice.model) for choice in picked]
        for view in views:
            await view.send_prompt(prompt)
        self._last_compare = (prompt, [(v.session, v.host_label) for v in views])
        await self.push_screen(CompareScreen(*self._last_compare))

    def action_show_compare(self) -> None:
        if self._last_compare is None:
            self.notify("No comparison yet: ctrl+o starts one.", markup=False)
        elif not isinstance(self.screen, CompareScreen):
            self.push_screen(CompareScreen(*self._last_compare))

    # ------------------------------------------------------------------ help & palette

    def action_help(self) -> None:
        sections = [
            ("Sessions", [*(b for b in SESSION_BINDINGS if b not in SESSION_KEYS), JUMP_KEYS]),
            ("Chat (from every panel)", [*SESSION_KEYS, *ChatView.BINDINGS]),
            ("Transcript", [*Transcript.BINDINGS, *MOUSE_ACTIONS]),
            ("Prompt", PROMPT_KEYS),
            ("Compare (ctrl+o; F11 shows the last one again)", list(CompareScreen.BINDINGS)),
            ("Models panel (F3)", list(ModelsPanel.BINDINGS)),
            ("Options inspector (F5)", list(Inspector.BINDINGS)),
            ("Copy mode (ctrl+y)", COPY_MODE_KEYS),
            ("Saved sessions (F4)", [BROWSER_FILTER, *SessionBrowser.BINDINGS]),
        ]
        self.push_screen(HelpScreen(sections, dict(self.keymap)))

    def search_themes(self) -> None:
        self.push_screen(CommandPalette(providers=[LiteralThemes], placeholder="Search for themes…"))

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        yield SystemCommand("New session", "Pick a model and open a session on it (ctrl+n)", self.action_new_session)
        yield SystemCommand("Compare models", "Send one prompt to several models (ctrl+o)", self.action_compare)
        yield SystemCommand("Close session", "Close the active session; its draft is kept (F12)", self.action_close_session)
        yield SystemCommand("Rename session", "Give the active session a title (F2)", self.action_rename_session)
        yield SystemCommand("Help", "Every key, by where it works (F1)", self.action_help)
        yield SystemCommand("Go to session…", "A list of every open session (ctrl+g)", self.action_list_sessions)
        yield SystemCommand("Copy a code block", "Label every code block; one key copies it (ctrl+y)", self.action_copy_mode)
        yield SystemCommand("Edit last prompt", "Take the last prompt back to edit and resend it; F7 again puts it and its reply back (F7)", self.action_edit_last_prompt)
        yield SystemCommand("Fork session", "Copy this session up to a chosen message into a new tab (F8)", self.action_fork_session)
        yield SystemCommand("Change model or host", "Move this session to another model or host; kept in its file (F10)", self.action_change_model)
        yield SystemCommand("Export to Markdown", "Write this session to a Markdown file, with or without thinking (F6)", self.action_export_markdown)
        yield SystemCommand("Saved sessions", "Open, rename or delete saved sessions (F4)", self.action_browse_sessions)
        yield SystemCommand("Options inspector", "System prompt, think, format, keep_alive and every option of this session (F5)", self.action_toggle_inspector)
        yield SystemCommand("Find an option", "Open the inspector on its filter: type a name (F5, ctrl+f)", self.action_find_option)
        yield SystemCommand("Models panel", "Installed and running models on every host (F3)", self.action_toggle_models)
        for title, action, help_text in MODEL_COMMANDS:
            yield SystemCommand(title, help_text, lambda a=action: self._models_action(a))
        view = self.workspace.active_view
        if view is not None:
            yield SystemCommand("Stop reply", "Stop the streaming reply (Escape or ctrl+c)", view.action_stop)
            yield SystemCommand("Regenerate", "Replace the last reply (ctrl+r)", view.action_regenerate)
            yield SystemCommand(
                "Toggle thinking", "Fold or unfold the last reply's thinking (ctrl+t)",
                lambda: view.run_action("transcript('toggle_thinking')"),
            )
            yield SystemCommand("Open in pager", "Read the message in view whole in $PAGER (F9)", view.action_open_pager)
        if self._last_compare is not None:
            yield SystemCommand("Show comparison", "Back to the last side-by-side comparison (F11)", self.action_show_compare)
        if isinstance(screen, CompareScreen):
            for binding in CompareScreen.BINDINGS:
                if isinstance(binding, Binding) and binding.id and binding.id != "compare_back":
                    yield SystemCommand(
                        f"Compare: {binding.description.lower()}", f"{binding.tooltip} ({binding.key})",
                        lambda a=binding.action: screen.run_action(a),
                    )
        for number, other in enumerate(self.workspace.views(), start=1):
            title = other.session.title or "new session"
            yield SystemCommand(
                f"Go to {number}: {title} · {other.session.model}",
                f"Switch to this session (alt+{number})" if number <= 9 else "Switch to this session",
                lambda n=number: self.workspace.jump(n),
            )

    async def on_chat_view_state_changed(self, event: ChatView.StateChanged) -> None:
        # Saved as the prompt goes out (the reply marked interrupted until it ends)
        # and as the reply ends (finished, stopped or failed).
        await self._save(event.view.session)
        self.refresh_session_keys()

    async def on_chat_view_save_due(self, event: ChatView.SaveDue) -> None:
        await self._save(event.view.session, partial=True)  # the reply so far, every few seconds

    async def on_chat_view_take_over_wanted(self, event: ChatView.TakeOverWanted) -> None:
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
            "The other ollamux let go of this session: it is yours now, with its latest turns. Press Enter again to send.",
            title="Sessions", markup=False,
        )

    async def _save(self, session: Session, *, partial: bool = False) -> None:
        # Only open sessions: a closed or deleted one may still report its last state change.
        if not any(s is session for s in self.sessions):
            return
        if (session.messages or session.draft) and (problem := await self.keeper.save(session, partial=partial)):
            self.notify(problem, title="Sessions", severity="error", timeout=15, markup=False)

    def _handle_exception(self, error: Exception) -> None:
        # Textual would print the traceback with every frame's locals: prompts and
        # replies. The first crash is written to a private file instead, and the
        # CLI prints its path once the terminal is back (see `crash_notice`).
        if self.crash_notice is None:
            self.crash_notice = report_crash(error, state_dir())
        super()._handle_exception(error)

    def _fatal_error(self) -> None:
        # Nothing for Textual to print: its console would wrap the report's path
        # across lines, which then cannot be copied whole.
        self.bell()
        self._close_messages_no_wait()

    async def on_unmount(self) -> None:
        self._loop_first.stop()
        worth_keeping = [s for s in self.sessions if s.messages or s.draft]
        for problem in self.keeper.save_now(worth_keeping):
            # After the app, straight to the terminal: a title from a file may hold escapes.
            print(f"ollamux: could not save {strip_control(problem)}", file=sys.stderr)
        self.keeper.release_all()
        await self.clients.aclose()
