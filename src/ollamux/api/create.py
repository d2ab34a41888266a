"""`/api/create`: a new model from an installed one (or uploaded files), with overrides.

`parameters` must already have their JSON types (numbers as numbers, `stop` as a
list): the server stores them as given and a wrong type only fails at the first
load. `core/model_create.py` and `core/modelfile.py` build requests that way.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ollamux.api.events import Message
from ollamux.api.ollama import message_to_wire


@dataclass(frozen=True, slots=True)
class CreateRequest:
    model: str  # the new model's name
    base: str = ""  # `from`: an installed model's name (or a blob digest)
    system: str | None = None
    template: str | None = None
    license: tuple[str, ...] = ()
    parameters: dict[str, Any] = field(default_factory=dict)
    messages: tuple[Message, ...] = ()  # example turns baked into the model
    quantize: str | None = None  # e.g. q4_K_M, for an F16/F32 base
    files: dict[str, str] = field(default_factory=dict)  # file name -> sha256 digest
    adapters: dict[str, str] = field(default_factory=dict)


def create_body(request: CreateRequest, *, stream: bool = True) -> dict[str, Any]:
    """Only what the request sets: what is left out is inherited from the base."""
    body: dict[str, Any] = {"model": request.model, "stream": stream}
    if request.base:
        body["from"] = request.base
    if request.files:
        body["files"] = dict(request.files)
    if request.adapters:
        body["adapters"] = dict(request.adapters)
    if request.system is not None:
        body["system"] = request.system
    if request.template is not None:
        body["template"] = request.template
    if request.license:
        body["license"] = request.license[0] if len(request.license) == 1 else list(request.license)
    if request.parameters:
        body["parameters"] = dict(request.parameters)
    if request.messages:
        body["messages"] = [message_to_wire(message) for message in request.messages]
    if request.quantize:
        body["quantize"] = request.quantize
    return body
