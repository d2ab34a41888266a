"""Text from outside our source (prompts, titles, files, config, servers) is shown as
written: never parsed as markup, so it can neither crash the app nor run an action."""

from __future__ import annotations

import ast
from dataclasses import replace
from datetime import datetime, timezone
from pathlib import Path

import pytest
from textual.command import CommandPalette
from textual.widgets import Input, OptionList
from textual.widgets._toast import Toast

from ollamux.cli import build_config, parse_args
from ollamux.core.session import ChatMessage, Session
from ollamux.core.store import SessionStore, sessions_dir
from ollamux.ui.app import OllamuxApp
from ollamux.ui.screens.compare import AnswerPanel, CompareScreen

from tests.ui_helpers import ask, make_app, wait_until

# Closing tags without an opener, tags that do not match, actions, links, escapes,
# unclosed brackets and style variables: each one broke or steered a markup parser.
HOSTILE = [
    "[/]",
    "[/INST]",
    "[b]x[/i]",
    "[@click=app.quit]q",
    "[link=file:///etc]x[/link]",
    "\\[",
    "[red",
    "[$accent]x",
    "$accent",
]


def shown(app: OllamuxApp) -> str:
    """What the terminal shows now, one line per row."""
    strips = app.screen._compositor.render_strips()
    return "\n".join("".join(segment.text for segment in strip) for strip in strips)


def notices(app: OllamuxApp) -> str:
    return "\n".join(f"{n.title}: {n.message}" for n in app._notifications)


async def toast_shows(pilot, text: str) -> None:
    """Wait until a notice on screen reads `text`, literally (toasts wrap: not `shown`)."""
    await wait_until(pilot, lambda: any(text in toast.render().plain for toast in pilot.app.screen.query(Toast)))
    assert pilot.app.is_running


async def shows(pilot, text: str) -> None:
    """Wait until `text` is on screen, literally; the app must still be running."""
    await wait_until(pilot, lambda: text in shown(pilot.app))
    assert pilot.app.is_running


def palette_prompts(app: OllamuxApp) -> list[str]:
    return [str(option.prompt) for option in app.screen.query_one(OptionList).options]


# ------------------------------------------------------------------ notices


async def test_config_warnings_quoting_a_theme_name_are_shown_as_written(sim, tmp_path):
    config_file = tmp_path / "config.toml"
    config_file.write_text('theme = "[/]"\n"[/INST]" = 1\n')
    args = parse_args(["--config", str(config_file), "--host", sim.url, "--model", "fast-model:latest"])
    config = build_config(args, environ={})
    app = OllamuxApp(config)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await toast_shows(pilot, "unknown setting '[/INST]'")
        await toast_shows(pilot, "Unknown theme '[/]'")


async def test_a_theme_given_on_the_command_line_is_quoted_as_written(sim, tmp_path):
    args = parse_args(["--theme", "[b]x[/i]", "--host", sim.url, "--model", "fast-model:latest"])
    app = OllamuxApp(build_config(args, environ={}))
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await toast_shows(pilot, "Unknown theme '[b]x[/i]'")


@pytest.mark.parametrize("hostile", HOSTILE)
async def test_every_config_warning_shows_outside_text_literally(sim, tmp_path, hostile):
    app = make_app(sim.url, "fast-model:latest", tmp_path, theme=hostile, warnings=(f"config.toml: unknown setting {hostile!r}",))
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await wait_until(pilot, lambda: len(app._notifications) == 2)
        assert f"unknown setting {hostile!r}" in notices(app)
        assert f"Unknown theme {hostile!r}" in notices(app)
        await toast_shows(pilot, f"Unknown theme {hostile!r}")


async def test_a_missing_session_file_with_brackets_in_its_name_is_reported(sim, tmp_path):
    missing = tmp_path / "x [t=3:4].toml"
    app = make_app(sim.url, "fast-model:latest", tmp_path, open_session=missing)
    async with app.run_test(size=(160, 40), notifications=True) as pilot:
        await wait_until(pilot, lambda: "x [t=3:4].toml" in notices(app))
        await toast_shows(pilot, "[t=3:4]")


async def test_a_session_file_with_a_markup_role_is_reported(sim, tmp_path):
    broken = tmp_path / "broken.toml"
    session = Session(host="sim", model="fast-model:latest", messages=[ChatMessage(role="user", content="hi")])
    store = SessionStore(tmp_path / "elsewhere")
    store.save(session)
    text = store.path_for(session).read_text().replace('role = "user"', 'role = "[/]"')
    broken.write_text(text)
    app = make_app(sim.url, "fast-model:latest", tmp_path, open_session=broken)
    async with app.run_test(size=(160, 40), notifications=True) as pilot:
        await wait_until(pilot, lambda: "unknown role '[/]'" in notices(app))
        await toast_shows(pilot, "unknown role '[/]'")


