"""`/api/status`: whether the server may use Ollama's cloud, and why (newer servers only)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class CloudStatus:
    disabled: bool  # OLLAMA_NO_CLOUD or the config turned cloud models off
    source: str  # what disabled it: "none", "env", "config" or "both"

    @classmethod
    def from_reply(cls, reply: Any) -> CloudStatus | None:
        """None when the reply does not say (an unknown shape is no status, not an error)."""
        cloud = reply.get("cloud") if isinstance(reply, dict) else None
        if not isinstance(cloud, dict):
            return None
        return cls(disabled=cloud.get("disabled") is True, source=str(cloud.get("source") or "none"))
