"""Snapshots of the workbench screens (SVGs in snapshots/), with timing figures frozen."""

from __future__ import annotations

import pytest

from ollamux.core.session import ChatMessage, Session, Status
from ollamux.ui.chat.compare import CompareScreen
from ollamux.ui.copy.mode import CopyMode
from ollamux.ui.workbench.help import HelpScreen
from tests.sim_fixtures import frozen_clock
from tests.ui_helpers import ask, make_app, screen_still, started, wait_until

# Fixed ports (the URL is in the picture): these tests share one xdist worker.
pytestmark = pytest.mark.xdist_group("ports-workbench")


def test_empty_app(snap_compare, make_sim, tmp_path):
    # A fixed port (the URL is in the picture), below Linux's ephemeral range
    # (32768-60999), where any test's outgoing connection could hold it.
    sim = make_sim(port=27321)
    sim.stop()  # nothing to list: the app says why and what to do
    app = make_app(sim.url, None, tmp_path)

    async def settle(pilot):
        await wait_until(pilot, lambda: "refused" in str(app.query_one("#empty").render()))

    assert snap_compare(app, terminal_size=(100, 30), run_before=settle)


def test_error_reply(snap_compare, make_sim, tmp_path):
    sim = make_sim(clock=frozen_clock())
    app = make_app(sim.url, "nosuch:1b", tmp_path)

    async def asked(pilot):
        await started(pilot)
        await ask(pilot, "hello?", ends=Status.ERROR)

    assert snap_compare(app, terminal_size=(100, 30), run_before=asked)


def test_stopped_reply(snap_compare, make_sim, tmp_path):
    sim = make_sim(clock=frozen_clock())
    app = make_app(sim.url, "slow-model:latest", tmp_path)
    session = Session(host="sim", model="slow-model:latest", title="A long story")
    session.messages = [
        ChatMessage(role="user", content="Tell me a long story"),
        ChatMessage(role="assistant", content="Once upon a time, on a GPU box far away, there", status=Status.STOPPED),
    ]

    async def show(pilot):
        await started(pilot)
        await app.workbench.workspace.close(app.workbench.workspace.active_view)
        await app.workbench.add_session(session)
        await pilot.pause()

    assert snap_compare(app, terminal_size=(100, 30), run_before=show)


def test_three_tabs(snap_compare, make_sim, tmp_path):
    sim = make_sim(clock=frozen_clock())
    app = make_app(sim.url, "demo-coder:7b", tmp_path)

    async def tabs(pilot):
        await started(pilot)
        await ask(pilot, "hi")
        await app.workbench.open_session("sim", "qwen3:8b")
        await app.workbench.open_session("sim", "fault-500:latest")
        await ask(pilot, "this one fails", ends=Status.ERROR)

    assert snap_compare(app, terminal_size=(100, 30), run_before=tabs)


def test_compare_view(snap_compare, make_sim, tmp_path):
    sim = make_sim(clock=frozen_clock())
    app = make_app(sim.url, "demo-coder:7b", tmp_path)

    async def compare(pilot):
        await started(pilot)
        views = [await app.workbench.open_session("sim", m) for m in ("qwen3:8b", "tool-model:latest")]
        for view in views:
            await view.send_prompt("hi")
        await wait_until(pilot, lambda: all(v.last_status is Status.COMPLETE for v in views))
        for view in views:  # time to first token is wall-clock: freeze it
            view.session.messages[-1].first_token_seconds = 0.25
        await screen_still(pilot)
        await app.push_screen(CompareScreen("hi", [(v.session, "sim") for v in views]))
        await wait_until(pilot, lambda: isinstance(app.screen, CompareScreen))

    assert snap_compare(app, terminal_size=(100, 30), run_before=compare)


def test_help_screen(snap_compare, make_sim, tmp_path):
    sim = make_sim(clock=frozen_clock())
    app = make_app(sim.url, "demo-coder:7b", tmp_path)

    async def helped(pilot):
        await started(pilot)
        await screen_still(pilot)
        await pilot.press("f1")
        await wait_until(pilot, lambda: isinstance(app.screen, HelpScreen))

    assert snap_compare(app, terminal_size=(100, 30), run_before=helped)


def test_help_scrolled_to_its_end_80x24(snap_compare, make_sim, tmp_path):
    sim = make_sim(clock=frozen_clock())
    app = make_app(sim.url, "demo-coder:7b", tmp_path)

    async def helped(pilot):
        await started(pilot)
        await screen_still(pilot)
        await pilot.press("f1")
        await wait_until(pilot, lambda: isinstance(app.screen, HelpScreen))
        app.screen.query_one("VerticalScroll").scroll_end(animate=False)
        await screen_still(pilot)

    assert snap_compare(app, terminal_size=(80, 24), run_before=helped)


def test_reply_at_80x24(snap_compare, make_sim, tmp_path):
    sim = make_sim(clock=frozen_clock())
    app = make_app(sim.url, "demo-coder:7b", tmp_path)

    async def asked(pilot):
        await started(pilot)
        await ask(pilot, "Show me how to fetch a URL with retries")

    assert snap_compare(app, terminal_size=(80, 24), run_before=asked)


def test_copy_mode_labels(snap_compare, make_sim, tmp_path):
    sim = make_sim(clock=frozen_clock())
    app = make_app(sim.url, "demo-coder:7b", tmp_path)

    async def copy_mode(pilot):
        await started(pilot)
        await ask(pilot, "Show me how to fetch a URL with retries")
        await screen_still(pilot)  # what the modal covers is drawn as it is now
        await pilot.press("ctrl+y")
        await wait_until(pilot, lambda: isinstance(app.screen, CopyMode))

    assert snap_compare(app, terminal_size=(80, 24), run_before=copy_mode)


def test_copy_mode_groups_the_blocks_by_reply_latest_first(snap_compare, make_sim, tmp_path):
    sim = make_sim(clock=frozen_clock())
    app = make_app(sim.url, "demo-coder:7b", tmp_path)

    async def copy_mode(pilot):
        await started(pilot)
        await ask(pilot, "hi")
        await ask(pilot, "Show me how to fetch a URL with retries")
        await screen_still(pilot)
        await pilot.press("ctrl+y")
        await wait_until(pilot, lambda: isinstance(app.screen, CopyMode))

    assert snap_compare(app, terminal_size=(80, 24), run_before=copy_mode)
