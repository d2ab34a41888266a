"""Where tools come from: `[mcp_servers.NAME]` and hand-answered `[tools.NAME]` tables.

The shapes follow what other terminal tools use, so a user can paste a server's
table from their docs. Every problem is a warning naming the table and its line; a server or
tool with one is left out, the rest of the file kept.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, TypeAlias

Approval: TypeAlias = Literal["ask", "never"]
APPROVALS: tuple[Approval, ...] = ("ask", "never")
# What OpenAI-compatible servers accept as a function name (Ollama takes the same).
_TOOL_NAME = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
_VARIABLE = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")
# The environment a stdio server gets beyond what its table names: enough to find
# and run a program, nothing that might hold a secret.
INHERITED = ("PATH", "HOME")
_SERVER_KEYS = {"command", "args", "env", "cwd", "url", "headers", "enabled", "approve"}
_TOOL_KEYS = {"description", "parameters"}
EMPTY_SCHEMA: dict[str, Any] = {"type": "object", "properties": {}}
# The source name of the tools answered by hand (`core.tools.HAND`): no server may take it.
HAND_SOURCE = "hand"
# One part of a TOML key: bare, "basic" (with escapes) or 'literal'.
_KEY_PART = r'(?:[A-Za-z0-9_-]+|"(?:[^"\\]|\\.)*"|\'[^\']*\')'
_KEY_PATH = rf"{_KEY_PART}(?:\s*\.\s*{_KEY_PART})*"
_HEADER = re.compile(rf"\s*\[(\[)?\s*({_KEY_PATH})\s*\]")
_ASSIGNMENT = re.compile(rf"\s*({_KEY_PATH})\s*=")
_PART = re.compile(_KEY_PART)


@dataclass(frozen=True, kw_only=True)
class McpServer:
    """One MCP server: a program spoken to over stdio, or a streamable-HTTP URL."""

    name: str
    command: str = ""
    args: tuple[str, ...] = ()
    env: dict[str, str] = field(default_factory=dict)  # values may hold ${VAR}
    cwd: Path | None = None
    url: str = ""
    headers: dict[str, str] = field(default_factory=dict)  # values may hold ${VAR}
    enabled: bool = True  # on for new sessions
    approve: Approval = "ask"  # "never": calls run without asking (trusted, read-only servers)

    @property
    def transport(self) -> Literal["stdio", "http"]:
        return "stdio" if self.command else "http"


@dataclass(frozen=True, kw_only=True)
class HandTool:
    """A tool with no program behind it: the user reads the call and types the result."""

    name: str
    description: str
    parameters: dict[str, Any] = field(default_factory=lambda: dict(EMPTY_SCHEMA))


def expand(value: str, environ: Mapping[str, str]) -> str:
    """`${VAR}` replaced by the environment's value (empty when unset): secrets stay out of the file."""
    return _VARIABLE.sub(lambda match: environ.get(match.group(1), ""), value)


def missing_variables(server: McpServer, environ: Mapping[str, str]) -> list[str]:
    """The `${VAR}`s a server's env or headers use that the environment lacks."""
    values = [*server.env.values(), *server.headers.values()]
    return sorted({name for value in values for name in _VARIABLE.findall(value) if name not in environ})


def stdio_environment(server: McpServer, environ: Mapping[str, str]) -> dict[str, str]:
    """What a stdio server runs with: PATH and HOME, then what its `env` names, expanded."""
    inherited = {name: environ[name] for name in INHERITED if name in environ}
    return inherited | {name: expand(value, environ) for name, value in server.env.items()}


def header_values(server: McpServer, environ: Mapping[str, str]) -> dict[str, str]:
    return {name: expand(value, environ) for name, value in server.headers.items()}


def table_lines(text: str, section: str) -> dict[str, int]:
    """Where each `[section.NAME]` starts in the file, by NAME: the first line that
    opens or sets it, however written (`[section."my name"]`, `section.NAME.key = ...`,
    `NAME = { ... }` under `[section]`). A warning then says where to look.

    A line scan, not a parser: it runs only on a file tomllib already read, and a
    miss (say, a header-like line inside a multi-line string) costs only the hint.
    """
    lines: dict[str, int] = {}
    table: list[str] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if header := _HEADER.match(line):
            table = _key_path(header[2])
            path = table
        elif assignment := _ASSIGNMENT.match(line):
            path = table + _key_path(assignment[1])
        else:
            continue
        if len(path) >= 2 and path[0] == section:
            lines.setdefault(path[1], number)
    return lines


def _key_path(text: str) -> list[str]:
    parts = []
    for part in _PART.findall(text):
        if part.startswith('"'):
            try:
                part = json.loads(part)  # TOML's basic strings escape as JSON does, near enough
            except ValueError:
                part = part[1:-1]
        elif part.startswith("'"):
            part = part[1:-1]
        parts.append(part)
    return parts


