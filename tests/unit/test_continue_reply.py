"""Continuing a stopped or cut reply: what is sent, how the new text and figures fold in."""

from __future__ import annotations

import httpx
import pytest

from ollamux.api.capabilities import OLLAMA, OPENAI_COMPATIBLE
from ollamux.api.clients import make_client
from ollamux.api.events import Content, Done, Message, Stats, ToolCall
from ollamux.api.hosts import Host
from ollamux.core.continuation import NOT_ON_OPENAI, merged_stats, refusal_for, why_not_continued
from ollamux.core.prompt_commands import CONTINUE, HELP, CommandError, parse, run
from ollamux.core.session import ChatMessage, Session, Status
from ollamux.core.streaming import stream_reply
from ollamux.sim import texts
from ollamux.sim.scripts import tokenize

pytest_plugins = ["tests.sim_fixtures"]


def cut_session(status: Status = Status.STOPPED, **reply: object) -> Session:
    session = Session(host="local", model="qwen3:8b", system_prompt="Be terse.", think=True,
                      options={"num_predict": 64, "temperature": 0.2})
    session.add_user("Why is the sky blue?")
    session.messages.append(ChatMessage(role="assistant", status=status, **reply))  # type: ignore[arg-type]
    return session


def test_the_partial_reply_goes_last_as_the_assistant_message_with_the_settings_kept():
    session = cut_session(content="Because of Rayleigh", thinking="Short answer.")
    reply = session.resume_last_reply()
    assert session.start_reply() is reply and len(session.messages) == 2  # no new message
    request = session.request()
    assert [m.role for m in request.messages] == ["system", "user", "assistant"]
    assert request.messages[-1] == Message(role="assistant", content="Because of Rayleigh", thinking="Short answer.")
    assert request.options == {"num_predict": 64, "temperature": 0.2}
    assert request.think is True
    session.apply(Content(" scattering."))
    session.apply(Done(Stats(generated_tokens=3, generation_seconds=1.0, done_reason="stop")))
    assert reply.content == "Because of Rayleigh scattering." and reply.status is Status.COMPLETE
    # The next turn is an ordinary one again: the whole reply is history, then a new reply.
    session.add_user("And sunsets?")
    assert session.start_reply() is not reply
    assert session.request().messages[-2].content == "Because of Rayleigh scattering."


@pytest.mark.parametrize(("message", "why"), [
    (ChatMessage(role="assistant", content="Done.", stats=Stats(done_reason="stop")), "complete"),
    (ChatMessage(role="assistant", thinking="Hmm", status=Status.STOPPED), "before any answer"),
    (ChatMessage(role="assistant", content="x", status=Status.STOPPED,
                 tool_calls=[ToolCall(name="f", arguments={})]), "called tools"),
    (ChatMessage(role="user", content="hi"), "no reply"),
])
def test_what_cannot_be_continued_says_why(message, why):
    assert why in (why_not_continued(message) or "")


def test_stopped_cut_and_broken_replies_with_text_can_be_continued_on_ollama_only():
    assert why_not_continued(ChatMessage(role="assistant", content="a", status=Status.STOPPED)) is None
    assert why_not_continued(ChatMessage(role="assistant", content="a", stats=Stats(done_reason="length"))) is None
    assert why_not_continued(ChatMessage(role="assistant", content="a", status=Status.ERROR, error="x")) is None
    assert refusal_for(OLLAMA) is None
    assert refusal_for(OPENAI_COMPATIBLE) == NOT_ON_OPENAI and "ctrl+r" in NOT_ON_OPENAI


