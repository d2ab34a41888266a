"""One turn with tools: stream a reply, run the calls it asks for, send the results
back, and stream again until the model answers without calling.

The user is asked before a call runs (unless the config trusts its server or the
user said "always"); approved calls start at once, so they run while the next
one is asked about. Whatever happens, a call answers the model: declined, failed,
timed out; only a stop leaves calls unanswered (the history then leaves them out).
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Awaitable, Callable, Sequence

from ollamux.api.clients import ChatClient
from ollamux.api.events import ChatEvent, ToolCall
from ollamux.core.attachment_wire import BlobReader
from ollamux.core.session import ChatMessage, Session, Status, now
from ollamux.core.streaming import stream_reply
from ollamux.core.tools import Decision, Outcome, Tool, ToolAsker, ToolRunner

# The reply that asked, the index of its call, the call's result.
ResultCallback = Callable[[ChatMessage, int, ChatMessage], None]


async def chat_with_tools(
    session: Session,
    client: ChatClient,
    *,
    tools: Sequence[Tool],
    runner: ToolRunner,
    asker: ToolAsker,
    rounds: int,
    timeout: float,
    on_event: Callable[[ChatEvent], None] = lambda event: None,
    on_start: Callable[[ChatMessage], None] = lambda reply: None,
    on_result: ResultCallback = lambda reply, index, message: None,
    on_reply_end: Callable[[ChatMessage], Awaitable[None]] | None = None,
    read: BlobReader | None = None,
) -> ChatMessage:
    """Stream replies into `session` until one calls no tool; that last reply is returned.

    At most `rounds` rounds of calls run: a reply calling after that is marked stopped
    with a hint. A stop (Decision.STOP, a hand answer of None, cancelling the task)
    cancels running calls, keeps the results that came back and marks the reply
    stopped; a cancel is re-raised.
    """
    wire = [tool.wire() for tool in tools]
    by_name = {tool.wire_name or tool.name: tool for tool in tools}
    rounds_run = 0
    while True:
        reply = await stream_reply(session, client, on_event, on_start, read, tools=wire)
        if reply.status is Status.COMPLETE and reply.tool_calls and rounds_run >= rounds:
            _mark_stopped(session, reply, round_cap_hint(rounds))
        if on_reply_end is not None:
            # Before its calls are asked about: the screen shows the reply whole, calls included.
            await on_reply_end(reply)
        if reply.status is not Status.COMPLETE or not reply.tool_calls:
            return reply
        rounds_run += 1
        turn = _Calls(session, reply, by_name, runner, asker, timeout, on_result)
        if not await turn.run():
            return reply


def round_cap_hint(rounds: int) -> str:
    plural = "round" if rounds == 1 else "rounds"
    return (
        f"Stopped after {rounds} {plural} of tool calls: the model kept calling tools. "
        "tool_rounds in config.toml raises the cap."
    )


class _Calls:
    """The calls of one reply: asked about in order, run concurrently, answered in order."""

    def __init__(
        self, session: Session, reply: ChatMessage, by_name: dict[str, Tool], runner: ToolRunner,
        asker: ToolAsker, timeout: float, on_result: ResultCallback,
    ) -> None:
        self.session, self.reply, self.by_name = session, reply, by_name
        self.runner, self.asker, self.timeout, self.on_result = runner, asker, timeout, on_result
        self.results: dict[int, ChatMessage] = {}
        self.running: list[asyncio.Task[None]] = []

    async def run(self) -> bool:
        """True when every call was answered and the model is to hear the results."""
        self.session.tools_running = True
        try:
            finished = await self._ask_all()
            if finished and self.running:
                # `wait`, unlike `gather`, leaves the calls alone when this task is
                # cancelled: the handler below cancels them and keeps what finished.
                await asyncio.wait(self.running)
            elif not finished:
                await self._cancel_running()
        except BaseException:  # a cancel (the user's Escape), or a failing dialog: nothing keeps running
            await self._cancel_running()
            self._keep_results(stopped=True)
            raise
        finally:
            self.session.tools_running = False
        self._keep_results(stopped=not finished)
        return finished

    async def _ask_all(self) -> bool:
        for index, call in enumerate(self.reply.tool_calls):
            tool = self.by_name.get(call.name)
            if tool is None:
                offered = ", ".join(sorted(self.by_name)) or "none"
                text = f"There is no tool named {call.name!r} (offered: {offered})."
                self._finish(index, call, None, Outcome.FAILED, text)
            elif call.raw_arguments is not None:
                self._finish(index, call, tool, Outcome.FAILED, invalid_arguments(call))
            elif tool.by_hand:
                started = time.monotonic()
                answer = await self.asker.answer(tool, call)
                if answer is None:
                    return False
                self._finish(index, call, tool, Outcome.OK, answer, time.monotonic() - started)
            else:
                decision = await self._decide(tool, call)
                if decision is Decision.STOP:
                    return False
                if decision is Decision.DECLINE:
                    text = f"The user declined this call to {call.name}; it did not run."
                    self._finish(index, call, tool, Outcome.DECLINED, text)
                else:
                    self.running.append(asyncio.create_task(self._call(index, call, tool)))
        return True

    async def _decide(self, tool: Tool, call: ToolCall) -> Decision:
        if tool.approve == "never" or tool.key in self.session.always_allowed:
            return Decision.RUN
        decision = await self.asker.approve(tool, call)
        if decision is Decision.ALWAYS:
            self.session.always_allowed.add(tool.key)
        return decision

    async def _call(self, index: int, call: ToolCall, tool: Tool) -> None:
        started = time.monotonic()
        try:
            result = await asyncio.wait_for(self.runner.call(tool, call.arguments), self.timeout)
        except TimeoutError:
            outcome, text = Outcome.FAILED, f"{call.name} timed out after {self.timeout:g} s and was cancelled."
        except Exception as error:  # a crashed server or a bug in one: the model hears of it
            outcome, text = Outcome.FAILED, f"{call.name} failed: {str(error) or type(error).__name__}"
        else:
            outcome = Outcome.FAILED if result.failed else Outcome.OK
            text = result.text
        self._finish(index, call, tool, outcome, text, time.monotonic() - started)

    async def _cancel_running(self) -> None:
        pending = [task for task in self.running if not task.done()]
        for task in pending:
            task.cancel()
        if pending:
            await asyncio.wait(pending)

    def _finish(
        self, index: int, call: ToolCall, tool: Tool | None, outcome: Outcome, text: str,
        seconds: float | None = None,
    ) -> None:
        message = ChatMessage(
            role="tool", content=text, tool_name=call.name, tool_call_id=call.id,
            tool_source=tool.source if tool else "", tool_outcome=outcome, tool_seconds=seconds,
        )
        self.results[index] = message
        self.on_result(self.reply, index, message)

    def _keep_results(self, *, stopped: bool) -> None:
        self.session.add_tool_results(self.results[index] for index in sorted(self.results))
        if stopped:
            _mark_stopped(self.session, self.reply)


def invalid_arguments(call: ToolCall) -> str:
    """What the model is told when it wrote arguments that are not JSON."""
    try:
        json.loads(call.raw_arguments or "")
        reason = "they are not a JSON object"
    except ValueError as error:
        reason = str(error)
    return f"{call.name} did not run: its arguments are not valid JSON ({reason}): {call.raw_arguments}"


def _mark_stopped(session: Session, reply: ChatMessage, hint: str = "") -> None:
    reply.status = Status.STOPPED
    if hint:
        reply.hint = hint
    session.updated_at = now()
