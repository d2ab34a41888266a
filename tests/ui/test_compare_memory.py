"""The compare screen draws the sessions' own replies cheaply, and lets them go when left."""

from __future__ import annotations

import gc
import weakref

from ollamux.core.session import Status
from ollamux.ui.chat.compare import AnswerPanel, CompareScreen
from tests.ui_helpers import make_app, painted, wait_until

FAST = "fast-model:latest"


async def test_a_long_answer_costs_a_compare_pane_a_few_widgets_not_one_per_block(sim, tmp_path):
    app = make_app(sim.url, FAST, tmp_path)
    async with app.run_test(size=(120, 30)) as pilot:
        await wait_until(pilot, lambda: app.workbench.workspace.active_view is not None)
        views = [await app.workbench.open_session("sim", FAST) for _ in range(2)]
        for view in views:
            view.session.options["num_predict"] = 3000
            await view.send_prompt("Compare me")
        await app.push_screen(CompareScreen("Compare me", [(v.session, "sim") for v in views]))
        await wait_until(pilot, lambda: all(v.last_status is Status.COMPLETE for v in views), timeout=30)
        panels = list(app.screen.query(AnswerPanel))
        for panel, view in zip(panels, views, strict=True):
            answer = view.session.messages[-1].content
            assert answer.count("\n\n") > 100  # many Markdown blocks
            await wait_until(
                pilot, lambda panel=panel, answer=answer: panel.query_one(".answer").source == answer, timeout=10
            )
            # The reply shown is the session's own message, not a copy kept by the pane.
            assert panel.reply_view.message is view.session.messages[-1]
            assert len(list(panel.walk_children())) < 15


async def test_leaving_the_compare_screen_frees_it_and_it_can_be_shown_again(sim, tmp_path):
    app = make_app(sim.url, FAST, tmp_path)
    async with app.run_test(size=(120, 30)) as pilot:
        await wait_until(pilot, lambda: app.workbench.workspace.active_view is not None)
        await pilot.press("ctrl+o")
        await wait_until(pilot, lambda: "[ ] demo-coder:7b" in "\n".join(
            s.text for s in painted(app)))
        await pilot.press("space", "space", "enter")
        await wait_until(pilot, lambda: type(app.screen).__name__ == "AskText")
        await pilot.press(*"Compare me", "enter")
        await wait_until(pilot, lambda: isinstance(app.screen, CompareScreen))
        screen = app.screen
        views = app.workbench.workspace.views()[1:]
        await wait_until(pilot, lambda: all(v.last_status is Status.COMPLETE for v in views), timeout=30)
        panels = list(screen.query(AnswerPanel))
        assert len(panels) == 2
        kept = [weakref.ref(widget) for widget in screen.walk_children(with_self=True)]
        del screen, panels
        await pilot.press("escape")
        await wait_until(pilot, lambda: not isinstance(app.screen, CompareScreen))

        def all_freed() -> bool:
            gc.collect()
            return all(ref() is None for ref in kept)

        await wait_until(pilot, all_freed)
        app.workbench.action_show_compare()
        await wait_until(pilot, lambda: isinstance(app.screen, CompareScreen))
        for panel, view in zip(app.screen.query(AnswerPanel), views, strict=True):
            answer = view.session.messages[-1].content

            def shown(panel: AnswerPanel = panel, answer: str = answer) -> bool:
                return bool(panel.query(".answer")) and panel.query_one(".answer").source == answer

            await wait_until(pilot, shown)


async def test_a_huge_answer_on_the_compare_screen_is_drawn_cut(tmp_path):
    from ollamux.core.session import ChatMessage, Session
    from ollamux.ui.chat.display_budget import DISPLAY_LIMIT, CutNotice

    text = "word " * 1_000_000
    session = Session(host="sim", model=FAST, messages=[ChatMessage("user", "go"), ChatMessage("assistant", text)])
    app = make_app("http://127.0.0.1:9", FAST, tmp_path)
    async with app.run_test(size=(120, 30)) as pilot:
        await app.push_screen(CompareScreen("go", [(session, "sim")]))
        await wait_until(pilot, lambda: bool(app.screen.query(CutNotice)) and app.screen.query_one(CutNotice).display)
        assert len(app.screen.query_one(".answer").source) == DISPLAY_LIMIT
        await pilot.press("escape")
        await wait_until(pilot, lambda: not isinstance(app.screen, CompareScreen))
