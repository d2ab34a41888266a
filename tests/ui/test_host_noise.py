"""Hosts named on the command line: no stray `local`, readable names, no key warning at start."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ollamux.cli import build_config, parse_args
from ollamux.config import CliOverrides, apply_cli, load_config
from ollamux.core.session import Status
from ollamux.ui.app import OllamuxApp
from ollamux.ui.models.panel import ModelsPanel
from tests.rawserver import Canned, RawServer
from tests.ui_helpers import ask, wait_until


def test_the_implicit_local_host_is_only_there_when_no_host_is_given(environ):
    assert [h.name for h in load_config(environ=environ).hosts] == ["local"]
    for overrides in (
        CliOverrides(ollama_urls=("box",)),
        CliOverrides(openai_urls=("http://box:8000/v1",)),
    ):
        config = apply_cli(load_config(environ=environ), overrides, environ=environ)
        assert "local" not in [h.name for h in config.hosts]


def test_an_implicit_host_from_ollama_host_goes_too(environ):
    environ["OLLAMA_HOST"] = "lan-box:11434"
    config = apply_cli(load_config(environ=environ), CliOverrides(ollama_urls=("gpu",)), environ=environ)
    assert [h.name for h in config.hosts] == ["gpu:11434"]


def test_configured_hosts_stay_beside_the_command_line_ones(environ):
    path = Path(environ["XDG_CONFIG_HOME"]) / "ollamux" / "config.toml"
    path.parent.mkdir(parents=True)
    path.write_text('[[hosts]]\nname = "local"\nurl = "127.0.0.1:11434"\n')
    config = apply_cli(load_config(environ=environ), CliOverrides(ollama_urls=("gpu",)), environ=environ)
    assert [h.name for h in config.hosts] == ["gpu:11434", "local"]


def test_an_openai_url_on_an_ollama_port_is_named_by_its_path(environ):
    config = apply_cli(
        load_config(environ=environ),
        CliOverrides(ollama_urls=("127.0.0.1:18081",), openai_urls=("http://127.0.0.1:18081/v1",)),
        environ=environ,
    )
    assert [h.name for h in config.hosts] == ["127.0.0.1:18081", "127.0.0.1:18081 /v1"]


# Ollama's own port on loopback is named "local" by design: not a numbered name.
@given(
    port=st.integers(1, 65535).filter(lambda port: port != 11434),
    path=st.sampled_from(["", "/v1", "/api/v1", "/openai/v1/"]),
)
def test_names_of_one_server_on_both_protocols_are_unique_and_unnumbered(port, path):
    environ = {"HOME": "/nonexistent", "XDG_CONFIG_HOME": "/nonexistent/c"}
    config = apply_cli(
        load_config(environ=environ),
        CliOverrides(ollama_urls=(f"127.0.0.1:{port}",), openai_urls=(f"http://127.0.0.1:{port}{path}",)),
        environ=environ,
    )
    names = [h.name for h in config.hosts]
    assert len(names) == len(set(names)) == 2
    assert not any(name.endswith("-2") for name in names)
    assert names[0] == f"127.0.0.1:{port}"


@pytest.mark.parametrize("url", ["http://127.0.0.1:8000/v1", "https://api.example.com/v1"])
def test_no_key_warning_at_start_for_an_openai_url(environ, url):
    config = apply_cli(load_config(environ=environ), CliOverrides(openai_urls=(url,)), environ=environ)
    assert config.warnings == ()
    assert config.host.api_key is None


async def test_with_host_and_openai_the_panel_lists_just_those_two(sim, environ, tmp_path):
    args = parse_args(["--host", sim.url, "--openai", f"{sim.url}/v1", "--model", "demo-coder:7b"])
    config = build_config(args, environ)
    app = OllamuxApp(config)
    port = sim.url.rsplit(":", 1)[1]
    async with app.run_test(size=(140, 40)) as pilot:
        await wait_until(pilot, lambda: app.workbench.workspace.active_view is not None)
        await pilot.press("f3")
        panel = app.query_one(ModelsPanel)
        await wait_until(pilot, lambda: sum("qwen3:8b" in line for line in panel.lines()) >= 2)
        text = "\n".join(panel.lines())
        assert "11434" not in text and "local" not in text
        assert f"127.0.0.1:{port} /v1" in text and f"127.0.0.1:{port}-2" not in text
        assert not [n for n in app._notifications if "not set" in n.message]


async def test_a_401_says_inline_which_variable_to_set(environ, tmp_path):
    models = Canned(status=200, content_type="application/json",
                    chunks=[json.dumps({"object": "list", "data": [{"id": "m", "object": "model"}]}).encode()])
    refused = Canned(status=401, content_type="application/json",
                     chunks=[json.dumps({"error": {"message": "Missing bearer token"}}).encode()])
    async with RawServer(routes={"/v1/models": models, "/v1/chat/completions": refused}) as server:
        args = parse_args(["--openai", f"{server.url}/v1", "--model", "m"])
        app = OllamuxApp(build_config(args, environ))
        async with app.run_test(size=(80, 24)) as pilot:
            view = await ask(pilot, "hi", ends=Status.ERROR)
            reply = view.session.messages[-1]
            assert "401" in reply.error
            assert "set OLLAMUX_API_KEY" in reply.hint
            assert not [n for n in app._notifications if "OLLAMUX_API_KEY" in n.message]
