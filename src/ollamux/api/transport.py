"""The httpx side shared by both clients: timeouts, opening streams, typed errors."""

from __future__ import annotations

import functools
import json
import math
import re
import socket
import ssl
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from email.utils import parsedate_to_datetime
from typing import Any

import httpx

from ollamux import __version__
from ollamux.api.errors import (
    ApiError,
    AuthenticationError,
    ConnectTimeout,
    HostUnreachable,
    HTTPStatusError,
    IncompleteStream,
    MalformedResponse,
    ModelNotFound,
    RateLimited,
    Redirected,
    runner_crash_hint,
)
from ollamux.api.hosts import Host

CONNECT_TIMEOUT = 5.0
# No read timeout: a cold model load sends no byte for minutes. Cancelling the
# task is how a person gives up, and it closes the connection.
TIMEOUT = httpx.Timeout(connect=CONNECT_TIMEOUT, read=None, write=30.0, pool=None)
_MESSAGE_LIMIT = 200


@functools.cache
def tls_context() -> ssl.SSLContext:
    """The trusted certificates, loaded once for every client that uses TLS.

    httpx reads the whole CA bundle for each client it builds (tens of
    milliseconds of CPU): once per host at start, and again for every client
    made after. One context serves them all; it is httpx's own default.
    """
    return httpx.create_ssl_context()


def uses_tls(url: str) -> bool:
    return url.lstrip().lower().startswith("https:")


@functools.cache
def _plain_http_context() -> ssl.SSLContext:
    """For a plain-http host, which never starts TLS: no certificates are read for it.

    It trusts no certificate at all, so a TLS connection made with it by mistake
    would fail, never go unchecked.
    """
    return ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)


def make_http_client(host: Host, transport: httpx.AsyncBaseTransport | None = None) -> httpx.AsyncClient:
    """One pooled client per host; the key goes only to the host it belongs to."""
    headers = {"User-Agent": f"ollamux/{__version__}"}
    if host.api_key:
        headers["Authorization"] = f"Bearer {host.api_key}"
    verify = tls_context() if uses_tls(host.url) else _plain_http_context()
    return httpx.AsyncClient(
        base_url=host.url, headers=headers, timeout=TIMEOUT, transport=transport, verify=verify
    )


class HostConnection:
    """A host's pooled httpx client, made at its first request and closed with it.

    Not with the object that holds it: a client made with the app's first screen
    costs httpx's transport (httpcore, 25 ms of imports) before the first frame.
    """

    def __init__(self, host: Host, *, transport: httpx.AsyncBaseTransport | None = None) -> None:
        self.host = host
        self._transport = transport

    @functools.cached_property
    def _http(self) -> httpx.AsyncClient:
        return make_http_client(self.host, self._transport)

    async def aclose(self) -> None:
        if "_http" in self.__dict__:  # a host never asked has nothing open
            await self._http.aclose()


def _causes(error: BaseException) -> list[BaseException]:
    """An error and what caused it: httpx wraps the OS error that says why."""
    chain: list[BaseException] = []
    current: BaseException | None = error
    while current is not None and current not in chain:
        chain.append(current)
        current = current.__cause__ or current.__context__
    return chain


def describe_connect_error(error: Exception) -> str:
    """A short human reason for a failed connection."""
    chain = _causes(error)
    words = " / ".join(str(e) for e in chain).lower()
    if any(isinstance(e, ConnectionRefusedError) for e in chain) or "refused" in words:
        return "connection refused"
    if any(isinstance(e, socket.gaierror) for e in chain) or any(
        s in words for s in ("name or service", "nodename", "getaddrinfo", "name resolution")
    ):
        return "host name not found"
    tls = next((e for e in chain if isinstance(e, ssl.SSLError)), None)
    if tls is not None or "ssl" in words or "certificate" in words:
        return f"TLS failed ({_first_line(str(tls or error))})"
    return _first_line(str(error) or type(error).__name__)


def _first_line(text: str, limit: int = _MESSAGE_LIMIT) -> str:
    line = next((part.strip() for part in text.splitlines() if part.strip()), "")
    return line if len(line) <= limit else line[: limit - 1] + "…"


def server_message(body: str, content_type: str = "") -> str:
    """The server's own words from an error body, whatever shape it came in."""
    stripped = body.strip()
    if not stripped:
        return ""
    try:
        data = json.loads(stripped)
    except ValueError:
        data = None
    if isinstance(data, dict):
        error = data.get("error")
        if isinstance(error, dict) and isinstance(error.get("message"), str):
            return _first_line(error["message"], 500)
        if isinstance(error, str):
            return _first_line(error, 500)
        if isinstance(data.get("message"), str):
            return _first_line(data["message"], 500)
    if "html" in content_type or stripped.startswith("<"):
        title = re.search(r"<title[^>]*>(.*?)</title>", stripped, re.IGNORECASE | re.DOTALL)
        text = title.group(1) if title else re.sub(r"<[^>]+>", " ", stripped)
        return _first_line(" ".join(text.split()))
    return _first_line(stripped)


def retry_after_text(value: str, now: float | None = None) -> str:
    """A Retry-After header (seconds, or an HTTP date) as "30 s" or "5 min"; "" if unusable."""
    text = value.strip()
    if text.isascii() and text.isdigit():  # not "²", which isdigit() also takes
        seconds = float(text)
    else:
        try:
            when = parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError, OverflowError):
            return ""
        if when.tzinfo is None:
            return ""  # not an HTTP date, which is always GMT
        seconds = when.timestamp() - (time.time() if now is None else now)
    if seconds <= 0:
        return "0 s"
    if seconds <= 90:
        return f"{math.ceil(seconds)} s"
    minutes = math.ceil(seconds / 60)
    if minutes <= 90:
        return f"{minutes} min"
    hours = math.ceil(minutes / 60)
    if hours <= 48:
        return f"{hours} h"
    days = math.ceil(hours / 24)
    return f"{days} days" if days <= 365 else "over a year"  # a wait no server means


