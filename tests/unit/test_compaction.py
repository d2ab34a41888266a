"""Compaction: what is sent before and after, where the cut falls, undo, and the saved form."""

from __future__ import annotations

import pytest

from ollamux.api.events import Stats, ToolCall
from ollamux.core.compaction import RECAP_ASK, Compaction, cut_point, summary_request, tokens_after
from ollamux.core.context_meter import ContextUse, shown_use
from ollamux.core.prompt_commands import CommandError, parse, run
from ollamux.core.session import ChatMessage, Session
from ollamux.core.session_toml import session_from_toml, session_to_toml


def chat() -> Session:
    """Three exchanges, the second with a tool call and its result."""
    call = ToolCall("get_weather", {"city": "Oslo"}, id="c1")
    return Session(host="local", model="qwen3:8b", system_prompt="Be terse.", messages=[
        ChatMessage(role="user", content="Plan a trip to Oslo"),
        ChatMessage(role="assistant", content="Day 1: the fjord.", stats=Stats(prompt_tokens=20, generated_tokens=10)),
        ChatMessage(role="user", content="Weather there?"),
        ChatMessage(role="assistant", tool_calls=[call]),
        ChatMessage(role="tool", content="4°C, rain", tool_name="get_weather", tool_call_id="c1"),
        ChatMessage(role="assistant", content="Cold and wet.", stats=Stats(prompt_tokens=60, generated_tokens=5)),
        ChatMessage(role="user", content="Pack what?"),
        ChatMessage(role="assistant", content="A raincoat.", stats=Stats(prompt_tokens=80, generated_tokens=4)),
    ])


def sent(session: Session) -> list[tuple[str, str]]:
    return [(m.role, m.content) for m in session.request().messages]


def test_the_summary_pair_replaces_the_covered_turns_and_undo_sends_them_all_again() -> None:
    session = chat()
    before = sent(session)
    assert len(before) == 9  # the system prompt and eight messages
    cut = cut_point(session.messages)
    assert cut == 6  # the last exchange is kept whole; the tool call and its result go together
    session.compaction = Compaction("Trip to Oslo; weather 4°C, rain.", cut, "qwen3:8b", "local")
    assert sent(session) == [
        ("system", "Be terse."),
        ("user", RECAP_ASK),
        ("assistant", session.compaction.wire()[1].content),
        ("user", "Pack what?"),
        ("assistant", "A raincoat."),
    ]
    assert "Trip to Oslo; weather 4°C, rain." in sent(session)[2][1]
    assert not any(m.tool_calls for m in session.request().messages)
    session.compaction = None  # undo
    assert sent(session) == before


def test_a_cut_never_splits_a_tool_call_from_its_result() -> None:
    session = chat()
    del session.messages[6:]  # the last exchange is now the one with the tool call
    cut = cut_point(session.messages)
    assert cut == 2
    session.compaction = Compaction("Trip.", cut, "m", "h")
    wire = session.request().messages
    assert [m.role for m in wire] == ["system", "user", "assistant", "user", "assistant", "tool", "assistant"]
    assert wire[4].tool_calls[0].id == "c1" and wire[5].tool_call_id == "c1"


def test_nothing_to_compact_without_earlier_turns_and_a_later_one_covers_the_summary() -> None:
    session = chat()
    assert cut_point(session.messages[:2]) is None  # one exchange only: it is the last one, kept
    session.compaction = Compaction("Trip.", 6, "m", "h")
    assert cut_point(session.messages, session.compaction) is None  # nothing new since
    session.messages += [ChatMessage(role="user", content="Boots?"), ChatMessage(role="assistant", content="Yes.")]
    assert cut_point(session.messages, session.compaction) == 8
    asked = summary_request(session, "other:1b", 8)
    assert asked.model == "other:1b" and asked.messages[0].role == "system"
    text = asked.messages[1].content
    assert "[earlier summary]\nTrip." in text and "Pack what?" in text and "Plan a trip" not in text
    for kept in ("names", "numbers", "decisions", "code identifiers", "open questions"):
        assert kept in asked.messages[0].content