def test_figures_of_both_parts_are_summed_and_the_speed_is_over_both():
    first = Stats(prompt_tokens=20, generated_tokens=100, load_seconds=2.0, prompt_seconds=0.5,
                  generation_seconds=4.0, total_seconds=6.5, done_reason="length")
    second = Stats(prompt_tokens=125, generated_tokens=50, load_seconds=0.1, prompt_seconds=0.2,
                   generation_seconds=1.0, total_seconds=1.3, done_reason="stop")
    both = merged_stats(first, second)
    assert (both.generated_tokens, both.generation_seconds, both.load_seconds) == (150, 5.0, 2.1)
    assert both.total_seconds == pytest.approx(7.8)
    assert both.tokens_per_second == 30.0  # not the mean of 25 and 50
    # As if in one go: the later prompt (125) held the 100 tokens of the first part already.
    assert (both.prompt_tokens, both.done_reason) == (20, "stop")
    assert merged_stats(None, second) == second  # a stopped part had no figures
    assert merged_stats(Stats(generated_tokens=None), second).generated_tokens is None  # unknown stays unknown


def test_stop_and_failure_keep_the_text_of_both_parts():
    session = cut_session(content="Part one.")
    reply = session.resume_last_reply()
    session.apply(Content(" Part two"))
    session.stop()
    assert (reply.content, reply.status) == ("Part one. Part two", Status.STOPPED)
    session.resume_last_reply()
    session.apply(Content(" and three"))
    session.fail("connection lost")
    assert (reply.content, reply.status) == ("Part one. Part two and three", Status.ERROR)
    assert reply.error == "connection lost"


async def test_the_simulator_carries_on_a_cut_reply_to_the_end_of_its_answer(sim):
    client = make_client(Host("sim", sim.url))
    # 63 tokens of thinking, one chunk with the last of them and the first word, then 16 words.
    session = Session(host="sim", model="qwen3:8b", options={"num_predict": 80})
    session.add_user("Tell me")
    try:
        first = await stream_reply(session, client)
        assert first.stats is not None and first.stats.truncated
        cut, thinking = first.content, first.thinking
        session.options = {}
        session.resume_last_reply()
        whole = await stream_reply(session, client)
    finally:
        await client.aclose()
    assert whole is first and len(session.messages) == 2
    assert len(tokenize(cut)) == 17 and whole.content == texts.THINKER_ANSWER
    assert whole.thinking == thinking  # a prefill brings no new thinking
    assert sim.requests[-1].body["messages"][-1] == {"role": "assistant", "content": cut, "thinking": thinking}
    assert whole.stats is not None and whole.stats.done_reason == "stop"
    assert whole.stats.generated_tokens == 80 + len(tokenize(texts.THINKER_ANSWER)) - 17


def test_ollamas_v1_continues_too_as_it_shares_the_native_chat_handler(sim):
    messages = [{"role": "user", "content": "hi"}, {"role": "assistant", "content": "Hello! I'm **de"}]
    body = {"model": "demo-coder:7b", "messages": messages}
    native = httpx.post(f"{sim.url}/api/chat", json=body | {"stream": False}).json()["message"]["content"]
    v1 = httpx.post(f"{sim.url}/v1/chat/completions", json=body).json()["choices"][0]["message"]["content"]
    assert native == v1 and "Hello! I'm **de" + native == texts.CODER_GREETING


def test_slash_continue_is_a_command_the_chat_runs_not_a_setting():
    command = parse("/continue")
    assert command is not None and command.name == CONTINUE
    with pytest.raises(CommandError, match="changes no setting"):
        run(command, cut_session(content="a"))
    assert "/continue" in HELP


def test_a_cut_reply_names_the_continue_key_only_where_replies_continue():
    from ollamux.ui.chat.reply_status import status_lines

    cut = ChatMessage(role="assistant", content="Step one", stats=Stats(generated_tokens=12, done_reason="length"))
    in_chat = str(status_lines(cut)[0].content)
    in_completion = str(status_lines(cut, continuable=False)[0].content)
    assert in_chat.endswith("truncated (length limit) · alt+c continues")
    assert in_completion.endswith("truncated (length limit)")  # a completion is run again, not carried on
