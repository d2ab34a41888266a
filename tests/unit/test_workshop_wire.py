"""The workshop calls (generate, create, push, embed, status, logprobs) against the simulator.

Each test checks what goes on the wire (fields and their JSON types) and what the
caller gets back, errors included, through the same client the app uses.
"""

from __future__ import annotations

from collections.abc import AsyncGenerator
from contextlib import aclosing
from typing import Any

import httpx
import pytest

from ollamux.api.clients import make_client, workshop_of
from ollamux.api.create import CreateRequest
from ollamux.api.embed import EmbedRequest
from ollamux.api.errors import HTTPStatusError
from ollamux.api.events import ChatRequest, Content, Done, Message
from ollamux.api.generate import RAW_CONFLICT, GenerateRequest
from ollamux.api.hosts import Host
from ollamux.api.job_errors import CreateFailed, PushRefused
from ollamux.api.logprobs import Logprobs
from ollamux.api.models import PullProgress
from ollamux.api.ollama import OllamaClient
from ollamux.api.reply_extras import ReplyExtras
from ollamux.api.workshop import Workshop
from ollamux.core.options import parse_parameters
from ollamux.sim import SimServer
from ollamux.sim.workshop_models import CLOUD, EMBEDDER, FIM_BASE, install_workshop_models

pytest_plugins = ["tests.sim_fixtures"]


@pytest.fixture
async def client(sim: SimServer) -> AsyncGenerator[OllamaClient, None]:
    install_workshop_models(sim.state, sim.now())
    ollama = OllamaClient(Host("sim", sim.url))
    yield ollama
    await ollama.aclose()


def sent(sim: SimServer, path: str) -> Any:
    return [request.body for request in sim.requests if request.path == path][-1]


async def drain(stream: AsyncGenerator[Any, None]) -> list[Any]:
    async with aclosing(stream) as items:
        return [item async for item in items]


async def test_generate_fills_the_middle_with_typed_fields_and_logprobs(
        sim: SimServer, client: OllamaClient) -> None:
    request = GenerateRequest(
        model=FIM_BASE.name, prompt="def add(a, b):\n", suffix="\n\nprint(add(1, 2))\n",
        options={"temperature": 0.2, "num_predict": 64}, keep_alive="5m", think=False,
        extras=ReplyExtras(logprobs=True, top_logprobs=3),
    )
    events = await drain(client.workshop.generate(request))
    assert sent(sim, "/api/generate") == {
        "model": FIM_BASE.name, "prompt": "def add(a, b):\n", "stream": True,
        "suffix": "\n\nprint(add(1, 2))\n", "options": {"temperature": 0.2, "num_predict": 64},
        "keep_alive": "5m", "think": False, "logprobs": True, "top_logprobs": 3,
    }
    text = "".join(event.text for event in events if isinstance(event, Content))
    assert text == "    # between 'b' and 'print'\n    pass"
    tokens = [token for event in events if isinstance(event, Logprobs) for token in event.tokens]
    assert "".join(token.token for token in tokens) == text
    assert all(len(token.top) == 3 and token.top[0].token == token.token for token in tokens)
    assert all(0 < token.probability <= 1 for token in tokens)
    done = events[-1]
    assert isinstance(done, Done) and done.stats.done_reason == "stop"
    assert done.stats.generated_tokens == len(tokens) and done.stats.prompt_tokens


async def test_generate_raw_continues_and_refusals_keep_the_servers_words(
        sim: SimServer, client: OllamaClient) -> None:
    raw = GenerateRequest(model="demo-coder:7b", prompt="Once upon a time", raw=True)
    events = await drain(client.workshop.generate(raw))
    assert sent(sim, "/api/generate")["raw"] is True
    assert "upon a time" in "".join(e.text for e in events if isinstance(e, Content))
    assert not any(isinstance(event, Logprobs) for event in events)  # not asked for
    conflicting = GenerateRequest(model="demo-coder:7b", prompt="x", raw=True, system="Be brief.")
    assert conflicting.problem == RAW_CONFLICT
    with pytest.raises(HTTPStatusError) as refused:
        await drain(client.workshop.generate(conflicting))
    assert refused.value.status == 400 and refused.value.server_message == RAW_CONFLICT
    with pytest.raises(HTTPStatusError, match="does not support insert"):
        await drain(client.workshop.generate(GenerateRequest("demo-coder:7b", "a", suffix="b")))