def test_the_summary_request_gives_tools_and_files_as_text() -> None:
    text = summary_request(chat(), "m", 6).messages[1].content
    assert 'called tool get_weather with {"city": "Oslo"}' in text
    assert "[tool result of get_weather]\n4°C, rain" in text


def test_taking_back_into_the_range_drops_the_compaction_and_a_fork_past_it_keeps_it() -> None:
    session = chat()
    session.compaction = Compaction("Trip.", 6, "m", "h")
    assert session.fork(7).compaction == session.compaction
    assert session.fork(3).compaction is None  # inside the range: the fork has the messages themselves
    session.take_back_last_prompt()
    assert session.compaction is not None  # the six summarised messages are all still there
    session.take_back_last_prompt()
    assert session.compaction is None and len(sent(session)) == 3


def test_the_meter_shows_the_estimate_until_a_reply_measures_again() -> None:
    session = chat()
    before = 84  # the last reply's prompt and answer
    after = tokens_after(before, session, 6, "Trip.", 3)
    assert 0 < after < before
    compaction = Compaction("Trip.", 6, "m", "h", tokens_before=before, tokens_after=after)
    use = shown_use(ContextUse(before, 8192), compaction)
    assert use is not None and use.used == after and use.text().startswith(f"ctx 84 → ~{after} / 8k")
    assert shown_use(ContextUse(120, 8192), compaction) == ContextUse(120, 8192)  # a reply since


def test_saved_and_loaded_back_exactly() -> None:
    session = chat()
    session.compaction = Compaction("Trip.\nRain.", 6, "qwen3:8b", "local", tokens_before=84, tokens_after=40)
    loaded = session_from_toml(session_to_toml(session))
    assert loaded.compaction == session.compaction
    assert sent(loaded) == sent(session)
    old = session_to_toml(Session(host="h", model="m", messages=chat().messages))
    assert "compaction" not in old and session_from_toml(old).compaction is None


@pytest.mark.parametrize("entry", [
    'covers = 99\nsummary = "x"',  # more messages than the session has
    'covers = 2',  # no summary
    'covers = "two"\nsummary = "x"',
])
def test_a_damaged_compaction_is_reported_and_the_messages_kept(entry: str) -> None:
    text = session_to_toml(chat())
    text = text.replace("[[messages]]", f"[compaction]\n{entry}\n\n[[messages]]", 1)
    loaded = session_from_toml(text)
    assert loaded.compaction is None and len(loaded.messages) == 8
    assert "compaction" in loaded.compaction_problem and "full history is sent" in loaded.compaction_problem


def test_compact_command_checks_before_the_workbench_runs_it() -> None:
    session = chat()
    command = parse("/compact")
    assert command is not None
    assert run(command, session)[1] is False
    with pytest.raises(CommandError, match="nothing is compacted"):
        run(parse("/compact undo"), session)  # type: ignore[arg-type]
    with pytest.raises(CommandError, match="nothing to compact yet"):
        run(command, Session(host="h", model="m", messages=chat().messages[:2]))


def test_the_simulator_answers_a_summary_request_with_a_summary_of_the_turns():
    from ollamux.sim.texts import summary_of

    session = Session(host="sim", model="m")
    session.messages = [ChatMessage(role="user", content="Plan three days in Oslo in March"),
                        ChatMessage(role="assistant", content="Day one: the fjord.\nDay two: museums."),
                        ChatMessage(role="user", content="What should I pack?")]
    asked = summary_request(session, "m", 2).messages[-1].content
    assert summary_of(asked).splitlines() == [
        "Summary of the conversation so far:", "",
        "- The user asked: Plan three days in Oslo in March", "- The answer began: Day one: the fjord.",
    ]
