"""The configured MCP servers: started when first needed, their states for the inspector,
and the runner the tool loop calls tools through.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from ollamux.config.tools import McpServer
from ollamux.core.mcp_connection import START_TIMEOUT, McpConnection
from ollamux.core.secrets_mask import SecretMask, secret_values
from ollamux.core.tools import ServerState, ServerStatus, Tool, ToolResult

logger = logging.getLogger(__name__)


class ToolServers:
    """Every `[mcp_servers.NAME]`, in config order. A ToolRunner: `call(tool, arguments)`."""

    def __init__(
        self, servers: Sequence[McpServer], environ: Mapping[str, str], *, start_timeout: float = START_TIMEOUT
    ) -> None:
        self._mask = SecretMask(secret_values(servers, environ))
        environ = dict(environ)  # as it was when the config was read
        self._connections = {
            server.name: McpConnection(
                server, environ, mask=self._mask, on_change=self._changed, start_timeout=start_timeout
            )
            for server in servers
        }
        self._listeners: list[Callable[[], None]] = []
        self._change = asyncio.Event()

    def states(self) -> list[ServerState]:
        return [connection.state for connection in self._connections.values()]

    def ensure_started(self, names: Iterable[str] | None = None) -> None:
        """Start these servers in the background (None: every one with `enabled = true`).

        Servers already starting or running are left alone; a failed one tries again.
        Needs a running event loop.
        """
        for connection in self._chosen(names, enabled_only=True):
            connection.start()

    async def wait_ready(self, names: Iterable[str] | None = None, timeout: float = START_TIMEOUT + 5) -> None:
        """Return once none of these servers (None: all) is starting, or when the timeout passes."""
        chosen = self._chosen(names, enabled_only=False)

        async def settled() -> None:
            while any(connection.state.status is ServerStatus.STARTING for connection in chosen):
                await self._change.wait()

        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(settled(), timeout)

    def add_listener(self, callback: Callable[[], None]) -> None:
        """`callback()` runs on every change of any server's state (the UI repaints)."""
        self._listeners.append(callback)

    def remove_listener(self, callback: Callable[[], None]) -> None:
        """No more calls to `callback` (its widget went away); unknown ones are ignored."""
        if callback in self._listeners:
            self._listeners.remove(callback)

    async def call(self, tool: Tool, arguments: dict[str, Any]) -> ToolResult:
        connection = self._connections.get(tool.source)
        if connection is None:
            return ToolResult(f"no MCP server is configured under the name {tool.source}", failed=True)
        return await connection.call(tool.name, arguments)

    async def close(self) -> None:
        """Stop every server and wait until their processes are gone."""
        await asyncio.gather(*(connection.close() for connection in self._connections.values()))

    def mask(self, text: str) -> str:
        """`text` with every value from a server's env or headers replaced by •••."""
        return self._mask(text)

    def _chosen(self, names: Iterable[str] | None, *, enabled_only: bool) -> list[McpConnection]:
        if names is None:
            return [c for c in self._connections.values() if c.server.enabled or not enabled_only]
        wanted = set(names)
        return [c for name, c in self._connections.items() if name in wanted]

    def _changed(self) -> None:
        # Waiters hold the event they awaited; a fresh one is armed for the next change.
        self._change.set()
        self._change = asyncio.Event()
        for listener in list(self._listeners):
            try:
                listener()
            except Exception:  # a painting bug must not stop a server's life task
                logger.exception("an MCP server state listener failed")
