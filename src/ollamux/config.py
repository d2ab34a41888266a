"""User configuration: `config.toml`, the environment and command-line overrides.

Loading never fails. Every problem becomes a sentence in `Config.warnings`, which
the UI shows at start, and the offending part is ignored while the rest is kept:
a typo in one host must not cost the user their other hosts or their keys.
Key values never appear in warnings or reprs, only the names of their variables.
"""

from __future__ import annotations

import os
import re
import stat
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, cast
from urllib.parse import urlsplit

from ollamux.api.hosts import Host, HostKind, normalise_openai_url, parse_ollama_host

APP_NAME = "ollamux"
CONFIG_FILE = "config.toml"
DEFAULT_THEME = "ollamux-dark"
LOCAL_HOST_NAME = "local"
DEFAULT_CLI_KEY_ENV = "OLLAMUX_API_KEY"
# ollama.com keys are only ever sent to ollama.com: see `_implicit_ollama_key`.
OLLAMA_KEY_ENV = "OLLAMA_API_KEY"
OLLAMA_CLOUD_HOSTNAME = "ollama.com"

_TOP_LEVEL_KEYS = frozenset(
    {"default_host", "default_model", "theme", "restore_sessions", "hosts", "keys"}
)
_HOST_KEYS = frozenset({"name", "url", "kind", "api_key_env", "api_key"})
_HOST_KINDS: tuple[HostKind, ...] = ("ollama", "openai")
_TOML_POSITION = re.compile(r"\s*\(at line (\d+), column (\d+)\)$")
_TOML_AT_END = re.compile(r"\s*\(at end of document\)$")


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


# --------------------------------------------------------------------------- paths


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


def themes_dir(environ: Mapping[str, str] = os.environ) -> Path:
    """Where user themes live: `$XDG_CONFIG_HOME/ollamux/themes`."""
    return config_dir(environ) / "themes"


def default_config_path(environ: Mapping[str, str] = os.environ) -> Path:
    return config_dir(environ) / CONFIG_FILE


# --------------------------------------------------------------------------- loading


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
    raw = _read_toml(config_path, explicit, warnings, environ)
    label = _display_path(config_path, environ)

    raw_hosts = raw.pop("hosts", None)
    hosts, host_warnings = _hosts_from_toml(raw_hosts, label, environ)
    warnings += host_warnings
    if _has_inline_key(raw_hosts) and _readable_by_others(config_path):
        warnings.append(
            f"{label} holds an API key but other users can read it; "
            f"run: chmod 600 {label}"
        )
    if not hosts:
        hosts = [_env_host(environ)]

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
    for key in raw:
        warnings.append(f"{label}: unknown setting {key!r} ignored")

    return Config(
        hosts=tuple(hosts),
        default_host=default_host,
        default_model=default_model,
        theme=theme,
        keymap=keymap,
        restore_sessions=True if restore is None else restore,
        config_path=config_path,
        data_dir=data_dir(environ),
        warnings=tuple(warnings),
    )


def _read_toml(
    path: Path, explicit: bool, warnings: list[str], environ: Mapping[str, str]
) -> dict[str, Any]:
    """The parsed file, or {} (with a warning where that is a surprise)."""
    label = _display_path(path, environ)
    try:
        text = path.read_bytes().decode("utf-8")
    except FileNotFoundError:
        if explicit:
            warnings.append(f"{label} not found; using the default settings")
        return {}
    except (OSError, UnicodeDecodeError) as error:
        reason = error.strerror if isinstance(error, OSError) else "it is not UTF-8 text"
        warnings.append(f"{label} could not be read ({reason}); using the default settings")
        return {}
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        warnings.append(f"{label}: {_toml_error(error, text)}; using the default settings")
        return {}


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


# --------------------------------------------------------------------------- hosts


