"""Reading `config.toml`: every problem a warning, the rest of the file kept."""

from __future__ import annotations

import math
import os
import re
import stat
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ollamux.config.hosts import env_host, hosts_from_toml
from ollamux.config.settings import (
    DEFAULT_THEME,
    DEFAULT_TOOL_ROUNDS,
    DEFAULT_TOOL_TIMEOUT,
    Config,
    data_dir,
    default_config_path,
)
from ollamux.config.tools import hand_tools_from_toml, servers_from_toml, table_lines

_TOML_POSITION = re.compile(r"\s*\(at line (\d+), column (\d+)\)$")
_TOML_AT_END = re.compile(r"\s*\(at end of document\)$")


def load_config(
    path: Path | str | None = None, *, environ: Mapping[str, str] = os.environ
) -> Config:
    """Read `config.toml` (default: in `config_dir()`) and resolve it into a Config.

    A missing default file is normal and yields the defaults: one host named
    "local" from `OLLAMA_HOST`. A missing explicit file, unreadable or invalid
    TOML yields the defaults plus a warning.
    """
    explicit = path is not None
    config_path = Path(path).expanduser() if path is not None else default_config_path(environ)
    warnings: list[str] = []
    raw, text = _read_toml(config_path, explicit, warnings, environ)
    label = _display_path(config_path, environ)

    raw_hosts = raw.pop("hosts", None)
    hosts, host_warnings = hosts_from_toml(raw_hosts, label, environ)
    warnings += host_warnings
    if _has_inline_key(raw_hosts) and _readable_by_others(config_path):
        warnings.append(
            f"{label} holds an API key but other users can read it; "
            f"run: chmod 600 {label}"
        )
    implicit_host = not hosts
    if implicit_host:
        hosts = [env_host(environ, warnings)]

    default_host = _take_str(raw, "default_host", label, warnings) or ""
    if default_host and default_host not in {host.name for host in hosts}:
        warnings.append(
            f"{label}: default_host {default_host!r} names no host; "
            f"using {hosts[0].name!r}"
        )
        default_host = ""
    default_model = _take_str(raw, "default_model", label, warnings) or None
    theme = _take_str(raw, "theme", label, warnings) or DEFAULT_THEME
    restore = _take_bool(raw, "restore_sessions", label, warnings)
    keymap = _keymap_from_toml(raw.pop("keys", None), label, warnings)
    servers = servers_from_toml(raw.pop("mcp_servers", None), label, warnings, table_lines(text, "mcp_servers"))
    hand_tools = hand_tools_from_toml(raw.pop("tools", None), label, warnings, table_lines(text, "tools"))
    rounds = _take_positive(raw, "tool_rounds", int, label, warnings)
    timeout = _take_positive(raw, "tool_timeout", float, label, warnings)
    for key in raw:
        warnings.append(f"{label}: unknown setting {key!r} ignored")

    return Config(
        hosts=tuple(hosts),
        default_host=default_host,
        default_model=default_model,
        theme=theme,
        keymap=keymap,
        restore_sessions=True if restore is None else restore,
        implicit_host=implicit_host,
        mcp_servers=servers,
        hand_tools=hand_tools,
        tool_rounds=DEFAULT_TOOL_ROUNDS if rounds is None else int(rounds),
        tool_timeout=DEFAULT_TOOL_TIMEOUT if timeout is None else float(timeout),
        config_path=config_path,
        data_dir=data_dir(environ),
        warnings=tuple(warnings),
    )


def _read_toml(
    path: Path, explicit: bool, warnings: list[str], environ: Mapping[str, str]
) -> tuple[dict[str, Any], str]:
    """The parsed file and its text, or {} (with a warning where that is a surprise)."""
    label = _display_path(path, environ)
    try:
        text = path.read_bytes().decode("utf-8")
    except FileNotFoundError:
        if explicit:
            warnings.append(f"{label} not found; using the default settings")
        return {}, ""
    except (OSError, UnicodeDecodeError) as error:
        reason = error.strerror if isinstance(error, OSError) else "it is not UTF-8 text"
        warnings.append(f"{label} could not be read ({reason}); using the default settings")
        return {}, ""
    try:
        return tomllib.loads(text), text
    except tomllib.TOMLDecodeError as error:
        warnings.append(f"{label}: {_toml_error(error, text)}; using the default settings")
        return {}, ""


