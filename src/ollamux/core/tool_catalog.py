"""Which tools there are, under which names the model sees them, and which a session offers."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Collection, Sequence
from dataclasses import replace

from ollamux.config.tools import HandTool
from ollamux.core.session import Session
from ollamux.core.tools import HAND, ServerState, ServerStatus, Tool

# What function names may hold on both APIs.
_NOT_IN_NAME = re.compile(r"[^A-Za-z0-9_-]")
NAME_LIMIT = 64


def catalog(states: Sequence[ServerState], hand_tools: Sequence[HandTool]) -> list[Tool]:
    """The tools of ready servers as they list them, then the hand-answered ones.

    Every tool gets a wire name no other has: its own name while that is unique,
    else `source__name`, so two servers may both offer `search`.
    """
    tools = [tool for state in states if state.status is ServerStatus.READY for tool in state.tools]
    tools += [
        Tool(source=HAND, name=hand.name, description=hand.description, parameters=hand.parameters, approve="never")
        for hand in hand_tools
    ]
    return _named(tools)


def _named(tools: list[Tool]) -> list[Tool]:
    shared = {name for name, count in Counter(_clean(tool.name) for tool in tools).items() if count > 1}
    taken: set[str] = set()
    named = []
    for tool in tools:
        base = _clean(tool.name)
        wire = _clean(f"{tool.source}__{tool.name}") if base in shared else base
        wire = _unique(wire, taken)
        taken.add(wire)
        named.append(replace(tool, wire_name=wire))
    return named


def _clean(name: str) -> str:
    return _NOT_IN_NAME.sub("_", name)[:NAME_LIMIT] or "tool"


def _unique(name: str, taken: set[str]) -> str:
    """`name`, or `name_2`, `name_3`... cut to fit, when a cut or a clean-up made two alike."""
    candidate, number = name, 1
    while candidate in taken:
        number += 1
        suffix = f"_{number}"
        candidate = name[: NAME_LIMIT - len(suffix)] + suffix
    return candidate


def tools_on(session: Session, tools: Sequence[Tool], enabled_sources: Collection[str]) -> list[Tool]:
    """The tools `session` offers: its own choice, else on when its source is enabled.

    Hand-answered tools are on unless the session turned them off: the user wrote
    them into the config to try them.
    """
    def default(tool: Tool) -> bool:
        return tool.by_hand or tool.source in enabled_sources

    return [tool for tool in tools if session.tool_choices.get(tool.key, default(tool))]


def takes_tools(capabilities: Collection[str] | None) -> bool:
    """Whether a model takes tools; unknown (OpenAI-compatible hosts say nothing) is yes."""
    return capabilities is None or "tools" in capabilities
