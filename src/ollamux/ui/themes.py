"""Themes from TOML files: the bundled ones, then the user's.

Bundled and user themes go through the same loader, so a user can copy a bundled
file into `~/.config/ollamux/themes/`, change a colour, and keep the name to
replace it. A bad file is reported by name and skipped; it never stops the app.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from textual.color import Color, ColorParseError
from textual.css.stylesheet import Stylesheet, StylesheetParseError
from textual.css.tokenizer import TokenError
from textual.theme import Theme

import ollamux
from ollamux.core.toml_file import TomlFileError, read_toml_file

_COLOUR_KEYS = (
    "primary", "secondary", "accent", "foreground", "background",
    "surface", "panel", "boost", "success", "warning", "error",
)
_FLOAT_KEYS = ("luminosity_spread", "text_alpha")
_BOOL_KEYS = ("dark", "ansi")
_KNOWN_KEYS = frozenset({"name", "variables", *_COLOUR_KEYS, *_FLOAT_KEYS, *_BOOL_KEYS})


class ThemeFileError(ValueError):
    """A theme file that cannot be used; the message says why."""


def bundled_themes_dir() -> Path:
    """The themes shipped with ollamux: inside the package when installed from a
    wheel, at the top of the repository in an editable install."""
    package = Path(ollamux.__file__).parent
    installed = package / "themes"
    return installed if installed.is_dir() else package.parents[1] / "themes"


def load_themes(user_dir: Path | None) -> tuple[list[Theme], list[str]]:
    """All usable themes (bundled first, user themes replacing same-named ones)
    and one warning per file that was skipped.

    Pass `ollamux.config.themes_dir()` as `user_dir`; None loads bundled themes only.
    """
    themes: dict[str, Theme] = {}
    warnings: list[str] = []
    directories = [bundled_themes_dir()] + ([user_dir] if user_dir is not None else [])
    for path in _theme_files(directories):
        try:
            theme = load_theme_file(path)
        except ThemeFileError as error:
            warnings.append(f"theme file {path.name} skipped: {error}")
            continue
        themes[theme.name] = theme
    return list(themes.values()), warnings


def _theme_files(directories: Iterable[Path]) -> Iterable[Path]:
    for directory in directories:
        if directory.is_dir():
            yield from sorted(directory.glob("*.toml"))


def load_theme_file(path: Path) -> Theme:
    """One theme file as a Textual Theme; ThemeFileError if it is unusable."""
    try:
        data = read_toml_file(path)
    except TomlFileError as error:
        raise ThemeFileError(str(error)) from None
    return theme_from_dict(data)


def theme_from_dict(data: dict[str, Any]) -> Theme:
    """Validate a parsed theme table and build the Theme."""
    unknown = sorted(data.keys() - _KNOWN_KEYS)
    if unknown:
        raise ThemeFileError(f"unknown key {unknown[0]!r}")
    name = data.get("name")
    if not isinstance(name, str) or not name.strip():
        raise ThemeFileError("'name' is missing or not a string")
    if "primary" not in data:
        raise ThemeFileError("'primary' is missing")
    fields: dict[str, Any] = {"name": name.strip()}
    for key in _COLOUR_KEYS:
        if key in data:
            fields[key] = _colour(key, data[key])
    for key in _BOOL_KEYS:
        if key in data:
            fields[key] = _boolean(key, data[key])
    for key in _FLOAT_KEYS:
        if key in data:
            fields[key] = _fraction(key, data[key])
    fields["variables"] = _variables(data.get("variables", {}))
    return Theme(**fields)


def _colour(key: str, value: object) -> str:
    if not isinstance(value, str):
        raise ThemeFileError(f"{key!r} must be a colour string")
    try:
        Color.parse(value)
    except ColorParseError:
        raise ThemeFileError(f"{key!r} is not a valid colour: {value!r}") from None
    return value


def _boolean(key: str, value: object) -> bool:
    if not isinstance(value, bool):
        raise ThemeFileError(f"{key!r} must be true or false")
    return value


def _fraction(key: str, value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 1:
        raise ThemeFileError(f"{key!r} must be a number from 0 to 1")
    return float(value)


def _variables(value: object) -> dict[str, str]:
    if not isinstance(value, dict) or not all(
        isinstance(item, str) for item in value.values()
    ):
        raise ThemeFileError("'variables' must be a table of strings")
    known = _textual_variable_names()
    for name, fragment in value.items():
        if name not in known:
            raise ThemeFileError(f"unknown variable {name!r}")
        _check_variable(name, fragment)
    return dict(value)


def _textual_variable_names() -> frozenset[str]:
    """The variables a theme can set: those Textual derives for every theme."""
    return frozenset(Theme(name="probe", primary="#000000").to_color_system().generate())


def _check_variable(name: str, fragment: str) -> None:
    """Parse `fragment` the way Textual will use it, before it is applied.

    Values are CSS fragments ("#5fafd7 35%", "auto 87%", "bold not underline"),
    not only colours. Textual parses them only when the whole stylesheet is
    rebuilt, and a bad one then stops the app with an error naming no file of
    ours; parsed here, the theme file is named and skipped instead.
    """
    css_property = "text-style" if "style" in name.split("-") else "color"
    stylesheet = Stylesheet(variables={name: fragment})
    stylesheet.add_source(f"Widget {{ {css_property}: ${name}; }}", read_from=("theme", name))
    try:
        stylesheet.parse()
    except (StylesheetParseError, TokenError):
        kind = "a text style" if css_property == "text-style" else "a colour"
        raise ThemeFileError(f"variable {name!r} is not {kind}: {fragment!r}") from None
