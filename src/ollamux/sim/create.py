"""`/api/create`: a new model from an installed one, with the request's overrides.

Statuses as the real server streams them (existing layers reused, new layers for
what changed, the manifest, success); the model then shows in tags and its show
reflects the system prompt, template, license, parameters and messages given.
A base neither installed nor in the registry fails in-band as the real pull does.
A parameter of the wrong type is refused in-band in the words the real server
uses for it; the real server stores it and says so only at the first load, but
refusing early exercises the same client path with the same message.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import replace
from typing import Any

from . import blobs
from .context import SimContext
from .exchange import Exchange
from .models import REGISTRY, ModelSpec
from .progress import Step, run_job
from .pull import MANIFEST_MISSING, layers
from .validate import RequestError, check_options, expect_type, parse_body
from .wire import fake_digest, model_key, with_tag

QUANTIZABLE = ("F16", "BF16", "F32")
NOT_QUANTIZABLE = "quantization is only supported for F16, BF16 and F32 models"
_STRUCT = "CreateRequest"


def create(sim: SimContext, ex: Exchange) -> None:
    body = parse_body(ex.body, "api.CreateRequest")
    name = body.get("model") or body.get("name")
    if not isinstance(name, str) or not name.strip() or " " in name.strip():
        raise RequestError(400, "invalid model name")
    for key in ("from", "system", "template", "quantize"):
        expect_type(body, key, (str,), _STRUCT, "string")
    expect_type(body, "parameters", (dict,), _STRUCT, "map[string]interface {}")
    expect_type(body, "messages", (list,), _STRUCT, "[]api.Message")
    if not body.get("from") and not body.get("files"):
        raise RequestError(400, "neither 'from' or 'files' was specified")
    # Listed with its tag, as the real server lists it (`terse` -> `terse:latest`).
    name, stream = with_tag(name.strip()), body.get("stream") is not False
    if (missing := blobs.missing_blob(sim, body)) is not None:
        run_job(sim, ex, iter([(0.0, {"status": "parsing GGUF"}), (0.0, {"error": missing})]), stream=stream)
    elif body.get("files"):
        run_job(sim, ex, blobs.from_files(sim, name, body), stream=stream)
    else:
        run_job(sim, ex, _steps(sim, name, body), stream=stream)


def _steps(sim: SimContext, name: str, body: dict[str, Any]) -> Iterator[Step]:
    base_name = str(body["from"])
    installed = sim.catalogue.find(base_name)
    base = installed.spec if installed else REGISTRY.get(model_key(base_name))
    if installed is None:  # the real server pulls a base it does not have
        yield 0.0, {"status": "pulling manifest"}
        if base is None:
            yield 0.2, {"error": MANIFEST_MISSING}
            return
        sim.catalogue.add(base.name, base, sim.now())
    assert base is not None
    for digest, _size in layers(base):
        yield 0.05, {"status": f"using existing layer sha256:{digest}"}
    try:
        check_options(body.get("parameters"))
    except RequestError as error:
        yield 0.0, {"error": error.message}
        return
    quantize = str(body.get("quantize") or "")
    if quantize and base.quantization.upper() not in QUANTIZABLE:
        yield 0.0, {"error": NOT_QUANTIZABLE}
        return
    if quantize:
        yield from _quantizing(base, quantize)
    spec = _new_spec(base, name, body, quantize)
    for part in ("system", "template", "license", "parameters", "messages"):
        if body.get(part):
            yield 0.05, {"status": f"creating new layer sha256:{fake_digest(part, name, str(body[part]))}"}
    yield 0.1, {"status": "writing manifest"}
    sim.catalogue.add(name, spec, sim.now())
    yield 0.0, {"status": "success"}


def _quantizing(base: ModelSpec, quantize: str) -> Iterator[Step]:
    status = f"quantizing {base.quantization.upper()} model to {quantize.upper()}"
    for step in range(1, 9):
        yield 0.1, {"status": status, "digest": "0000000000000000000", "total": base.size,
                    "completed": base.size * step // 8}


def _new_spec(base: ModelSpec, name: str, body: dict[str, Any], quantize: str) -> ModelSpec:
    license_ = body.get("license")
    if isinstance(license_, list):
        license_ = "\n".join(str(item) for item in license_)
    messages = tuple({"role": str(m.get("role", "")), "content": str(m.get("content", ""))}
                     for m in body.get("messages") or () if isinstance(m, dict))
    ratio = 0.3 if quantize else 1.0  # a 4-bit model is about a third of its F16 self
    return replace(
        base, name=name, system=str(body.get("system") or base.system),
        template=str(body.get("template") or base.template),
        license=str(license_ or base.license), parameters=_parameters(base, body.get("parameters")),
        messages=messages or base.messages, age_days=0.0, size=int(base.size * ratio),
        quantization=quantize.upper() or base.quantization,
    )


def _parameters(base: ModelSpec, given: Any) -> tuple[tuple[str, str], ...]:
    """The base's parameters with the request's replacing them key by key (as the server merges)."""
    given = given if isinstance(given, dict) else {}
    kept = [(key, value) for key, value in base.parameters if key not in given]
    for key, value in given.items():
        for item in value if isinstance(value, list) else [value]:
            kept.append((key, _as_text(item)))
    return tuple(kept)


def _as_text(value: Any) -> str:
    """A value as `ollama show` prints it: strings quoted, numbers and bools bare."""
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, bool):
        return "true" if value else "false"
    return format(value, "g") if isinstance(value, float) else str(value)
