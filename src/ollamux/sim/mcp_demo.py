"""The MCP server of `ollamux --demo`: a few pure, read-only tools, over stdio.

Run as `python -m ollamux.sim.mcp_demo`. Every answer depends only on the
arguments (no clock, no files, no network), so a demo or a snapshot shows the
same thing every time. The SDK takes about a second to import, which is why the
app never imports this module: it only starts it as a program.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field


def add(
    a: Annotated[float, Field(description="The first number")],
    b: Annotated[float, Field(description="The second number")],
) -> str:
    """Add two numbers."""
    return format(a + b, ".12g")


def word_count(text: Annotated[str, Field(description="The text whose words to count")]) -> str:
    """Count the words in a text."""
    count = len(text.split())
    return f"{count} word" if count == 1 else f"{count} words"


def convert_temperature(
    celsius: Annotated[float, Field(description="A temperature in degrees Celsius")],
    unit: Annotated[Literal["fahrenheit", "kelvin"], Field(description="The unit to convert to")]
    = "fahrenheit",
) -> str:
    """Convert a temperature from Celsius to Fahrenheit or Kelvin."""
    if unit == "kelvin":
        return f"{format(celsius + 273.15, '.12g')} K"
    return f"{format(celsius * 9 / 5 + 32, '.12g')} °F"


TOOLS = (add, word_count, convert_temperature)


def main() -> None:
    # Imported here: the SDK is slow to import, and only the server process needs it.
    from mcp.server.mcpserver import MCPServer
    from mcp_types import ToolAnnotations

    server: MCPServer[object] = MCPServer(
        "ollamux-demo",
        instructions="Small arithmetic and text tools for trying tool calls in ollamux.",
        log_level="WARNING",
    )
    read_only = ToolAnnotations(
        read_only_hint=True, destructive_hint=False, idempotent_hint=True, open_world_hint=False
    )
    for tool in TOOLS:
        server.add_tool(tool, annotations=read_only, structured_output=False)
    server.run("stdio")


if __name__ == "__main__":
    main()
