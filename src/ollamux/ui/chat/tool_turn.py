"""The chat view's side of a turn with tools: which tools go out, the questions asked
with dialogs, and the rows under the reply following each call as it is asked
about, runs and ends.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from textual.app import App

from ollamux.api.clients import ChatClient
from ollamux.api.events import ChatEvent, ToolCall
from ollamux.core.attachment_wire import BlobReader
from ollamux.core.session import ChatMessage, Session
from ollamux.core.tool_loop import chat_with_tools
from ollamux.core.toolbox import Toolbox
from ollamux.core.tools import Decision, Tool
from ollamux.ui.chat.message import ReplyView
from ollamux.ui.tools import ScreenAsker


class ToolTurn:
    """Runs a session's turns through the tool loop; one per chat view."""

    def __init__(self, toolbox: Toolbox, app: App[Any], on_change: Callable[[], None]) -> None:
        self.toolbox = toolbox
        self.app = app
        self._screens = ScreenAsker(app)
        # Called as calls start and end: the session's state (its tab) follows.
        self._on_change = on_change
        self._reply: ChatMessage | None = None  # the reply whose calls are handled now
        self._view: ReplyView | None = None  # and where its rows are

    async def run(
        self,
        session: Session,
        client: ChatClient,
        *,
        on_event: Callable[[ChatEvent], None],
        on_start: Callable[[ChatMessage], None],
        on_reply_end: Callable[[ChatMessage], Awaitable[ReplyView | None]],
        read: BlobReader | None,
    ) -> ChatMessage:
        tools = await self.toolbox.offered(session, client, on_wait=self._say_starting)
        self._say_failures(session)

        async def reply_ended(reply: ChatMessage) -> None:
            self._reply, self._view = reply, await on_reply_end(reply)

        try:
            return await chat_with_tools(
                session, client, tools=tools, runner=self.toolbox, asker=self,
                rounds=self.toolbox.rounds, timeout=self.toolbox.timeout,
                on_event=on_event, on_start=on_start, on_result=self._finished,
                on_reply_end=reply_ended, read=read,
            )
        finally:
            # Stopped, capped or answered: a call that got no result never will.
            if self._view is not None:
                self._view.calls_ended()
            self._reply = self._view = None
            self._on_change()

    # -- core.tools.ToolAsker ------------------------------------------------

    async def approve(self, tool: Tool, call: ToolCall) -> Decision:
        index = self._index(call)
        self._show(lambda view: view.call_waiting(index))
        decision = await self._screens.approve(tool, call)
        if decision in (Decision.RUN, Decision.ALWAYS):
            self._show(lambda view: view.call_running(index))
        return decision

    async def answer(self, tool: Tool, call: ToolCall) -> str | None:
        index = self._index(call)
        self._show(lambda view: view.call_waiting(index, by_hand=True))
        return await self._screens.answer(tool, call)

    # -- progress --------------------------------------------------------------

    def _finished(self, reply: ChatMessage, index: int, message: ChatMessage) -> None:
        if reply is self._reply:
            self._show(lambda view: view.call_finished(index, message))

    def _show(self, change: Callable[[ReplyView], None]) -> None:
        self._on_change()
        if self._view is not None and self._view.is_attached:
            change(self._view)

    def _index(self, call: ToolCall) -> int:
        calls = self._reply.tool_calls if self._reply is not None else []
        return next((i for i, known in enumerate(calls) if known is call), 0)

    def _say_starting(self, names: list[str]) -> None:
        servers = ", ".join(names)
        self.app.notify(f"Starting MCP server {servers} for its tools…", title="Tools", markup=False)

    def _say_failures(self, session: Session) -> None:
        for state in self.toolbox.unreported_failures(self.toolbox.servers_for(session)):
            self.app.notify(
                f"MCP server {state.name} failed: {state.error}\n"
                "Chatting goes on without its tools. F5 shows what it said.",
                title="Tools", severity="warning", markup=False,
            )
