"""The Textual application: its lifetime, app-wide keys, palette and help.

The sessions themselves live on the workbench screen (`ui/workbench`); the app
holds what outlives any screen: configuration, themes, keymap, the clients, the
session keeper, the clipboard, saving at exit and the crash report.
"""

from __future__ import annotations

import asyncio
import sys
import time
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, ClassVar

from textual import events, on, work
from textual.app import App, SystemCommand
from textual.command import CommandPalette
from textual.screen import Screen
from textual.timer import Timer

from ollamux.config import Config, config_dir, display_path, state_dir
from ollamux.core.clipboard import Clipboard, CopyResult
from ollamux.core.crash_report import report_crash
from ollamux.core.text import strip_control
from ollamux.ui.alt_digits import read_alt_digits_as_keys
from ollamux.ui.graphics_query import typed_meanwhile
from ollamux.ui.key_names import checked_keymap
from ollamux.ui.loop_first import LoopFirst
from ollamux.ui.start import StartScreen
from ollamux.ui.themes import load_themes
from ollamux.ui.workbench.bindings import APP_KEYS
from ollamux.ui.workbench.early_keys import EarlyKeys, KeysTaken
from ollamux.ui.workbench.palette import LiteralSystemCommands, LiteralThemes

if TYPE_CHECKING:
    from ollamux.api.clients import ClientPool
    from ollamux.core.session_keeper import SessionKeeper
    from ollamux.ui.chat import ChatView
    from ollamux.ui.sessions.library import SearchLibrary
    from ollamux.ui.workbench import WorkbenchScreen

# How often a full garbage collection overdue while replies stream is looked for; see `loop_first`.
BACKSTOP_CHECK_SECONDS = 2.0
# Once no reply streams, the full collection held back meanwhile runs at the
# first quiet moment: no key or click for QUIET_SECONDS, looked for this often.
# Soon, as Python would start it at its own next count anyway, which is as likely
# as not while a tab is being switched to (100-200 ms); quiet, so not between two keys.
QUIET_SECONDS = 0.5
QUIET_CHECK_SECONDS = 0.25
# The first reply's Markdown costs (lexers, tables) are paid this long after
# start, or as long after that as it takes for no reply to be streaming.
WARM_UP_AFTER = 1.5


def _start_screen(config: Config, early_keys: EarlyKeys) -> StartScreen:
    """The start screen for this start: it names the new session when nothing can be reopened instead."""
    model = config.default_model
    opens_new = not config.restore_sessions and config.open_session is None
    # With a model named, a session (new or reopened) has the keys; with none, the host
    # is asked for its first model, and the workbench may have no prompt when it takes them.
    return StartScreen(
        early_keys,
        new_session=(model, config.host.name) if model is not None and opens_new else None,
        prompt=model is not None,
    )


def _import_workbench() -> None:
    """Every module the workbench needs to be made (in a thread: see `_load_workbench`)."""
    import ollamux.api.clients
    import ollamux.core.session_keeper
    import ollamux.ui.sessions.library
    import ollamux.ui.workbench.commands
    import ollamux.ui.workbench.screen  # noqa: F401


def _warm_up(dark: bool) -> None:
    # The renderer is imported here, in the Markdown thread, with the rest of its first-use costs.
    from ollamux.ui.markdown.warm_up import warm_up

    warm_up(dark)