async def test_chat_sends_logprobs_truncate_and_shift_and_reads_the_logprobs(
        sim: SimServer, client: OllamaClient) -> None:
    extras = ReplyExtras(logprobs=True, top_logprobs=2, truncate=False, shift=False)
    request = ChatRequest("fast-model:latest", (Message("user", "hi"),),
                          options={"num_predict": 5}, extras=extras)
    async with aclosing(client.chat(request)) as stream:
        events = [event async for event in stream]
    body = sent(sim, "/api/chat")
    assert (body["logprobs"], body["top_logprobs"], body["truncate"], body["shift"]) == (True, 2, False, False)
    tokens = [token for event in events if isinstance(event, Logprobs) for token in event.tokens]
    assert len(tokens) == 5 and all(len(token.top) == 2 for token in tokens)
    with pytest.raises(ValueError, match="between 0 and 20"):
        ReplyExtras(logprobs=True, top_logprobs=21)
    assert ChatRequest("m", ()).extras.wire() == {}  # nothing sent unless asked


async def test_create_streams_status_and_the_model_shows_its_system_and_parameters(
        sim: SimServer, client: OllamaClient) -> None:
    request = CreateRequest(
        model="terse-coder", base="demo-coder:7b", system="Answer in one line.",
        parameters={"temperature": 0.2, "num_ctx": 4096, "stop": ["END", "<|im_end|>"]},
        messages=(Message("user", "hi"), Message("assistant", "hello")),
    )
    progress = await drain(client.workshop.create(request))
    assert sent(sim, "/api/create") == {
        "model": "terse-coder", "stream": True, "from": "demo-coder:7b",
        "system": "Answer in one line.",
        "parameters": {"temperature": 0.2, "num_ctx": 4096, "stop": ["END", "<|im_end|>"]},
        "messages": [{"role": "user", "content": "hi"}, {"role": "assistant", "content": "hello"}],
    }
    assert progress[-1].succeeded and any(p.status == "writing manifest" for p in progress)
    assert "terse-coder:latest" in [model.name for model in await client.list_models()]
    shown = await client.show("terse-coder")
    assert shown.system == "Answer in one line."
    parameters = parse_parameters(shown.parameters)
    assert parameters["temperature"] == 0.2 and parameters["num_ctx"] == 4096
    assert parameters["stop"] == ["END", "<|im_end|>"]


async def test_create_errors_in_band_and_over_http(client: OllamaClient) -> None:
    with pytest.raises(CreateFailed) as unknown:
        await drain(client.workshop.create(CreateRequest(model="x", base="no-such:1b")))
    assert unknown.value.server_message == "pull model manifest: file does not exist"
    assert "FROM" in unknown.value.hint
    with pytest.raises(CreateFailed) as bad:
        await drain(client.workshop.create(CreateRequest("x", "demo-coder:7b", parameters={"top_k": "40"})))
    assert bad.value.server_message == 'option "top_k" must be of type integer'
    with pytest.raises(HTTPStatusError) as no_base:
        await drain(client.workshop.create(CreateRequest(model="x")))
    assert no_base.value.status == 400 and "neither 'from'" in no_base.value.server_message
    with pytest.raises(CreateFailed, match="only supported for F16"):
        await drain(client.workshop.create(CreateRequest("x", "demo-coder:7b", quantize="q4_K_M")))
    quantized = await drain(client.workshop.create(CreateRequest("small", FIM_BASE.name, quantize="q4_K_M")))
    steps = [p for p in quantized if p.status == "quantizing F16 model to Q4_K_M"]
    assert steps[-1].completed == steps[-1].total and quantized[-1].succeeded


