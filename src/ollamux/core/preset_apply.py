"""Applying a preset to a session, and saying beforehand what it does not fit.

A preset is a whole set of settings: applying it sets the system prompt, think,
format and keep_alive to the preset's (unset ones back to the server's default)
and replaces the option overrides, so switching from a JSON extractor to a
translator leaves no `format = "json"` behind. Two things stay: load-time options
the preset does not name (num_ctx, num_gpu ... describe the machine, not the task,
and changing them reloads the model), and tool choices when the preset names none
(tools are the machine's config; a shipped preset cannot know them).

What the session's backend does not take is not applied, and is named: options of
the other API, think and keep_alive on an OpenAI-compatible API, think on a model
that cannot (a 400 on Ollama). A preferred model
never moves an open session; one its host does not list is named too.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from ollamux.api.capabilities import Capabilities, OptionDialect
from ollamux.core.model_names import is_listed
from ollamux.core.options import OLLAMA_OPTIONS, OPENAI_RENAMED, specs_for, think_label
from ollamux.core.presets import Preset
from ollamux.core.session import Session

_RELOADS = {spec.name for spec in OLLAMA_OPTIONS if spec.reloads_model}
# The other API's word for an option, where it has one.
_OLLAMA_NAMES = {openai: ollama for ollama, openai in OPENAI_RENAMED.items()}
_HINTS: dict[OptionDialect, dict[str, str]] = {
    "ollama": {**{name: f"Ollama calls it {ours}" for name, ours in _OLLAMA_NAMES.items()},
               "reasoning_effort": "think does that on Ollama"},
    "openai": {"num_ctx": "the server sets the context", **{name: f"this API calls it {theirs}"
                                                           for name, theirs in OPENAI_RENAMED.items()}},
}


@dataclass(frozen=True)
class Change:
    """One setting the preset changed, worded for a notice."""

    what: str
    before: str
    after: str

    def __str__(self) -> str:
        return f"{self.what}: {self.before} → {self.after}"


@dataclass(frozen=True)
class Known:
    """What the session's host says about it, where asked; None: not known, not judged."""

    models: Sequence[str] | None = None  # the names the host lists
    thinks: bool | None = None  # whether the session's model can think (Ollama's /api/show)


@dataclass
class Applied:
    changes: list[Change] = field(default_factory=list)
    misfits: list[str] = field(default_factory=list)  # what was not applied, and why


def misfits(preset: Preset, capabilities: Capabilities, host: str, known: Known = Known(),
            model: str = "") -> list[str]:
    """What of `preset` a session on this backend (its `host`, its `model`) cannot
    take, one sentence each."""
    dialect = capabilities.options
    taken = _taken(dialect)
    api = "Ollama" if dialect == "ollama" else "this API"
    found = []
    for name in preset.options:
        if name not in taken:
            hint = _HINTS[dialect].get(name)
            found.append(f"{name}: {api} does not take it" + (f" ({hint})" if hint else ""))
    if preset.think is not None and dialect != "ollama":
        found.append(f"think {think_label(preset.think)}: {api} thinks by reasoning_effort")
    elif not _think_fits(preset, dialect, known):  # true or a level is a 400 there
        found.append(f"think {think_label(preset.think)}: {model or 'this model'} does not think")
    if preset.keep_alive is not None and not capabilities.keep_alive:
        found.append(f"keep_alive {preset.keep_alive}: {api} does not take it")
    if preset.model and known.models is not None and not is_listed(preset.model, known.models):
        found.append(f"model {preset.model}: not on host {host}")
    return found


def apply_preset(preset: Preset, session: Session, capabilities: Capabilities, known: Known = Known()) -> Applied:
    """Set `session` to `preset` where its backend takes it; what changed, what did not fit."""
    result = Applied(misfits=misfits(preset, capabilities, session.host, known, session.model))
    dialect = capabilities.options

    def put(what: str, attribute: str, value: Any, unset: str = "default") -> None:
        before = getattr(session, attribute)
        if value != before or type(value) is not type(before):
            setattr(session, attribute, value)
            result.changes.append(Change(what, _shown(before, unset), _shown(value, unset)))

    put("system prompt", "system_prompt", preset.system, "none")
    if preset.think is None or (dialect == "ollama" and _think_fits(preset, dialect, known)):
        put("think", "think", preset.think)
    put("format", "format", preset.format, "none")
    if capabilities.keep_alive:
        put("keep_alive", "keep_alive", preset.keep_alive)
    taken = _taken(dialect)
    options = {name: value for name, value in session.options.items() if name in _RELOADS}
    options.update((name, value) for name, value in preset.options.items() if name in taken)
    for name in dict.fromkeys([*session.options, *options]):
        before, after = session.options.get(name), options.get(name)
        if before != after or type(before) is not type(after):
            result.changes.append(Change(name, _shown(before), _shown(after)))
    session.options = options
    if preset.tools and preset.tools != session.tool_choices:
        session.tool_choices = dict(preset.tools)
        result.changes.append(Change("tools", "", ", ".join(f"{k} {'on' if on else 'off'}"
                                                            for k, on in preset.tools.items())))
    return result


def _think_fits(preset: Preset, dialect: OptionDialect, known: Known) -> bool:
    asks_to_think = preset.think is not None and preset.think is not False
    return dialect == "ollama" and not (asks_to_think and known.thinks is False)


def _taken(dialect: OptionDialect) -> set[str]:
    """Option names a backend takes (the OpenAI client sends num_predict as max_tokens)."""
    return {spec.name for spec in specs_for(dialect)} | (set(OPENAI_RENAMED) if dialect == "openai" else set())


def _shown(value: Any, unset: str = "default") -> str:
    """A value in a notice: short, one line; `unset` for none at all."""
    if value is None or value == "":
        return unset
    if isinstance(value, str):
        line = " ".join(value.split())
        return line if len(line) <= 30 else line[:29] + "…"
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 30 else text[:29] + "…"


def settings_lines(preset: Preset) -> list[str]:
    """What the preset sets, one short line each, for a preview."""
    lines = [f"{name} = {_shown(value)}" for name, value in preset.options.items()]
    if preset.think is not None:
        lines.append(f"think {think_label(preset.think)}")
    if preset.format is not None:
        lines.append("format " + (preset.format if isinstance(preset.format, str) else "JSON schema"))
    if preset.keep_alive is not None:
        lines.append(f"keep_alive {preset.keep_alive}")
    if preset.tools:
        on = sum(preset.tools.values())
        lines.append(f"tools: {on} on, {len(preset.tools) - on} off")
    if preset.model:
        lines.append(f"prefers {preset.model}")
    return lines
