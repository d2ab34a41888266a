"""Snapshots at 80x24 of the issue 9 screens: dialogs, tab overflow, compare, models, F4, system prompt."""

from __future__ import annotations

import pytest

from ollamux.ui.shared.dialogs import Confirm
from tests.sim_fixtures import frozen_clock
from tests.ui.test_daily_screens import LONG_QUESTION
from tests.ui_helpers import make_app, screen_still, wait_until

# The models panel shows its host's URL: that simulator listens on a fixed port,
# below Linux's ephemeral range (32768-60999), where any test's outgoing connection
# could hold it; these tests share one xdist worker.
pytestmark = pytest.mark.xdist_group("ports-daily")
PANEL_PORT = 27341


def test_a_long_question_wraps_in_its_dialog_at_80x24(snap_compare, make_sim, tmp_path):
    sim = make_sim(clock=frozen_clock())
    app = make_app(sim.url, "demo-coder:7b", tmp_path)

    async def ask(pilot):
        await wait_until(pilot, lambda: app.workbench.workspace.active_view is not None)
        await screen_still(pilot)
        await app.push_screen(Confirm(LONG_QUESTION))

    assert snap_compare(app, terminal_size=(80, 24), run_before=ask)


def test_compare_with_one_answer_maximised_and_its_thinking_unfolded_at_80x24(snap_compare, make_sim, tmp_path):
    from ollamux.ui.chat.compare import AnswerPanel
    from tests.ui.test_daily_screens import comparison

    sim = make_sim(clock=frozen_clock())
    app = make_app(sim.url, "demo-coder:7b", tmp_path)

    async def maximised(pilot):
        await comparison(pilot)
        panels = list(app.screen.query(AnswerPanel))
        await wait_until(pilot, lambda: all(p.reply_view is not None for p in panels))
        await pilot.press("z", "t")
        await wait_until(
            pilot, lambda: not panels[1].display and not panels[0].reply_view.query_one("Collapsible").collapsed
        )

    assert snap_compare(app, terminal_size=(80, 24), run_before=maximised)


def test_models_panel_in_the_app_at_80x24(snap_compare, make_sim, tmp_path, monkeypatch):
    from ollamux.ui.models import panel as models_panel
    from tests.ui.test_daily_screens import models_shown

    # The panel's "6mo ago" and countdowns are measured from the same frozen moment as the simulator's.
    monkeypatch.setattr(models_panel, "local_now", frozen_clock())
    sim = make_sim(port=PANEL_PORT, clock=frozen_clock())
    app = make_app(sim.url, "demo-coder:7b", tmp_path)

    async def shown(pilot):
        await models_shown(pilot)
        await pilot.press("w")  # beside the session: the prompt on the right, no blank columns
        await wait_until(pilot, lambda: app.query_one("#sessions").display)

    assert snap_compare(app, terminal_size=(80, 24), run_before=shown)


def test_saved_sessions_at_80x24_one_line_each(snap_compare, make_sim, tmp_path, monkeypatch):
    import time

    from ollamux.ui.sessions.browser import SessionBrowser
    from tests.ui.test_daily_screens import saved_sessions

    monkeypatch.setenv("TZ", "UTC")  # dates in the browser are local time
    time.tzset()
    saved_sessions(
        tmp_path, "Tuning num_ctx on the 4090 for long documents", "Retry decorator with jitter", "Why is the sky blue"
    )
    sim = make_sim(clock=frozen_clock())
    app = make_app(sim.url, "demo-coder:7b", tmp_path)

    async def browse(pilot):
        await wait_until(pilot, lambda: app.workbench.workspace.active_view is not None)
        await screen_still(pilot)
        await pilot.press("f4")
        await wait_until(pilot, lambda: isinstance(app.screen, SessionBrowser) and len(app.screen.shown) == 3)

    try:
        assert snap_compare(app, terminal_size=(80, 24), run_before=browse)
    finally:
        monkeypatch.undo()
        time.tzset()


def test_the_system_prompt_folded_at_the_top_at_80x24(snap_compare, make_sim, tmp_path):

    sim = make_sim(clock=frozen_clock())
    app = make_app(sim.url, "fast-model:latest", tmp_path)

    async def shown(pilot):
        from tests.ui_helpers import ask

        await wait_until(pilot, lambda: app.workbench.workspace.active_view is not None)
        view = app.workbench.workspace.active_view
        view.session.system_prompt = "You are a terse code reviewer.\nAnswer in one line.\nNever apologise."
        await ask(pilot, "Is this fine?")
        await view.query_one("Transcript").action_home()  # the top, as Home shows it

    assert snap_compare(app, terminal_size=(80, 24), run_before=shown)