def _hosts_from_toml(
    raw: object, label: str, environ: Mapping[str, str]
) -> tuple[list[Host], list[str]]:
    """The valid [[hosts]] entries, in file order, and a warning per bad one."""
    if raw is None:
        return [], []
    if not isinstance(raw, list):
        return [], [f"{label}: hosts must be an array of tables ([[hosts]]); ignored"]
    hosts: list[Host] = []
    warnings: list[str] = []
    for index, entry in enumerate(raw, start=1):
        host = _host_from_toml(entry, index, label, environ, warnings)
        if host is None:
            continue
        if any(existing.name == host.name for existing in hosts):
            warnings.append(f"{label}: duplicate host name {host.name!r}; the later one is ignored")
            continue
        hosts.append(host)
    return hosts, warnings


def _host_from_toml(
    entry: object, index: int, label: str, environ: Mapping[str, str], warnings: list[str]
) -> Host | None:
    if not isinstance(entry, dict):
        warnings.append(f"{label}: hosts entry {index} must be a table; ignored")
        return None
    name = entry.get("name")
    if not isinstance(name, str) or not name.strip():
        warnings.append(f"{label}: hosts entry {index} has no name (a string); ignored")
        return None
    name = name.strip()
    where = f"{label}: host {name!r}"
    for key in entry.keys() - _HOST_KEYS:
        warnings.append(f"{where}: unknown setting {key!r} ignored")

    kind = entry.get("kind", "ollama")
    if kind not in _HOST_KINDS:
        warnings.append(f'{where}: kind must be "ollama" or "openai", not {kind!r}; host ignored')
        return None
    url = _host_url(entry.get("url"), cast(HostKind, kind), where, warnings)
    if url is None:
        return None
    api_key = _host_key(entry, name, url, where, environ, warnings)
    return Host(name=name, url=url, kind=cast(HostKind, kind), api_key=api_key)


def _host_url(raw: object, kind: HostKind, where: str, warnings: list[str]) -> str | None:
    if not isinstance(raw, str) or not raw.strip():
        warnings.append(f"{where} has no url (a string); host ignored")
        return None
    url = resolve_url(raw, kind)
    if url is None:
        warnings.append(f"{where}: url {raw!r} is not an http(s) address; host ignored")
    return url


def resolve_url(raw: str, kind: HostKind) -> str | None:
    """A base URL in our canonical form, or None if it is not http(s)."""
    url = parse_ollama_host(raw) if kind == "ollama" else normalise_openai_url(raw)
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return None
    return url


def _host_key(
    entry: dict[str, Any],
    name: str,
    url: str,
    where: str,
    environ: Mapping[str, str],
    warnings: list[str],
) -> str | None:
    """The key for one configured host: from its variable, inline, or implied."""
    variable = entry.get("api_key_env")
    inline = entry.get("api_key")
    if inline is not None and not isinstance(inline, str):
        warnings.append(f"{where}: api_key must be a string; ignored")
        inline = None
    if variable is not None and not isinstance(variable, str):
        warnings.append(f"{where}: api_key_env must be the name of a variable (a string); ignored")
        variable = None
    if variable:
        if inline:
            warnings.append(f"{where} sets both api_key and api_key_env; using api_key_env")
        return key_from_env(variable, name, environ, warnings)
    if inline:
        return inline
    return _implicit_ollama_key(url, environ)


def key_from_env(
    variable: str, host_name: str, environ: Mapping[str, str], warnings: list[str]
) -> str | None:
    """The value of `variable`, or None and a warning that names only the variable."""
    value = environ.get(variable, "").strip()
    if not value:
        warnings.append(f"{variable} is not set; host {host_name!r} will be sent no key")
        return None
    return value


def _implicit_ollama_key(url: str, environ: Mapping[str, str]) -> str | None:
    """OLLAMA_API_KEY, but only for ollama.com itself.

    ollama-python sends this key to every host; we do not, so that a key issued by
    ollama.com never leaks to a LAN box or a proxy the user merely points us at.
    """
    if urlsplit(url).hostname == OLLAMA_CLOUD_HOSTNAME:
        return environ.get(OLLAMA_KEY_ENV, "").strip() or None
    return None


