"""Where the servers are: OLLAMA_HOST-style parsing and the Host record."""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from typing import Literal, TypeAlias
from urllib.parse import urlsplit

HostKind: TypeAlias = Literal["ollama", "openai"]

DEFAULT_OLLAMA_URL = "http://127.0.0.1:11434"
DEFAULT_PORT = 11434

# Bind-all addresses are valid for a server to listen on but not to connect to.
_UNSPECIFIED = {"0.0.0.0": "127.0.0.1", "[::]": "[::1]", "::": "[::1]"}


def parse_ollama_host(value: str | None) -> str:
    """Turn an OLLAMA_HOST value into a base URL, as Ollama's own clients do.

    No scheme means http on port 11434; an explicit http or https scheme without a
    port means 80 or 443; `ollama.com` is the cloud over https; bind-all addresses
    are rewritten to loopback; a path is kept without its trailing slash.
    """
    text = (value or "").strip()
    if not text:
        return DEFAULT_OLLAMA_URL
    if text.rstrip("/") == "ollama.com":
        return "https://ollama.com:443"
    has_scheme = "://" in text
    parts = urlsplit(text if has_scheme else f"http://{text}")
    scheme = parts.scheme.lower() or "http"
    if has_scheme:
        default_port = 443 if scheme == "https" else 80
    else:
        default_port = DEFAULT_PORT
    hostname = parts.hostname or "127.0.0.1"
    if ":" in hostname:
        hostname = f"[{hostname}]"
    hostname = _UNSPECIFIED.get(hostname, hostname)
    try:
        port = parts.port or default_port
    except ValueError:
        port = default_port
    path = parts.path.rstrip("/")
    return f"{scheme}://{hostname}:{port}{path}"


def normalise_openai_url(value: str) -> str:
    """An OpenAI-compatible base URL: a scheme is required, no trailing slash."""
    text = value.strip().rstrip("/")
    if "://" not in text:
        text = f"https://{text}"
    return text


def is_loopback(url: str) -> bool:
    """True when the URL points at this machine."""
    hostname = (urlsplit(url).hostname or "").lower()
    if hostname == "localhost" or hostname.endswith(".localhost"):
        return True
    try:
        address = ipaddress.ip_address(hostname)
    except ValueError:
        # A DNS name such as 127.example.com is not loopback, whatever it starts with.
        return False
    mapped = getattr(address, "ipv4_mapped", None)
    return address.is_loopback or bool(mapped and mapped.is_loopback)


@dataclass(frozen=True, slots=True)
class Host:
    """A server ollamux talks to. `api_key` is never written anywhere."""

    name: str
    url: str
    kind: HostKind = "ollama"
    api_key: str | None = None

    def __repr__(self) -> str:
        # Keep keys out of logs and tracebacks.
        key = ", api_key=***" if self.api_key else ""
        return f"Host(name={self.name!r}, url={self.url!r}, kind={self.kind!r}{key})"
