"""Starting a stdio MCP server with only the environment its table allows, and keeping
what it writes to stderr for the inspector.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from ollamux.config.tools import McpServer, stdio_environment

TAIL_LINES = 20
_TAIL_BYTES = 8192


@dataclass(frozen=True)
class Launch:
    """The program the SDK spawns, its arguments and environment."""

    command: str
    args: list[str]
    env: dict[str, str]
    cwd: Path | None


def launch(server: McpServer, environ: Mapping[str, str], sdk_inherited: Iterable[str]) -> Launch:
    """How to start `server` so that it sees PATH, HOME and its `env`, and nothing else.

    The SDK merges a default set of the user's variables (`sdk_inherited`: LOGNAME,
    SHELL, TERM, USER...) under the environment it is given and offers no way to
    drop them; `env -u NAME` removes them again just before the server runs. Only
    names go on that command line, never values.
    """
    env = stdio_environment(server, environ)
    unwanted = sorted(set(sdk_inherited) - set(env))
    if not unwanted or sys.platform == "win32":
        return Launch(server.command, list(server.args), env, server.cwd)
    unset = [part for name in unwanted for part in ("-u", name)]
    env_program = shutil.which("env") or "/usr/bin/env"
    return Launch(env_program, [*unset, "--", server.command, *server.args], env, server.cwd)


def command_problem(server: McpServer, env: Mapping[str, str]) -> str:
    """Why the server's program cannot run, or "" when it can: said before trying it,
    since `env` would otherwise report it in its own words."""
    if server.cwd is not None and not server.cwd.is_dir():
        return f"its working directory {server.cwd} does not exist"
    command = server.command
    if os.sep in command:
        path = Path(command) if os.path.isabs(command) else (server.cwd or Path.cwd()) / command
        if not os.access(path, os.X_OK) or path.is_dir():
            return f"cannot run {command}: no such program, or it is not executable"
        return ""
    if shutil.which(command, path=env.get("PATH", os.defpath)) is None:
        return f"command not found: {command} (looked in PATH)"
    return ""


class StderrLog:
    """A temporary file the server's stderr goes to: it never reaches the terminal the
    app draws on, and its last lines explain a failure."""

    def __init__(self) -> None:
        # Open for the server's whole life; close() ends it.
        self.file: TextIO = tempfile.TemporaryFile("w+", encoding="utf-8", errors="replace")  # noqa: SIM115

    def tail(self, lines: int = TAIL_LINES) -> str:
        """The last lines written so far. pread leaves the offset the server shares alone."""
        descriptor = self.file.fileno()
        size = os.fstat(descriptor).st_size
        start = max(0, size - _TAIL_BYTES)
        data = os.pread(descriptor, size - start, start).decode("utf-8", errors="replace")
        kept = data.splitlines()
        if start > 0 and kept:
            kept = kept[1:]  # the first line was cut mid-way
        return "\n".join(line.rstrip() for line in kept[-lines:] if line.strip())

    def close(self) -> None:
        self.file.close()
