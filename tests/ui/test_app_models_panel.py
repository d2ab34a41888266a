"""The models panel inside the app: F3, opening sessions from it, 80x24."""

from __future__ import annotations

from ollamux.ui.models.panel import ModelsPanel
from tests.ui_helpers import make_app, models_shown, wait_until


async def test_f3_shows_the_panel_beside_the_session_and_hides_it_again(sim, tmp_path):
    app = make_app(sim.url, "demo-coder:7b", tmp_path)
    async with app.run_test(size=(140, 40)) as pilot:
        await wait_until(pilot, lambda: app.workbench.workspace.active_view is not None)
        panel = app.query_one(ModelsPanel)
        assert not panel.display
        await pilot.press("f3")
        await wait_until(pilot, lambda: any("qwen3:8b" in line for line in panel.lines()))
        assert panel.display and app.workbench.workspace.display
        assert app.focused is not None and panel in app.focused.ancestors_with_self
        await pilot.press("f3")
        await wait_until(pilot, lambda: not panel.display)
        assert app.focused is app.workbench.workspace.active_view.query_one("#prompt")


async def test_enter_in_the_panel_opens_a_session_on_that_model(sim, tmp_path):
    app = make_app(sim.url, "demo-coder:7b", tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        panel = await models_shown(pilot)
        # At 80 columns the panel takes the whole width while it is shown.
        assert panel.has_class("-wide") and not app.query_one("#sessions").display
        model = panel.highlighted_entry().model
        await pilot.press("enter")
        await wait_until(pilot, lambda: len(app.workbench.workspace.views()) == 2)
        assert app.workbench.workspace.active_view.session.model == model
        assert not panel.display and app.query_one("#sessions").display


async def test_with_two_hosts_every_tab_names_its_host(make_sim, tmp_path):
    from textual.widgets import Tab

    from ollamux.api.hosts import Host
    from ollamux.config import Config
    from ollamux.ui.app import OllamuxApp

    first, second = make_sim(), make_sim()
    config = Config(
        hosts=(Host("laptop", first.url), Host("gpu", second.url)),
        default_model="demo-coder:7b",
        config_path=tmp_path / "config.toml",
        data_dir=tmp_path / "data",
    )
    app = OllamuxApp(config)
    async with app.run_test(size=(120, 30)) as pilot:
        await wait_until(pilot, lambda: app.workbench.workspace.active_view is not None)
        await app.workbench.open_session("gpu", "qwen3:8b")
        await pilot.pause()
        assert [str(tab.label) for tab in app.query(Tab)] == [
            "1 new · demo-coder:7b @ laptop", "2 new · qwen3:8b @ gpu",
        ]
        # Each session talks to its own host.
        await app.workbench.workspace.active_view.send_prompt("hi")
        await wait_until(pilot, lambda: any(r.path == "/api/chat" for r in second.requests))
        assert not any(r.path == "/api/chat" for r in first.requests)
