"""Theme files: bundled themes, user overrides, and bad files."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.app import App
from textual.color import Color
from textual.theme import Theme

from ollamux.ui.themes import bundled_themes_dir, load_theme_file, load_themes

GOOD = """\
name = "mine"
primary = "#ff8800"
background = "#000000"
"""


def write(directory: Path, name: str, text: str) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / name
    path.write_text(text)
    return path


def contrast(a: str, b: str) -> float:
    """WCAG 2 contrast ratio of two colours."""

    def luminance(colour: str) -> float:
        def channel(value: int) -> float:
            c = value / 255
            return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

        r, g, b_ = Color.parse(colour).rgb
        return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b_)

    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


# --------------------------------------------------------------------------- bundled


def test_bundled_themes_load() -> None:
    themes, warnings = load_themes(None)
    assert warnings == []
    by_name = {theme.name: theme for theme in themes}
    assert list(by_name) == ["ollamux-dark", "ollamux-light"]
    assert all(isinstance(theme, Theme) for theme in themes)
    assert by_name["ollamux-dark"].dark is True
    assert by_name["ollamux-light"].dark is False
    for theme in themes:
        assert theme.to_color_system().generate()  # Textual can derive all shades


def test_bundled_dir_is_the_repo_themes_dir_in_an_editable_install() -> None:
    assert (bundled_themes_dir() / "ollamux-dark.toml").is_file()


@pytest.mark.parametrize("name", ["ollamux-dark", "ollamux-light"])
def test_bundled_themes_are_readable(name: str) -> None:
    theme = load_theme_file(bundled_themes_dir() / f"{name}.toml")
    assert theme.foreground and theme.background and theme.surface
    assert contrast(theme.foreground, theme.background) >= 7
    assert contrast(theme.foreground, theme.surface) >= 7
    assert contrast(theme.primary, theme.background) >= 4.5
    assert contrast(theme.variables["footer-key-foreground"], theme.background) >= 4.5
    for colour in (theme.error, theme.warning, theme.success):
        assert colour and contrast(colour, theme.background) >= 4.5


async def test_bundled_themes_apply_in_a_textual_app() -> None:
    # Theme variables are CSS fragments; only Textual can say they are valid.
    themes, _ = load_themes(None)
    app: App[None] = App()
    async with app.run_test():
        for theme in themes:
            app.register_theme(theme)
            app.theme = theme.name
            assert app.current_theme.name == theme.name
            assert app.get_css_variables()["footer-key-foreground"]


# --------------------------------------------------------------------------- user themes


def test_user_theme_added_and_override(tmp_path: Path) -> None:
    user = tmp_path / "themes"
    write(user, "mine.toml", GOOD)
    write(user, "dark.toml", 'name = "ollamux-dark"\nprimary = "red"\n')
    themes, warnings = load_themes(user)
    assert warnings == []
    by_name = {theme.name: theme for theme in themes}
    assert list(by_name) == ["ollamux-dark", "ollamux-light", "mine"]
    assert by_name["ollamux-dark"].primary == "red"
    assert by_name["mine"].primary == "#ff8800"


def test_missing_user_dir_is_fine(tmp_path: Path) -> None:
    themes, warnings = load_themes(tmp_path / "absent")
    assert len(themes) == 2 and warnings == []


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ('name = "x"\nprimary = ', "invalid TOML"),
        ('primary = "#123456"', "'name'"),
        ('name = "x"\nsecondary = "#123456"', "'primary' is missing"),
        ('name = "x"\nprimary = "#12345g"', "not a valid colour"),
        ('name = "x"\nprimary = "blurple"', "not a valid colour"),
        ('name = "x"\nprimary = 3', "colour string"),
        ('name = "x"\nprimary = "red"\nsparkle = true', "unknown key 'sparkle'"),
        ('name = "x"\nprimary = "red"\ndark = "yes"', "'dark'"),
        ('name = "x"\nprimary = "red"\ntext_alpha = 2', "'text_alpha'"),
        ('name = "x"\nprimary = "red"\n[variables]\nfoo = 1', "'variables'"),
    ],
)
def test_bad_theme_files_are_reported_and_skipped(tmp_path: Path, text: str, reason: str) -> None:
    user = tmp_path / "themes"
    write(user, "broken.toml", text)
    write(user, "mine.toml", GOOD)
    themes, warnings = load_themes(user)
    assert len(warnings) == 1
    assert "broken.toml" in warnings[0]
    assert reason in warnings[0]
    assert {theme.name for theme in themes} == {"ollamux-dark", "ollamux-light", "mine"}


@pytest.mark.parametrize(
    ("variable", "value", "reason"),
    [
        ("footer-key-foreground", "#5fafzz", "is not a colour: '#5fafzz'"),
        ("footer-key-foreground", "blurple", "is not a colour"),
        ("footer-key-foreground", "", "is not a colour"),
        ("input-selection-background", "#5fafd7 35", "is not a colour"),
        ("input-selection-background", "red; } Screen { color: blue", "is not a colour"),
        ("block-cursor-text-style", "boldd", "is not a text style"),
        ("block-cursor-text-style", "#123456", "is not a text style"),
        ("footer-key-foregound", "#5fafd7", "unknown variable 'footer-key-foregound'"),
    ],
)
def test_bad_theme_variables_are_reported_by_file_and_skipped(
    tmp_path: Path, variable: str, value: str, reason: str
) -> None:
    user = tmp_path / "themes"
    write(user, "typo.toml", f'name = "typo"\nprimary = "red"\n[variables]\n"{variable}" = {value!r}\n')
    themes, warnings = load_themes(user)
    assert len(warnings) == 1
    assert warnings[0].startswith("theme file typo.toml skipped: ")
    assert reason in warnings[0] and variable in warnings[0]
    assert "typo" not in {theme.name for theme in themes}


def test_every_value_textual_derives_is_a_valid_variable(tmp_path: Path) -> None:
    """The check must not refuse what Textual itself produces: copy every derived
    variable of a theme into a theme file and it loads."""
    derived = load_theme_file(bundled_themes_dir() / "ollamux-dark.toml").to_color_system().generate()
    lines = "\n".join(f'"{name}" = {value!r}' for name, value in derived.items())
    write(tmp_path, "all.toml", f'name = "all"\nprimary = "red"\n[variables]\n{lines}\n')
    assert load_theme_file(tmp_path / "all.toml").variables == derived


async def test_a_theme_with_a_bad_variable_does_not_stop_the_app(tmp_path: Path) -> None:
    from ollamux.api.hosts import Host
    from ollamux.config import Config, themes_dir
    from ollamux.ui.app import OllamuxApp

    write(themes_dir(), "typo.toml", 'name = "typo"\nprimary = "red"\n[variables]\n'
          '"footer-key-foreground" = "#5fafzz"\n')
    app = OllamuxApp(Config(hosts=(Host("none", "http://127.0.0.1:9"),), theme="typo", config_path=tmp_path / "c.toml",
                            data_dir=tmp_path / "data", restore_sessions=False))
    async with app.run_test() as pilot:
        await pilot.pause()
        notices = [notification.message for notification in app._notifications]
        assert any("typo.toml" in notice and "#5fafzz" in notice for notice in notices)
        assert app.theme != "typo"


def test_non_utf8_theme_file(tmp_path: Path) -> None:
    user = tmp_path / "themes"
    user.mkdir()
    (user / "bin.toml").write_bytes(b'name = "\xff"\n')
    _, warnings = load_themes(user)
    assert warnings == ["theme file bin.toml skipped: it is not UTF-8 text"]


def test_only_toml_files_are_read(tmp_path: Path) -> None:
    user = tmp_path / "themes"
    write(user, "README.md", "# my themes")
    write(user, "mine.toml.bak", "garbage =")
    themes, warnings = load_themes(user)
    assert len(themes) == 2 and warnings == []
