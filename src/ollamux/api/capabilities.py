"""What a backend can do, said by its client so that callers ask instead of guessing.

Ollama's native API administers models (details, copy, delete, load, unload, what is
running, pull) and takes keep_alive; an OpenAI-compatible endpoint only chats and
lists models. Code that needs more than chat asks the client's `capabilities`, and
reaches the administration through `admin`, which is None where there is none.
"""

from __future__ import annotations

from collections.abc import AsyncGenerator
from dataclasses import dataclass
from typing import Literal, Protocol, TypeAlias

from ollamux.api.models import ModelDetails, PullProgress, RunningModel

# Whose option names a chat request takes; the names themselves live in core/options.py.
OptionDialect: TypeAlias = Literal["ollama", "openai"]


@dataclass(frozen=True, slots=True)
class Capabilities:
    options: OptionDialect
    model_admin: bool = False  # details (show), copy, delete, load and unload a model
    running_models: bool = False  # which models are loaded, with their context (ps)
    pull: bool = False  # download a model from the registry
    keep_alive: bool = False  # how long the model stays loaded after a reply


OLLAMA = Capabilities("ollama", model_admin=True, running_models=True, pull=True, keep_alive=True)
OPENAI_COMPATIBLE = Capabilities("openai")


class ModelAdmin(Protocol):
    """Ollama's model administration: what the models panel and the meters use."""

    async def running_models(self) -> list[RunningModel]: ...

    async def show(self, model: str) -> ModelDetails: ...

    async def version(self) -> str: ...

    def pull(self, model: str) -> AsyncGenerator[PullProgress, None]: ...

    async def copy(self, source: str, destination: str) -> None: ...

    async def delete(self, model: str) -> None: ...

    async def load(self, model: str, keep_alive: str | int | float | None = None) -> None: ...

    async def unload(self, model: str) -> None: ...