class OllamuxApp(App[None]):
    """ollamux: chat with models on Ollama and OpenAI-compatible servers."""

    TITLE = "ollamux"
    # Help and quit work over every screen; the workbench's keys are its own.
    BINDINGS = [*APP_KEYS]
    # Palette entries hold session titles, model and theme names: never markup.
    COMMANDS = {LiteralSystemCommands}
    # While a reply streams, Python's full garbage collections wait for an idle
    # moment: see `loop_first`. Opt-in, as Textual's PAUSE_GC_ON_SCROLL is.
    DEFER_FULL_COLLECTIONS: ClassVar[bool] = True

    # Made with the workbench (see `_open_data`): at once, or after the start screen.
    clients: ClientPool
    keeper: SessionKeeper
    library: SearchLibrary  # F4's search index

    def __init__(
        self,
        config: Config,
        *,
        clients: ClientPool | None = None,
        clipboard: Clipboard | None = None,
        start_screen: bool = False,
    ) -> None:
        """`start_screen`: draw `StartScreen` first and import the workbench beside it (as the CLI does)."""
        super().__init__()
        read_alt_digits_as_keys()  # alt+1…9 jump to a session in any terminal, tmux included
        self.config = config
        # OSC 52 goes straight to the terminal, the one path that reaches the
        # user's own clipboard over SSH; tests pass a fake sink instead.
        self.copier = clipboard or Clipboard(self._write_to_terminal)
        self._start_screen = start_screen
        if not start_screen:
            self._open_data(clients)
        self._loop_first = LoopFirst()
        self._quiet_check: Timer | None = None  # looks for a quiet moment while a collection is owed
        self.last_input = 0.0  # time.monotonic() of the last key press or click
        self._early_keys = EarlyKeys(typed_meanwhile())
        self._workbench: WorkbenchScreen | None = None
        self._asking_to_quit = False
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

    def _open_data(self, clients: ClientPool | None = None) -> None:
        """The hosts' clients, the session store and its search index: the workbench's parts."""
        from ollamux.api.clients import ClientPool
        from ollamux.core.session_keeper import SessionKeeper
        from ollamux.ui.sessions.library import SearchLibrary

        self.clients = clients or ClientPool(self.config.hosts)
        self.keeper = SessionKeeper(self.config.data_dir)
        self.library = SearchLibrary(self, self.config.data_dir, self.keeper.store)

    def get_default_screen(self) -> Screen[Any]:
        if self._start_screen:
            return _start_screen(self.config, self._early_keys)
        return self._make_workbench()

    def _make_workbench(self) -> WorkbenchScreen:
        from ollamux.ui.workbench import WorkbenchScreen

        self._workbench = WorkbenchScreen(self.config, self.clients, self.keeper, self.copy_text)
        return self._workbench

    @property
    def workbench(self) -> WorkbenchScreen:
        """The sessions' screen, at the bottom of the stack (or just above the start screen) while the app runs."""
        if self._workbench is None:
            raise RuntimeError("the workbench is made when the app starts")
        return self._workbench

    def on_mount(self) -> None:
        if self.keymap:
            self.set_keymap(self.keymap)
        # Every notice is plain text (markup=False): they quote names, paths,
        # config values and server errors, where `[/]` would crash the app.
        for warning in self._startup_warnings:
            self.notify(warning, title="Configuration", severity="warning", timeout=10, markup=False)
        self.set_interval(BACKSTOP_CHECK_SECONDS, self._loop_first.collect_if_overdue)
        if not self._start_screen:
            self._workbench_ready()

    @on(StartScreen.Ready)
    def _after_start_screen(self) -> None:
        self.call_after_refresh(self._load_workbench)  # once the start screen is drawn

    @work(group="start")
    async def _load_workbench(self) -> None:
        """Import the workbench beside the start screen, then put it in the start screen's place.

        In a thread, so that the loop goes on drawing the keys typed meanwhile; the
        imports take turns with it for the interpreter lock, as any thread does.
        """
        await asyncio.to_thread(_import_workbench)
        self._open_data()
        # Pushed over it: Textual switches away from a pushed screen only, not the first.
        # Nothing pops the workbench, so the start screen is never seen again.
        await self.push_screen(self._make_workbench())
        self._workbench_ready()

    def _workbench_ready(self) -> None:
        self.library.start()
        self.set_timer(WARM_UP_AFTER, self._warm_up_markdown)

    def _warm_up_markdown(self) -> None:
        if any(session.streaming for session in self.workbench.sessions):
            # Not while a reply renders: it would take the Markdown thread from it.
            self.set_timer(WARM_UP_AFTER, self._warm_up_markdown)
            return
        from ollamux.ui.markdown.streaming import render_later

        dark = self.current_theme.dark
        render_later(lambda: _warm_up(dark))

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.InputEvent):
            self.last_input = time.monotonic()
        if self._early_keys.hold(event):
            # Typed before the workbench took keys: handed to it once it does.
            if self.screen_stack and isinstance(start := self.screen_stack[-1], StartScreen):
                start.preview(event)
            return
        await super().on_event(event)

    @on(KeysTaken)
    def _hand_over_early_keys(self) -> None:
        for key in self._early_keys.release():
            self.post_message(key)

    def on_chat_view_state_changed(self, _: ChatView.StateChanged) -> None:
        """Hold full collections back while any reply streams, and only then."""
        if self.DEFER_FULL_COLLECTIONS and any(session.streaming for session in self.workbench.sessions):
            self._loop_first.hold()
            return
        self._loop_first.release()
        if self._loop_first.owed and self._quiet_check is None:
            self._quiet_check = self.set_interval(QUIET_CHECK_SECONDS, self._collect_when_quiet)

    def _collect_when_quiet(self) -> None:
        """Run the collection owed once nothing has been typed for a moment; then stop looking.

        A reply streaming again holds it back once more: looked for anew when that ends.
        """
        if not self._loop_first.holding:
            if time.monotonic() - self.last_input < QUIET_SECONDS:
                return
            self._loop_first.collect_if(idle=True)
        if self._quiet_check is not None:
            self._quiet_check.stop()
            self._quiet_check = None

    # ------------------------------------------------------------------ clipboard

    def _write_to_terminal(self, sequence: str) -> None:
        if self._driver is not None:
            self._driver.write(sequence)
            self._driver.flush()

    def copy_text(self, text: str) -> CopyResult:
        """Copy `text` every way there is; the result says which ways took it."""
        self._clipboard = text  # what `App.clipboard` returns: a text field's paste reads it
        # What reaches the clipboard is what the screen showed: no escape sequence
        # that the screen hid (a title change, a clipboard write) rides along.
        return self.copier.copy(strip_control(text))

    def copy_to_clipboard(self, text: str) -> None:
        # Textual's own copies (a selection, ctrl+c in a text field) take our routes
        # too: tmux's passthrough and the local clipboard, not OSC 52 alone.
        self.copy_text(text)

    # ------------------------------------------------------------------ app-wide keys

    async def action_quit(self) -> None:
        """Quit; while a reply streams, ask first (ctrl+q again, or y, says yes)."""
        self._ask_then_quit()

    @work(group="quit")
    async def _ask_then_quit(self) -> None:
        from ollamux.ui.shared import Confirm

        streaming = [s for s in self.workbench.sessions if s.busy]
        if streaming and not self._asking_to_quit:
            self._asking_to_quit = True
            many = f"{len(streaming)} replies are" if len(streaming) > 1 else "A reply is"
            question = f"{many} still streaming. Quit anyway? What has arrived is saved, marked interrupted."
            try:
                if not await self.push_screen_wait(Confirm(question)):
                    return
            finally:
                self._asking_to_quit = False
        self.exit()

    def action_help(self) -> None:
        from ollamux.ui.workbench import HelpScreen, help_sections  # at first use: start-up time

        self.push_screen(HelpScreen(help_sections(), dict(self.keymap)))

    def search_themes(self) -> None:
        self.push_screen(CommandPalette(providers=[LiteralThemes], placeholder="Search for themes…"))

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        from ollamux.ui.workbench import workbench_commands

        yield from super().get_system_commands(screen)
        yield from workbench_commands(self.workbench, screen, help=self.action_help)

    # ------------------------------------------------------------------ lifetime

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
        self._loop_first.close()
        if not hasattr(self, "keeper"):
            return  # gone before the workbench was made: nothing of it to save or close
        sessions = self._workbench.sessions if self._workbench is not None else []
        worth_keeping = [s for s in sessions if s.messages or s.draft or s.draft_attachments]
        for problem in self.keeper.save_now(worth_keeping):
            # After the app, straight to the terminal: a title from a file may hold escapes.
            print(f"ollamux: could not save {strip_control(problem)}", file=sys.stderr)
        self.keeper.release_all()
        self.library.close()  # after the last saves, which it indexes
        if self._workbench is not None:
            await self._workbench.toolbox.close()  # no server process outlives the app
        await self.clients.aclose()
