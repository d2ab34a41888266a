"""Errors of model jobs (create, push) that the server reports inside the stream.

The message keeps the server's own words; the hint says what usually fixes it.
"""

from __future__ import annotations

from ollamux.api.errors import ApiError

_SIGN_IN_WORDS = ("unauthorized", "access denied", "sign in", "signin", "public key")


def push_hint(server_message: str) -> str:
    lowered = server_message.lower()
    if any(word in lowered for word in _SIGN_IN_WORDS):
        return ("Push under a namespace you own (your ollama.com user name: copy the model "
                "to you/name first), from a server signed in with `ollama signin` whose key "
                "is added at ollama.com/settings/keys.")
    if "does not exist" in lowered or "not found" in lowered:
        return "The model is not on this server: check its name in the models panel."
    if "insecure" in lowered:
        return "The registry speaks plain http: push with insecure on only if you trust it."
    return ""


def create_hint(server_message: str) -> str:
    lowered = server_message.lower()
    if "manifest" in lowered and "does not exist" in lowered:
        return "The base model is neither on this server nor in the registry: check FROM."
    if lowered.startswith("option ") or "parameter" in lowered:
        return "A parameter has the wrong type: numbers unquoted, stop as a list of strings."
    if "quantiz" in lowered:
        return "Only an F16, BF16 or F32 base can be quantized."
    return ""


class JobFailed(ApiError):
    """A create or push the server stopped with an in-band error."""

    job = "The job"

    def __init__(self, server_message: str, *, hint: str = "") -> None:
        super().__init__(f"{self.job} failed: {server_message}", hint=hint)
        self.server_message = server_message


class CreateFailed(JobFailed):
    job = "Creating the model"

    def __init__(self, server_message: str) -> None:
        super().__init__(server_message, hint=create_hint(server_message))


class PushRefused(JobFailed):
    job = "The push"

    def __init__(self, server_message: str) -> None:
        super().__init__(server_message, hint=push_hint(server_message))
