"""The first screen mounts what it shows: the hidden models panel waits for its first show."""

from __future__ import annotations

from ollamux.ui.models.list import ModelsList
from ollamux.ui.models.panel import ModelsPanel
from tests.ui_helpers import make_app, wait_until


async def test_the_hidden_models_panel_is_filled_at_its_first_show(sim, tmp_path):
    app = make_app(sim.url, "demo-coder:7b", tmp_path)
    async with app.run_test(size=(140, 40)) as pilot:
        await wait_until(pilot, lambda: app.workbench.workspace.active_view is not None)
        panel = app.query_one(ModelsPanel)
        assert not panel.display and not panel.children
        await pilot.press("f3")
        await wait_until(pilot, lambda: any("qwen3:8b" in line for line in panel.lines()))
        assert app.focused is panel.query_one(ModelsList)
        # Shown again, it is the same list (mounted once).
        await pilot.press("f3", "f3")
        await wait_until(pilot, lambda: panel.display)
        assert len(panel.query(ModelsList)) == 1
