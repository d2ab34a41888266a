"""A tiny MCP server for the tests, written with the official SDK.

Run over stdio as `sys.executable tests/mcp_server.py`; `build()` gives the same
server for an in-process streamable-HTTP test. Each tool shows one behaviour the
client must handle: a result, an error, a call that never ends, calls that only
finish together, the environment the server was given, a crash, and (over HTTP)
the headers a request carried. SIGTERM makes it say so on stderr before it exits.
"""

from __future__ import annotations

import os
import signal
import sys

import anyio
from mcp.server.mcpserver import Context, MCPServer
from mcp.server.mcpserver.exceptions import ToolError


def build() -> MCPServer:
    server = MCPServer("ollamux-test")
    met: set[str] = set()
    together = anyio.Event()

    @server.tool()
    def add(a: int, b: int) -> int:
        """Add two whole numbers."""
        return a + b

    @server.tool()
    def fail(reason: str) -> str:
        """Always fails, with the reason given."""
        raise ToolError(f"failed on purpose: {reason}")

    @server.tool()
    async def hang() -> str:
        """Never returns."""
        await anyio.sleep_forever()
        return ""

    @server.tool()
    async def meet(name: str) -> str:
        """Returns once two callers with different names are waiting: proves calls overlap."""
        met.add(name)
        if len(met) >= 2:
            together.set()
        await together.wait()
        return f"met {name}"

    @server.tool()
    def environment() -> str:
        """The names of this process's environment variables, OLLAMUX_TEST_TOKEN's value, its pid."""
        token = os.environ.get("OLLAMUX_TEST_TOKEN", "")
        return f"{' '.join(sorted(os.environ))}\ntoken={token}\npid={os.getpid()}"

    @server.tool()
    def crash(words: str) -> str:
        """Writes its words to stderr and exits at once, as a broken server does."""
        print(words, file=sys.stderr, flush=True)
        os._exit(3)

    @server.tool()
    def header(name: str, ctx: Context) -> str:
        """One HTTP request header's value, reversed (streamable HTTP only).

        Reversed, because the client masks a secret coming back as it is.
        """
        return (ctx.headers or {}).get(name.lower(), "")[::-1]

    return server


def _say_so_and_exit(signal_number: int, _frame: object) -> None:
    print(f"stopped by {signal.Signals(signal_number).name}", file=sys.stderr, flush=True)
    os._exit(1)


if __name__ == "__main__":
    signal.signal(signal.SIGTERM, _say_so_and_exit)  # a server killed while nobody calls it
    build().run()
