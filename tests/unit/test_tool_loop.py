"""The tool loop: a user approves, declines or stops calls; approved calls run
concurrently under a timeout; the results go back to the model until it answers."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncGenerator, Callable
from typing import Any

import pytest

from ollamux.api.capabilities import OLLAMA
from ollamux.api.events import ChatEvent, ChatRequest, Content, Done, Stats, ToolCall, ToolCalls
from ollamux.core.session import ChatMessage, Session, SessionState, Status
from ollamux.core.tool_loop import chat_with_tools
from ollamux.core.tools import HAND, Decision, Outcome, Tool, ToolResult


class FakeClient:
    """Answers each request with the next scripted reply and keeps the requests."""

    capabilities = OLLAMA

    def __init__(self, *replies: list[ChatEvent]) -> None:
        self.replies = list(replies)
        self.requests: list[ChatRequest] = []

    async def chat_batches(self, request: ChatRequest, *, stream: bool = True) -> AsyncGenerator[list[ChatEvent], None]:
        self.requests.append(request)
        for event in self.replies.pop(0):
            yield [event]

    async def list_models(self) -> list[Any]:
        return []


class FakeRunner:
    """Runs a call with the function registered under the tool's name."""

    def __init__(self, **functions: Callable[..., Any]) -> None:
        self.functions = functions
        self.calls: list[str] = []

    async def call(self, tool: Tool, arguments: dict[str, Any]) -> ToolResult:
        self.calls.append(tool.name)
        result = self.functions[tool.name](**arguments)
        if asyncio.iscoroutine(result):
            result = await result
        return result if isinstance(result, ToolResult) else ToolResult(str(result))


class FakeAsker:
    """Gives the scripted decisions (and hand answers) in order, noting what it was asked."""

    def __init__(self, *decisions: Decision, answers: tuple[str | None, ...] = (),
                 stop_after: asyncio.Event | None = None) -> None:
        self.decisions, self.answers = list(decisions), list(answers)
        self.asked: list[str] = []
        self.stop_after = stop_after  # a STOP waits for this, as a user takes a while to press Escape

    async def approve(self, tool: Tool, call: ToolCall) -> Decision:
        self.asked.append(call.name)
        decision = self.decisions.pop(0)
        if decision is Decision.STOP and self.stop_after is not None:
            await self.stop_after.wait()
        return decision

    async def answer(self, tool: Tool, call: ToolCall) -> str | None:
        self.asked.append(call.name)
        return self.answers.pop(0)


def tool(name: str, *, source: str = "files", approve: Any = "ask") -> Tool:
    return Tool(source=source, name=name, description=f"{name} things", wire_name=name, approve=approve)


def calls(*calls: ToolCall) -> list[ChatEvent]:
    return [ToolCalls(calls), Done(Stats())]


def answer(text: str) -> list[ChatEvent]:
    return [Content(text), Done(Stats())]


WEATHER = ToolCall("weather", {"city": "Tokyo"}, id="c1")
TIME = ToolCall("clock", {}, id="c2")
TOOLS = [tool("weather"), tool("clock")]


def session() -> Session:
    chat = Session(host="local", model="qwen3")
    chat.add_user("Weather and time in Tokyo?")
    return chat


async def turn(chat: Session, client: FakeClient, runner: FakeRunner, asker: FakeAsker,
               *, tools: list[Tool] = TOOLS, rounds: int = 10, timeout: float = 5.0,
               results: list[tuple[int, ChatMessage]] | None = None) -> ChatMessage:
    def on_result(reply: ChatMessage, index: int, message: ChatMessage) -> None:
        if results is not None:
            results.append((index, message))

    return await chat_with_tools(chat, client, tools=tools, runner=runner, asker=asker,
                                 rounds=rounds, timeout=timeout, on_result=on_result)


def tool_messages(chat: Session) -> list[tuple[str | None, Outcome | None, str]]:
    return [(m.tool_name, m.tool_outcome, m.content) for m in chat.messages if m.role == "tool"]


