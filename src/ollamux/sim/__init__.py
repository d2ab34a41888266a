"""A simulated Ollama server over real loopback HTTP, for demo mode, tests and benchmarks.

    with SimServer(delay_scale=0) as sim:
        client = httpx.Client(base_url=sim.url)

It speaks the native API (NDJSON) and the OpenAI-compatible `/v1` (SSE) with
scripted models; see `models.py` for the catalogue and `scripts.py` for replies.
It imports nothing from Textual or the rest of ollamux.
"""

from .context import RecordedRequest, frozen_clock
from .models import INSTALLED, REGISTRY, ModelSpec
from .server import SimServer

MODEL_NAMES: tuple[str, ...] = tuple(spec.name for spec in INSTALLED)

__all__ = [
    "INSTALLED", "MODEL_NAMES", "REGISTRY", "ModelSpec", "RecordedRequest", "SimServer",
    "frozen_clock",
]