@pytest.mark.parametrize("hostile", HOSTILE)
async def test_a_restored_session_on_a_gone_host_is_quoted_as_written(sim, tmp_path, hostile):
    data_dir = tmp_path / "data"
    session = Session(
        host=f"gone {hostile}", model="fast-model:latest", title=f"what is {hostile}",
        messages=[ChatMessage(role="user", content="hi")],
        updated_at=datetime(2026, 5, 4, tzinfo=timezone.utc),
    )
    store = SessionStore(sessions_dir(data_dir))
    store.save(session)
    store.save_open([session])
    app = make_app(sim.url, "fast-model:latest", tmp_path)
    app.config = replace(app.config, restore_sessions=True)
    async with app.run_test(size=(160, 40), notifications=True) as pilot:
        expected = f"'what is {hostile}' was on host 'gone {hostile}'"
        await wait_until(pilot, lambda: expected in notices(app))
        await toast_shows(pilot, expected)


def test_no_notice_in_the_source_parses_markup():
    """A notice quotes names, paths and server errors: every call sends it as plain text."""
    source = Path(__file__).resolve().parents[1] / "src" / "ollamux"
    offenders = []
    for path in sorted(source.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.Call) and getattr(node.func, "attr", None) == "notify":
                markup = next((k.value for k in node.keywords if k.arg == "markup"), None)
                if not (isinstance(markup, ast.Constant) and markup.value is False):
                    offenders.append(f"{path.relative_to(source)}:{node.lineno}")
    assert not offenders, "notify() without markup=False: " + ", ".join(offenders)


# ------------------------------------------------------------------ command palette


async def test_palette_opens_after_a_prompt_with_a_llama_tag(sim, tmp_path):
    app = make_app(sim.url, "fast-model:latest", tmp_path)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await ask(pilot, "what is [/INST] in llama prompts")
        await pilot.press("ctrl+p")
        await wait_until(pilot, lambda: isinstance(app.screen, CommandPalette))
        await shows(pilot, "Go to 1: what is [/INST] in llama prompts")


@pytest.mark.parametrize("hostile", HOSTILE)
async def test_palette_lists_and_finds_session_titles_as_written(sim, tmp_path, hostile):
    app = make_app(sim.url, "fast-model:latest", tmp_path)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await ask(pilot, f"{hostile} in prompts")
        title = f"Go to 1: {hostile} in prompts"
        await pilot.press("ctrl+p")
        await wait_until(pilot, lambda: isinstance(app.screen, CommandPalette))
        await wait_until(pilot, lambda: any(title in p for p in palette_prompts(app)))
        await pilot.press(*"go to 1")  # a search: matched letters are highlighted
        await wait_until(pilot, lambda: any(title in p for p in palette_prompts(app)))
        await shows(pilot, title)
        await pilot.press("enter")
        await wait_until(pilot, lambda: not isinstance(app.screen, CommandPalette))
        assert app.is_running


@pytest.mark.parametrize("hostile", HOSTILE)
async def test_theme_names_from_files_are_listed_as_written(sim, tmp_path, hostile, isolated_home):
    themes = isolated_home / ".config" / "ollamux" / "themes"
    themes.mkdir(parents=True)
    (themes / "odd.toml").write_text(f'name = "{hostile.replace(chr(92), chr(92) * 2)}"\nprimary = "#ff0000"\n')
    app = make_app(sim.url, "fast-model:latest", tmp_path)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await wait_until(pilot, lambda: app.workspace.active_view is not None)
        app.search_themes()
        await wait_until(pilot, lambda: isinstance(app.screen, CommandPalette))
        await wait_until(pilot, lambda: hostile in palette_prompts(app))
        app.screen.query_one(Input).value = hostile  # a search for the whole name
        await wait_until(pilot, lambda: palette_prompts(app) == [hostile])
        await shows(pilot, hostile)


# ------------------------------------------------------------------ compare


async def compare_on(pilot, models: list[str]) -> list[AnswerPanel]:
    app = pilot.app
    await wait_until(pilot, lambda: app.workspace.active_view is not None)
    views = [await app.open_session("sim", model) for model in models]
    await app.push_screen(CompareScreen("hi", [(v.session, "sim") for v in views]))
    await wait_until(pilot, lambda: isinstance(app.screen, CompareScreen))
    return list(app.screen.query(AnswerPanel))


@pytest.mark.parametrize("hostile", HOSTILE)
async def test_compare_titles_show_model_names_as_written(sim, tmp_path, hostile):
    name = f"{hostile}:1b"
    sim.state.copy("fast-model:latest", name, datetime.now(timezone.utc))
    app = make_app(sim.url, "fast-model:latest", tmp_path)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await compare_on(pilot, [name, "fast-model:latest"])
        await shows(pilot, f"{name} @ sim")


async def test_clicking_a_compare_title_holding_an_action_runs_nothing(sim, tmp_path):
    name = "[@click=app.quit]q:1b"
    sim.state.copy("fast-model:latest", name, datetime.now(timezone.utc))
    app = make_app(sim.url, "fast-model:latest", tmp_path)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        panel, _ = await compare_on(pilot, [name, "fast-model:latest"])
        for x in range(2, 12):
            await pilot.click(panel, offset=(x, 0))
        await pilot.pause()
        assert app.is_running and isinstance(app.screen, CompareScreen)
