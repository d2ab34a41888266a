"""Compacting through the simulator: what the next request sends, the fold on screen, undo, the file."""

from __future__ import annotations

import httpx

from ollamux.core.compaction import RECAP_ASK, SUMMARY_INSTRUCTIONS
from ollamux.ui.chat.compacted import CompactedFold
from ollamux.ui.compact.ask import SummariserChoice
from tests.ui_helpers import ask, make_app, screen_text, wait_until

# Short, echoing answers: the summary and the replies fit on screen.
MODEL = "llama3.2:3b"


def pulled(sim) -> None:
    httpx.post(f"{sim.url}/api/pull", json={"model": MODEL, "stream": False}, timeout=10).raise_for_status()


def last_chat(sim) -> list[tuple[str, str]]:
    body = [r for r in sim.requests if r.path == "/api/chat"][-1].body
    return [(m["role"], m["content"]) for m in body["messages"]]


async def test_compact_send_undo_and_saved(make_sim, tmp_path):
    sim = make_sim()
    pulled(sim)
    app = make_app(sim.url, MODEL, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        view = await ask(pilot, "Plan a trip to Oslo")
        await ask(pilot, "What should I pack?")
        await pilot.press("alt+s")
        await wait_until(pilot, lambda: isinstance(app.screen, SummariserChoice))
        await pilot.press("enter")  # the session's own model
        await wait_until(pilot, lambda: view.session.compaction is not None)
        asked = last_chat(sim)
        assert asked[0] == ("system", SUMMARY_INSTRUCTIONS) and "[user]\nPlan a trip to Oslo" in asked[1][1]
        summary = view.session.compaction.summary
        assert summary.startswith(f"Hi! I'm {MODEL}")
        await wait_until(pilot, lambda: "2 messages summarised by llama3.2:3b — Enter to unfold" in screen_text(app))
        assert view.query_one(CompactedFold).covered == view.session.messages[:2]

        await ask(pilot, "And the weather?")
        sent = last_chat(sim)
        assert [role for role, _ in sent] == ["user", "assistant", "user", "assistant", "user"]
        assert sent[0] == ("user", RECAP_ASK) and summary in sent[1][1]
        assert sent[2] == ("user", "What should I pack?") and sent[4] == ("user", "And the weather?")
        path = app.workbench.keeper.store.path_for(view.session)
        assert app.workbench.keeper.store.load(path).compaction == view.session.compaction

        await pilot.press("alt+z")
        await wait_until(pilot, lambda: view.session.compaction is None)
        assert not view.query_one(CompactedFold).display
        await ask(pilot, "Thanks")
        assert [content for _, content in last_chat(sim)][::2] == [
            "Plan a trip to Oslo", "What should I pack?", "And the weather?", "Thanks"]
        assert app.workbench.keeper.store.load(path).compaction is None
