"""The start screen a launch draws first, while the workbench is imported (SVG in snapshots/)."""

from __future__ import annotations

from ollamux.ui.app import OllamuxApp
from ollamux.ui.start import StartScreen
from tests.ui_helpers import make_app, wait_until


class NeverLoads(OllamuxApp):
    """Stays on its start screen, as if the workbench were still being imported."""

    def _load_workbench(self):  # type: ignore[override]
        return None


def test_start_screen_with_keys_typed_at_80x24(snap_compare, sim, tmp_path):
    app = NeverLoads(make_app(sim.url, "demo-coder:7b", tmp_path).config, start_screen=True)

    async def type_early(pilot):
        await wait_until(pilot, lambda: isinstance(app.screen, StartScreen))
        await pilot.press(*"Why is the sky blue?")

    assert snap_compare(app, terminal_size=(80, 24), run_before=type_early)
