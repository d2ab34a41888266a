"""The resolved configuration, its defaults, and where ollamux keeps its files."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from ollamux.api.hosts import Host
from ollamux.config.tools import HandTool, McpServer

APP_NAME = "ollamux"
CONFIG_FILE = "config.toml"
DEFAULT_THEME = "ollamux-dark"
LOCAL_HOST_NAME = "local"
DEFAULT_CLI_KEY_ENV = "OLLAMUX_API_KEY"
# ollama.com keys are only ever sent to ollama.com: see `implicit_ollama_key`.
OLLAMA_KEY_ENV = "OLLAMA_API_KEY"
OLLAMA_CLOUD_HOSTNAME = "ollama.com"


# A model that keeps calling tools is stopped after this many rounds.
DEFAULT_TOOL_ROUNDS = 10
# A tool call that runs longer than this is cancelled and reported to the model as failed.
DEFAULT_TOOL_TIMEOUT = 60.0

@dataclass(frozen=True, kw_only=True)
class Config:
    """Everything the app needs to start, resolved and validated."""

    hosts: tuple[Host, ...]
    """The servers to offer, in display order; never empty."""

    default_host: str = ""
    """Name of the host new sessions use; empty means the first host."""

    default_model: str | None = None
    """Model for new sessions; None lets the UI pick (first model the host lists)."""

    theme: str = DEFAULT_THEME
    """Name of the Textual theme to start with (bundled, user or built-in)."""

    keymap: dict[str, str] = field(default_factory=dict)
    """Binding overrides: action name -> comma-separated Textual keys."""

    restore_sessions: bool = True
    """Reopen the sessions that were open when the app last quit."""

    config_path: Path
    """The config file that was (or would have been) read."""

    data_dir: Path
    """Where sessions and other state live (`$XDG_DATA_HOME/ollamux`)."""

    warnings: tuple[str, ...] = ()
    """Problems found while loading, for the UI to show at start."""

    open_session: Path | None = None
    """A session file to open at start (`--session`)."""

    implicit_host: bool = False
    """The only host is `local`, implied because no host was configured at all."""

    mcp_servers: tuple[McpServer, ...] = ()
    """MCP servers whose tools sessions may use (`[mcp_servers.NAME]`)."""

    hand_tools: tuple[HandTool, ...] = ()
    """Tools the user answers by hand (`[tools.NAME]`)."""

    tool_rounds: int = DEFAULT_TOOL_ROUNDS
    """How many rounds of tool calls one reply may take before it is stopped."""

    tool_timeout: float = DEFAULT_TOOL_TIMEOUT
    """Seconds a tool call may run before it is cancelled and reported failed."""

    def __post_init__(self) -> None:
        if not self.hosts:
            raise ValueError("Config needs at least one host")
        names = [host.name for host in self.hosts]
        if len(set(names)) != len(names):
            raise ValueError(f"host names must be unique: {names}")
        if not self.default_host:
            # Frozen: fill the documented "empty means first" default in place.
            object.__setattr__(self, "default_host", names[0])
        elif self.default_host not in names:
            raise ValueError(f"default_host {self.default_host!r} names no host")

    @property
    def host(self) -> Host:
        """The default host."""
        return self.host_named(self.default_host)

    def host_named(self, name: str) -> Host:
        """The host called `name`; KeyError if there is none."""
        for host in self.hosts:
            if host.name == name:
                return host
        raise KeyError(name)


# Paths


def _xdg_dir(variable: str, fallback: str, environ: Mapping[str, str]) -> Path:
    # The XDG spec says relative values are invalid and must be ignored.
    value = environ.get(variable, "")
    if value and Path(value).is_absolute():
        return Path(value) / APP_NAME
    home = environ.get("HOME") or str(Path.home())
    return Path(home) / fallback / APP_NAME


def config_dir(environ: Mapping[str, str] = os.environ) -> Path:
    """`$XDG_CONFIG_HOME/ollamux`, by default `~/.config/ollamux`."""
    return _xdg_dir("XDG_CONFIG_HOME", ".config", environ)


def data_dir(environ: Mapping[str, str] = os.environ) -> Path:
    """`$XDG_DATA_HOME/ollamux`, by default `~/.local/share/ollamux`."""
    return _xdg_dir("XDG_DATA_HOME", ".local/share", environ)


def state_dir(environ: Mapping[str, str] = os.environ) -> Path:
    """`$XDG_STATE_HOME/ollamux`, by default `~/.local/state/ollamux`: crash reports."""
    return _xdg_dir("XDG_STATE_HOME", ".local/state", environ)


def themes_dir(environ: Mapping[str, str] = os.environ) -> Path:
    """Where user themes live: `$XDG_CONFIG_HOME/ollamux/themes`."""
    return config_dir(environ) / "themes"


def presets_dir(environ: Mapping[str, str] = os.environ) -> Path:
    """Where user presets live: `$XDG_CONFIG_HOME/ollamux/presets`."""
    return config_dir(environ) / "presets"


def default_config_path(environ: Mapping[str, str] = os.environ) -> Path:
    return config_dir(environ) / CONFIG_FILE
