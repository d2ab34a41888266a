"""Compacting through the simulator: what the next request sends, the fold on screen, undo, the file, reopening."""

from __future__ import annotations

import httpx

from ollamux.core.compaction import RECAP_ASK, SUMMARY_INSTRUCTIONS, Compaction
from ollamux.core.session import ChatMessage, Session
from ollamux.core.session_keeper import SessionKeeper
from ollamux.ui.chat.compacted import CompactedFold
from ollamux.ui.compact.ask import SummariserChoice
from ollamux.ui.models.picker import ModelPicker
from tests.ui_helpers import ask, has_line, make_app, picker_lines, reopening_app, screen_text, wait_until

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
        # Another model, whose summary fails: nothing changes.
        await pilot.press("alt+s")
        await wait_until(pilot, lambda: isinstance(app.screen, SummariserChoice))
        await pilot.press("m")
        await wait_until(pilot, lambda: isinstance(app.screen, ModelPicker))
        await pilot.press(*"fault-500")
        await wait_until(pilot, lambda: has_line(picker_lines(app), "fault-500:latest"))
        await pilot.press("enter")
        await wait_until(pilot, lambda: any("The summary failed, nothing changed" in str(n.message)
                                            for n in app._notifications))
        assert view.session.compaction is None and not view.query_one(CompactedFold).display

        await pilot.press("alt+s")
        await wait_until(pilot, lambda: isinstance(app.screen, SummariserChoice))
        await pilot.press("enter")  # the session's own model
        await wait_until(pilot, lambda: view.session.compaction is not None)
        asked = last_chat(sim)
        assert asked[0] == ("system", SUMMARY_INSTRUCTIONS) and "[user]\nPlan a trip to Oslo" in asked[1][1]
        summary = view.session.compaction.summary
        assert summary.startswith("Summary of the conversation so far:")  # the simulator summarises
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


async def test_reopened_compacted_session_sends_the_summary_and_a_damaged_one_is_reported(make_sim, tmp_path):
    sim = make_sim()
    pulled(sim)
    keeper = SessionKeeper(tmp_path / "data")

    def session(title: str) -> Session:
        said = ["Plan a trip to Oslo", "Day 1: the fjord.", "What should I pack?", "A raincoat."]
        return Session(host="sim", model=MODEL, title=title, messages=[
            ChatMessage(role="user" if n % 2 == 0 else "assistant", content=text) for n, text in enumerate(said)])

    good, damaged = session("good"), session("damaged")
    good.compaction = Compaction("Trip to Oslo, day 1 the fjord.", 2, MODEL, "sim")
    for each in (good, damaged):
        assert keeper.claim(each) is None
        keeper.store.save(each)
    path = keeper.store.path_for(damaged)  # a hand edit gone wrong: more messages than there are
    broken = '[compaction]\ncovers = 9\nsummary = "x"\n\n[[messages]]'
    path.write_text(path.read_text().replace("[[messages]]", broken, 1))
    keeper.save_open([good, damaged])
    keeper.release_all()

    app = reopening_app(sim.url, tmp_path, model=MODEL)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: len(app.workbench.workspace.views()) == 2)
        views = {view.session.title: view for view in app.workbench.workspace.views()}
        await wait_until(pilot, lambda: any("The saved compaction was ignored" in str(n.message)
                                            for n in app._notifications))
        assert views["damaged"].session.compaction is None and len(views["damaged"].session.messages) == 4
        assert not views["damaged"].query_one(CompactedFold).display
        app.workbench.workspace.jump(list(views).index("good") + 1)
        await wait_until(pilot, lambda: app.workbench.workspace.active_view is views["good"])
        assert views["good"].query_one(CompactedFold).display
        await ask(pilot, "Boots too?")
        assert last_chat(sim) == [
            ("user", RECAP_ASK), ("assistant", good.compaction.wire()[1].content),
            ("user", "What should I pack?"), ("assistant", "A raincoat."), ("user", "Boots too?")]
