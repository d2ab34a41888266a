"""Text from outside our source (prompts, titles, files, config, servers) is shown as
written: never parsed as markup, so it can neither crash the app nor run an action."""

from __future__ import annotations

import ast
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from textual.command import CommandPalette
from textual.fuzzy import Matcher
from textual.widget import Widget
from textual.widgets import Input, OptionList
from textual.widgets._toast import Toast

from ollamux.cli import build_config, parse_args
from ollamux.core.session import ChatMessage, Session, Status
from ollamux.core.store import SessionStore, sessions_dir
from ollamux.core.text import strip_control
from ollamux.ui.app import OllamuxApp
from ollamux.ui.chat.compare import AnswerPanel, CompareScreen
from ollamux.ui.workbench.palette import highlighted
from ollamux.ui.workbench.tab_labels import LABEL_TITLE_LENGTH
from tests.ui_helpers import ask, make_app, painted, wait_until

# Closing tags without an opener, tags that do not match, actions, links, escapes,
# unclosed brackets and style variables: each one broke or steered a markup parser.
# Each start costs seconds: two kinds share a string, one at its start and one at
# its end, the places where each bites.
HOSTILE = [
    "[@click=app.quit]q[b]x[/i]",
    "[$accent]x$accent[/INST]x[/]",
    "[link=file:///]x[/link]\\[x[red",
]


def shown(app: OllamuxApp, widget: Widget | None = None) -> str:
    """What the terminal shows now (only inside `widget` if given), one line per row."""
    strips = painted(app)
    lines = ["".join(segment.text for segment in strip) for strip in strips]
    if widget is None:
        return "\n".join(lines)
    region = widget.region
    return "\n".join(line[region.x : region.right] for line in lines[region.y : region.bottom])


async def shows(pilot, text: str, widget: Widget | None = None) -> None:
    """Wait until `text` is on screen, literally; the app must still be running."""
    try:
        await wait_until(pilot, lambda: text in shown(pilot.app, widget))
    except AssertionError:
        raise AssertionError(f"{text!r} not shown in:\n{shown(pilot.app, widget)}") from None
    assert pilot.app.is_running


async def toast_shows(pilot, text: str) -> None:
    """Wait until a notice on screen reads `text`, literally (toasts wrap: not `shown`)."""
    await wait_until(pilot, lambda: any(text in toast.render().plain for toast in pilot.app.screen.query(Toast)))
    assert pilot.app.is_running


def palette_prompts(app: OllamuxApp) -> list[str]:
    return [str(option.prompt) for option in app.screen.query_one(OptionList).options]


def now() -> datetime:
    return datetime.now(UTC)


def saved_session(data_dir: Path, **fields: object) -> Session:
    """A session in the store, listed as open at the last quit."""
    session = Session(**fields)  # type: ignore[arg-type]
    store = SessionStore(sessions_dir(data_dir))
    store.save(session)
    store.save_open([session])
    return session


def restoring(app: OllamuxApp) -> OllamuxApp:
    app.config = replace(app.config, restore_sessions=True)
    return app


# ------------------------------------------------------------------ the cases


async def test_palette_opens_after_a_prompt_with_a_llama_tag(sim, tmp_path):
    app = make_app(sim.url, "fast-model:latest", tmp_path)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await ask(pilot, "what is [/INST] in llama prompts")
        await pilot.press("ctrl+p")
        await wait_until(pilot, lambda: isinstance(app.screen, CommandPalette))
        # Listed (alphabetically: further down than the palette shows), and as written.
        await wait_until(pilot, lambda: "Go to 1: what is [/INST] in llama prompts · fast-model:latest"
                         in [p.split("\n")[0] for p in palette_prompts(app)])
        app.screen.query_one(Input).value = "INST] in llama"  # a search: matched letters highlighted
        await wait_until(pilot, lambda: palette_prompts(app)[0].startswith("Go to 1: what is [/INST] in llama prompts"))
        await shows(pilot, "Go to 1: what is [/INST] in llama prompts")


async def test_config_warnings_quoting_a_theme_or_key_are_shown_as_written(sim, tmp_path):
    config_file = tmp_path / "config.toml"
    config_file.write_text('theme = "[/]"\n"[/INST]" = 1\n[keys]\n"[b]x[/i]" = 5\n')
    args = parse_args(["--config", str(config_file), "--host", sim.url, "--model", "fast-model:latest"])
    app = OllamuxApp(build_config(args, environ={}))
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await toast_shows(pilot, "unknown setting '[/INST]'")
        await toast_shows(pilot, "Unknown theme '[/]'")
        await toast_shows(pilot, "keys.[b]x[/i] must be a string")


