"""What servers say about their models: listings, loaded models, details, pulls."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from ollamux.api.numbers import wire_count

# Ollama reports "keep loaded forever" as an expiry about 292 years away.
FOREVER_AFTER_YEAR = 2200


def parse_timestamp(value: Any) -> datetime | None:
    """Parse Go's RFC3339Nano timestamps (9-digit fractions, Z or offsets)."""
    if not isinstance(value, str) or not value:
        return None
    try:
        moment = datetime.fromisoformat(value)
        # Year 1 at +14:00 parses, then overflows in any arithmetic: treat as unknown.
        moment.astimezone(UTC)
    except (ValueError, OverflowError):
        return None
    return moment


def _details(entry: dict[str, Any]) -> dict[str, Any]:
    details = entry.get("details")
    return details if isinstance(details, dict) else {}


@dataclass(frozen=True, slots=True)
class ModelInfo:
    """One model a server offers (`/api/tags` entry or `/models` item)."""

    name: str
    size: int | None = None
    parameter_size: str = ""
    quantization: str = ""
    family: str = ""
    modified_at: datetime | None = None
    digest: str = ""
    capabilities: tuple[str, ...] = ()
    remote_model: str = ""  # served by another host (a cloud model): its name there
    remote_host: str = ""  # and that host's URL

    @property
    def is_remote(self) -> bool:
        return bool(self.remote_model or self.remote_host)

    @classmethod
    def from_tags_entry(cls, entry: dict[str, Any]) -> ModelInfo:
        details = _details(entry)
        caps = entry.get("capabilities")
        return cls(
            name=str(entry.get("name") or entry.get("model") or "?"),
            size=wire_count(entry.get("size")),
            parameter_size=str(details.get("parameter_size") or ""),
            quantization=str(details.get("quantization_level") or ""),
            family=str(details.get("family") or ""),
            modified_at=parse_timestamp(entry.get("modified_at")),
            digest=str(entry.get("digest") or ""),
            capabilities=tuple(str(c) for c in caps) if isinstance(caps, list) else (),
            **remote_fields(entry),
        )


def remote_fields(entry: dict[str, Any]) -> dict[str, str]:
    """`remote_model` and `remote_host` of a tags entry or show reply, as text."""
    return {key: str(entry.get(key) or "") for key in ("remote_model", "remote_host")}


@dataclass(frozen=True, slots=True)
class RunningModel:
    """One model loaded in a server's memory (`/api/ps` entry)."""

    name: str
    size: int | None  # None: the server sent no usable figure
    size_vram: int | None
    expires_at: datetime | None = None
    context_length: int | None = None
    parameter_size: str = ""
    quantization: str = ""

    @classmethod
    def from_ps_entry(cls, entry: dict[str, Any]) -> RunningModel:
        details = _details(entry)
        return cls(
            name=str(entry.get("name") or entry.get("model") or "?"),
            size=wire_count(entry.get("size")),
            size_vram=wire_count(entry.get("size_vram")),
            expires_at=parse_timestamp(entry.get("expires_at")),
            context_length=wire_count(entry.get("context_length")),
            parameter_size=str(details.get("parameter_size") or ""),
            quantization=str(details.get("quantization_level") or ""),
        )

    @property
    def kept_forever(self) -> bool:
        return self.expires_at is not None and self.expires_at.year >= FOREVER_AFTER_YEAR

    @property
    def processor(self) -> str:
        """Where the model runs, worded as `ollama ps` prints it."""
        if self.size is None or self.size_vram is None:
            return "?"
        if self.size <= 0 or self.size_vram <= 0:
            return "100% CPU"
        if self.size_vram >= self.size:
            return "100% GPU"
        gpu = round(100 * self.size_vram / self.size)
        return f"{100 - gpu}%/{gpu}% CPU/GPU"


@dataclass(frozen=True, slots=True)
class ModelDetails:
    """What `/api/show` tells about one model."""

    name: str
    capabilities: tuple[str, ...] = ()
    parameters: str = ""
    template: str = ""
    system: str = ""
    license: str = ""
    family: str = ""
    parameter_size: str = ""
    quantization: str = ""
    model_info: dict[str, Any] = field(default_factory=dict)
    modified_at: datetime | None = None
    remote_model: str = ""
    remote_host: str = ""

    @classmethod
    def from_show(cls, name: str, reply: dict[str, Any]) -> ModelDetails:
        details = _details(reply)
        info = reply.get("model_info")
        caps = reply.get("capabilities")
        return cls(
            name=name,
            capabilities=tuple(str(c) for c in caps) if isinstance(caps, list) else (),
            parameters=str(reply.get("parameters") or ""),
            template=str(reply.get("template") or ""),
            system=str(reply.get("system") or ""),
            license=str(reply.get("license") or ""),
            family=str(details.get("family") or ""),
            parameter_size=str(details.get("parameter_size") or ""),
            quantization=str(details.get("quantization_level") or ""),
            model_info=info if isinstance(info, dict) else {},
            modified_at=parse_timestamp(reply.get("modified_at")),
            **remote_fields(reply),
        )

    @property
    def context_length(self) -> int | None:
        """The context the model was trained for, from its GGUF metadata."""
        arch = self.model_info.get("general.architecture")
        return wire_count(self.model_info.get(f"{arch}.context_length")) if arch else None


@dataclass(frozen=True, slots=True)
class PullProgress:
    """One progress line of a pull. Layers interleave: key them by `digest`."""

    status: str
    digest: str | None = None
    total: int | None = None
    completed: int | None = None

    @classmethod
    def from_line(cls, line: dict[str, Any]) -> PullProgress:
        digest = line.get("digest")
        return cls(
            status=str(line.get("status") or ""),
            digest=str(digest) if digest else None,
            total=wire_count(line.get("total")),
            completed=wire_count(line.get("completed")),
        )

    @property
    def succeeded(self) -> bool:
        # The only status text stable across server versions.
        return self.status == "success"
