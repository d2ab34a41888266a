"""Models for the workshop endpoints: an embedding model, a fill-in-the-middle F16
base, and a cloud stub. Not installed at start (the demo's panels and their
snapshots keep their ten models); `install_workshop_models` adds them.
"""

from __future__ import annotations

from datetime import datetime

from .models import ModelSpec
from .state import Catalogue

_FIM_TEMPLATE = (
    "{{- if .Suffix }}<|fim_prefix|>{{ .Prompt }}<|fim_suffix|>{{ .Suffix }}<|fim_middle|>"
    "{{- else }}{{ .Prompt }}{{- end }}"
)

EMBEDDER = ModelSpec(
    name="all-minilm:22m", family="bert", architecture="bert", parameter_size="23M",
    parameter_count=22_565_376, quantization="F16", size=45_960_996, context_length=512,
    embedding_length=384, capabilities=("embedding",), script="small", load_seconds=0.2,
    template="", parameters=(), age_days=20.0,
)

# A code base model: fills the middle (`insert`) and, being F16, can be quantized on create.
FIM_BASE = ModelSpec(
    name="qwen2.5-coder:1.5b-base-fp16", family="qwen2", architecture="qwen2",
    parameter_size="1.5B", parameter_count=1_543_714_304, quantization="F16", size=3_093_666_720,
    context_length=32_768, embedding_length=1536, capabilities=("completion", "insert"),
    script="coder", token_seconds=0.01, load_seconds=0.4, template=_FIM_TEMPLATE,
    parameters=(), age_days=25.0,
)

# `ollama pull gpt-oss:20b-cloud` installs a stub like this: a few hundred bytes, served remotely.
CLOUD = ModelSpec(
    name="gpt-oss:20b-cloud", family="gptoss", architecture="gptoss", parameter_size="20.9B",
    parameter_count=20_914_757_184, quantization="MXFP4", size=384, context_length=131_072,
    embedding_length=2880, capabilities=("completion", "tools", "thinking"), script="small",
    load_seconds=0.1, parameters=(), age_days=15.0, remote_model="gpt-oss:20b",
    remote_host="https://ollama.com:443",
)

WORKSHOP_MODELS: tuple[ModelSpec, ...] = (EMBEDDER, FIM_BASE, CLOUD)


def install_workshop_models(catalogue: Catalogue, now: datetime) -> None:
    """Add the workshop models (a SimServer's `state`), as if pulled just now."""
    for spec in WORKSHOP_MODELS:
        catalogue.add(spec.name, spec, now)