def _at(lines: Mapping[str, int], name: str) -> str:
    return f" (line {lines[name]})" if name in lines else ""


def servers_from_toml(
    raw: object, label: str, warnings: list[str], lines: Mapping[str, int] | None = None
) -> tuple[McpServer, ...]:
    """`lines`: where each server's table starts (`table_lines`), to name in warnings."""
    if raw is None:
        return ()
    if not isinstance(raw, dict):
        warnings.append(f"{label}: mcp_servers must be a table of [mcp_servers.NAME] tables; ignored")
        return ()
    servers = []
    for name, table in raw.items():
        where = f"{label}: [mcp_servers.{name}]"
        problems: list[str] = []
        server = _server(name, table, problems)
        warnings.extend(f"{where} {problem}{_at(lines or {}, name)}" for problem in problems)
        if server is not None:
            servers.append(server)
    return tuple(servers)


def hand_tools_from_toml(
    raw: object, label: str, warnings: list[str], lines: Mapping[str, int] | None = None
) -> tuple[HandTool, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, dict):
        warnings.append(f"{label}: tools must be a table of [tools.NAME] tables; ignored")
        return ()
    tools = []
    for name, table in raw.items():
        where = f"{label}: [tools.{name}]"
        problems: list[str] = []
        tool = _hand_tool(name, table, problems)
        warnings.extend(f"{where} {problem}{_at(lines or {}, name)}" for problem in problems)
        if tool is not None:
            tools.append(tool)
    return tuple(tools)


def _server(name: str, table: object, problems: list[str]) -> McpServer | None:
    if name == HAND_SOURCE:
        problems.append(f"is named {HAND_SOURCE!r}, which names the tools answered by hand; left out")
        return None
    if not isinstance(table, dict):
        problems.append("must be a table; left out")
        return None
    for key in sorted(set(table) - _SERVER_KEYS):
        problems.append(f"has an unknown key {key!r}; ignored")
    command, url = table.get("command", ""), table.get("url", "")
    if not isinstance(command, str) or not isinstance(url, str):
        problems.append("command and url must be strings; left out")
        return None
    if bool(command.strip()) == bool(url.strip()):
        problems.append("needs either command (a program over stdio) or url (streamable HTTP); left out")
        return None
    args = table.get("args", [])
    if not isinstance(args, list) or not all(isinstance(arg, str) for arg in args):
        problems.append("args must be a list of strings; left out")
        return None
    env, headers = _strings(table, "env", problems), _strings(table, "headers", problems)
    if env is None or headers is None:
        return None
    cwd = table.get("cwd")
    if cwd is not None and not isinstance(cwd, str):
        problems.append("cwd must be a string; left out")
        return None
    enabled = table.get("enabled", True)
    approve = table.get("approve", "ask")
    if not isinstance(enabled, bool):
        problems.append("enabled must be true or false; left out")
        return None
    if approve not in APPROVALS:
        problems.append(f"approve must be \"ask\" or \"never\", not {approve!r}; left out")
        return None
    return McpServer(
        name=name, command=command.strip(), args=tuple(args), env=env,
        cwd=Path(cwd).expanduser() if cwd else None, url=url.strip(), headers=headers,
        enabled=enabled, approve=approve,
    )


def _strings(table: dict[str, Any], key: str, problems: list[str]) -> dict[str, str] | None:
    value = table.get(key, {})
    if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
        problems.append(f"{key} must be a table of strings (use \"${{VAR}}\" for secrets); left out")
        return None
    return dict(value)


def _hand_tool(name: str, table: object, problems: list[str]) -> HandTool | None:
    if not _TOOL_NAME.match(name):
        problems.append("is not a tool name models accept (letters, digits, _ and -, at most 64); left out")
        return None
    if not isinstance(table, dict):
        problems.append("must be a table; left out")
        return None
    if "command" in table or "url" in table:
        problems.append("is answered by hand and runs nothing: a program goes in [mcp_servers.NAME]; left out")
        return None
    for key in sorted(set(table) - _TOOL_KEYS):
        problems.append(f"has an unknown key {key!r}; ignored")
    description = table.get("description", "")
    if not isinstance(description, str) or not description.strip():
        problems.append("needs a description: it is what the model reads to decide on a call; left out")
        return None
    parameters = table.get("parameters", EMPTY_SCHEMA)
    if not isinstance(parameters, dict) or parameters.get("type", "object") != "object":
        problems.append("parameters must be a JSON-schema table of type \"object\"; left out")
        return None
    return HandTool(name=name, description=description.strip(), parameters={"type": "object", **parameters})
