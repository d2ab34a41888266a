"""Writing presets: from a session's settings to a TOML file a person can edit.

The file reads back to the same preset (`load_preset_file`). A session's options
that no preset may hold (a newer server's name, one Ollama dropped) are left out
and named, so saving never writes a file that would then be refused.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import tomli_w

from ollamux.core.durable import fsync_dir
from ollamux.core.presets import PRESET_OPTIONS, Preset, PresetError, check_option
from ollamux.core.session import Session

# Letters and digits of any script stay (a Chinese name makes a Chinese file name).
_UNSAFE = re.compile(r"[^\w.]+|_+")
NAME_LIMIT = 60


@dataclass(frozen=True)
class Captured:
    """A preset made from a session, and the options it could not hold."""

    preset: Preset
    left_out: list[str] = field(default_factory=list)


def preset_from_session(session: Session, name: str, description: str = "") -> Captured:
    options: dict[str, Any] = {}
    left_out: list[str] = []
    for option, value in session.options.items():
        try:
            options[option] = check_option(option, value)
        except PresetError:
            left_out.append(option)
    preset = Preset(
        name=" ".join(name.split()), description=description, system=session.system_prompt,
        model=session.model, options=options, think=session.think, format=session.format,
        keep_alive=session.keep_alive, tools=dict(session.tool_choices),
    )
    return Captured(preset, left_out)


def file_name(name: str) -> str:
    """A file name for a preset name: safe on every system, readable, `.toml`."""
    text = unicodedata.normalize("NFKC", name).casefold()
    stem = _UNSAFE.sub("-", text).strip("-.")[:NAME_LIMIT].rstrip("-.")
    return f"{stem or 'preset'}.toml"


def preset_to_toml(preset: Preset) -> str:
    data: dict[str, Any] = {"name": preset.name}
    if preset.description:
        data["description"] = preset.description
    if preset.model:
        data["model"] = preset.model
    data["system"] = preset.system
    if preset.think is not None:
        data["think"] = preset.think
    if preset.keep_alive is not None:
        data["keep_alive"] = preset.keep_alive
    if isinstance(preset.format, str):
        data["format"] = preset.format
    if preset.options:
        # Known names first, in the inspector's order; a file is read by people.
        order = list(PRESET_OPTIONS)
        data["options"] = dict(sorted(preset.options.items(), key=lambda item: order.index(item[0])))
    if preset.tools:
        data["tools"] = dict(preset.tools)
    if isinstance(preset.format, dict):
        data["format"] = _schema(preset.format)
    return tomli_w.dumps(data, multiline_strings=True)


def _schema(schema: dict[str, Any]) -> dict[str, Any] | str:
    """A table where TOML can hold it; JSON text where it cannot (a null, an empty key)."""
    try:
        tomli_w.dumps({"format": schema})
    except (TypeError, ValueError):
        return json.dumps(schema, ensure_ascii=False)
    return schema


def save_preset(preset: Preset, directory: Path, *, overwrite: bool = False, file: str | None = None) -> Path:
    """Write `preset` into `directory` atomically, as `file` (by default named after
    the preset); FileExistsError if that file exists, unless `overwrite`."""
    path = directory / (file or file_name(preset.name))
    if path.exists() and not overwrite:
        raise FileExistsError(path)
    directory.mkdir(parents=True, exist_ok=True)
    text = preset_to_toml(preset)
    with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=directory, prefix=".", suffix=".tmp",
                                     delete=False) as temp:
        temp.write(text)
        temp.flush()
        os.fsync(temp.fileno())
    try:
        os.replace(temp.name, path)
    except OSError:
        Path(temp.name).unlink(missing_ok=True)
        raise
    fsync_dir(directory)
    return path
