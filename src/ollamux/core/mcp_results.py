"""What an MCP server answers, in ollamux's terms: its tools, and a call's result as
the text a model reads.

Models take text in a tool message: text content goes as it is, anything else
(images, audio, resources) is named with its type and size so the model and the
user know it was there.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from ollamux.config.tools import McpServer
from ollamux.core.tools import Tool, ToolResult

if TYPE_CHECKING:  # the SDK loads only when a server starts
    from mcp.client import Client
    from mcp_types import CallToolResult, ContentBlock

_TOOL_PAGES = 100  # a server whose tool list never ends cannot keep a start going


async def listed_tools(client: Client, server: McpServer) -> tuple[Tool, ...]:
    """Every tool the server offers, page after page, as a session offers it to a model."""
    tools: list[Tool] = []
    cursor: str | None = None
    for _ in range(_TOOL_PAGES):
        page = await client.list_tools(cursor=cursor)
        tools.extend(
            Tool(
                source=server.name, name=tool.name, description=tool.description or "",
                parameters=dict(tool.input_schema), approve=server.approve,
            )
            for tool in page.tools
        )
        cursor = page.next_cursor
        if cursor is None:
            break
    return tuple(tools)


def tool_result(result: CallToolResult) -> ToolResult:
    """The result's text content joined; structured content as JSON when there is no text."""
    parts = [_block_text(block) for block in result.content]
    text = "\n".join(part for part in parts if part)
    if not text and result.structured_content is not None:
        text = json.dumps(result.structured_content, ensure_ascii=False, indent=2)
    if result.is_error:
        return ToolResult(text or "the tool reported an error and gave no message", failed=True)
    return ToolResult(text)


def _block_text(block: ContentBlock) -> str:
    match block.type:
        case "text":
            return block.text
        case "image" | "audio":
            return f"[{block.type}: {block.mime_type}, {_size(_decoded_bytes(block.data))}]"
        case "resource_link":
            return f"[resource link: {block.uri}]"
        case "resource":
            resource = block.resource
            if hasattr(resource, "text"):
                return str(resource.text)
            kind = resource.mime_type or "binary"
            return f"[resource: {resource.uri}, {kind}, {_size(_decoded_bytes(resource.blob))}]"
    return f"[{block.type} content]"  # pragma: no cover - a kind a later SDK adds


def _decoded_bytes(base64_text: str) -> int:
    """How many bytes a base64 text holds, without decoding it."""
    length = len(base64_text.rstrip("="))
    return length * 3 // 4


def _size(count: int) -> str:
    if count < 1024:
        return f"{count} B"
    if count < 1024 * 1024:
        return f"{round(count / 1024)} KB"
    return f"{count / (1024 * 1024):.1f} MB"
