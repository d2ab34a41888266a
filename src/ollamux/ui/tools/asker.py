"""The tool loop's questions, asked with the dialogs (`core.tools.ToolAsker`).

The loop runs in the chat view's worker, which waits here for the user's answer.
Questions are asked one at a time, in the order the loop asks them: calls of one
turn may run concurrently, but stacked dialogs would be answered last first.
"""

from __future__ import annotations

import asyncio
from typing import Any, TypeVar

from textual.app import App
from textual.screen import ModalScreen

from ollamux.api.events import ToolCall
from ollamux.core.tools import Decision, Tool
from ollamux.ui.tools.answer import HandAnswerScreen
from ollamux.ui.tools.approval import ApprovalScreen

Result = TypeVar("Result")


class ScreenAsker:
    """Pushes `ApprovalScreen` and `HandAnswerScreen` on `app` and waits for them.

    Call its methods from a worker (Textual waits for a dismissal only there). If the
    worker is cancelled (the reply stopped from elsewhere), the open dialog goes away.
    """

    def __init__(self, app: App[Any]) -> None:
        self.app = app
        self._one_at_a_time = asyncio.Lock()

    async def approve(self, tool: Tool, call: ToolCall) -> Decision:
        return await self._ask(ApprovalScreen(tool, call))

    async def answer(self, tool: Tool, call: ToolCall) -> str | None:
        return await self._ask(HandAnswerScreen(tool, call))

    async def _ask(self, screen: ModalScreen[Result]) -> Result:
        async with self._one_at_a_time:
            waiting = self.app.push_screen(screen, wait_for_dismiss=True)
            try:
                return await waiting
            except asyncio.CancelledError:
                self._close(screen)
                raise

    def _close(self, screen: ModalScreen[Any]) -> None:
        """Take an unanswered dialog (and anything opened over it) off the screen."""
        # Popped, not dismissed: nobody waits for an answer any more.
        while screen in self.app.screen_stack:
            self.app.pop_screen()
