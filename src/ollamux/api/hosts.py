"""Where the servers are: OLLAMA_HOST-style parsing and the Host record."""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass
from typing import Literal, TypeAlias
from urllib.parse import urlsplit

HostKind: TypeAlias = Literal["ollama", "openai"]

DEFAULT_OLLAMA_URL = "http://127.0.0.1:11434"
DEFAULT_PORT = 11434

# Bind-all addresses are valid for a server to listen on but not to connect to.
_UNSPECIFIED = {"0.0.0.0": "127.0.0.1", "[::]": "[::1]", "::": "[::1]"}
# What a DNS name, an IPv4 address or a bracketed IPv6 address (with a zone) can hold.
_HOSTNAME = re.compile(r"[a-z0-9._%:-]*")


class BadHostURL(ValueError):
    """An address no connection can be made to; the message says why, in words."""


def split_host_url(url: str) -> tuple[str, str, int | None, str]:
    """(scheme, hostname, port or None, path) of a URL, or BadHostURL saying what is wrong.

    urlsplit raises bare ValueErrors for broken brackets and ports; a typo in a
    config file deserves a sentence, and an out-of-range port must not quietly
    become the default port of some other server.
    """
    try:
        parts = urlsplit(url)
    except ValueError as error:
        if "IPv6" in str(error) or "IPv4" in str(error):
            raise BadHostURL("its [ ] do not hold a valid IPv6 address") from None
        raise BadHostURL("it is not a valid URL") from None
    try:
        port = parts.port
    except ValueError:
        port = 0
    if port == 0:
        raise BadHostURL("the port must be a number from 1 to 65535") from None
    if not _HOSTNAME.fullmatch(parts.hostname or ""):
        # `NAME=URL` is how some tools name a host; here the URL names it.
        raise BadHostURL(
            f"{parts.hostname!r} is not a host name (to name a host, give it a name in config.toml under [[hosts]])"
        )
    return parts.scheme.lower(), parts.hostname or "", port, parts.path


def parse_ollama_host(value: str | None) -> str:
    """Turn an OLLAMA_HOST value into a base URL, as Ollama's own clients do.

    Raises BadHostURL for a broken address or port. No scheme means http on port
    11434; an explicit http or https scheme without a port means 80 or 443;
    `ollama.com` is the cloud over https; bind-all addresses are rewritten to
    loopback; a path is kept without its trailing slash.
    """
    text = (value or "").strip()
    if not text:
        return DEFAULT_OLLAMA_URL
    if text.rstrip("/") == "ollama.com":
        return "https://ollama.com:443"
    has_scheme = "://" in text
    scheme, hostname, port, path = split_host_url(text if has_scheme else f"http://{text}")
    scheme = scheme or "http"
    if has_scheme:
        default_port = 443 if scheme == "https" else 80
    else:
        default_port = DEFAULT_PORT
    hostname = hostname or "127.0.0.1"
    if ":" in hostname:
        hostname = f"[{hostname}]"
    hostname = _UNSPECIFIED.get(hostname, hostname)
    port = port or default_port
    path = path.rstrip("/")
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
