"""Snapshot of a compacted session at 80x24: the meter's gain, the folded row, the summary (SVG in snapshots/)."""

from __future__ import annotations

from ollamux.ui.compact.ask import SummariserChoice
from tests.sim_fixtures import frozen_clock
from tests.ui.test_compaction_app import MODEL, pulled
from tests.ui_helpers import ask, make_app, screen_still, wait_until


def test_compacted_session_80x24(snap_compare, make_sim, tmp_path):
    sim = make_sim(clock=frozen_clock())
    pulled(sim)
    app = make_app(sim.url, MODEL, tmp_path)

    async def compacted(pilot):
        view = await ask(pilot, "Plan three days in Oslo in March for two adults who like museums, "
                                "long walks and seafood; we land on Friday at noon and fly home on Monday "
                                "evening, with a budget of about 400 euros each, hotels excluded.")
        await ask(pilot, "Which museums open on Mondays, and which of them take the Oslo Pass? We would "
                         "rather not queue, so say which ones sell timed tickets online in advance.")
        await ask(pilot, "What should I pack?")
        await pilot.press("alt+s")
        await wait_until(pilot, lambda: isinstance(app.screen, SummariserChoice))
        await pilot.press("enter")
        await wait_until(pilot, lambda: view.session.compaction is not None and "→" in str(
            view.query_one(".session-line").render()))
        app.clear_notifications()  # the toast would hide the kept exchange
        await screen_still(pilot)

    assert snap_compare(app, terminal_size=(80, 24), run_before=compacted)