async def test_a_theme_given_on_the_command_line_is_quoted_as_written(sim, tmp_path):
    args = parse_args(["--theme", "[b]x[/i]", "--host", sim.url, "--model", "fast-model:latest"])
    app = OllamuxApp(build_config(args, environ={}))
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await toast_shows(pilot, "Unknown theme '[b]x[/i]'")


async def test_a_theme_file_with_a_markup_key_is_reported_as_written(sim, tmp_path, isolated_home):
    themes = isolated_home / ".config" / "ollamux" / "themes"
    themes.mkdir(parents=True)
    (themes / "odd.toml").write_text('name = "odd"\nprimary = "#ff0000"\n"[/]" = 1\n')
    app = make_app(sim.url, "fast-model:latest", tmp_path)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await toast_shows(pilot, "odd.toml skipped: unknown key '[/]'")


async def test_a_missing_session_file_with_brackets_in_its_name_is_reported(sim, tmp_path):
    missing = tmp_path / "x [t=3:4].toml"
    app = make_app(sim.url, "fast-model:latest", tmp_path, open_session=missing)
    async with app.run_test(size=(160, 40), notifications=True) as pilot:
        await toast_shows(pilot, "x [t=3:4].toml")


async def test_a_session_file_with_a_markup_role_is_reported(sim, tmp_path):
    session = saved_session(tmp_path / "elsewhere", host="sim", model="fast-model:latest",
                            messages=[ChatMessage(role="user", content="hi")])
    stored = SessionStore(sessions_dir(tmp_path / "elsewhere")).path_for(session)
    broken = tmp_path / "broken.toml"
    broken.write_text(stored.read_text().replace('role = "user"', 'role = "[/]"'))
    app = make_app(sim.url, "fast-model:latest", tmp_path, open_session=broken)
    async with app.run_test(size=(160, 40), notifications=True) as pilot:
        await toast_shows(pilot, "unknown role '[/]'")


async def test_a_restored_session_titled_with_a_tag_on_a_gone_host_is_quoted(sim, tmp_path):
    saved_session(tmp_path / "data", host="gone", model="fast-model:latest", title="what is [/INST]",
                  messages=[ChatMessage(role="user", content="what is [/INST]")])
    app = restoring(make_app(sim.url, "fast-model:latest", tmp_path))
    async with app.run_test(size=(160, 40), notifications=True) as pilot:
        await toast_shows(pilot, "'what is [/INST]' is on host 'gone'")


async def compare_on(pilot, models: list[str]) -> list[AnswerPanel]:
    app = pilot.app
    await wait_until(pilot, lambda: app.workbench.workspace.active_view is not None)
    views = [await app.workbench.open_session("sim", model) for model in models]
    await app.push_screen(CompareScreen("hi", [(v.session, "sim") for v in views]))
    await wait_until(pilot, lambda: isinstance(app.screen, CompareScreen))
    return list(app.screen.query(AnswerPanel))


async def test_compare_shows_a_model_named_with_a_closing_tag(sim, tmp_path):
    sim.state.copy("fast-model:latest", "[/]:1b", now())
    app = make_app(sim.url, "fast-model:latest", tmp_path)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        panel, _ = await compare_on(pilot, ["[/]:1b", "fast-model:latest"])
        await shows(pilot, "[/]:1b @ sim", panel)


async def test_clicking_a_compare_title_holding_an_action_runs_nothing(sim, tmp_path):
    name = "[@click=app.quit]q:1b"
    sim.state.copy("fast-model:latest", name, now())
    app = make_app(sim.url, "fast-model:latest", tmp_path)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        panel, _ = await compare_on(pilot, [name, "fast-model:latest"])
        for x in range(2, 12):  # along the title
            await pilot.click(panel, offset=(x, 0))
        await pilot.pause()
        assert app.is_running and isinstance(app.screen, CompareScreen)
        await shows(pilot, f"{name} @ sim", panel)


def test_no_notice_in_the_source_parses_markup():
    """A notice quotes names, paths and server errors: every call sends it as plain text."""
    source = Path(__file__).resolve().parents[2] / "src" / "ollamux"
    offenders = []
    for path in sorted(source.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.Call) and getattr(node.func, "attr", None) == "notify":
                markup = next((k.value for k in node.keywords if k.arg == "markup"), None)
                if not (isinstance(markup, ast.Constant) and markup.value is False):
                    offenders.append(f"{path.relative_to(source)}:{node.lineno}")
    assert not offenders, "notify() without markup=False: " + ", ".join(offenders)


# ------------------------------------------------------------------ every place, every kind