async def test_approved_calls_run_and_their_results_go_back_until_the_model_answers() -> None:
    chat = session()
    client = FakeClient(calls(WEATHER, TIME), answer("Sunny, 14:00."))
    runner = FakeRunner(weather=lambda city: f"sunny in {city}", clock=lambda: "14:00")
    asker = FakeAsker(Decision.RUN, Decision.ALWAYS)
    results: list[tuple[int, ChatMessage]] = []

    reply = await turn(chat, client, runner, asker, results=results)

    assert reply.content == "Sunny, 14:00." and reply.status is Status.COMPLETE
    assert tool_messages(chat) == [("weather", Outcome.OK, "sunny in Tokyo"), ("clock", Outcome.OK, "14:00")]
    assert sorted(index for index, _ in results) == [0, 1]
    assert chat.always_allowed == {"files/clock"} and not chat.tools_running
    assert client.requests[0].tools == tuple(t.wire() for t in TOOLS)
    second = client.requests[1].messages
    assert [(m.role, m.tool_call_id) for m in second[-3:]] == [("assistant", None), ("tool", "c1"), ("tool", "c2")]
    assert second[-1].tool_name == "clock" and chat.messages[-2].tool_seconds is not None


async def test_always_allowed_and_trusted_tools_run_without_asking() -> None:
    chat = session()
    chat.always_allowed.add("files/weather")
    trusted = [tool("weather"), tool("clock", approve="never")]
    client = FakeClient(calls(WEATHER, TIME), answer("done"))
    asker = FakeAsker()
    await turn(chat, client, FakeRunner(weather=lambda city: "sun", clock=lambda: "noon"), asker, tools=trusted)
    assert asker.asked == [] and [o for _, o, _ in tool_messages(chat)] == [Outcome.OK, Outcome.OK]


async def test_a_declined_call_does_not_run_and_the_model_is_told_so() -> None:
    chat = session()
    runner = FakeRunner(weather=lambda city: "sun", clock=lambda: "noon")
    await turn(chat, FakeClient(calls(WEATHER, TIME), answer("ok")), runner, FakeAsker(Decision.DECLINE, Decision.RUN))
    assert runner.calls == ["clock"]
    (name, outcome, content), _ = tool_messages(chat)
    assert (name, outcome) == ("weather", Outcome.DECLINED)
    assert "declined" in content and "did not run" in content


async def test_stop_ends_the_turn_keeping_what_finished_and_leaving_the_rest_unanswered() -> None:
    weather_done = asyncio.Event()

    def weather(city: str) -> str:
        weather_done.set()
        return "sun"

    chat = session()
    client = FakeClient(calls(WEATHER, TIME), answer("never streamed"))
    runner = FakeRunner(weather=weather, clock=lambda: "noon")
    reply = await turn(chat, client, runner, FakeAsker(Decision.RUN, Decision.STOP, stop_after=weather_done))
    assert reply.status is Status.STOPPED and len(client.requests) == 1
    assert tool_messages(chat) == [("weather", Outcome.OK, "sun")]
    assert not chat.busy and chat.state is SessionState.STOPPED
    # Sent again, the stopped reply carries only the call a result answers.
    history = chat.request().messages
    assert [c.name for c in history[-2].tool_calls] == ["weather"] and history[-1].tool_call_id == "c1"


async def test_calls_run_concurrently() -> None:
    # Each call waits for an event only the other one sets: run one after the other, both would hang.
    ping, pong = asyncio.Event(), asyncio.Event()

    async def weather(city: str) -> str:
        ping.set()
        await pong.wait()
        return "sun"

    async def clock() -> str:
        pong.set()
        await ping.wait()
        return "noon"

    chat = session()
    client = FakeClient(calls(WEATHER, TIME), answer("done"))
    reply = await turn(chat, client, FakeRunner(weather=weather, clock=clock), FakeAsker(Decision.RUN, Decision.RUN))
    assert reply.content == "done" and [c for _, _, c in tool_messages(chat)] == ["sun", "noon"]


