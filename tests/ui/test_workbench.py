"""Tabs, parallel sessions, session keys, help and compare, driven as a user would."""

from __future__ import annotations

import io

from rich.console import Console
from textual.widgets import Static

from ollamux.core.session import SessionState, Status
from ollamux.ui.chat.compare import AnswerPanel, CompareScreen
from ollamux.ui.chat.transcript_bars import EarlierMessages
from ollamux.ui.chat.view import ChatView
from ollamux.ui.shared.dialogs import AskText, Confirm
from ollamux.ui.workbench.help import HelpScreen
from tests.ui_helpers import ask, make_app, screen_text, send, started, tab_labels, wait_until


def highlighted_row(app) -> str:
    options = app.screen.query_one("OptionList")
    if options.highlighted is None:
        return ""
    return str(options.get_option_at_index(options.highlighted).prompt)


async def test_two_sessions_stream_at_once_to_different_models(make_sim, tmp_path):
    slowish = make_sim(delay_scale=0.1)
    app = make_app(slowish.url, "slow-model:latest", tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await started(pilot)
        first = app.workbench.workspace.active_view
        await send(pilot, "first question")
        second = await app.workbench.open_session("sim", "demo-coder:7b")
        assert await second.send_prompt("second question")
        # Both are mid-reply at the same moment.
        await wait_until(pilot, lambda: first.session.streaming and second.session.streaming)
        await wait_until(
            pilot,
            lambda: first.last_status is Status.COMPLETE and second.last_status is Status.COMPLETE,
            timeout=30,
        )
        assert first.session.messages[-1].content and "```python" in second.session.messages[-1].content
        # The hidden first session painted everything once shown again.
        await pilot.press("alt+1")
        await wait_until(pilot, lambda: app.workbench.workspace.active_view is first)
        answer = first.query(".answer").last()
        await wait_until(pilot, lambda: answer.source == first.session.messages[-1].content)
        # And laid it out, though nothing was laid out while hidden: its stats line is on screen.
        await wait_until(pilot, lambda: "slow-model:latest" in screen_text(app) and "tok/s" in screen_text(app))
        # The footer's keys are those of the session on screen: a hidden one starting
        # or ending a reply leaves them alone, the one on screen refreshes them.
        refreshed = []
        app.workbench.refresh_bindings = lambda: refreshed.append(True)
        second.post_message(ChatView.StateChanged(second))
        first.post_message(ChatView.StateChanged(first))
        await wait_until(pilot, lambda: refreshed)
        await pilot.pause()
        assert len(refreshed) == 1


async def test_tab_labels_show_title_model_and_state(sim, tmp_path):
    app = make_app(sim.url, "fault-500:latest", tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await started(pilot)
        assert tab_labels(app) == ["1 new · fault-500:latest"]
        await send(pilot, "A rather long first prompt that becomes the title")
        view = app.workbench.workspace.active_view
        await wait_until(pilot, lambda: view.state is SessionState.ERROR)
        assert tab_labels(app) == ["1 A rather long fir… · fault-500:latest ✗"]


async def test_switching_sessions_by_keys(sim, tmp_path):
    app = make_app(sim.url, "demo-coder:7b", tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await started(pilot)
        views = [app.workbench.workspace.active_view]
        for model in ("qwen3:8b", "tool-model:latest"):
            views.append(await app.workbench.open_session("sim", model))
        await pilot.pause()
        assert app.workbench.workspace.active_view is views[2]
        await pilot.press("alt+right")
        assert app.workbench.workspace.active_view is views[0]  # wraps around
        await pilot.press("ctrl+pageup")
        assert app.workbench.workspace.active_view is views[2]
        await pilot.press("alt+left")
        assert app.workbench.workspace.active_view is views[1]
        await pilot.press("alt+1")
        assert app.workbench.workspace.active_view is views[0]
        # The prompt of the shown session has the focus, ready to type.
        assert app.focused is views[0].query_one("#prompt")


async def test_closing_a_streaming_session_asks_first_and_stops_it(make_sim, tmp_path):
    slow = make_sim(delay_scale=0.2)
    app = make_app(slow.url, "slow-model:latest", tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await started(pilot)
        view = app.workbench.workspace.active_view
        await send(pilot, "go on and on")
        await wait_until(pilot, lambda: view.state is SessionState.STREAMING)
        await pilot.press("f12")
        await wait_until(pilot, lambda: isinstance(app.screen, Confirm))
        await pilot.press("n")
        assert app.workbench.workspace.views() == [view]
        await pilot.press("f12")
        await wait_until(pilot, lambda: isinstance(app.screen, Confirm))
        await pilot.press("y")
        await wait_until(pilot, lambda: not app.workbench.workspace.views())
        assert view.session.messages[-1].status is Status.STOPPED
        await wait_until(pilot, lambda: bool(slow.cancelled))
        assert "ctrl+n" in str(app.query_one("#empty", Static).render())


async def test_rename_with_f2(sim, tmp_path):
    app = make_app(sim.url, "demo-coder:7b", tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await started(pilot)
        await pilot.press("f2")
        await wait_until(pilot, lambda: isinstance(app.screen, AskText))
        await pilot.press(*"GPU notes", "enter")
        await wait_until(pilot, lambda: app.workbench.workspace.active_view.session.title == "GPU notes")
        assert tab_labels(app) == ["1 GPU notes · demo-coder:7b"]


async def test_regenerate_replaces_the_last_reply(sim, tmp_path):
    app = make_app(sim.url, "fault-500:latest", tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await started(pilot)
        view = app.workbench.workspace.active_view
        await ask(pilot, "hello", ends=Status.ERROR)
        view.session.model = "demo-coder:7b"  # as if the user switched to a working model
        await pilot.press("ctrl+r")
        await wait_until(pilot, lambda: view.last_status is Status.COMPLETE)
        roles = [m.role for m in view.session.messages]
        assert roles == ["user", "assistant"]
        assert len(view.query("ReplyView")) == 1


async def test_send_while_streaming_is_refused_and_keeps_the_text(make_sim, tmp_path):
    slow = make_sim(delay_scale=0.2)
    app = make_app(slow.url, "slow-model:latest", tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await started(pilot)
        view = app.workbench.workspace.active_view
        await send(pilot, "first")
        await wait_until(pilot, lambda: view.session.streaming)
        await send(pilot, "second")
        assert view.query_one("#prompt").text == "second"
        assert [m.content for m in view.session.messages if m.role == "user"] == ["first"]


async def test_help_lists_every_session_key(sim, tmp_path):
    app = make_app(sim.url, "demo-coder:7b", tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await started(pilot)
        await pilot.press("f1")
        await wait_until(pilot, lambda: isinstance(app.screen, HelpScreen))
        console = Console(width=100, record=True, file=io.StringIO())
        console.print(app.screen.query_one(Static).content)
        shown = console.export_text()
        for words in ("New session", "Compare models", "Close session", "Stop reply", "Regenerate", "Send the prompt"):
            assert words in shown
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpScreen)


async def test_palette_offers_the_session_actions(sim, tmp_path):
    app = make_app(sim.url, "demo-coder:7b", tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await started(pilot)
        titles = [command.title for command in app.get_system_commands(app.screen)]
        for title in (
            "New session", "Compare models", "Close session", "Rename session", "Help",
            "Stop reply", "Regenerate", "Toggle thinking", "Go to session…",
        ):
            assert title in titles
        assert any(title.startswith("Go to 1:") for title in titles)


async def test_compare_view_shows_each_answer_and_its_speed(sim, tmp_path):
    app = make_app(sim.url, "demo-coder:7b", tmp_path)
    async with app.run_test(size=(120, 30)) as pilot:
        await started(pilot)
        views = [await app.workbench.open_session("sim", m) for m in ("qwen3:8b", "fast-model:latest")]
        for view in views:
            await view.send_prompt("Compare me")
        await app.push_screen(CompareScreen("Compare me", [(v.session, "sim") for v in views]))
        await wait_until(pilot, lambda: all(v.last_status is Status.COMPLETE for v in views))
        panels = list(app.screen.query(AnswerPanel))
        await wait_until(pilot, lambda: all("tok/s" in str(p.query_one(".speed", Static).render()) for p in panels))
        for panel, view in zip(panels, views, strict=True):
            speed = str(panel.query_one(".speed", Static).render())
            assert "TTFT" in speed and "tokens" in speed
            answer = view.session.messages[-1].content
            await wait_until(pilot, lambda p=panel, a=answer: p.query_one(".answer").source == a, timeout=3)
        assert not app.screen.has_class("-stacked")
        await pilot.resize_terminal(80, 24)
        await wait_until(pilot, lambda: app.screen.has_class("-stacked"))


async def test_prompts_sent_are_recalled_with_up(sim, tmp_path):
    app = make_app(sim.url, "fast-model:latest", tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await started(pilot)
        view = app.workbench.workspace.active_view
        for text in ("first question", "second question"):
            await ask(pilot, text)
        prompt = view.query_one("#prompt")
        await pilot.press("up")
        assert prompt.text == "second question"
        await pilot.press("up")
        assert prompt.text == "first question"


async def test_a_long_session_opens_with_only_its_tail_mounted(sim, tmp_path):
    from ollamux.core.session import ChatMessage, Session

    app = make_app(sim.url, "demo-coder:7b", tmp_path)
    session = Session(host="sim", model="demo-coder:7b", title="long")
    for n in range(500):
        session.messages.append(ChatMessage(role="user", content=f"question {n}"))
        session.messages.append(ChatMessage(role="assistant", content=f"answer {n}\n\n```python\nprint({n})\n```"))
    async with app.run_test(size=(100, 30)) as pilot:
        await started(pilot)
        view = await app.workbench.add_session(session)
        await pilot.pause()
        mounted = len(view.query("UserMessage")) + len(view.query("ReplyView"))
        assert 0 < mounted < 100
        bar = view.query_one(EarlierMessages)
        assert f"{1000 - mounted} earlier messages" in str(bar.render())


async def test_ctrl_g_lists_every_session_and_a_digit_jumps(sim, tmp_path):
    from ollamux.ui.sessions.list import SessionList

    app = make_app(sim.url, "demo-coder:7b", tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await started(pilot)
        views = [app.workbench.workspace.active_view]
        for model in ("qwen3:8b", "tool-model:latest", "fast-model:latest"):
            views.append(await app.workbench.open_session("sim", model))
        # Let the tab bar finish switching to the last one, as it has by the time a person types.
        await wait_until(pilot, lambda: app.workbench.workspace.active_view is views[3])
        await pilot.pause(0.3)
        await pilot.press("ctrl+g")
        await wait_until(pilot, lambda: isinstance(app.screen, SessionList))
        listed = [str(option.prompt) for option in app.screen.query_one("OptionList").options]
        assert listed == [
            "1 new · demo-coder:7b @ sim", "2 new · qwen3:8b @ sim",
            "3 new · tool-model:latest @ sim", "4 new · fast-model:latest @ sim",
        ]
        await pilot.press("2")
        await wait_until(pilot, lambda: app.workbench.workspace.active_view is views[1])
        await pilot.pause(0.3)
        await pilot.press("ctrl+g")
        await wait_until(pilot, lambda: isinstance(app.screen, SessionList))
        await pilot.pause()
        await pilot.press("down", "enter")
        await wait_until(pilot, lambda: app.workbench.workspace.active_view is views[2])


async def test_focus_restored_into_a_hidden_tab_does_not_undo_a_jump(sim, tmp_path):
    # Closing a modal gives focus back to where it was: the prompt of the tab
    # the user has just jumped away from. The jump must stand.
    app = make_app(sim.url, "demo-coder:7b", tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await started(pilot)
        first = app.workbench.workspace.active_view
        second = await app.workbench.open_session("sim", "qwen3:8b")
        await wait_until(pilot, lambda: app.workbench.workspace.active_view is second)
        app.workbench.workspace.jump(1)
        await wait_until(pilot, lambda: app.workbench.workspace.active_view is first)
        second.focus_prompt()
        await pilot.pause(0.2)
        assert app.workbench.workspace.active_view is first
        assert app.focused is first.query_one("#prompt")


async def test_host_going_down_mid_session_is_reported_and_the_session_recovers(make_sim, tmp_path):
    server = make_sim()
    app = make_app(server.url, "demo-coder:7b", tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await started(pilot)
        view = app.workbench.workspace.active_view
        server.stop()
        await ask(pilot, "are you there?", ends=Status.ERROR)
        status = str(view.query("ReplyView").last().query_one(".status").render())
        assert server.url in status and "refused" in status
        assert view.state is SessionState.ERROR
        server.restart()
        await ask(pilot, "and now?")
        # The failed turn is kept on screen but not sent back as history.
        sent = [r for r in server.requests if r.path == "/api/chat"][-1].body["messages"]
        assert [m["content"] for m in sent if m["role"] == "user"] == ["are you there?", "and now?"]
        assert all(m["role"] != "assistant" for m in sent)


async def test_ctrl_n_opens_the_picker_and_enter_opens_a_session(sim, tmp_path):
    from ollamux.ui.models.picker import ModelPicker

    app = make_app(sim.url, "demo-coder:7b", tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await started(pilot)
        await pilot.press("ctrl+n")
        await wait_until(pilot, lambda: isinstance(app.screen, ModelPicker))
        await pilot.press(*"tool-model")
        await wait_until(pilot, lambda: "tool-model" in highlighted_row(app))
        await pilot.press("enter")
        await wait_until(pilot, lambda: len(app.workbench.workspace.views()) == 2)
        assert app.workbench.workspace.active_view.session.model == "tool-model:latest"
        assert tab_labels(app)[-1] == "2 new · tool-model:latest"


async def test_page_keys_scroll_the_transcript_while_typing(sim, tmp_path):
    app = make_app(sim.url, "demo-coder:7b", tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await started(pilot)
        view = app.workbench.workspace.active_view
        await ask(pilot, "Show me some code")
        transcript = view.query_one("Transcript")
        await wait_until(pilot, lambda: transcript.scroll_y == transcript.max_scroll_y > 0)
        assert app.focused is view.query_one("#prompt")
        await pilot.press("pageup")
        await wait_until(pilot, lambda: transcript.scroll_y < transcript.max_scroll_y)
        await pilot.press("ctrl+home")
        await wait_until(pilot, lambda: transcript.scroll_y == 0)
        await pilot.press("ctrl+end")
        await wait_until(pilot, lambda: transcript.scroll_y == transcript.max_scroll_y)
        assert app.focused is view.query_one("#prompt")


async def test_f7_takes_the_last_prompt_back_for_editing(sim, tmp_path):
    app = make_app(sim.url, "fast-model:latest", tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await started(pilot)
        view = app.workbench.workspace.active_view
        await ask(pilot, "first")
        await ask(pilot, "second, with a typo")
        await pilot.press("f7")
        await wait_until(pilot, lambda: view.query_one("#prompt").text == "second, with a typo")
        assert [m.content for m in view.session.messages if m.role == "user"] == ["first"]
        assert len(view.query("ReplyView")) == 1


async def test_f8_forks_the_session_at_a_chosen_message(sim, tmp_path):
    from ollamux.ui.sessions.fork import ForkPoint

    app = make_app(sim.url, "fast-model:latest", tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await started(pilot)
        view = app.workbench.workspace.active_view
        for text in ("one", "two"):
            await ask(pilot, text)
        await pilot.press("f8")
        await wait_until(pilot, lambda: isinstance(app.screen, ForkPoint))
        await pilot.pause()
        await pilot.press("up", "up", "enter")  # through the first reply
        await wait_until(pilot, lambda: len(app.workbench.workspace.views()) == 2)
        fork = app.workbench.workspace.active_view.session
        assert [m.content for m in fork.messages if m.role == "user"] == ["one"]
        assert len(view.session.messages) == 4  # the original is untouched
        assert fork.id != view.session.id and fork.title.endswith("(fork)")


async def test_f6_exports_markdown_with_or_without_the_thinking(sim, tmp_path):
    from ollamux.ui.shared.dialogs import Choose

    app = make_app(sim.url, "qwen3:8b", tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await started(pilot)
        view = app.workbench.workspace.active_view
        await ask(pilot, "Why is the sky blue?")
        # Named after the session's title (its first prompt), not its id.
        exported = tmp_path / "data" / "exports" / "Why is the sky blue.md"
        thinking = view.session.messages[-1].thinking
        assert thinking

        await pilot.press("f6")
        await wait_until(pilot, lambda: isinstance(app.screen, Choose))
        await pilot.press("escape")  # changed my mind: nothing is written
        await wait_until(pilot, lambda: not isinstance(app.screen, Choose))
        assert not exported.exists()

        await pilot.press("f6")
        await wait_until(pilot, lambda: isinstance(app.screen, Choose))
        await pilot.press("p")
        await wait_until(pilot, exported.exists)
        answers_only = exported.read_text()
        assert "Why is the sky blue?" in answers_only and view.session.messages[-1].content[:40] in answers_only
        assert thinking[:40] not in answers_only

        await pilot.press("f6")
        await wait_until(pilot, lambda: isinstance(app.screen, Choose))
        await pilot.press("t")
        # A second export never overwrites the first: it is numbered.
        second = exported.with_name("Why is the sky blue (2).md")
        await wait_until(pilot, second.exists)
        assert thinking[:40] in second.read_text() and exported.read_text() == answers_only
        assert second.stat().st_mode & 0o777 == 0o600


async def test_on_a_narrow_terminal_the_footers_last_column_is_the_palette_keys(sim, tmp_path):
    """The keys that do not fit scroll under the palette's key: none of their letters shows past it."""
    app = make_app(sim.url, "demo-coder:7b", tmp_path)
    async with app.run_test(size=(60, 20)) as pilot:
        await started(pilot)
        await ask(pilot, "hi")  # the footer grows by Retry
        footer = screen_text(app).splitlines()[-1]
        assert "Retry" in footer
        assert footer.rstrip().endswith("^p palette") and footer[-1] == " "


async def test_a_tab_underline_measured_too_soon_catches_up_at_the_next_layout(sim, tmp_path):
    """A relabelled tab gets its width a layout late on a busy machine: its underline stopped short for good."""
    from textual.widgets import Tabs
    from textual.widgets._tabs import Underline

    from tests.ui_helpers import underlines_settled

    app = make_app(sim.url, "demo-coder:7b", tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await started(pilot)
        await wait_until(pilot, lambda: underlines_settled(app.screen))
        underline = app.workbench.query_one(Tabs).query_one(Underline)
        underline.highlight_end -= 2  # as measured before the tab had its new width
        assert not underlines_settled(app.screen)
        app.screen.refresh(layout=True)
        await wait_until(pilot, lambda: underlines_settled(app.screen))