def error_for_status(
    status: int,
    body: str,
    content_type: str,
    *,
    model: str | None,
    can_pull: bool,
    retry_after: str = "",
    key_sent: bool = True,
) -> HTTPStatusError:
    """Map a failed HTTP reply to the typed error a person can act on."""
    message = server_message(body, content_type)
    lowered = message.lower()
    # Go's reply for a path it has no handler for (Ollama's too): the URL is wrong, not the model.
    no_such_path = status == 404 and lowered.strip() == "404 page not found"
    if model and not no_such_path and ((status == 404 and "not found" in lowered) or "not exist" in lowered):
        return ModelNotFound(model, message, can_pull=can_pull)
    if status in (401, 403):
        if status == 403 and not message:
            return HTTPStatusError(
                403,
                "forbidden, with an empty reply",
                hint="Ollama refuses unknown Host headers when bound to loopback: "
                "behind a proxy or tunnel, forward the Host as localhost.",
            )
        return AuthenticationError(status, message, key_sent=key_sent)
    wait = retry_after_text(retry_after)
    if status == 402 or (status == 429 and ("limit" in lowered and "usage" in lowered)):
        return RateLimited(status, message, quota=True, retry_after=wait)
    if status == 429:
        return RateLimited(status, message, quota=False, retry_after=wait)
    if status == 503:
        again = f"it asks to wait {wait}" if wait else "try again shortly"
        return HTTPStatusError(status, message, hint=f"The server is busy; {again}.")
    return HTTPStatusError(status, message or _REASONS.get(status, ""), hint=runner_crash_hint(message))


_REASONS = {500: "internal server error", 502: "bad gateway", 504: "gateway timeout"}


def not_found_hint(where: str) -> str:
    """For a 404 that is not about a model: the URL itself is wrong, or not this kind of server."""
    return (
        f"Nothing answers at {where}: check the host's URL. An Ollama server is its root "
        "(--host); an OpenAI-compatible one is its base URL, often ending in /v1 (--openai)."
    )


@asynccontextmanager
async def open_stream(
    client: httpx.AsyncClient,
    method: str,
    path: str,
    *,
    json_body: Any = None,
    content: Any = None,
    headers: dict[str, str] | None = None,
    model: str | None = None,
    can_pull: bool = True,
    accept: tuple[str, ...] = (),
) -> AsyncIterator[httpx.Response]:
    """Send a request and hand over the open response, or raise a typed error.

    The body is `json_body`, or `content` (bytes or an async iterator of them,
    with its `headers`). Leaving the block closes the response: that is how a reply
    is stopped, since neither API has a cancel call and the server stops when the
    client hangs up.
    """
    url = str(client.base_url).rstrip("/")
    try:
        async with client.stream(method, path, json=json_body, content=content, headers=headers) as response:
            if response.is_redirect or 300 <= response.status_code < 400:
                raise Redirected(response.status_code, _location(response))
            if response.status_code >= 400:
                body = (await response.aread()).decode("utf-8", "replace")
                failure = error_for_status(
                    response.status_code,
                    body,
                    response.headers.get("content-type", ""),
                    model=model,
                    can_pull=can_pull,
                    retry_after=response.headers.get("retry-after", ""),
                    key_sent="authorization" in client.headers,
                )
                if failure.status == 404 and not failure.hint:
                    failure.hint = not_found_hint(f"{url}/{path.lstrip('/')}")
                raise failure
            content_type = response.headers.get("content-type", "")
            if accept and content_type and not any(kind in content_type for kind in accept):
                body = (await response.aread()).decode("utf-8", "replace")
                raise MalformedResponse(
                    f"expected {accept[0]}, got {content_type.split(';')[0]}: "
                    f"{server_message(body, content_type)!r}"
                )
            yield response
    except ApiError:
        raise
    except httpx.ConnectTimeout as error:
        raise ConnectTimeout(url, CONNECT_TIMEOUT) from error
    except (httpx.ConnectError, httpx.UnsupportedProtocol) as error:
        raise HostUnreachable(url, describe_connect_error(error)) from error
    except (httpx.RemoteProtocolError, httpx.ReadError, httpx.WriteError) as error:
        raise IncompleteStream() from error
    except httpx.HTTPError as error:
        raise HostUnreachable(url, describe_connect_error(error)) from error


def _location(response: httpx.Response) -> str:
    """Where a redirect points, as an absolute URL (servers often send a path)."""
    location = response.headers.get("location", "").strip()
    if not location:
        return ""
    try:
        absolute = str(response.url.join(location))
    except (httpx.InvalidURL, ValueError):
        absolute = location
    return _first_line(absolute)


async def request_json(
    client: httpx.AsyncClient,
    method: str,
    path: str,
    *,
    json_body: Any = None,
    model: str | None = None,
    can_pull: bool = True,
) -> Any:
    """A whole request whose reply is one JSON value (or nothing, for empty bodies)."""
    # A body cut short raises inside the block, where open_stream translates it.
    async with open_stream(client, method, path, json_body=json_body, model=model, can_pull=can_pull) as response:
        raw = await response.aread()
    text = raw.decode("utf-8", "replace").strip()
    if not text:
        return None
    try:
        return json.loads(text)
    except ValueError:
        raise MalformedResponse(f"not JSON: {_first_line(text, 120)!r}") from None
