"""Command-line overrides (`--host`, `--openai`, `--model`, ...) and `--demo`."""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import cast
from urllib.parse import urlsplit

from ollamux.api.hosts import BadHostURL, Host, HostKind
from ollamux.config.hosts import implicit_ollama_key, key_from_env, resolve_url
from ollamux.config.settings import DEFAULT_CLI_KEY_ENV, Config
from ollamux.config.tools import HandTool, McpServer


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
        # The implicit `local` host stood in for "no host given"; naming one on
        # the command line says which, so an unused, unreachable 127.0.0.1:11434
        # is not listed beside it.
        kept = [host for host in hosts if host not in added and not config.implicit_host]
        hosts = added + kept
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
    try:
        url = resolve_url(raw, kind)
    except BadHostURL as problem:
        warnings.append(f"{flag} {raw!r} is refused: {problem}; ignored")
        return None
    for host in known:
        if host.url == url and host.kind == kind:
            return host
    name = _unique_name(_names_for_url(url, kind), {host.name for host in known})
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
        if cli.api_key_env is None:
            # Most local OpenAI-compatible servers need no key: an unset default
            # variable is only worth a word when the server answers 401.
            return environ.get(DEFAULT_CLI_KEY_ENV, "").strip() or None
        return key_from_env(cli.api_key_env, name, environ, warnings)
    if cli.api_key_env:
        return key_from_env(cli.api_key_env, name, environ, warnings)
    return implicit_ollama_key(url, environ)


def _names_for_url(url: str, kind: HostKind) -> list[str]:
    """Names to try, best first: host:port, the way people say which server they mean.

    An OpenAI endpoint on the same host:port as an Ollama one (Ollama serves both)
    is told apart by its path, `127.0.0.1:11434 /v1`, rather than by a number.
    """
    parts = urlsplit(url)
    names = [parts.netloc]
    if kind == "openai":
        path = parts.path.rstrip("/")
        names.append(f"{parts.netloc} {path}" if path else f"{parts.netloc} openai")
    return names


def _unique_name(names: list[str], taken: set[str]) -> str:
    for name in names:
        if name not in taken:
            return name
    name = names[-1]
    candidate, number = name, 2
    while candidate in taken:
        candidate, number = f"{name}-{number}", number + 1
    return candidate


def demo_config(config: Config, url: str, *, model: str | None, sandbox: Path) -> Config:
    """The config for `--demo`: the simulator as the only host, state kept in `sandbox`.

    The demo never reads or writes the user's real sessions, so it always starts
    the same way and leaves nothing behind. Its tools are its own too (the user's
    servers may do real things): the demo MCP server, which asks before each call,
    and get_weather, answered by hand, so both kinds of tool can be tried.
    """
    return replace(
        config,
        hosts=(Host(name="demo", url=url),),
        default_host="demo",
        default_model=model or "demo-coder:7b",
        data_dir=sandbox,
        restore_sessions=False,
        mcp_servers=(DEMO_MCP_SERVER,),
        hand_tools=(DEMO_HAND_TOOL,),
    )


# `python -m` finds the package in its working directory: the demo server runs the
# same ollamux as the app, installed or not, with no environment of its own.
DEMO_MCP_SERVER = McpServer(
    name="demo",
    command=sys.executable,
    args=("-m", "ollamux.sim.mcp_demo"),
    cwd=Path(__file__).resolve().parents[2],
    approve="ask",
)

DEMO_HAND_TOOL = HandTool(
    name="get_weather",
    description="Today's weather in a city. You answer this one yourself, as the weather service.",
    parameters={
        "type": "object",
        "properties": {"city": {"type": "string", "description": "The city, e.g. Paris"}},
        "required": ["city"],
    },
)