def _env_host(environ: Mapping[str, str]) -> Host:
    """The host used when nothing else is configured: OLLAMA_HOST or the default."""
    url = parse_ollama_host(environ.get("OLLAMA_HOST"))
    return Host(name=LOCAL_HOST_NAME, url=url, api_key=_implicit_ollama_key(url, environ))


# --------------------------------------------------------------------------- CLI


@dataclass(frozen=True)
class CliOverrides:
    """What the command line can change; argparse's namespace maps onto this."""

    ollama_urls: tuple[str, ...] = ()
    openai_urls: tuple[str, ...] = ()
    api_key_env: str | None = None
    model: str | None = None
    theme: str | None = None
    open_session: Path | None = None


def apply_cli(
    config: Config, cli: CliOverrides, *, environ: Mapping[str, str] = os.environ
) -> Config:
    """The config with command-line overrides applied.

    Hosts from `--host` and `--openai` go in front of the configured ones (in
    command-line order, Ollama first) and the first becomes the default: what
    you name on the command line is what you mean to use now, but the hosts in
    config.toml stay one keystroke away. A URL that is already configured is not
    added twice; the existing entry (and its name and key) is reused instead.
    """
    warnings = list(config.warnings)
    hosts = list(config.hosts)
    added: list[Host] = []
    for kind, urls in (("ollama", cli.ollama_urls), ("openai", cli.openai_urls)):
        for raw in urls:
            host = _cli_host(raw, cast(HostKind, kind), cli, hosts + added, environ, warnings)
            if host is not None and host not in added:
                added.append(host)
    if added:
        hosts = added + [host for host in hosts if host not in added]
    return replace(
        config,
        hosts=tuple(hosts),
        default_host=added[0].name if added else config.default_host,
        default_model=cli.model or config.default_model,
        theme=cli.theme or config.theme,
        open_session=cli.open_session or config.open_session,
        warnings=tuple(warnings),
    )


def _cli_host(
    raw: str,
    kind: HostKind,
    cli: CliOverrides,
    known: list[Host],
    environ: Mapping[str, str],
    warnings: list[str],
) -> Host | None:
    flag = "--host" if kind == "ollama" else "--openai"
    url = resolve_url(raw, kind)
    if url is None:
        warnings.append(f"{flag} {raw!r} is not an http(s) address; ignored")
        return None
    for host in known:
        if host.url == url and host.kind == kind:
            return host
    name = _unique_name(_name_for_url(url), {host.name for host in known})
    api_key = _cli_key(url, kind, name, cli, environ, warnings)
    return Host(name=name, url=url, kind=kind, api_key=api_key)


def _cli_key(
    url: str,
    kind: HostKind,
    name: str,
    cli: CliOverrides,
    environ: Mapping[str, str],
    warnings: list[str],
) -> str | None:
    """OpenAI hosts always take --api-key-env's variable (OLLAMUX_API_KEY by default).

    Ollama hosts need no key unless --api-key-env was given explicitly, or they
    are ollama.com and OLLAMA_API_KEY is set.
    """
    if kind == "openai":
        return key_from_env(cli.api_key_env or DEFAULT_CLI_KEY_ENV, name, environ, warnings)
    if cli.api_key_env:
        return key_from_env(cli.api_key_env, name, environ, warnings)
    return _implicit_ollama_key(url, environ)


def _name_for_url(url: str) -> str:
    """host:port, the way people say which server they mean."""
    return urlsplit(url).netloc


def _unique_name(name: str, taken: set[str]) -> str:
    candidate, number = name, 2
    while candidate in taken:
        candidate, number = f"{name}-{number}", number + 1
    return candidate


def demo_config(config: Config, url: str, *, model: str | None, sandbox: Path) -> Config:
    """The config for `--demo`: the simulator as the only host, state kept in `sandbox`.

    The demo never reads or writes the user's real sessions, so it always starts
    the same way and leaves nothing behind.
    """
    return replace(
        config,
        hosts=(Host(name="demo", url=url),),
        default_host="demo",
        default_model=model or "demo-coder:7b",
        data_dir=sandbox,
        restore_sessions=False,
    )
