"""How the options inspector words values: pure functions, no widgets.

Values come from three places: the server's defaults (fixed text in the specs), the
model's own `parameters` block (untrusted server text) and the session's overrides
(typed JSON values). Everything shown passes through `strip_control`; widgets put it
in `Content`, never in markup.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any

from textual.content import Content

from ollamux.api.capabilities import OptionDialect
from ollamux.api.models import ModelDetails
from ollamux.core.options import OptionSpec, OptionValue, ignored_names
from ollamux.core.session import Session
from ollamux.core.text import strip_control

LOADING = "loading model details…"
# The inspector's title, by the option names the session's host takes.
DIALECT_TITLES: dict[OptionDialect, str] = {"ollama": "Ollama options", "openai": "OpenAI-compatible"}
_IGNORED_NOTES: dict[OptionDialect, str] = {
    "ollama": "The server no longer honours these; they are not sent.",
    "openai": "This API does not take these; they are not sent.",
}
_OPTIONS_NOTES: dict[OptionDialect, str] = {
    "ollama": "Only overrides are sent; empty = the model's value.",
    "openai": "Only overrides are sent; empty = the server's default.",
}


def shown(value: Any) -> str:
    """One line for a value: JSON-like, so types and odd characters are visible."""
    if isinstance(value, str):
        return strip_control(value)
    if isinstance(value, list):
        return strip_control(", ".join(json.dumps(str(item), ensure_ascii=False) for item in value))
    try:
        return strip_control(json.dumps(value, ensure_ascii=False))
    except (TypeError, ValueError):
        return strip_control(repr(value))


def edit_text(value: Any) -> str:
    """What an editor holds for an override, so that it validates back to the value."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "\n".join(str(item) for item in value)
    if isinstance(value, (int, float)):
        return json.dumps(value)
    return str(value)


def placeholder(spec: OptionSpec, model_value: OptionValue | None) -> str:
    """The effective value while there is no override: the model's, else the server's."""
    if model_value is not None:
        return f"{shown(model_value)}  (model)"
    return f"{spec.server_default}  (server)"


def info_line(spec: OptionSpec, model_value: OptionValue | None, *, loading: bool = False) -> str:
    """Type, server default and the model's value, under the option's name."""
    kind: str = "lines" if spec.kind == "list[str]" else spec.kind
    if spec.choices:
        kind = " | ".join(spec.choices)
    parts = [kind, f"default {spec.server_default}"]
    if loading:
        parts.append("model …")
    elif model_value is not None:
        parts.append(f"model {shown(model_value)}")
    return " · ".join(parts)


def other_names(options: Mapping[str, Any], specs: Iterable[OptionSpec], dialect: OptionDialect) -> list[str]:
    """Overrides with no row of their own that are still sent (a newer server's option)."""
    known = {spec.name for spec in specs}
    ignored = set(ignored_names(options, dialect))
    return [name for name in options if name not in known and name not in ignored]


def ignored_note(dialect: OptionDialect) -> str:
    return _IGNORED_NOTES[dialect]


def options_note(dialect: OptionDialect, specs: Iterable[OptionSpec]) -> str:
    note = _OPTIONS_NOTES[dialect]
    if any(spec.reloads_model for spec in specs):
        note += " ↻ reloads the model."
    return note


def head(session: Session, details: ModelDetails | None, *, loading: bool, error: str) -> Content:
    """Model and host, then what the model is (or that its details are on their way)."""
    title = Content.assemble((strip_control(session.model), "bold"), ("  on ", "$text-muted"),
                             strip_control(session.host))
    if error:
        return Content.assemble(title, "\n", (strip_control(error), "$text-error"))
    if loading:
        return Content.assemble(title, "\n", (LOADING, "italic $text-muted"))
    if details is None:
        return title
    context = details.context_length
    facts = [details.parameter_size, details.quantization, f"context {context:,}" if context else "",
             ", ".join(cap for cap in details.capabilities if cap != "completion")]
    line = " · ".join(strip_control(fact) for fact in facts if fact)
    return Content.assemble(title, "\n", (line, "$text-muted")) if line else title
