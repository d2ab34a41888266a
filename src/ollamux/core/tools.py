"""What a session knows of tools: where each comes from, how a call ended, and the
questions the loop asks the user. Shared by the tool loop, the MCP servers and the UI.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Protocol

from ollamux.api.events import ToolCall
from ollamux.config.tools import Approval

# The source of tools the user answers by hand (`[tools.NAME]` in the config).
# Server names are config keys; a server may not take this one (the catalog says so).
HAND = "hand"


@dataclass(frozen=True, kw_only=True)
class Tool:
    """One tool as a session offers it to a model."""

    source: str  # the MCP server's name, or HAND
    name: str  # as its server knows it
    description: str
    parameters: dict[str, Any] = field(default_factory=dict)  # a JSON schema of type "object"
    # As the model sees it: the name, unless two sources offer the same one
    # (then `source__name`, within what function names may hold).
    wire_name: str = ""
    approve: Approval = "ask"

    @property
    def key(self) -> str:
        """Stable across restarts: what a session's on/off choices are saved under."""
        return f"{self.source}/{self.name}"

    @property
    def by_hand(self) -> bool:
        return self.source == HAND

    def wire(self) -> dict[str, Any]:
        """The `tools` entry both APIs take."""
        return {
            "type": "function",
            "function": {
                "name": self.wire_name or self.name,
                "description": self.description,
                "parameters": self.parameters or {"type": "object", "properties": {}},
            },
        }


class Outcome(StrEnum):
    """How one call ended, as its row in the transcript says."""

    OK = "ok"
    DECLINED = "declined"  # the user said no; the model was told so
    FAILED = "failed"  # the tool's error, a crashed server, a timeout, an unknown tool


class Decision(StrEnum):
    """The user's answer to "run this call?"."""

    RUN = "run"  # y: once
    ALWAYS = "always"  # a: this tool, for the rest of this session, without asking
    DECLINE = "decline"  # n
    STOP = "stop"  # Escape: stop the reply; nothing more runs


@dataclass(frozen=True)
class ToolResult:
    """What a tool gave back: sent whole to the model, shown cut."""

    text: str
    failed: bool = False


class ServerStatus(StrEnum):
    OFF = "not started"  # started when a session first needs its tools
    STARTING = "starting"
    READY = "ready"
    FAILED = "failed"


@dataclass(frozen=True)
class ServerState:
    """One tool source as the inspector shows it."""

    name: str
    status: ServerStatus
    tools: tuple[Tool, ...] = ()
    error: str = ""  # why it failed, in the server's words where it gave any
    stderr_tail: str = ""  # its last lines of stderr (stdio servers), secrets masked


class ToolAsker(Protocol):
    """The questions the tool loop asks the user (the UI answers them)."""

    async def approve(self, tool: Tool, call: ToolCall) -> Decision:
        """Run this call? Not asked for `approve = "never"` servers or always-allowed tools."""
        ...

    async def answer(self, tool: Tool, call: ToolCall) -> str | None:
        """The result of a hand-answered call, typed by the user; None stops the reply."""
        ...


class ToolRunner(Protocol):
    """Runs a call on the tool's server (the MCP servers implement it)."""

    async def call(self, tool: Tool, arguments: dict[str, Any]) -> ToolResult:
        """The tool's result; a failure (error reply, crash) is a ToolResult with failed=True."""
        ...
