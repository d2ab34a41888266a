"""Hosts from `[[hosts]]` tables and the environment, and the key each one gets."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, cast
from urllib.parse import urlsplit

from ollamux.api.hosts import (
    DEFAULT_OLLAMA_URL,
    BadHostURL,
    Host,
    HostKind,
    normalise_openai_url,
    parse_ollama_host,
    split_host_url,
)
from ollamux.config.settings import LOCAL_HOST_NAME, OLLAMA_CLOUD_HOSTNAME, OLLAMA_KEY_ENV

_HOST_KEYS = frozenset({"name", "url", "kind", "api_key_env", "api_key"})
_HOST_KINDS: tuple[HostKind, ...] = ("ollama", "openai")


def hosts_from_toml(
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
    try:
        return resolve_url(raw, kind)
    except BadHostURL as problem:
        warnings.append(f"{where}: url {raw!r} is refused: {problem}; host ignored")
        return None


def resolve_url(raw: str, kind: HostKind) -> str:
    """A base URL in our canonical form, or BadHostURL saying why there is none."""
    url = parse_ollama_host(raw) if kind == "ollama" else normalise_openai_url(raw)
    scheme, hostname, _port, _path = split_host_url(url)
    if scheme not in ("http", "https") or not hostname:
        raise BadHostURL("it is not an http(s) address")
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
    return implicit_ollama_key(url, environ)


def key_from_env(
    variable: str, host_name: str, environ: Mapping[str, str], warnings: list[str]
) -> str | None:
    """The value of `variable`, or None and a warning that names only the variable."""
    value = environ.get(variable, "").strip()
    if not value:
        warnings.append(f"{variable} is not set; host {host_name!r} will be sent no key")
        return None
    return value


def implicit_ollama_key(url: str, environ: Mapping[str, str]) -> str | None:
    """OLLAMA_API_KEY, but only for ollama.com itself.

    ollama-python sends this key to every host; we do not, so that a key issued by
    ollama.com never leaks to a LAN box or a proxy the user merely points us at.
    """
    if urlsplit(url).hostname == OLLAMA_CLOUD_HOSTNAME:
        return environ.get(OLLAMA_KEY_ENV, "").strip() or None
    return None


def env_host(environ: Mapping[str, str], warnings: list[str] | None = None) -> Host:
    """The host used when nothing else is configured: OLLAMA_HOST or the default."""
    raw = environ.get("OLLAMA_HOST")
    try:
        url = parse_ollama_host(raw)
    except BadHostURL as problem:
        if warnings is not None:
            warnings.append(
                f"OLLAMA_HOST {raw!r} is refused: {problem}; using {DEFAULT_OLLAMA_URL}"
            )
        url = DEFAULT_OLLAMA_URL
    return Host(name=LOCAL_HOST_NAME, url=url, api_key=implicit_ollama_key(url, environ))
