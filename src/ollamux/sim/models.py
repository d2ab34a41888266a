"""The simulated models: what /api/tags, /api/show and /api/ps say about each.

Pure data. `INSTALLED` is what the server has at start; `REGISTRY` is what
/api/pull can fetch (the installed ones plus three small extras). How each model
answers lives in `scripts.py`, keyed by `ModelSpec.script`.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

_CHATML = (
    "{{- if .System }}<|im_start|>system\n{{ .System }}<|im_end|>\n{{ end }}"
    "{{- range .Messages }}<|im_start|>{{ .Role }}\n{{ .Content }}<|im_end|>\n{{ end }}"
    "<|im_start|>assistant\n"
)
_LLAMA3 = (
    "{{- range .Messages }}<|start_header_id|>{{ .Role }}<|end_header_id|>\n\n"
    "{{ .Content }}<|eot_id|>{{ end }}<|start_header_id|>assistant<|end_header_id|>\n\n"
)
_GEMMA = (
    "{{- range .Messages }}<start_of_turn>{{ if eq .Role \"user\" }}user{{ else }}model"
    "{{ end }}\n{{ .Content }}<end_of_turn>\n{{ end }}<start_of_turn>model\n"
)
_DEEPSEEK = (
    "{{- if .System }}{{ .System }}{{ end }}"
    "{{- range .Messages }}{{ if eq .Role \"user\" }}<｜User｜>{{ .Content }}"
    "{{ else }}<｜Assistant｜>{{ .Content }}<｜end▁of▁sentence｜>{{ end }}{{ end }}"
    "<｜Assistant｜>"
)

_APACHE = "Apache License\nVersion 2.0, January 2004\nhttp://www.apache.org/licenses/"
_MIT = "MIT License\n\nCopyright (c) 2023 DeepSeek\n\nPermission is hereby granted..."
_LLAMA_LICENSE = (
    "LLAMA 3.2 COMMUNITY LICENSE AGREEMENT\nLlama 3.2 Version Release Date: September 25, 2024"
)
_GEMMA_LICENSE = "Gemma Terms of Use\n\nLast modified: March 24, 2025"

_CHATML_STOPS = (("stop", '"<|im_start|>"'), ("stop", '"<|im_end|>"'))
_LLAMA_STOPS = (("stop", '"<|start_header_id|>"'), ("stop", '"<|end_header_id|>"'),
                ("stop", '"<|eot_id|>"'))


@dataclass(frozen=True, slots=True)
class ModelSpec:
    """Everything the simulator knows about one model."""

    name: str
    family: str
    architecture: str
    parameter_size: str
    parameter_count: int
    quantization: str
    size: int  # bytes on disk
    context_length: int  # trained context, model_info["<arch>.context_length"]
    embedding_length: int
    capabilities: tuple[str, ...]
    script: str  # key into scripts.SCRIPTS
    token_seconds: float = 0.03  # nominal time per generated token (scale 1)
    load_seconds: float = 1.5  # nominal cold-load time (scale 1)
    gpu_fraction: float = 1.0  # share of memory in VRAM once loaded
    sleeps: bool = True  # False: never sleeps, whatever the delay scale
    final_text: bool = False  # the last piece of text rides on the done:true chunk
    load_error: str | None = None  # loading always fails with this 500
    template: str = _CHATML
    system: str = ""
    parameters: tuple[tuple[str, str], ...] = _CHATML_STOPS
    license: str = _APACHE
    age_days: float = 30.0  # how long ago it was pulled, for modified_at
    remote_model: str = ""  # a cloud stub: served by `remote_host` under this name
    remote_host: str = ""
    messages: tuple[dict[str, str], ...] = ()  # example turns baked in by /api/create

    def remote_fields(self) -> dict[str, str]:
        """What tags and show add for a cloud model (nothing for a local one)."""
        if not self.remote_host:
            return {}
        return {"remote_model": self.remote_model, "remote_host": self.remote_host}

    @property
    def families(self) -> list[str]:
        return [self.family]

    def details(self) -> dict[str, object]:
        """The `details` object shared by tags, ps and show."""
        return {
            "parent_model": "",
            "format": "gguf",
            "family": self.family,
            "families": self.families,
            "parameter_size": self.parameter_size,
            "quantization_level": self.quantization,
        }


RUNNER_STOPPED = (
    "model runner has unexpectedly stopped, this may be due to resource limitations "
    "or an internal error, check ollama server logs for details"
)

# The fault models are one gemma3 model that breaks in three ways.
_FAULT = ModelSpec(
    name="fault-midstream:latest", family="gemma3", architecture="gemma3",
    parameter_size="4.3B", parameter_count=4_300_079_472, quantization="Q4_K_M",
    size=3_338_801_804, context_length=131_072, embedding_length=2560,
    capabilities=("completion", "vision"), script="fault_midstream", token_seconds=0.04,
    load_seconds=0.8, template=_GEMMA, license=_GEMMA_LICENSE, age_days=3.0,
    parameters=(("stop", '"<end_of_turn>"'), ("temperature", "1"), ("top_k", "64"),
                ("top_p", "0.95")),
)

# A vision model that says what it was sent (images and files): see `vision.py`.
_VISION = replace(_FAULT, name="gemma3:4b", script="seer", token_seconds=0.02, age_days=50.0)

INSTALLED: tuple[ModelSpec, ...] = (
    ModelSpec(
        name="demo-coder:7b", family="qwen2", architecture="qwen2", parameter_size="7.6B",
        parameter_count=7_615_616_512, quantization="Q4_K_M", size=4_683_087_332,
        context_length=32_768, embedding_length=3584, capabilities=("completion", "tools"),
        script="coder", token_seconds=0.025, system="You are a senior engineer. Answer with code.",
        parameters=(*_CHATML_STOPS, ("temperature", "0.7"), ("num_ctx", "8192")), age_days=0.5,
    ),
    ModelSpec(
        name="qwen3:8b", family="qwen3", architecture="qwen3", parameter_size="8.2B",
        parameter_count=8_190_735_360, quantization="Q4_K_M", size=5_225_376_047,
        context_length=40_960, embedding_length=4096,
        capabilities=("completion", "tools", "thinking"), script="thinker", gpu_fraction=0.52,
        final_text=True,
        parameters=(
            *_CHATML_STOPS, ("repeat_penalty", "1"), ("temperature", "0.6"), ("top_k", "20"), ("top_p", "0.95")
        ),
        age_days=2.0,
    ),
    ModelSpec(
        name="deepseek-r1:7b", family="qwen2", architecture="qwen2", parameter_size="7.6B",
        parameter_count=7_615_616_512, quantization="Q4_K_M", size=4_683_075_271,
        context_length=131_072, embedding_length=3584, capabilities=("completion",),
        script="inline_think", template=_DEEPSEEK, license=_MIT, age_days=40.0,
        parameters=(
            ("stop", '"<｜begin▁of▁sentence｜>"'), ("stop", '"<｜end▁of▁sentence｜>"'),
            ("stop", '"<｜User｜>"'), ("stop", '"<｜Assistant｜>"'),
        ),
    ),
    ModelSpec(
        name="slow-model:latest", family="llama", architecture="llama", parameter_size="70.6B",
        parameter_count=70_553_706_560, quantization="Q4_K_M", size=42_520_397_704,
        context_length=131_072, embedding_length=8192, capabilities=("completion",),
        script="slow", token_seconds=0.2, load_seconds=3.0, gpu_fraction=0.0,
        template=_LLAMA3, parameters=_LLAMA_STOPS, license=_LLAMA_LICENSE, age_days=90.0,
    ),
    ModelSpec(
        name="fast-model:latest", family="llama", architecture="llama", parameter_size="1.2B",
        parameter_count=1_235_814_432, quantization="Q8_0", size=1_321_098_329,
        context_length=131_072, embedding_length=2048, capabilities=("completion",),
        script="fast", token_seconds=0.001, load_seconds=0.25, sleeps=False,
        template=_LLAMA3, parameters=_LLAMA_STOPS, license=_LLAMA_LICENSE, age_days=10.0,
    ),
    ModelSpec(
        name="tool-model:latest", family="llama", architecture="llama", parameter_size="3.2B",
        parameter_count=3_212_749_888, quantization="Q4_K_M", size=2_019_393_189,
        context_length=131_072, embedding_length=3072, capabilities=("completion", "tools"),
        script="tools", load_seconds=0.8, template=_LLAMA3, parameters=_LLAMA_STOPS,
        license=_LLAMA_LICENSE, age_days=12.0,
    ),
    _VISION,
    _FAULT,
    replace(_FAULT, name="fault-cut:latest", script="fault_cut", age_days=3.1),
    replace(_FAULT, name="fault-500:latest", load_error=RUNNER_STOPPED, age_days=3.2),
)

_EXTRAS: tuple[ModelSpec, ...] = (
    ModelSpec(
        name="tinyllama:1.1b", family="llama", architecture="llama", parameter_size="1B",
        parameter_count=1_100_048_384, quantization="Q4_0", size=637_700_138,
        context_length=2048, embedding_length=2048, capabilities=("completion",),
        script="small", token_seconds=0.01, load_seconds=0.3,
        parameters=(("stop", '"<|system|>"'), ("stop", '"<|user|>"'), ("stop", '"<|assistant|>"'),
                    ("stop", '"</s>"')),
    ),
    # What ollamux's pull dialog suggests ("e.g. llama3.2:3b"): the demo must serve it.
    ModelSpec(
        name="llama3.2:3b", family="llama", architecture="llama", parameter_size="3.2B",
        parameter_count=3_212_749_888, quantization="Q4_K_M", size=2_019_393_189,
        context_length=131_072, embedding_length=3072, capabilities=("completion", "tools"),
        script="small", token_seconds=0.012, load_seconds=0.5, template=_LLAMA3, parameters=_LLAMA_STOPS,
        license=_LLAMA_LICENSE,
    ),
    ModelSpec(
        name="phi3:mini", family="phi3", architecture="phi3", parameter_size="3.8B",
        parameter_count=3_821_079_552, quantization="Q4_0", size=2_176_178_913,
        context_length=131_072, embedding_length=3072, capabilities=("completion",),
        script="small", token_seconds=0.015, load_seconds=0.6, license="Microsoft.\nMIT License",
        parameters=(("stop", '"<|end|>"'), ("stop", '"<|user|>"'), ("stop", '"<|assistant|>"')),
    ),
)

# What /api/pull can fetch, by lower-cased tagged name.
REGISTRY: dict[str, ModelSpec] = {spec.name.casefold(): spec for spec in INSTALLED + _EXTRAS}


@dataclass(frozen=True, slots=True)
class Preload:
    """A model already loaded when the server starts, to give /api/ps some life."""

    name: str
    num_ctx: int
    keep_alive: float  # seconds; math.inf = forever


# One forever at 100% GPU, one split 48%/52% CPU/GPU, one CPU-only that expires sooner.
PRELOADED: tuple[Preload, ...] = (
    Preload("demo-coder:7b", 8192, float("inf")),
    Preload("qwen3:8b", 4096, 300.0),
    Preload("slow-model:latest", 4096, 150.0),
)
