"""F4 searches every saved session: as you type, with filters, and opens at the message found."""

from __future__ import annotations

from textual.widgets import Input, Label, OptionList

from ollamux.core.session import ChatMessage, Session
from ollamux.core.store import SessionStore, sessions_dir
from ollamux.ui.chat import Transcript
from ollamux.ui.sessions.browser import SessionBrowser
from ollamux.ui.sessions.search_results import MATCH_STYLE
from tests.ui_helpers import ask, make_app, wait_until

FOUND_AT = 7  # long before the newest messages, which are all a transcript mounts at first


def saved(store: SessionStore, title: str, model: str, needle_at: int | None, pairs: int = 30) -> Session:
    session = Session(host="sim", model=model, title=title)
    for n in range(pairs):
        session.messages += [
            ChatMessage(role="user", content=f"question {n}"),
            ChatMessage(role="assistant", content=f"answer {n}, plain and dull"),
        ]
    if needle_at is not None:
        session.messages[needle_at].content = "the [b]needle[/b] word zebra is only here"
    store.save(session)
    return session


def highlighted_words(browser: SessionBrowser, row: int) -> list[str]:
    prompt = browser.query_one(OptionList).get_option_at_index(row).prompt
    return [prompt.plain[span.start:span.end] for span in prompt.spans if span.style == MATCH_STYLE]


def on_screen(transcript: Transcript, message: ChatMessage) -> bool:
    widget = next((w for w in transcript.message_widgets() if w.message is message), None)
    if widget is None:
        return False
    top, height = transcript.scroll_y, transcript.scrollable_content_region.height
    return widget.virtual_region.y < top + height and widget.virtual_region.bottom > top


async def test_typing_searches_every_message_filters_and_enter_opens_at_the_message_found(sim, tmp_path):
    store = SessionStore(sessions_dir(tmp_path / "data"))
    wanted = saved(store, "Tuning the GPU box", "qwen3:8b", FOUND_AT)
    saved(store, "Zebra crossing", "demo-coder:7b", 3)  # a match, on another model
    saved(store, "Nothing to see", "qwen3:8b", None)
    app = make_app(sim.url, "demo-coder:7b", tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_until(pilot, lambda: app.workbench.workspace.active_view is not None)
        await pilot.press("f4")
        await wait_until(pilot, lambda: isinstance(app.screen, SessionBrowser) and len(app.screen.shown) == 3)
        browser = app.screen
        await pilot.press(*"zebra model:qwen")
        await wait_until(pilot, lambda: [s.id for s in browser.shown] == [wanted.id])
        assert highlighted_words(browser, 0) == ["zebra"]  # in the snippet: the title has none
        assert "[b]needle[/b]" in browser.query_one(OptionList).get_option_at_index(0).prompt.plain

        await pilot.press(*" before:2026-13-01")
        status = browser.query_one(".status", Label)
        await wait_until(pilot, lambda: "before:2026-13-01 is not a date" in str(status.render()))
        assert [s.id for s in browser.shown] == [wanted.id]  # the rest of the query still runs

        await pilot.press("enter")
        await wait_until(pilot, lambda: app.workbench.workspace.active_view.session.id == wanted.id)
        view = app.workbench.workspace.active_view
        transcript = view.query_one(Transcript)
        await wait_until(pilot, lambda: on_screen(transcript, view.session.messages[FOUND_AT]))
        assert not on_screen(transcript, view.session.messages[-1])  # not left at the end


async def test_a_session_saved_in_the_app_is_found_and_enter_goes_back_to_its_tab(sim, tmp_path):
    app = make_app(sim.url, "demo-coder:7b", tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_until(pilot, lambda: app.library.syncs_done == 1)  # the start's: no file then
        view = await ask(pilot, "what does an okapi eat")  # saved: the index is told
        await app.workbench.open_session("sim", "demo-coder:7b")  # another tab in front of it
        await wait_until(pilot, lambda: app.workbench.workspace.active_view is not view)
        await pilot.press("f4")
        await wait_until(pilot, lambda: isinstance(app.screen, SessionBrowser))
        await pilot.press(*"okapi")
        found = lambda: [hit.session_id for hit in app.screen.hits or []]  # noqa: E731
        # The search for "ok" (keys come slower than the debounce under load) finds it too:
        # waited for is the one for the whole word, which marks it.
        await wait_until(pilot, lambda: found() == [view.session.id] and app.screen.query_one(Input).value == "okapi"
                         and "okapi" in highlighted_words(app.screen, 0))
        assert "okapi" in highlighted_words(app.screen, 0)
        await pilot.press("enter")
        await wait_until(pilot, lambda: app.workbench.workspace.active_view is view)
        assert len(app.workbench.workspace.views()) == 2  # not opened twice
