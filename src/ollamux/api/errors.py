"""Typed errors of the wire layer, each with a message a person can act on.

`message` says what happened (with the server's own words where there are any);
`hint` says what to do about it. The UI shows both and never needs to know httpx.
"""

from __future__ import annotations


def runner_crash_hint(server_message: str) -> str:
    """Advice for Ollama's "runner stopped / terminated" family of failures."""
    lowered = server_message.lower()
    if ("runner" in lowered or "llama-server" in lowered) and (
        "stopped" in lowered or "terminated" in lowered
    ):
        return (
            "The model runner crashed, often for lack of memory: "
            "try a smaller num_ctx or model, or retry."
        )
    return ""


class ApiError(Exception):
    """Base of every error the wire clients raise."""

    hint: str = ""

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        if hint is not None:
            self.hint = hint

    def __str__(self) -> str:
        return self.message


class HostUnreachable(ApiError):
    """The connection could not be made: refused, DNS, TLS, or dropped."""

    def __init__(self, url: str, reason: str) -> None:
        super().__init__(
            f"Cannot reach {url}: {reason}",
            hint=f"Is the server running and reachable at {url}? "
            "Check --host, OLLAMA_HOST or config.toml.",
        )
        self.url = url
        self.reason = reason


class ConnectTimeout(HostUnreachable):
    """The server did not accept the connection in time."""

    def __init__(self, url: str, seconds: float) -> None:
        super().__init__(url, f"no answer within {seconds:g} s")
        self.seconds = seconds


class HTTPStatusError(ApiError):
    """The server answered with a non-success status before any reply text."""

    def __init__(self, status: int, server_message: str, *, hint: str | None = None) -> None:
        text = f"HTTP {status}: {server_message}" if server_message else f"HTTP {status}"
        super().__init__(text, hint=hint)
        self.status = status
        self.server_message = server_message


class ModelNotFound(HTTPStatusError):
    """The server does not have the model (404); the UI may offer a pull."""

    def __init__(self, model: str, server_message: str, *, can_pull: bool = True) -> None:
        hint = (
            f"Pull it first: `ollama pull {model}` (or the pull action in the model panel)."
            if can_pull
            else "Pick a model this endpoint lists."
        )
        super().__init__(404, server_message, hint=hint)
        self.model = model


class AuthenticationError(HTTPStatusError):
    """The server refused our credentials (401/403)."""

    def __init__(self, status: int, server_message: str, *, key_sent: bool = True) -> None:
        if key_sent:
            hint = ("Check the API key: it is read from the variable named by "
                    "--api-key-env or `api_key_env` in config.toml.")
        else:
            # Said here, where the server asked for one, not at every start.
            hint = ("No API key was sent: set OLLAMUX_API_KEY (for --openai), or name "
                    "the variable with --api-key-env or `api_key_env` in config.toml.")
        super().__init__(status, server_message, hint=hint)
        self.key_sent = key_sent


class RateLimited(HTTPStatusError):
    """Too many requests (429) or a spent quota (402, usage limits)."""

    def __init__(
        self, status: int, server_message: str, *, quota: bool, retry_after: str = ""
    ) -> None:
        if quota:
            hint = "The account's quota or balance is spent; retrying will not help."
        elif retry_after:
            hint = f"The server is busy and asks to wait {retry_after} before trying again."
        else:
            hint = "The server is busy; wait a moment and try again."
        if quota and retry_after:
            hint += f" The server says it resets in {retry_after}."
        super().__init__(status, server_message, hint=hint)
        self.quota = quota
        self.retry_after = retry_after


class Redirected(HTTPStatusError):
    """The server answered with a redirect (3xx), which we do not follow.

    Following it would send the prompt, and the API key, to an address the user
    never configured; naming it lets them configure it if it is right.
    """

    def __init__(self, status: int, location: str) -> None:
        where = f"to {location}" if location else "without saying where to"
        super().__init__(
            status,
            f"the server redirected {where} instead of answering",
            hint="Point the host at the address it should answer on "
            "(config.toml, --host, --openai or OLLAMA_HOST); redirects are not followed.",
        )
        self.location = location


class StreamError(ApiError):
    """The server reported an error inside an already started reply."""

    def __init__(self, server_message: str) -> None:
        super().__init__(
            f"The server stopped the reply: {server_message}",
            hint=runner_crash_hint(server_message),
        )
        self.server_message = server_message


class IncompleteStream(ApiError):
    """The stream ended before the server said it was done."""

    def __init__(self) -> None:
        super().__init__(
            "The reply ended early: the connection closed before the server finished.",
            hint="The server may have crashed or a proxy timed out; regenerate to retry.",
        )


class MalformedResponse(ApiError):
    """The server sent something that is not the protocol we expect."""

    def __init__(self, detail: str) -> None:
        super().__init__(
            f"Malformed reply from the server: {detail}",
            hint="Is this URL really an Ollama (or OpenAI-compatible) server, "
            "and not a proxy or login page?",
        )
        self.detail = detail
