"""The workshop's words, without Textual: what a model is made from, a create body in short,
a Modelfile from `/api/show`, the name a push suggests.

Pure functions, so the tests read them without an app: what the form shows before
sending is what `create_body` will send.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ollamux.api.create import CreateRequest
from ollamux.api.models import ModelDetails
from ollamux.core.options import OPTIONS_BY_NAME
from ollamux.core.session import Session

# What `ollama create --quantize` offers most; the server takes others too.
QUANTIZE_LEVELS = ("q4_K_M", "q4_K_S", "q8_0")
QUANTIZABLE = ("F16", "BF16", "F32")
INHERITED = "the base's"
SUMMARY_WIDTH = 60  # a value longer than this is cut: the form is a summary, not the body


@dataclass(frozen=True)
class CreateSource:
    """What the new model is made from: a session, or a Modelfile's text."""

    title: str
    base: str  # the base model, if known, to learn its quantization level
    session: Session | None = None
    modelfile: str | None = None
    quantization: str | None = None  # the base's level, None while unknown
    folder: Path | None = None  # where the Modelfile's relative paths start (else the current folder)


def listed_name(name: str) -> str:
    """The name as tags lists it: the server adds `:latest` to a name without a tag."""
    return name if ":" in name.rsplit("/", 1)[-1] else f"{name}:latest"


def can_quantize(level: str) -> bool:
    """Whether a base at quantization `level` (from tags or show) can be quantized."""
    return level.strip().upper() in QUANTIZABLE


def first_line(text: str, width: int = SUMMARY_WIDTH) -> str:
    """The first non-blank line, with "…" when more follows or it was cut."""
    lines = [line.strip() for line in text.strip().splitlines()]
    line = lines[0] if lines else ""
    more = len(lines) > 1 or len(line) > width
    return line[: width - 1] + "…" if len(line) > width else line + ("…" if more else "")


def wire_value(value: Any) -> str:
    """A parameter as the body carries it: numbers bare, strings quoted, stop as a list."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def body_summary(request: CreateRequest) -> list[tuple[str, str]]:
    """(label, value) rows: what the create body sets, and what it leaves to the base."""
    rows = [("from", request.base or "uploaded files")]
    rows.append(("system", first_line(request.system) if request.system else INHERITED))
    if request.parameters:
        values = " · ".join(f"{name}={wire_value(value)}" for name, value in request.parameters.items())
        rows.append(("parameters", values))
    else:
        rows.append(("parameters", INHERITED))
    if request.template is not None:
        rows.append(("template", f"{len(request.template.splitlines())} lines"))
    if request.license:
        rows.append(("license", first_line(request.license[0])))
    if request.messages:
        count = len(request.messages)
        rows.append(("examples", f"{count} message{'s' if count != 1 else ''}"))
    if request.quantize:
        rows.append(("quantize", request.quantize))
    return rows


# `/api/show` lists parameters one a line: the name, spaces, the value as Modelfiles write it.
_SHOWN_PARAMETER = re.compile(r"^(\S+)\s+(.+?)\s*$")


def _block(command: str, text: str) -> list[str]:
    if not text.strip():
        return []
    if '"""' in text:  # a Modelfile cannot quote it: left to the base, and said so
        return [f'# {command}: kept from the base (it holds """, which a Modelfile cannot quote)']
    return [f'{command} """{text}"""']


def modelfile_from_details(details: ModelDetails) -> str:
    """A Modelfile that rebuilds `details`' model: edit it, and what changes is the new model.

    Parameters Ollama no longer reads are commented out, so the text parses as shown.
    """
    lines = [f"# What you delete here stays as {details.name} has it.", f"FROM {details.name}"]
    lines += _block("SYSTEM", details.system)
    for shown in details.parameters.splitlines():
        match = _SHOWN_PARAMETER.match(shown.strip())
        if not match:
            continue
        name, value = match.groups()
        known = name in OPTIONS_BY_NAME
        lines.append(("" if known else "# ") + f"PARAMETER {name} {value}"
                     + ("" if known else "  (Ollama no longer reads it)"))
    lines += _block("TEMPLATE", details.template)
    lines += _block("LICENSE", details.license)
    return "\n".join(lines) + "\n"


def push_destination(model: str, namespace: str) -> str:
    """The name a push suggests: `namespace/name:tag` (a name with a namespace stays)."""
    name = model if ":" in model.rsplit("/", 1)[-1] else f"{model}:latest"
    if "/" in name:
        return name
    return f"{namespace}/{name}"