async def test_a_hanging_call_is_cancelled_after_the_timeout_and_the_loop_goes_on() -> None:
    cancelled = asyncio.Event()

    async def weather(city: str) -> str:
        try:
            await asyncio.Event().wait()
        finally:
            cancelled.set()
        return "never"

    chat = session()
    client = FakeClient(calls(WEATHER), answer("It timed out."))
    reply = await turn(chat, client, FakeRunner(weather=weather), FakeAsker(Decision.RUN), timeout=0.05)
    assert reply.content == "It timed out." and cancelled.is_set()
    [(_, outcome, content)] = tool_messages(chat)
    assert outcome is Outcome.FAILED and "timed out after 0.05 s and was cancelled" in content


async def test_tool_errors_and_crashes_reach_the_model_as_failed_results() -> None:
    def clock() -> str:
        raise ConnectionError("server exited")

    chat = session()
    runner = FakeRunner(weather=lambda city: ToolResult("no such city", failed=True), clock=clock)
    await turn(chat, FakeClient(calls(WEATHER, TIME), answer("sorry")), runner, FakeAsker(Decision.RUN, Decision.RUN))
    assert tool_messages(chat) == [
        ("weather", Outcome.FAILED, "no such city"), ("clock", Outcome.FAILED, "clock failed: server exited"),
    ]


async def test_unknown_tools_and_invalid_arguments_fail_without_running_or_asking() -> None:
    chat = session()
    bad_json = ToolCall("weather", {}, id="c3", raw_arguments='{"city": "Tok')
    runner, asker = FakeRunner(), FakeAsker()
    await turn(chat, FakeClient(calls(ToolCall("rm_rf", {}, id="c9"), bad_json), answer("hm")), runner, asker)
    assert runner.calls == [] and asker.asked == []
    (_, unknown, unknown_text), (_, invalid, invalid_text) = tool_messages(chat)
    assert unknown is invalid is Outcome.FAILED
    assert "no tool named 'rm_rf'" in unknown_text and "not valid JSON" in invalid_text


async def test_hand_tools_are_answered_by_the_user_and_none_stops() -> None:
    hand = Tool(source=HAND, name="weather", description="d", wire_name="weather", approve="never")
    chat = session()
    asker = FakeAsker(answers=("rain, 9 degrees",))
    reply = await turn(chat, FakeClient(calls(WEATHER), answer("Rain.")), FakeRunner(), asker, tools=[hand])
    assert reply.content == "Rain." and tool_messages(chat) == [("weather", Outcome.OK, "rain, 9 degrees")]
    assert chat.messages[-2].tool_source == HAND

    chat = session()
    reply = await turn(chat, FakeClient(calls(WEATHER)), FakeRunner(), FakeAsker(answers=(None,)), tools=[hand])
    assert reply.status is Status.STOPPED and tool_messages(chat) == []


async def test_the_round_cap_stops_a_model_that_keeps_calling() -> None:
    chat = session()
    client = FakeClient(calls(WEATHER), calls(WEATHER), calls(WEATHER))
    runner = FakeRunner(weather=lambda city: "sun")
    reply = await turn(chat, client, runner, FakeAsker(Decision.ALWAYS), rounds=2)
    assert runner.calls == ["weather", "weather"] and reply.status is Status.STOPPED
    assert reply.hint.startswith("Stopped after 2 rounds of tool calls") and "tool_rounds" in reply.hint
    # The last calls never ran, so they are not sent again.
    assert chat.request().messages[-1].role == "tool"


async def test_cancelling_the_turn_cancels_running_calls_and_keeps_finished_results() -> None:
    started = asyncio.Event()

    async def clock() -> str:
        started.set()
        await asyncio.Event().wait()
        return "never"

    chat = session()
    client = FakeClient(calls(WEATHER, TIME), answer("never streamed"))
    runner = FakeRunner(weather=lambda city: "sun", clock=clock)
    task = asyncio.create_task(turn(chat, client, runner, FakeAsker(Decision.RUN, Decision.RUN)))
    await started.wait()
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert tool_messages(chat) == [("weather", Outcome.OK, "sun")]
    assert chat.messages[1].status is Status.STOPPED and not chat.busy
