"""Snapshot of the embeddings view at 80x24: three texts embedded, their vectors, the matrix."""

from __future__ import annotations

from collections.abc import Callable

from textual.app import App
from textual.widgets import TextArea

from ollamux.api.hosts import Host
from ollamux.api.ollama import OllamaClient
from ollamux.sim import SimServer
from ollamux.sim.workshop_models import EMBEDDER, install_workshop_models
from ollamux.ui.embed.screen import EmbedScreen
from tests.sim_fixtures import frozen_clock
from tests.ui_helpers import screen_text, wait_until


class EmbedApp(App[None]):
    """Nothing but the embeddings view, pushed at start."""

    def __init__(self, url: str) -> None:
        super().__init__()
        self.client = OllamaClient(Host("workstation", url))
        self.copied: list[str] = []

    def on_mount(self) -> None:
        self.push_screen(EmbedScreen("workstation", EMBEDDER.name, self.client.workshop,
                                     lambda text, what: self.copied.append(text)))

    async def on_unmount(self) -> None:
        await self.client.aclose()


def test_embeddings_view_80x24(snap_compare, make_sim: Callable[..., SimServer]) -> None:
    sim = make_sim(clock=frozen_clock())
    install_workshop_models(sim.state, sim.now())
    app = EmbedApp(sim.url)

    async def run_before(pilot) -> None:
        await wait_until(pilot, lambda: isinstance(app.screen, EmbedScreen))
        app.screen.query_one(TextArea).cursor_blink = False
        await pilot.press("ctrl+r")
        await wait_until(pilot, lambda: "Cosine similarity" in screen_text(app))
        await pilot.pause()

    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)