async def test_push_reports_layers_or_the_refusal(sim: SimServer, client: OllamaClient) -> None:
    await client.copy("demo-coder:7b", "demo/coder")
    progress: list[PullProgress] = await drain(client.workshop.push("demo/coder"))
    assert sent(sim, "/api/push") == {"model": "demo/coder", "stream": True}
    last = {p.digest: p for p in progress if p.digest}  # layers interleave: keyed by digest
    assert len(last) == 3 and all(p.completed == p.total for p in last.values())
    assert progress[-1].succeeded
    with pytest.raises(PushRefused) as refused:
        await drain(client.workshop.push("demo-coder:7b"))
    assert refused.value.server_message == "unauthorized: access denied"
    assert "namespace you own" in refused.value.hint
    with pytest.raises(PushRefused, match="file does not exist"):
        await drain(client.workshop.push("demo/missing"))


    async with aclosing(client.workshop.push("demo/coder")) as stream:  # cancelled: closed early
        assert (await anext(stream)).status == "retrieving manifest"
    assert (await drain(client.workshop.push("demo/coder")))[-1].succeeded


async def test_embed_sends_typed_fields_and_gets_one_vector_per_text(
        sim: SimServer, client: OllamaClient) -> None:
    texts = ("a cat sat on the mat", "the cat sat", "bond yields rose")
    result = await client.workshop.embed(EmbedRequest(EMBEDDER.name, texts, dimensions=64, truncate=True))
    assert sent(sim, "/api/embed") == {"model": EMBEDDER.name, "input": list(texts),
                                       "dimensions": 64, "truncate": True}
    assert len(result.vectors) == 3 and result.dimensions == 64 and result.prompt_tokens == 12
    one = await client.workshop.embed(EmbedRequest(EMBEDDER.name, ("the cat sat",)))
    assert sent(sim, "/api/embed")["input"] == "the cat sat"  # one text goes as a string
    assert one.dimensions == EMBEDDER.embedding_length
    long = " ".join(["word"] * EMBEDDER.context_length) + " tail"
    cut = await client.workshop.embed(EmbedRequest(EMBEDDER.name, (long, long.removesuffix(" tail"))))
    assert cut.vectors[0] == cut.vectors[1]  # truncated to the context, as by default
    with pytest.raises(HTTPStatusError, match="input length exceeds the context length"):
        await client.workshop.embed(EmbedRequest(EMBEDDER.name, (long,), truncate=False))


async def test_status_remote_models_and_backends_without_a_workshop(client: OllamaClient) -> None:
    status = await client.workshop.status()
    assert status is not None and (status.disabled, status.source) == (False, "none")
    cloud = next(m for m in await client.list_models() if m.name == CLOUD.name)
    assert cloud.is_remote and cloud.remote_host == "https://ollama.com:443"
    shown = await client.show(CLOUD.name)
    assert (shown.remote_model, shown.remote_host) == ("gpt-oss:20b", "https://ollama.com:443")
    assert not (await client.show("demo-coder:7b")).remote_host
    old_server = httpx.MockTransport(lambda request: httpx.Response(404, text="404 page not found"))
    async with httpx.AsyncClient(base_url="http://old", transport=old_server) as http:
        assert await Workshop(http).status() is None
    assert workshop_of(make_client(Host("v1", "http://x", "openai"))) is None
    assert workshop_of(client) is not None


async def test_a_cloud_host_key_goes_with_every_workshop_call(sim: SimServer) -> None:
    install_workshop_models(sim.state, sim.now())
    cloud = OllamaClient(Host("ollama.com", sim.url, "ollama", "sk-test"))  # as OLLAMA_API_KEY gives it
    try:
        await cloud.workshop.embed(EmbedRequest(EMBEDDER.name, ("hi",)))
        await drain(cloud.workshop.generate(GenerateRequest(CLOUD.name, "hi")))
    finally:
        await cloud.aclose()
    calls = [r for r in sim.requests if r.path in ("/api/embed", "/api/generate")]
    assert [r.authorization for r in calls] == ["Bearer sk-test"] * 2
