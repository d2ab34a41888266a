"""A TOML file the user writes (a preset, a theme), read with one plain reason when it cannot be."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any


class TomlFileError(Exception):
    """Why the file cannot be read as TOML, in words for the user."""


def read_toml_file(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_bytes().decode("utf-8"))
    except OSError as error:
        raise TomlFileError(f"cannot read it ({error.strerror})") from None
    except UnicodeDecodeError:
        raise TomlFileError("it is not UTF-8 text") from None
    except tomllib.TOMLDecodeError as error:
        raise TomlFileError(f"invalid TOML: {error}") from None
