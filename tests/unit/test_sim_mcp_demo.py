"""The demo's tools: its MCP server (started once, as `--demo` starts it) and get_weather."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from mcp import Client
from mcp.client.stdio import StdioServerParameters

from ollamux.api.hosts import Host
from ollamux.config.overrides import demo_config
from ollamux.config.settings import Config
from ollamux.config.tools import McpServer, stdio_environment
from ollamux.sim.mcp_demo import convert_temperature, word_count
from ollamux.sim.tool_picking import Pick, pick_calls


def demo(tmp_path: Path) -> Config:
    # The user's own servers may do real things: the demo offers only its own.
    mine = Config(hosts=(Host(name="mine", url="http://gpu:11434"),), config_path=tmp_path / "config.toml",
                  data_dir=tmp_path / "data", mcp_servers=(McpServer(name="files", command="rm"),))
    return demo_config(mine, "http://127.0.0.1:5555", model=None, sandbox=tmp_path / "sandbox")


def wire(name: str, description: str, parameters: dict[str, Any]) -> dict[str, Any]:
    return {"type": "function", "function": {"name": name, "description": description, "parameters": parameters}}


def test_demo_config_offers_both_kinds_of_tool(tmp_path: Path) -> None:
    config = demo(tmp_path)
    (server,) = config.mcp_servers
    assert (server.name, server.transport, server.approve, server.enabled) == ("demo", "stdio", "ask", True)
    assert server.args == ("-m", "ollamux.sim.mcp_demo")
    (weather,) = config.hand_tools
    assert weather.name == "get_weather" and weather.parameters["required"] == ["city"]
    assert config.default_host == "demo" and config.restore_sessions is False  # the rest is as before


def test_tool_answers_are_pure() -> None:
    assert word_count("the quick  brown\nfox") == "4 words"
    assert word_count("fox") == "1 word"
    assert convert_temperature(20) == "68 °F"
    assert convert_temperature(-40, "fahrenheit") == "-40 °F"
    assert convert_temperature(20, "kelvin") == "293.15 K"


async def test_the_demo_server_lists_its_tools_and_answers(tmp_path: Path) -> None:
    config = demo(tmp_path)
    (server,) = config.mcp_servers
    # Started as ollamux starts a stdio server: PATH and HOME, nothing else of ours.
    params = StdioServerParameters(command=server.command, args=list(server.args),
                                   env=stdio_environment(server, os.environ), cwd=server.cwd)
    async with Client(params) as client:
        listed = (await client.list_tools()).tools
        result = await client.call_tool("add", {"a": 2, "b": 40})
    assert [tool.name for tool in listed] == ["add", "word_count", "convert_temperature"]
    assert all(tool.annotations and tool.annotations.read_only_hint for tool in listed)
    assert not result.is_error
    assert [getattr(part, "text", None) for part in result.content] == ["42"]
    # The demo's tool model can call each of them, and the hand-answered one, from a prompt.
    (weather,) = config.hand_tools
    offered = [wire(tool.name, tool.description or "", tool.input_schema) for tool in listed]
    offered.append(wire(weather.name, weather.description, weather.parameters))
    prompts = {
        "add 2 and 40": Pick("add", {"a": 2, "b": 40}),
        'count the words in "to be or not to be"': Pick("word_count", {"text": "to be or not to be"}),
        "convert 20 degrees to kelvin": Pick("convert_temperature", {"celsius": 20, "unit": "kelvin"}),
        "What's the weather in Paris?": Pick("get_weather", {"city": "Paris"}),
    }
    for prompt, pick in prompts.items():
        assert pick_calls(offered, prompt, every=False) == [pick]