def _toml_error(error: tomllib.TOMLDecodeError, text: str) -> str:
    """tomllib's message with the position put first, always as a line number."""
    message = str(error)
    if match := _TOML_POSITION.search(message):
        where = f"line {match[1]}, column {match[2]}"
        message = message[: match.start()]
    elif match := _TOML_AT_END.search(message):
        # "at end of document" names no line; the last line is where to look.
        where = f"line {max(1, len(text.splitlines()))} (end of file)"
        message = message[: match.start()]
    else:
        where = "somewhere"
    return f"invalid TOML at {where}: {message}"


def display_path(path: Path, environ: Mapping[str, str] = os.environ) -> str:
    """How warnings name a file: as a user would type it, with their home shown as ~."""
    return _display_path(path, environ)


def _display_path(path: Path, environ: Mapping[str, str]) -> str:
    """The path as a user would type it, with their home shown as ~."""
    home = environ.get("HOME")
    if home:
        try:
            return "~/" + str(path.relative_to(home))
        except ValueError:
            pass
    return str(path)


def _readable_by_others(path: Path) -> bool:
    try:
        mode = path.stat().st_mode
    except OSError:
        return False
    return bool(mode & (stat.S_IRGRP | stat.S_IROTH))


def _has_inline_key(raw_hosts: object) -> bool:
    """True when some [[hosts]] entry writes its key into the file itself."""
    entries = raw_hosts if isinstance(raw_hosts, list) else []
    return any(isinstance(entry, dict) and entry.get("api_key") for entry in entries)


# --------------------------------------------------------------------------- scalars


def _type_name(value: object) -> str:
    names = {bool: "a boolean", int: "a number", float: "a number", str: "a string",
             list: "a list", dict: "a table"}
    return names.get(type(value), type(value).__name__)


def _take_str(raw: dict[str, Any], key: str, label: str, warnings: list[str]) -> str | None:
    if key not in raw:
        return None
    value = raw.pop(key)
    if isinstance(value, str):
        return value.strip()
    warnings.append(f"{label}: {key} must be a string, not {_type_name(value)}; ignored")
    return None


def _take_bool(raw: dict[str, Any], key: str, label: str, warnings: list[str]) -> bool | None:
    if key not in raw:
        return None
    value = raw.pop(key)
    if isinstance(value, bool):
        return value
    warnings.append(
        f"{label}: {key} must be true or false, not {_type_name(value)}; ignored"
    )
    return None


def _take_positive(
    raw: dict[str, Any], key: str, kind: type[int] | type[float], label: str, warnings: list[str]
) -> int | float | None:
    """A number above zero (an int where `kind` is int; a float takes both)."""
    if key not in raw:
        return None
    value = raw.pop(key)
    accepted = (int,) if kind is int else (int, float)
    if isinstance(value, accepted) and not isinstance(value, bool) and 0 < value < math.inf:
        return value
    what = "a whole number above 0" if kind is int else "a number of seconds above 0"
    warnings.append(f"{label}: {key} must be {what}, not {value!r}; the default is used")
    return None


# --------------------------------------------------------------------------- keys


def _keymap_from_toml(raw: object, label: str, warnings: list[str]) -> dict[str, str]:
    """Validate the [keys] table's shape; which actions exist is the UI's business."""
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        warnings.append(f"{label}: [keys] must be a table, not {_type_name(raw)}; ignored")
        return {}
    keymap: dict[str, str] = {}
    for action, keys in raw.items():
        normalised = normalise_keys(keys) if isinstance(keys, str) else None
        if normalised is None:
            warnings.append(
                f"{label}: keys.{action} must be a string of comma-separated keys "
                f'such as "ctrl+n,f2"; ignored'
            )
            continue
        keymap[action] = normalised
    return keymap


def normalise_keys(keys: str) -> str | None:
    """'ctrl+n, f2' -> 'ctrl+n,f2'; None when a key is empty or has inner spaces."""
    parts = [part.strip() for part in keys.split(",")]
    if not parts or any(not part or any(c.isspace() for c in part) for part in parts):
        return None
    return ",".join(parts)
