"""Each client says what its backend can do; callers ask instead of guessing from its kind."""

from __future__ import annotations

from ollamux.api.capabilities import OLLAMA, OPENAI_COMPATIBLE
from ollamux.api.clients import make_client
from ollamux.api.events import ChatRequest, Message
from ollamux.api.hosts import Host
from ollamux.api.openai import chat_body
from ollamux.core.options import OLLAMA_OPTIONS, OPENAI_OPTIONS, ignored_names, options_for, specs_for


async def test_ollama_administers_models_and_takes_its_own_options() -> None:
    client = make_client(Host("local", "http://localhost:11434"))
    try:
        caps = client.capabilities
        assert caps == OLLAMA
        assert (caps.model_admin, caps.running_models, caps.pull, caps.keep_alive) == (True, True, True, True)
        assert client.admin is client  # details, ps, pull, copy, delete, load, unload
        assert specs_for(caps.options) == OLLAMA_OPTIONS
    finally:
        await client.aclose()


async def test_an_openai_compatible_api_only_chats_and_lists() -> None:
    client = make_client(Host("deepseek", "https://api.deepseek.com", kind="openai"))
    try:
        caps = client.capabilities
        assert caps == OPENAI_COMPATIBLE
        assert (caps.model_admin, caps.running_models, caps.pull, caps.keep_alive) == (False, False, False, False)
        assert client.admin is None
        assert specs_for(caps.options) == OPENAI_OPTIONS
    finally:
        await client.aclose()


def test_ollama_gets_every_option_as_it_is() -> None:
    wire = {"num_ctx": 8192, "temperature": 0.2, "some_newer_option": 1}
    assert options_for("ollama", wire) == wire


def test_an_openai_api_gets_its_own_names_and_nothing_else() -> None:
    wire = {"num_ctx": 8192, "num_predict": 100, "temperature": 0.2, "reasoning_effort": "low"}
    assert options_for("openai", wire) == {"max_tokens": 100, "temperature": 0.2, "reasoning_effort": "low"}
    # What it does not take is what the inspector lists as ignored: the same rule.
    assert ignored_names(wire, "openai") == ["num_ctx"]


def test_the_openai_body_carries_the_options_it_is_given_at_the_top_level() -> None:
    request = ChatRequest(model="m", messages=(Message(role="user", content="hi"),),
                          options=options_for("openai", {"num_predict": 5, "top_k": 3}))
    body = chat_body(request, stream=False)
    assert body["max_tokens"] == 5
    assert "top_k" not in body and "num_predict" not in body
