"""A cloud host's key (OLLAMA_API_KEY for ollama.com) goes with chat, tags and show."""

from __future__ import annotations

from contextlib import aclosing

from ollamux.api.events import ChatRequest, Message
from ollamux.api.hosts import Host
from ollamux.api.ollama import OllamaClient
from ollamux.config.hosts import implicit_ollama_key
from ollamux.sim import SimServer
from ollamux.sim.workshop_models import CLOUD, install_workshop_models

pytest_plugins = ["tests.sim_fixtures"]


async def test_chat_tags_and_show_send_the_cloud_key_and_remote_models_say_so(sim: SimServer) -> None:
    install_workshop_models(sim.state, sim.now())
    key = implicit_ollama_key("https://ollama.com:443", {"OLLAMA_API_KEY": "sk-cloud"})
    assert key == "sk-cloud"
    cloud = OllamaClient(Host("ollama.com", sim.url, "ollama", key))
    try:
        listed = {model.name: model for model in await cloud.list_models()}
        details = await cloud.admin.show(CLOUD.name)
        async with aclosing(cloud.chat(ChatRequest(CLOUD.name, (Message("user", "hi"),)))) as events:
            _ = [event async for event in events]
    finally:
        await cloud.aclose()
    calls = [r for r in sim.requests if r.path in ("/api/tags", "/api/show", "/api/chat")]
    assert sorted(r.path for r in calls) == ["/api/chat", "/api/show", "/api/tags"]
    assert {r.authorization for r in calls} == {"Bearer sk-cloud"}
    assert listed[CLOUD.name].is_remote and details.remote_host == "https://ollama.com:443"
    assert not listed["qwen3:8b"].is_remote
