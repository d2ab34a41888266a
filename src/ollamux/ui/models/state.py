"""What the model panel knows about each host, and how it sorts and filters models.

Plain data, no Textual: the panel's workers write it, its rows are drawn from it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from ollamux.api.capabilities import Capabilities
from ollamux.api.cloud_status import CloudStatus
from ollamux.api.errors import ApiError
from ollamux.api.hosts import Host
from ollamux.api.models import ModelInfo, RunningModel
from ollamux.core.poll_schedule import PollSchedule

SortKey = Literal["name", "size", "date"]
SORT_KEYS: tuple[SortKey, ...] = ("date", "name", "size")


@dataclass
class HostState:
    """One host as last seen. `None` lists mean "not fetched yet"."""

    host: Host
    capabilities: Capabilities  # what its client says it can do
    schedule: PollSchedule = field(default_factory=PollSchedule)
    version: str | None = None
    cloud: CloudStatus | None = None  # `/api/status`, where the server has it
    models: list[ModelInfo] | None = None
    running: list[RunningModel] | None = None
    error: ApiError | None = None
    polling: bool = False  # a poll is in flight: never start a second one
    # Asked for while a poll was in flight, which may have read the host before the
    # change that asked (a pull ending): polled again as soon as that one ends.
    poll_again: bool = False

    @property
    def loading(self) -> bool:
        return self.error is None and self.models is None


@dataclass(frozen=True)
class Entry:
    """A row the cursor can stand on: a model on a host, installed or loaded."""

    host: str
    model: str
    running: bool = False


def sort_models(models: list[ModelInfo], key: SortKey) -> list[ModelInfo]:
    """Name A→Z; biggest first; newest first (as `ollama list`)."""
    if key == "name":
        return sorted(models, key=lambda m: m.name.casefold())
    if key == "size":
        return sorted(models, key=lambda m: (-(m.size or 0), m.name.casefold()))
    return sorted(
        models, key=lambda m: m.modified_at.timestamp() if m.modified_at else float("-inf"), reverse=True
    )


def matches(query: str, host: Host, name: str) -> bool:
    """The filter matches a model's name, or its host's name (then all its models)."""
    query = query.casefold().strip()
    return not query or query in name.casefold() or query in host.name.casefold()
