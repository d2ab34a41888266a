"""The catalog: which tools a model is offered and under which names."""

from __future__ import annotations

import re

from ollamux.config.tools import HandTool
from ollamux.core.session import Session
from ollamux.core.tool_catalog import catalog, takes_tools, tools_on
from ollamux.core.tools import HAND, ServerState, ServerStatus, Tool


def server(name: str, *tool_names: str, status: ServerStatus = ServerStatus.READY) -> ServerState:
    tools = tuple(Tool(source=name, name=tool, description=f"{tool} on {name}") for tool in tool_names)
    return ServerState(name=name, status=status, tools=tools)


WEATHER = HandTool(name="get_weather", description="Weather for a city")


def test_ready_servers_tools_come_first_then_hand_tools_which_run_without_asking() -> None:
    states = [server("files", "read", "write"), server("broken", "boom", status=ServerStatus.FAILED),
              server("slow", "wait", status=ServerStatus.STARTING)]
    tools = catalog(states, [WEATHER])
    assert [(t.source, t.name, t.wire_name) for t in tools] == [
        ("files", "read", "read"), ("files", "write", "write"), (HAND, "get_weather", "get_weather"),
    ]
    hand = tools[-1]
    assert hand.by_hand and hand.approve == "never" and hand.description == "Weather for a city"
    assert hand.wire()["function"]["name"] == "get_weather"


def test_a_name_two_sources_offer_is_told_apart_by_its_source() -> None:
    tools = catalog([server("web", "search"), server("my.notes", "search", "open")],
                    [HandTool(name="search", description="by hand")])
    names = [t.wire_name for t in tools]
    assert names == ["web__search", "my_notes__search", "open", "hand__search"]


def test_wire_names_fit_what_apis_take_and_stay_unique() -> None:
    long = "x" * 80
    tools = catalog([server("a", "odd name!", long), server("b", long)], [])
    names = [t.wire_name for t in tools]
    assert len(set(names)) == len(names) == 3
    assert all(re.fullmatch(r"[A-Za-z0-9_-]{1,64}", name) for name in names)
    assert names[0] == "odd_name_"


def test_a_cut_that_makes_two_names_alike_still_gives_unique_names() -> None:
    same_prefix = ["y" * 70 + "1", "y" * 70 + "2"]
    names = [t.wire_name for t in catalog([server("s", *same_prefix)], [])]
    assert len(set(names)) == 2 and all(len(name) <= 64 for name in names)


def test_a_session_offers_the_enabled_sources_and_its_own_choices_win() -> None:
    tools = catalog([server("files", "read", "write"), server("search", "find")], [WEATHER])
    chat = Session(host="local", model="qwen3")
    assert [t.key for t in tools_on(chat, tools, {"files"})] == ["files/read", "files/write", "hand/get_weather"]
    chat.tool_choices = {"files/write": False, "search/find": True, "hand/get_weather": False}
    assert [t.key for t in tools_on(chat, tools, {"files"})] == ["files/read", "search/find"]


def test_models_take_tools_unless_their_capabilities_say_otherwise() -> None:
    assert takes_tools(["completion", "tools"]) and takes_tools(None)
    assert not takes_tools(["completion", "vision"])
