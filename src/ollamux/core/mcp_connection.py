"""One MCP server's life with the official SDK: start, list its tools, run calls, stop.

The SDK's client must be entered and left in the same task, so each start runs
one long-lived task that holds its context managers until the server is closed
or lost. Calls come from other tasks and only await the client's streams.
The SDK is imported here only when a server starts: it takes about a second.
"""

from __future__ import annotations

import asyncio
import importlib
import math
from collections.abc import Callable
from contextlib import AsyncExitStack
from typing import TYPE_CHECKING, Any

from ollamux import __version__
from ollamux.config.tools import McpServer, header_values, missing_variables
from ollamux.core.mcp_results import listed_tools, tool_result
from ollamux.core.mcp_stdio import StderrLog, command_problem, launch
from ollamux.core.mcp_watch import watched
from ollamux.core.tools import ServerState, ServerStatus, ToolResult

if TYPE_CHECKING:
    from collections.abc import Mapping

    import anyio
    from mcp.client import Client, Transport

# Longer than any sane start (npx may fetch a package first), short enough to give up on a stuck one.
START_TIMEOUT = 20.0


class StartProblem(Exception):
    """Why a server was not even tried: said in the user's terms."""


class McpConnection:
    """One configured server: its state, its client while it runs, its calls."""

    def __init__(
        self,
        server: McpServer,
        environ: Mapping[str, str],
        *,
        mask: Callable[[str], str],
        on_change: Callable[[], None],
        start_timeout: float = START_TIMEOUT,
    ) -> None:
        self.server = server
        self._environ = environ
        self._mask = mask
        self._on_change = on_change
        self._start_timeout = start_timeout
        self._state = ServerState(server.name, ServerStatus.OFF)
        self._task: asyncio.Task[None] | None = None
        self._scope: anyio.CancelScope | None = None
        self._client: Client | None = None
        self._settled = asyncio.Event()  # set whenever the server is not starting
        self._settled.set()
        self._lost = ""  # why a running server went away, once a call found out
        self._closing = False

    @property
    def state(self) -> ServerState:
        return self._state

    def start(self) -> None:
        """Start in the background unless already starting or running; a failed server tries again."""
        if self._state.status in (ServerStatus.STARTING, ServerStatus.READY):
            return
        loop = asyncio.get_running_loop()  # before any change: without a loop nothing would ever start
        self._lost, self._closing = "", False
        self._settled.clear()
        self._set(ServerState(self.server.name, ServerStatus.STARTING))
        self._task = loop.create_task(self._life(), name=f"MCP server {self.server.name}")

    async def call(self, name: str, arguments: dict[str, Any]) -> ToolResult:
        """Run one tool; every failure comes back as a failed result, secrets masked."""
        await self._settled.wait()
        client, life = self._client, self._task
        if client is None:
            why = self._state.error or self._state.status.value
            return ToolResult(self._mask(f"the MCP server {self.server.name} is not running ({why})"), failed=True)
        from mcp.shared.exceptions import MCPError
        from mcp_types import CONNECTION_CLOSED

        try:
            result = await client.call_tool(name, arguments)
        except MCPError as error:
            if error.code == CONNECTION_CLOSED:
                return ToolResult(self._mask(await self._connection_lost(life)), failed=True)
            return ToolResult(self._mask(error.message or describe(error)), failed=True)
        except Exception as error:  # the transport's or the SDK's own checks: the call failed, not the app
            return ToolResult(self._mask(describe(error)), failed=True)
        outcome = tool_result(result)
        return ToolResult(self._mask(outcome.text), outcome.failed)

    async def close(self) -> None:
        """Stop the server and wait until its process is gone (the SDK bounds every wait)."""
        task = self._task
        if task is None or task.done():
            return
        self._closing = True
        if self._scope is None:
            task.cancel()  # still loading the SDK: nothing was spawned that a cancel could orphan
        else:
            self._scope.cancel()
        # Not gather: a closer that gives up must not cancel the life task natively,
        # which would cut the SDK's shielded shutdown short and orphan the process.
        await asyncio.wait([task])
        if self._state.status is not ServerStatus.OFF:  # cancelled before it ever ran
            self._set(ServerState(self.server.name, ServerStatus.OFF))

    async def _connection_lost(self, life: asyncio.Task[None] | None) -> str:
        """Wind the server's life down and say so; its state is FAILED, with its stderr, on return."""
        if self._closing:
            return f"the MCP server {self.server.name} was stopped during the call"
        self._lose()
        if life is not None:
            await asyncio.wait([life])  # not `await life`: cancelling this call must not cancel it
        last_words = self._state.stderr_tail.splitlines()[-1:]
        return ": ".join([f"the MCP server {self.server.name} stopped during the call", *last_words])

    def _lose(self) -> None:
        """The running server went away (it crashed or quit): its life winds down and reports it."""
        if self._lost or self._closing or self._scope is None:
            return
        self._lost = "the server stopped (its connection closed)"
        self._scope.cancel()

    def _output_ended(self) -> None:
        if self._client is not None:  # while starting, the start itself fails and says why
            self._lose()

    def _set(self, state: ServerState) -> None:
        self._state = state
        if state.status is not ServerStatus.STARTING:
            self._settled.set()
        self._on_change()

    async def _life(self) -> None:
        log: StderrLog | None = None
        started, failure = False, ""
        try:
            try:  # the first import takes about a second: off the loop the screen is drawn from
                await asyncio.to_thread(importlib.import_module, "mcp.client")
            except ImportError as error:
                failure = f"the mcp package cannot be loaded: {error}"
                return
            import anyio
            from mcp.client import Client
            from mcp_types import Implementation

            log = StderrLog() if self.server.transport == "stdio" else None
            deadline = anyio.current_time() + self._start_timeout
            with anyio.CancelScope(deadline=deadline) as scope:
                self._scope = scope
                try:
                    async with AsyncExitStack() as stack:
                        transport = watched(await self._transport(stack, log), self._output_ended)
                        info = Implementation(name="ollamux", version=__version__)
                        client = await stack.enter_async_context(Client(transport, client_info=info))
                        tools = await listed_tools(client, self.server)
                        scope.deadline = math.inf
                        started, self._client = True, client
                        tail = log.tail() if log else ""
                        self._set(ServerState(self.server.name, ServerStatus.READY, tools, "", self._mask(tail)))
                        await anyio.sleep_forever()  # until close() or a lost connection cancels the scope
                except StartProblem as problem:
                    failure = str(problem)
                except Exception as error:
                    failure = describe(error) if log else f"{self.server.url}: {describe(error)}"
                finally:
                    self._client = None
            if not started and not self._closing and anyio.current_time() >= deadline:
                failure = f"no answer within {self._start_timeout:g} s"
        finally:
            self._scope = None
            tail = log.tail() if log else ""
            if log is not None:
                log.close()
            if self._closing:
                self._set(ServerState(self.server.name, ServerStatus.OFF))
            else:
                why = self._lost or failure or "the server stopped"
                self._set(ServerState(self.server.name, ServerStatus.FAILED, (), self._mask(why), self._mask(tail)))

    async def _transport(self, stack: AsyncExitStack, log: StderrLog | None) -> Transport:
        server = self.server
        missing = missing_variables(server, self._environ)
        if missing:
            names = ", ".join(f"${{{name}}}" for name in missing)
            raise StartProblem(f"needs {names}, which the environment does not set")
        if log is None:
            import httpx2
            from mcp.client.streamable_http import streamable_http_client

            # The SDK's own timeouts: a server may hold a response stream open for long.
            http = httpx2.AsyncClient(
                headers=header_values(server, self._environ), timeout=httpx2.Timeout(30.0, read=300.0)
            )
            await stack.enter_async_context(http)
            return streamable_http_client(server.url, http_client=http)
        from mcp.client.stdio import DEFAULT_INHERITED_ENV_VARS, StdioServerParameters, stdio_client

        plan = launch(server, self._environ, DEFAULT_INHERITED_ENV_VARS)
        problem = command_problem(server, plan.env)
        if problem:
            raise StartProblem(problem)
        parameters = StdioServerParameters(command=plan.command, args=plan.args, env=plan.env, cwd=plan.cwd)
        return stdio_client(parameters, errlog=log.file)


def describe(error: BaseException) -> str:
    """One line saying what went wrong, from the innermost cause the SDK's task groups wrap."""
    while isinstance(error, BaseExceptionGroup) and error.exceptions:
        error = error.exceptions[0]
    from mcp.shared.exceptions import MCPError
    from mcp_types import CONNECTION_CLOSED

    if isinstance(error, MCPError) and error.code == CONNECTION_CLOSED:
        return "the server closed its connection before it was ready (see its stderr)"
    if isinstance(error, OSError) and error.strerror:
        return f"{error.strerror}: {error.filename}" if error.filename else error.strerror
    text = str(error).strip()
    first = text.splitlines()[0] if text else ""
    return first or type(error).__name__
