"""Presets: a saved system prompt and settings, read from TOML files and checked.

A preset file holds a name, an optional description, the system prompt, and
optionally `[options]`, think, format, keep_alive, `[tools]` (on/off by `Tool.key`)
and a preferred model. Values pass the checks the inspector and `/set` use
(`core/options.py`), so a preset never carries what the server would refuse.

Presets ship inside the package (`bundled_presets_dir`) and load exactly like the
user's (`$XDG_CONFIG_HOME/ollamux/presets`); a user file with the same name
replaces a shipped one. A bad file is reported by name with the reason and
skipped; it never costs the user the other presets.
"""

from __future__ import annotations

import difflib
import json
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ollamux.api.events import ThinkValue
from ollamux.core.options import (
    OLLAMA_OPTIONS,
    OPENAI_OPTIONS,
    REMOVED_OPTIONS,
    OptionError,
    OptionSpec,
    OptionValue,
    validate_format,
    validate_keep_alive,
    validate_option,
)
from ollamux.core.toml_file import TomlFileError, read_toml_file

# The names a preset may set: Ollama's, then those only OpenAI-compatible APIs take.
PRESET_OPTIONS: dict[str, OptionSpec] = {spec.name: spec for spec in OLLAMA_OPTIONS} | {
    spec.name: spec for spec in OPENAI_OPTIONS if spec.name not in {s.name for s in OLLAMA_OPTIONS}
}
THINK_LEVELS = ("low", "medium", "high", "max")
_TYPES: dict[str, tuple[type, ...]] = {
    "int": (int, float), "float": (int, float), "bool": (bool,), "str": (str,), "list[str]": (list,),
}
_KEYS = ("name", "description", "system", "model", "options", "think", "format", "keep_alive", "tools")


class PresetError(ValueError):
    """A preset file that cannot be used; the text says what is wrong."""


@dataclass(frozen=True)
class Preset:
    """One preset. None (and an empty table) means the preset does not set it."""

    name: str
    description: str = ""
    system: str = ""
    model: str = ""  # preferred model: a hint, never a move of an open session
    options: dict[str, OptionValue] = field(default_factory=dict)
    think: ThinkValue | None = None
    format: str | dict[str, Any] | None = None
    keep_alive: str | int | float | None = None
    tools: dict[str, bool] = field(default_factory=dict)
    # Where it was read from (None: not saved yet) and whether it ships with ollamux.
    path: Path | None = field(default=None, compare=False)
    shipped: bool = field(default=False, compare=False)


def bundled_presets_dir() -> Path:
    """The presets shipped with ollamux, inside the package (wheel and editable install)."""
    return Path(__file__).resolve().parent.parent / "presets"


def load_presets(user_dir: Path | None) -> tuple[list[Preset], list[str]]:
    """Every usable preset, sorted by name (user files replacing same-named shipped
    ones), and one sentence per file that was skipped."""
    found: dict[str, Preset] = {}
    problems: list[str] = []
    sources = [(bundled_presets_dir(), True)] + ([(user_dir, False)] if user_dir is not None else [])
    for directory, shipped in sources:
        for path in _files(directory):
            try:
                preset = load_preset_file(path, shipped=shipped)
            except PresetError as error:
                problems.append(f"preset file {path.name} skipped: {error}")
                continue
            found[preset.name.casefold()] = preset
    return sorted(found.values(), key=lambda p: p.name.casefold()), problems


def _files(directory: Path) -> Iterable[Path]:
    try:
        return sorted(directory.glob("*.toml")) if directory.is_dir() else []
    except OSError:
        return []


def load_preset_file(path: Path, *, shipped: bool = False) -> Preset:
    try:
        data = read_toml_file(path)
    except TomlFileError as error:
        raise PresetError(str(error)) from None
    preset = preset_from_dict(data, default_name=path.stem)
    return Preset(**{**preset.__dict__, "path": path, "shipped": shipped})


