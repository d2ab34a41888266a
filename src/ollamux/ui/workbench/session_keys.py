"""Keys that act on the session on screen, whatever has the focus.

A mixin of `OllamuxApp`. These keys used to be the chat view's own, so they did
nothing while the models panel (F3) or the inspector (F5) had the focus, which is
exactly where a user is after changing an option. As app bindings they work from
every panel of the main screen; on a dialog or another screen they leave the key
to it. The footer shows Stop only while a reply streams and Retry only when there
is a reply to ask again for: at 80 columns there is room for one of them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import work
from textual.binding import Binding

from ollamux.ui.shared.dialogs import Confirm

if TYPE_CHECKING:
    from ollamux.ui.app import OllamuxApp
    from ollamux.ui.chat.view import ChatView

    _Base = OllamuxApp
else:
    _Base = object

SESSION_KEYS = [
    # Not priority: a dialog's Escape, the models filter's Escape come first.
    Binding("escape", "stop", "Stop", id="stop", show=False, tooltip="Stop reply (ctrl+c does too)"),
    # Priority, as it must beat the prompt's copy; it lets the key through
    # (to copy a selection) whenever nothing streams: see `check_action`. The
    # footer shows this one: text fields bind ctrl+c too, which puts it first.
    Binding("ctrl+c", "stop", "Stop", id="interrupt", priority=True,
            tooltip="Stop reply, as in `ollama run`; with nothing streaming, copy the selection"),
    Binding("ctrl+r", "regenerate", "Retry", id="regenerate", tooltip="Regenerate the last reply"),
    Binding("ctrl+t", "toggle_thinking", "Toggle thinking", id="toggle_thinking", priority=True, show=False),
    Binding("f9", "open_pager", "Open the message in view whole in $PAGER", id="open_pager", show=False),
]

SESSION_ACTIONS = {"stop", "regenerate", "toggle_thinking", "open_pager"}


class SessionKeys(_Base):
    """Stop, regenerate, thinking and pager for the session on screen, and a careful quit."""

    _asking_to_quit = False

    def _view_for_keys(self) -> ChatView | None:
        """The session the keys act on: the one on screen, if the main screen is up."""
        if self.screen is not self.screen_stack[0]:
            return None
        return self.workspace.active_view

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action not in SESSION_ACTIONS:
            return True
        view = self._view_for_keys()
        if view is None:
            return False
        if action == "stop":
            # False when idle: hidden from the footer, and ctrl+c falls through to copy.
            return view.session.streaming
        if action == "regenerate":
            last = view.session.messages[-1] if view.session.messages else None
            return not view.session.streaming and last is not None and last.role == "assistant"
        return True

    def refresh_session_keys(self) -> None:
        """The footer's Stop / Retry follow the state of the session on screen."""
        for screen in self.screen_stack:
            screen.refresh_bindings()

    def action_stop(self) -> None:
        if (view := self._view_for_keys()) is not None:
            view.action_stop()

    async def action_regenerate(self) -> None:
        if (view := self._view_for_keys()) is not None:
            await view.action_regenerate()

    async def action_toggle_thinking(self) -> None:
        if (view := self._view_for_keys()) is not None:
            await view.action_transcript("toggle_thinking")

    def action_open_pager(self) -> None:
        if (view := self._view_for_keys()) is not None:
            view.action_open_pager()

    @work(group="quit")
    async def action_quit(self) -> None:
        """Quit; while a reply streams, ask first (ctrl+q again, or y, says yes)."""
        streaming = [s for s in self.sessions if s.streaming]
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