@pytest.mark.parametrize("hostile", HOSTILE)
async def test_every_place_showing_outside_text_shows_it_as_written(sim, tmp_path, hostile, isolated_home):
    """One start with markup and action syntax in every outside string it reads (config,
    a theme file, a session file, the server's model list), then a tour of every place
    that shows them: notices, tabs, the session line, the palette, ctrl+g, F8, F4, the
    model picker, copy mode, the models panel, the inspector, the theme list and compare."""
    model = f"{hostile}:1b"
    title = f"{hostile} x"
    sim.state.copy("fast-model:latest", model, now())
    themes = isolated_home / ".config" / "ollamux" / "themes"
    themes.mkdir(parents=True)
    (themes / "odd.toml").write_text(f"name = {hostile!r}\nprimary = \"#ff0000\"\n".replace("\\\\", "\\"))
    (themes / "bad.toml").write_text(f"name = 'bad'\nprimary = 'red'\n{hostile!r} = 1\n".replace("\\\\", "\\"))
    saved_session(tmp_path / "data", host=f"gone {hostile}", model=model, title=title,
                  messages=[ChatMessage(role="user", content=title),
                            ChatMessage(role="assistant", content="ok", status=Status.COMPLETE)])
    app = restoring(make_app(sim.url, model, tmp_path, theme=f"no {hostile}",
                             warnings=(f"config.toml: unknown setting {hostile!r} ignored",)))
    async with app.run_test(size=(120, 36), notifications=True) as pilot:
        # Notices: config, theme file, command line, restored session.
        await toast_shows(pilot, f"unknown setting {hostile!r} ignored")
        await toast_shows(pilot, f"bad.toml skipped: unknown key {hostile!r}")
        await toast_shows(pilot, f"Unknown theme {'no ' + hostile!r}")
        await toast_shows(pilot, f"'{title}' is on host 'gone {hostile}'")
        app.clear_notifications()

        in_tab = title if len(title) <= LABEL_TITLE_LENGTH else title[: LABEL_TITLE_LENGTH - 1] + "…"
        await shows(pilot, f"{in_tab} · {model}")  # the tab
        await shows(pilot, f"{title} — {model}")  # the session line
        await shows(pilot, f"Host 'gone {hostile}' is not configured now")  # and why it cannot send

        for key, shown_there in (
            ("ctrl+g", [f"{in_tab} · {model} @ gone", "host gone"]),  # every open session, as in the tabs
            ("f8", [f"You    {title}"]),  # the fork point
            ("f4", [title, model]),  # saved sessions (a long row gives up its host first)
            ("ctrl+n", [model]),  # the model picker
            ("ctrl+y", [title]),  # copy mode: the message in view
            ("ctrl+p", [f"Go to 1: {title} · {model}"]),  # the palette
        ):
            await pilot.press(key)
            await wait_until(pilot, lambda: len(app.screen_stack) > 1)
            if key == "ctrl+p":  # the sessions' entries come after the commands starting A to F
                app.screen.query_one(Input).value = "Go to 1"
            for text in shown_there:
                await shows(pilot, text, app.screen.query_one(OptionList))
            await pilot.press("escape")
            await wait_until(pilot, lambda: len(app.screen_stack) == 1)

        # A palette search highlights the matched letters of the literal title.
        await pilot.press("ctrl+p")
        await wait_until(pilot, lambda: isinstance(app.screen, CommandPalette))
        app.screen.query_one(Input).value = title
        await wait_until(pilot, lambda: any(title in p for p in palette_prompts(app)))
        await shows(pilot, f"Go to 1: {title}", app.screen.query_one(OptionList))
        await pilot.press("enter")
        await wait_until(pilot, lambda: len(app.screen_stack) == 1)

        # The theme list, listing and searching a theme named from a file.
        app.search_themes()
        await wait_until(pilot, lambda: isinstance(app.screen, CommandPalette))
        await shows(pilot, hostile, app.screen.query_one(OptionList))
        app.screen.query_one(Input).value = hostile
        await wait_until(pilot, lambda: palette_prompts(app) == [hostile])
        await shows(pilot, hostile, app.screen.query_one(OptionList))
        await pilot.press("escape")
        await wait_until(pilot, lambda: len(app.screen_stack) == 1)

        await pilot.press("f3")
        await shows(pilot, model, app.screen.query_one("#models-panel"))
        await pilot.press("f3", "f5")
        await shows(pilot, f"{model}  on gone", app.screen.query_one("#inspector-head"))
        await pilot.press("f5")

        panel, _ = await compare_on(pilot, [model, "fast-model:latest"])
        await shows(pilot, f"{model} @ sim", panel)
        assert app.is_running


@given(text=st.text(), query=st.text(min_size=1, max_size=6))
def test_a_palette_entry_is_its_text_whatever_it_holds_and_whatever_is_searched(text, query):
    matcher = Matcher(query)
    entry = highlighted(matcher, text)
    assert entry.plain == strip_control(text)
    if matcher.match(strip_control(text)) > 0 and not query.isspace():
        assert entry.spans  # the matched letters stand out (spaces are never marked)
