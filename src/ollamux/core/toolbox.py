"""The tools every session may use, built once from the config: which a session
offers its model, and the limits its tool loop runs under.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from typing import Any

from ollamux.api.clients import ChatClient
from ollamux.api.errors import ApiError
from ollamux.api.hosts import Host
from ollamux.config.tools import HandTool, McpServer
from ollamux.core.mcp_servers import ToolServers
from ollamux.core.session import Session
from ollamux.core.tool_catalog import catalog, takes_tools, tools_on
from ollamux.core.tools import HAND, ServerState, ServerStatus, Tool, ToolResult

# How long a reply waits for its servers to finish starting before it goes
# without their tools: a slow server must not hold the chat up for long.
START_WAIT_SECONDS = 15.0


class Toolbox:
    """MCP servers and hand-answered tools, and which of them each session offers."""

    def __init__(
        self,
        servers: Sequence[McpServer],
        hand_tools: Sequence[HandTool],
        environ: Mapping[str, str],
        *,
        rounds: int,
        timeout: float,
    ) -> None:
        self.configs = tuple(servers)
        self.hand_tools = tuple(hand_tools)
        self.servers = ToolServers(servers, environ)
        self.rounds = rounds
        self.timeout = timeout
        self._reported: set[tuple[str, str]] = set()
        # What each model can do, asked once per host and model: not a round trip per prompt.
        self._capabilities: dict[tuple[Host, str], Collection[str] | None] = {}

    @property
    def configured(self) -> bool:
        """False when the config names no tool at all: sessions then run as before."""
        return bool(self.configs or self.hand_tools)

    def enabled_sources(self) -> set[str]:
        """Where tools are on by default: servers with `enabled = true`, and hand tools."""
        return {server.name for server in self.configs if server.enabled} | {HAND}

    def states(self) -> list[ServerState]:
        return self.servers.states()

    def tools(self) -> list[Tool]:
        """Every tool known now (of ready servers), with the names models see."""
        return catalog(self.servers.states(), self.hand_tools)

    def tools_on(self, session: Session) -> list[Tool]:
        """The known tools `session` has on."""
        return tools_on(session, self.tools(), self.enabled_sources())

    def servers_for(self, session: Session) -> list[str]:
        """The servers `session` may use: enabled ones, and ones it switched a tool on for."""
        chosen = {key.split("/", 1)[0] for key, on in session.tool_choices.items() if on}
        return [server.name for server in self.configs if server.enabled or server.name in chosen]

    def start_for(self, session: Session) -> None:
        """Start (in the background) the servers `session` may use, if they are not up."""
        if names := self.servers_for(session):
            self.servers.ensure_started(names)

    async def offered(
        self, session: Session, client: ChatClient, on_wait: Callable[[list[str]], None] = lambda names: None
    ) -> list[Tool]:
        """The tools to send with `session`'s next request; [] when its model takes none.

        Servers still starting are waited for, up to START_WAIT_SECONDS (`on_wait`
        hears which first); one that failed only loses its own tools.
        """
        if not self.configured or not takes_tools(await self._capabilities_of(client, session.model)):
            return []
        if names := self.servers_for(session):
            self.servers.ensure_started(names)
            if waiting := self.starting(names):
                on_wait(waiting)
                await self.servers.wait_ready(names, timeout=START_WAIT_SECONDS)
        return self.tools_on(session)

    def unreported_failures(self, names: Collection[str]) -> list[ServerState]:
        """Servers among `names` that failed since last asked: each failure is told once."""
        failed = [s for s in self.servers.states() if s.name in names and s.status is ServerStatus.FAILED]
        fresh = [state for state in failed if (state.name, state.error) not in self._reported]
        self._reported.update((state.name, state.error) for state in fresh)
        return fresh

    def starting(self, names: Collection[str]) -> list[str]:
        """Which of `names` are not ready yet (starting, or about to)."""
        waiting = (ServerStatus.OFF, ServerStatus.STARTING)
        return [s.name for s in self.servers.states() if s.name in names and s.status in waiting]

    async def _capabilities_of(self, client: ChatClient, model: str) -> Collection[str] | None:
        key = (client.host, model)
        if key not in self._capabilities:
            try:
                self._capabilities[key] = await model_capabilities(client, model)
            except ApiError:
                return None  # asked again next time: the host may be back
        return self._capabilities[key]

    async def call(self, tool: Tool, arguments: dict[str, Any]) -> ToolResult:
        return await self.servers.call(tool, arguments)

    async def close(self) -> None:
        await self.servers.close()


async def model_capabilities(client: ChatClient, model: str) -> Collection[str] | None:
    """What the model can do, as Ollama's `/api/show` says; None where nobody says.

    Raises ApiError when the host cannot be asked.

    An OpenAI-compatible server does not tell, nor does an older Ollama (no list):
    tools are then offered and the server's own refusal shows on the reply.
    """
    if (admin := client.admin) is None:
        return None
    details = await admin.show(model)  # ApiError: the caller offers tools and the reply tells
    return details.capabilities or None
