"""Keys as a readline user and a daily user expect them (issue 9, items 2, 3, 4, 10).

ctrl+w deletes a word in every text field; F12 closes a session, asking when a
draft or a stream is at stake, and the draft is kept with the session. Stop,
regenerate and thinking act on the session on screen from every panel; ctrl+c
stops a reply; ctrl+q asks while one streams; typing after a click in the
transcript lands in the prompt.
"""

from __future__ import annotations

import pytest
from textual.widgets import Input

from ollamux.core.session import SessionState, Status
from ollamux.core.store import SessionStore, sessions_dir
from ollamux.ui.chat.transcript import Transcript
from ollamux.ui.shared.dialogs import AskText, Confirm
from tests.ui_helpers import ask, make_app, reopening_app, send, started, wait_until


def prompt_of(view):
    return view.query_one("#prompt")


def footer_keys(app) -> dict[str, str]:
    """What the footer shows: key to description, of the bindings it draws."""
    return {key: active.binding.description for key, active in app.screen.active_bindings.items()
            if active.binding.show and active.enabled}


# ------------------------------------------------------------------ item 2: ctrl+w, F12, drafts


async def test_ctrl_w_in_the_prompt_deletes_a_word_and_closes_nothing(sim, tmp_path):
    app = make_app(sim.url, "demo-coder:7b", tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        view = await started(pilot)
        prompt_of(view).insert("hello big world")
        await pilot.press("ctrl+w")
        assert prompt_of(view).text == "hello big "
        assert app.workbench.workspace.views() == [view]
        # The other readline keys: ctrl+a / ctrl+e to the line's ends, ctrl+u deletes back to its start.
        await pilot.press("ctrl+a", "x", "ctrl+e", "y")
        assert prompt_of(view).text == "xhello big y"
        await pilot.press("left", "ctrl+u")
        assert prompt_of(view).text == "y"


async def test_readline_keys_act_on_the_line_typed_not_on_its_wrapped_rows(sim, tmp_path):
    """A sentence longer than the prompt is wide wraps; readline's line is still the sentence."""
    app = make_app(sim.url, "demo-coder:7b", tmp_path)
    async with app.run_test(size=(40, 20)) as pilot:
        view = await started(pilot)
        prompt = prompt_of(view)
        sentence = "why does my model slow down as the chat grows longer and longer"
        prompt.insert(f"first line\n{sentence}")
        assert prompt.wrapped_document.height > 2  # the sentence takes more than one row
        await pilot.press("ctrl+a", ">", "ctrl+e", "<")
        assert prompt.text == f"first line\n>{sentence}<"
        await pilot.press("left", "left", "left", "ctrl+k")
        assert prompt.text == f"first line\n>{sentence[:-2]}"
        await pilot.press("ctrl+u")
        assert prompt.text == "first line\n"
        await pilot.press("ctrl+u")  # at the line's start: joined to the line above
        assert prompt.text == "first line"
        await pilot.press("ctrl+a", "ctrl+k", "ctrl+k")  # the line, then nothing more to take
        assert prompt.text == ""


async def test_readline_keys_edit_a_dialog_line_and_close_nothing(sim, tmp_path):
    app = make_app(sim.url, "demo-coder:7b", tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        view = await started(pilot)
        await pilot.press("f2")
        await wait_until(pilot, lambda: isinstance(app.screen, AskText))
        line = app.screen.query_one(Input)
        await pilot.press(*"GPU notes", "ctrl+w")
        assert line.value == "GPU "
        await pilot.press("ctrl+a", "x", "ctrl+e", "y")
        assert line.value == "xGPU y"
        await pilot.press("ctrl+a", "right", "ctrl+k")
        assert line.value == "x"
        await pilot.press("ctrl+u")
        assert line.value == ""
        assert app.workbench.workspace.views() == [view]


async def test_f12_closes_an_idle_session_with_no_draft_at_once(sim, tmp_path):
    app = make_app(sim.url, "demo-coder:7b", tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await started(pilot)
        await pilot.press("f12")
        await wait_until(pilot, lambda: not app.workbench.workspace.views())
        assert not isinstance(app.screen, Confirm)


@pytest.mark.parametrize("draft", ["unsent thoughts", "line one\nline two", "[b]not markup[/b] ü 漢"])
async def test_closing_asks_when_a_draft_would_go_and_keeps_it_with_the_session(sim, tmp_path, draft):
    from ollamux.ui.sessions.browser import SessionBrowser

    app = make_app(sim.url, "demo-coder:7b", tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        view = await started(pilot)
        prompt_of(view).insert(draft)
        await pilot.press("f12")
        await wait_until(pilot, lambda: isinstance(app.screen, Confirm))
        await pilot.press("n")
        await wait_until(pilot, lambda: not isinstance(app.screen, Confirm))
        assert app.workbench.workspace.views() == [view] and prompt_of(view).text == draft
        await pilot.press("f12")
        await wait_until(pilot, lambda: isinstance(app.screen, Confirm))
        await pilot.press("y")
        await wait_until(pilot, lambda: not app.workbench.workspace.views())
        store = SessionStore(sessions_dir(tmp_path / "data"))
        await wait_until(pilot, lambda: store.path_for(view.session).exists())
        # F4 reopens it with the draft back in the prompt, ready to go on.
        await pilot.press("f4")
        await wait_until(pilot, lambda: isinstance(app.screen, SessionBrowser) and len(app.screen.shown) == 1)
        await pilot.press("enter")
        await wait_until(pilot, lambda: len(app.workbench.workspace.views()) == 1)
        reopened = app.workbench.workspace.active_view
        assert reopened.session.id == view.session.id
        await wait_until(pilot, lambda: prompt_of(reopened).text == draft)
        assert prompt_of(reopened).cursor_location == prompt_of(reopened).document.end


async def test_a_draft_is_kept_at_quit_and_comes_back_at_start(sim, tmp_path):
    app = reopening_app(sim.url, tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        view = await ask(pilot, "hello")
        prompt_of(view).insert("and then")
    again = reopening_app(sim.url, tmp_path)
    async with again.run_test(size=(100, 30)) as pilot:
        view = await started(pilot)
        await wait_until(pilot, lambda: prompt_of(view).text == "and then")
        # Sent, the draft is gone from the session: it is not offered twice.
        await pilot.press("enter")
        await wait_until(pilot, lambda: view.last_status is Status.COMPLETE and len(view.session.messages) == 4)
        assert view.session.draft == ""


async def test_help_and_palette_name_the_moved_keys(sim, tmp_path):
    import io

    from rich.console import Console
    from textual.widgets import Static

    from ollamux.ui.workbench.help import HelpScreen

    app = make_app(sim.url, "demo-coder:7b", tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await started(pilot)
        palette = {c.title: c.help for c in app.get_system_commands(app.screen)}
        assert "F12" in palette["Close session"] and "ctrl+c" in palette["Stop reply"]
        await pilot.press("f1")
        await wait_until(pilot, lambda: isinstance(app.screen, HelpScreen))
        console = Console(width=100, record=True, file=io.StringIO())
        console.print(app.screen.query_one(Static).content)
        lines = console.export_text().splitlines()
        assert any(line.split()[:2] == ["f12", "Close"] for line in lines if line.split())
        assert any(line.split()[:2] == ["ctrl+c", "Stop"] for line in lines if line.split())
        assert not any(line.split()[:1] == ["ctrl+w"] for line in lines if line.split())


# ------------------------------------------------------------------ item 3: from every panel


async def test_stop_and_regenerate_work_from_the_side_panels(make_sim, tmp_path):
    slow = make_sim(delay_scale=0.2)
    app = make_app(slow.url, "slow-model:latest", tmp_path)
    async with app.run_test(size=(120, 30)) as pilot:
        view = await started(pilot)
        await send(pilot, "tell me a long story")
        for panel in ("f3", "f5"):  # one start serves both panels
            await wait_until(pilot, lambda: view.session.streaming and len(view.session.messages[-1].content) > 5)
            await pilot.press(panel)
            await wait_until(pilot, lambda: app.focused is not None and app.focused is not prompt_of(view))
            focused = app.focused
            assert footer_keys(app).get("ctrl+c") == "Stop"
            await pilot.press("escape")
            await wait_until(pilot, lambda: view.last_status is Status.STOPPED)
            assert app.focused is focused  # the panel keeps the focus
            # Stopped with text: "Go on" (alt+c) takes Retry's place in the footer; ctrl+r still retries.
            await wait_until(pilot, lambda: footer_keys(app).get("alt+c") == "Go on")
            assert "ctrl+c" not in footer_keys(app)
            await pilot.press("ctrl+r")
            await wait_until(pilot, lambda: view.state is SessionState.STREAMING or view.state is SessionState.LOADING)
            assert len(view.session.messages) == 2
            if panel == "f3":
                await pilot.press(panel)  # closed: the regenerated reply streams on for the next panel
                await wait_until(pilot, lambda: app.focused is prompt_of(view))
        await pilot.press("ctrl+c")
        await wait_until(pilot, lambda: view.last_status is Status.STOPPED)


async def test_toggle_thinking_works_from_each_side_panel(sim, tmp_path):
    from textual.widgets import Collapsible

    from ollamux.ui.chat.message import ReplyView

    app = make_app(sim.url, "qwen3:8b", tmp_path)
    async with app.run_test(size=(120, 30)) as pilot:
        view = await ask(pilot, "think about it")
        thinking = view.query(ReplyView).last().query_one(Collapsible)
        for panel in ("f3", "f5"):
            folded = thinking.collapsed
            await pilot.press(panel)
            await wait_until(pilot, lambda: app.focused is not None and app.focused is not prompt_of(view))
            await pilot.press("ctrl+t")
            await wait_until(pilot, lambda folded=folded: thinking.collapsed is not folded)
            await pilot.press(panel)  # closed again: the next panel opens on its own
            await wait_until(pilot, lambda: app.focused is prompt_of(view))


# ------------------------------------------------------------------ item 4: ctrl+c and ctrl+q


async def test_ctrl_c_stops_a_streaming_reply_like_ollama_run(make_sim, tmp_path):
    slow = make_sim(delay_scale=0.2)
    app = make_app(slow.url, "slow-model:latest", tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        view = await started(pilot)
        await send(pilot, "tell me a long story")
        await wait_until(pilot, lambda: len(view.session.messages[-1].content) > 5)
        await pilot.press("ctrl+c")
        await wait_until(pilot, lambda: view.last_status is Status.STOPPED)
        await wait_until(pilot, lambda: bool(slow.cancelled))
        assert app.is_running


async def test_ctrl_c_with_nothing_streaming_still_copies_the_prompt_selection(sim, tmp_path):
    app = make_app(sim.url, "demo-coder:7b", tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        view = await started(pilot)
        prompt_of(view).insert("copy me")
        prompt_of(view).select_all()
        await pilot.press("ctrl+c")
        assert app.clipboard == "copy me"
        assert prompt_of(view).text == "copy me"


async def test_ctrl_q_asks_while_a_reply_streams(make_sim, tmp_path):
    slow = make_sim(delay_scale=0.2)
    app = make_app(slow.url, "slow-model:latest", tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        view = await started(pilot)
        await send(pilot, "tell me a long story")
        await wait_until(pilot, lambda: view.session.streaming)
        await pilot.press("ctrl+q")
        await wait_until(pilot, lambda: isinstance(app.screen, Confirm))
        await pilot.press("n")
        await wait_until(pilot, lambda: not isinstance(app.screen, Confirm))
        assert app.is_running and view.session.streaming
        await pilot.press("ctrl+q")
        await wait_until(pilot, lambda: isinstance(app.screen, Confirm))
        await pilot.press("ctrl+q")  # twice: yes
        await wait_until(pilot, lambda: not app.is_running)


async def test_ctrl_q_quits_at_once_when_nothing_streams(sim, tmp_path):
    app = make_app(sim.url, "demo-coder:7b", tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await ask(pilot, "hello")
        await pilot.press("ctrl+q")
        await wait_until(pilot, lambda: not app.is_running)


# ------------------------------------------------------------------ item 10: typing after a click


@pytest.mark.parametrize("keys", [list("abc"), ["space", "1", "?"], ["é", "漢", "A"]])
async def test_typing_after_a_click_in_the_transcript_goes_to_the_prompt(sim, tmp_path, keys):
    app = make_app(sim.url, "demo-coder:7b", tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        view = await ask(pilot, "hello")
        prompt_of(view).insert("so ")
        await pilot.click(Transcript)
        assert app.focused is view.query_one(Transcript)
        await pilot.press(*keys)
        typed = "".join(" " if k == "space" else k for k in keys)
        assert prompt_of(view).text == "so " + typed
        assert app.focused is prompt_of(view)
