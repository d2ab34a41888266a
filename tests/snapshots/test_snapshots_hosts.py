"""Snapshots at 80x24: sessions on a gone host (marked tabs, one notice), a --model typo."""

from __future__ import annotations

from datetime import UTC, datetime

from ollamux.api.hosts import Host
from ollamux.config import Config
from ollamux.core.session import ChatMessage, Session, Status
from ollamux.core.store import SessionStore, sessions_dir
from ollamux.ui.app import OllamuxApp
from tests.sim_fixtures import frozen_clock
from tests.ui_helpers import make_app, screen_still, wait_until

WHEN = datetime(2026, 11, 20, 9, 30, tzinfo=UTC)


def saved_on(data, host: str, title: str) -> Session:
    session = Session(host=host, model="qwen3:8b", title=title)
    session.messages = [
        ChatMessage(role="user", content=f"{title}?", created_at=WHEN),
        ChatMessage(role="assistant", content="An answer from before.", status=Status.COMPLETE, created_at=WHEN),
    ]
    session.updated_at = WHEN
    SessionStore(sessions_dir(data)).save(session)
    return session


def test_sessions_on_a_gone_host_at_80x24(snap_compare, make_sim, tmp_path):
    sim = make_sim(clock=frozen_clock())
    data = tmp_path / "data"
    sessions = [saved_on(data, "old-box", "Retry decorator"), saved_on(data, "old-box", "Sky"),
                saved_on(data, "lab", "Tuning num_ctx")]
    SessionStore(sessions_dir(data)).save_open(sessions, keep=lambda path: False)
    app = OllamuxApp(Config(hosts=(Host("sim", sim.url),), config_path=tmp_path / "config.toml",
                            data_dir=data, restore_sessions=True))

    async def restored(pilot):
        await wait_until(pilot, lambda: len(app.workbench.workspace.views()) == 3)
        await screen_still(pilot)

    assert snap_compare(app, terminal_size=(80, 24), run_before=restored)


def test_a_model_typo_at_start_at_80x24(snap_compare, make_sim, tmp_path):
    sim = make_sim(clock=frozen_clock())
    app = make_app(sim.url, "qwen3:8x", tmp_path)

    async def opened(pilot):
        await wait_until(
            pilot,
            lambda: app.workbench.workspace.active_view is not None and app.workbench.workspace.active_view.model_note,
        )
        await screen_still(pilot)

    assert snap_compare(app, terminal_size=(80, 24), run_before=opened)
