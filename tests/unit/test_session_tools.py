"""Tool calls and results in a session: what goes back to the model, what is saved
and reloaded, and how an export shows them."""

from __future__ import annotations

import pytest

from ollamux.api import ollama, openai
from ollamux.api.events import ChatRequest, ToolCall
from ollamux.core.export import to_markdown
from ollamux.core.session import ChatMessage, Session, Status
from ollamux.core.session_toml import SessionFormatError, session_from_toml, session_to_toml
from ollamux.core.tools import Outcome

WEATHER = ToolCall("weather", {"city": "Tokyo"}, id="c1")
CLOCK = ToolCall("clock", {}, id="c2")


def result(call: ToolCall, text: str, outcome: Outcome = Outcome.OK, seconds: float | None = 0.4) -> ChatMessage:
    return ChatMessage(role="tool", content=text, tool_name=call.name, tool_call_id=call.id,
                       tool_source="files", tool_outcome=outcome, tool_seconds=seconds)


def exchange(*results: ChatMessage, calls: tuple[ToolCall, ...] = (WEATHER, CLOCK),
             status: Status = Status.COMPLETE) -> Session:
    chat = Session(host="local", model="qwen3", title="Tokyo")
    chat.add_user("Weather and time in Tokyo?")
    chat.messages.append(ChatMessage(role="assistant", tool_calls=list(calls), status=status))
    chat.messages.extend(results)
    return chat


def wire_roles(request: ChatRequest) -> list[tuple[str, tuple[str, ...], str | None]]:
    return [(m.role, tuple(c.name for c in m.tool_calls), m.tool_call_id) for m in request.messages]


def test_results_go_back_after_their_calls_with_name_and_id() -> None:
    chat = exchange(result(WEATHER, "sunny"), result(CLOCK, "14:00"))
    request = chat.request(tools=[{"type": "function", "function": {"name": "weather"}}])
    assert wire_roles(request) == [
        ("user", (), None), ("assistant", ("weather", "clock"), None), ("tool", (), "c1"), ("tool", (), "c2"),
    ]
    assert request.messages[-1].tool_name == "clock" and len(request.tools) == 1


def test_calls_no_result_answers_are_left_out_of_the_history() -> None:
    # A stopped turn: the weather call came back, the clock call was cancelled.
    chat = exchange(result(WEATHER, "sunny"), status=Status.STOPPED)
    assert wire_roles(chat.request())[1:] == [("assistant", ("weather",), None), ("tool", (), "c1")]
    # Stopped before anything came back, a reply with no text is not sent at all.
    chat = exchange(status=Status.STOPPED)
    assert wire_roles(chat.request()) == [("user", (), None)]


def test_calls_without_ids_are_answered_by_order_and_name() -> None:
    first, second = ToolCall("weather", {"city": "Oslo"}), ToolCall("weather", {"city": "Rome"})
    answered = ChatMessage(role="tool", content="rain", tool_name="weather", tool_outcome=Outcome.OK)
    chat = exchange(answered, calls=(first, ToolCall("clock", {}), second), status=Status.STOPPED)
    request = chat.request()
    assert request.messages[1].tool_calls == (first,) and request.messages[2].content == "rain"


def test_the_wire_shapes_on_both_apis() -> None:
    request = exchange(result(WEATHER, "sunny")).request()
    assert openai.chat_body(request, stream=True)["messages"][-1] == {
        "role": "tool", "content": "sunny", "tool_call_id": "c1",
    }
    assert ollama.chat_body(request, stream=True)["messages"][-1] == {
        "role": "tool", "content": "sunny", "tool_name": "weather", "tool_call_id": "c1",
    }
    # A call Ollama sent without an id gets one made up on the OpenAI wire; its result answers it.
    no_id = ToolCall("weather", {"city": "Tokyo"})
    plain = ChatMessage(role="tool", content="sunny", tool_name="weather", tool_outcome=Outcome.OK)
    body = openai.chat_body(exchange(plain, calls=(no_id,)).request(), stream=True)
    assert body["messages"][-2]["tool_calls"][0]["id"] == body["messages"][-1]["tool_call_id"] == "call_0"


def test_results_and_tool_choices_are_saved_and_reloaded_but_approvals_are_not() -> None:
    chat = exchange(result(WEATHER, "sunny\n```\nx"), result(CLOCK, "", Outcome.DECLINED, None))
    chat.tool_choices = {"files/weather": True, "search/find": False}
    chat.always_allowed.add("files/weather")
    text = session_to_toml(chat)
    assert "always" not in text
    loaded = session_from_toml(text)
    assert loaded.tool_choices == chat.tool_choices and loaded.always_allowed == set()
    assert [(m.tool_name, m.tool_call_id, m.tool_source, m.tool_outcome, m.tool_seconds, m.content)
            for m in loaded.messages[2:]] == [
        ("weather", "c1", "files", Outcome.OK, 0.4, "sunny\n```\nx"),
        ("clock", "c2", "files", Outcome.DECLINED, None, ""),
    ]
    assert loaded.request() == chat.request()


def test_a_bad_outcome_or_choice_in_a_file_is_an_error_naming_where() -> None:
    text = session_to_toml(exchange(result(WEATHER, "sunny")))
    with pytest.raises(SessionFormatError, match=r"messages\[2\].*'exploded'"):
        session_from_toml(text.replace('tool_outcome = "ok"', 'tool_outcome = "exploded"'))
    with pytest.raises(SessionFormatError, match="tool_choices"):
        session_from_toml(text.replace('system_prompt = ""', 'system_prompt = ""\ntool_choices = { "a/b" = "yes" }'))


def test_an_export_shows_each_result_under_its_call_fenced_with_how_it_ended() -> None:
    chat = exchange(result(WEATHER, "sunny ``` and\n# not a heading\x1b[31m"),
                    result(CLOCK, "no clock", Outcome.FAILED, 12.4))
    chat.messages.append(ChatMessage(role="assistant", content="Sunny; no clock."))
    text = to_markdown(chat)
    assert text.index('"weather"') < text.index("Result of `weather`") < text.index("Result of `clock`")
    assert "*Result of `weather` · files · ok · 0.4 s*\n\n````\nsunny ``` and\n# not a heading\n````" in text
    assert "*Result of `clock` · files · failed · 12 s*" in text and "\x1b" not in text
    assert "## Tool" not in text