def preset_from_dict(data: Mapping[str, Any], *, default_name: str = "") -> Preset:
    """A checked preset from a TOML table; PresetError names the first problem."""
    for key in data:
        if key not in _KEYS:
            raise PresetError(_unknown_key(key))
    name = " ".join(_text(data, "name", default_name).split())
    if not name:
        raise PresetError("name must not be empty")
    return Preset(
        name=name,
        description=_text(data, "description"),
        system=_text(data, "system"),
        model=_text(data, "model").strip(),
        options=_options(data.get("options", {})),
        think=_think(data.get("think")),
        format=_format(data.get("format")),
        keep_alive=_keep_alive(data.get("keep_alive")),
        tools=_tools(data.get("tools", {})),
    )


def _unknown_key(key: str) -> str:
    if key in PRESET_OPTIONS:
        return f"{key} is an option: put it under [options]"
    near = difflib.get_close_matches(key, _KEYS, n=1)
    return f"unknown key {key!r}" + (f"; did you mean {near[0]}?" if near else f" (known: {', '.join(_KEYS)})")


def _text(data: Mapping[str, Any], key: str, default: str = "") -> str:
    value = data.get(key, default)
    if not isinstance(value, str):
        raise PresetError(f"{key} must be a string, got {_type(value)}")
    return value


def _type(value: Any) -> str:
    names = {bool: "true/false", int: "a number", float: "a number", str: "a string", list: "an array",
             dict: "a table"}
    return names.get(type(value), type(value).__name__)


def _options(table: Any) -> dict[str, OptionValue]:
    if not isinstance(table, dict):
        raise PresetError(f"options must be a table ([options]), got {_type(table)}")
    return {name: check_option(name, value) for name, value in table.items()}


def check_option(name: str, value: Any) -> OptionValue:
    """One option's TOML value, checked as the inspector checks typed text."""
    spec = PRESET_OPTIONS.get(name)
    if spec is None:
        if name in REMOVED_OPTIONS:
            raise PresetError(f"option {name} is no longer honoured by Ollama")
        near = difflib.get_close_matches(name, list(PRESET_OPTIONS), n=1)
        raise PresetError(f"unknown option {name!r}" + (f"; did you mean {near[0]}?" if near else ""))
    wanted = _TYPES[spec.kind]
    if not isinstance(value, wanted) or (isinstance(value, bool) and spec.kind != "bool"):
        kind = {"list[str]": "an array of strings", "str": "a string", "bool": "true or false",
                "int": "a whole number"}.get(spec.kind, "a number")
        raise PresetError(f"option {name} must be {kind}, got {_type(value)}")
    if isinstance(value, list):
        if not all(isinstance(item, str) for item in value):
            raise PresetError(f"option {name} must be an array of strings")
        return list(value)
    if isinstance(value, float) and not math.isfinite(value):
        raise PresetError(f"option {name} must be a finite number, got {value}")
    text = value if isinstance(value, str) else json.dumps(value)
    try:
        checked = validate_option(spec, text)
    except OptionError as error:
        raise PresetError(f"option {error}") from None
    if checked is None:
        raise PresetError(f"option {name} must not be empty")
    return checked


def _think(value: Any) -> ThinkValue | None:
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, str) and value in THINK_LEVELS:
        return value  # type: ignore[return-value]
    raise PresetError(f"think must be true, false or one of {', '.join(THINK_LEVELS)}, got {value!r}")


def _format(value: Any) -> str | dict[str, Any] | None:
    if value is None:
        return None
    if isinstance(value, dict):
        try:
            schema: dict[str, Any] = json.loads(json.dumps(value))  # a date in the table is no JSON schema
        except (TypeError, ValueError):
            raise PresetError("format's schema table holds a value JSON cannot (a date?)") from None
        return schema
    if not isinstance(value, str):
        raise PresetError(f'format must be "json", a JSON schema string or a table, got {_type(value)}')
    try:
        return validate_format(value)
    except OptionError as error:
        raise PresetError(str(error)) from None


def _keep_alive(value: Any) -> str | int | float | None:
    if value is not None and not isinstance(value, (str, int, float)):
        raise PresetError(f"keep_alive must be a duration (10m) or seconds, got {_type(value)}")
    try:
        return validate_keep_alive(value)
    except OptionError as error:
        raise PresetError(f"keep_alive: {error}") from None


def _tools(table: Any) -> dict[str, bool]:
    if not isinstance(table, dict) or not all(isinstance(on, bool) for on in table.values()):
        raise PresetError('tools must be a table of true/false by tool ("server/tool" = true)')
    return dict(table)
