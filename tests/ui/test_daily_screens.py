"""Issue 9 screens: dialogs, tabs, compare, models panel and F4, each as a user meets them."""

from __future__ import annotations

from datetime import UTC

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ollamux.ui.shared.dialogs import AskText, Choose, Confirm
from tests.ui_helpers import make_app, screen_text, started, wait_until

LONG_QUESTION = (
    "Delete qwen3:8b-instruct-q4_K_M from host workstation-with-a-long-name? "
    "This removes it from disk. It is open in 3 sessions, which keep their transcripts."
)


@pytest.mark.parametrize("size", [(80, 24), (160, 45)])
@pytest.mark.parametrize("dialog", [Confirm, Choose, AskText])
async def test_dialog_text_wraps_and_is_never_cut(sim, tmp_path, size, dialog):
    app = make_app(sim.url, "demo-coder:7b", tmp_path)
    async with app.run_test(size=size) as pilot:
        await started(pilot)
        screen = dialog(LONG_QUESTION, {"y": "yes"}) if dialog is Choose else dialog(LONG_QUESTION)
        await app.push_screen(screen)
        await wait_until(pilot, lambda: app.screen is screen)
        await pilot.pause()
        assert_words_shown(app, LONG_QUESTION)


def assert_words_shown(app, text: str) -> None:
    """Every word of `text` is on screen, whole and in order (lines may wrap)."""
    shown = iter(screen_text(app).split())
    for word in text.split():
        assert word in shown, f"{word!r} is cut or missing"


# ------------------------------------------------------------------ item 7: tabs


def active_tab_in_view(app) -> bool:
    tabs = app.workbench.workspace.query_one("ContentTabs")
    window = tabs.query_one("#tabs-scroll")
    tab = tabs.active_tab
    return tab is not None and window.region.contains_region(tab.region)


async def open_sessions(pilot, count: int) -> list:
    app = pilot.app
    await started(pilot)
    views = [app.workbench.workspace.active_view]
    models = ["qwen3:8b", "tool-model:latest", "fast-model:latest", "demo-coder:7b"]
    for n in range(count - 1):
        views.append(await app.workbench.open_session("sim", models[n % len(models)]))
    await wait_until(pilot, lambda: app.workbench.workspace.active_view is views[-1])
    return views


def tab_bar(app) -> str:
    return screen_text(app).splitlines()[0]


async def test_every_tab_has_a_number_the_bar_follows_the_active_one_and_ctrl_g_reaches_it_by_typing(sim, tmp_path):
    """Twelve sessions (opening them is most of the cost, so one start serves both
    checks): the tab bar at 80 columns, then ctrl+g at 100 columns."""
    from ollamux.ui.sessions.list import SessionList

    app = make_app(sim.url, "demo-coder:7b", tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        views = await open_sessions(pilot, 12)
        labels = [str(tab.label) for tab in app.workbench.workspace.query("ContentTabs Tab")]
        assert [label.split()[0] for label in labels] == [str(n) for n in range(1, 13)]
        # The bar scrolls the least that shows the whole active tab, and counts
        # the tabs cut or hidden at either end.
        expected_marks = {12: ("◀ 9", None), 1: (None, "9 ▶"), 6: ("◀ 3", "6 ▶"), 3: ("◀ 2", "8 ▶")}
        for number in (12, 1, 6, 12, 3):
            app.workbench.workspace.jump(number)
            await wait_until(pilot, lambda number=number: app.workbench.workspace.active_view is views[number - 1])
            await wait_until(pilot, lambda: active_tab_in_view(app))
            left, right = expected_marks[number]
            await wait_until(pilot, lambda left=left: tab_bar(app).startswith(left or " 1 new"))
            assert (right is None) == ("▶" not in tab_bar(app))
            assert right is None or tab_bar(app).rstrip().endswith(right)
        # Following the tab through a step that wraps around, too.
        await pilot.press("alt+left", "alt+left", "alt+left", "alt+left")
        await wait_until(pilot, lambda: app.workbench.workspace.active_view is views[10] and active_tab_in_view(app))

        await pilot.resize_terminal(100, 30)
        for typed, expected in (("1", 0), ("12", 11), ("10", 9), ("7", 6)):
            await pilot.press("ctrl+g")
            await wait_until(pilot, lambda: isinstance(app.screen, SessionList))
            await pilot.press(*typed)
            if typed == "1":  # 1 could be the start of 10, 11 or 12: Enter settles it
                assert isinstance(app.screen, SessionList)
                await pilot.press("enter")
            await wait_until(
                pilot,
                lambda expected=expected: app.workbench.workspace.active_view is views[expected]
                and not isinstance(app.screen, SessionList),
            )


# ------------------------------------------------------------------ item 9: compare


async def comparison(pilot, prompt: str = "Write a retry decorator in python"):
    """Two answers, one with thinking and one with code, opened again with F11 as a user would."""
    from ollamux.core.session import Status
    from ollamux.ui.chat.compare import CompareScreen

    app = pilot.app
    await started(pilot)
    views = [await app.workbench.open_session("sim", m) for m in ("qwen3:8b", "demo-coder:7b")]
    for view in views:
        await view.send_prompt(prompt)
    app.workbench.last_compare = (prompt, [(v.session, "sim") for v in views])
    await wait_until(pilot, lambda: all(v.last_status is Status.COMPLETE for v in views))
    for view in views:  # time to first token is wall-clock: frozen, for pictures
        view.session.messages[-1].first_token_seconds = 0.25
    await pilot.press("f11")
    await wait_until(pilot, lambda: isinstance(app.screen, CompareScreen))
    return views


async def test_the_compare_footer_shows_its_own_keys_and_the_sessions_keys_rest(sim, tmp_path):
    from ollamux.ui.chat.compare import CompareScreen

    app = make_app(sim.url, "demo-coder:7b", tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        views = await comparison(pilot)
        footer = screen_text(app).splitlines()[-1]
        for key in ("tab Next", "esc Back", "z Maximise", "t Thinking", "f1 Help"):
            assert key in footer
        assert "Compare" not in footer and "New" not in footer
        # Keys of the sessions' screen do nothing unseen behind the comparison.
        await pilot.press("ctrl+n", "f12", "alt+1")
        await pilot.pause()
        assert isinstance(app.screen, CompareScreen) and len(app.workbench.workspace.views()) == 3
        assert app.workbench.workspace.active_view is views[-1]


async def test_compare_maximises_one_answer_cycles_and_unfolds_thinking(sim, tmp_path):
    from ollamux.ui.chat.compare import AnswerPanel, CompareScreen

    app = make_app(sim.url, "demo-coder:7b", tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        views = await comparison(pilot)
        panels = list(app.screen.query(AnswerPanel))
        await wait_until(pilot, lambda: all(p.reply_view is not None for p in panels))
        await pilot.press("z")
        await wait_until(pilot, lambda: [p.display for p in panels] == [True, False])
        await pilot.pause()
        assert panels[0].size.height >= 18  # the whole screen but the title and footer
        # Thinking unfolds with t, and its words are on screen.
        thinking = views[0].session.messages[-1].thinking
        assert thinking
        await pilot.press("t")
        first_words = " ".join(thinking.split()[:3])
        await wait_until(pilot, lambda: first_words in " ".join(screen_text(app).split()))
        # Tab moves to the next answer, still maximised; its code is drawn whole (wrapped), never cut.
        await pilot.press("tab")
        await wait_until(pilot, lambda: [p.display for p in panels] == [False, True])
        panel = panels[1]
        answer = panel.reply_view.query_one(".answer")
        assert answer.virtual_region.width <= panel.scrollable_content_region.width
        code_line = next(line for line in views[1].session.messages[-1].content.splitlines() if line.startswith("def "))
        for _ in range(30):
            if code_line.split()[0] + " " + code_line.split()[1] in screen_text(app):
                break
            await pilot.press("down")
            await pilot.pause()
        assert_words_shown(app, code_line)
        # z again shows both; Escape leaves; F11 brings the comparison back.
        await pilot.press("z")
        await wait_until(pilot, lambda: all(p.display for p in panels))
        await pilot.press("escape")
        await wait_until(pilot, lambda: not isinstance(app.screen, CompareScreen))
        await pilot.press("f11")
        await wait_until(pilot, lambda: isinstance(app.screen, CompareScreen))


async def test_f11_without_a_comparison_says_so(sim, tmp_path):
    app = make_app(sim.url, "demo-coder:7b", tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await started(pilot)
        await pilot.press("f11")
        await wait_until(pilot, lambda: any("No comparison yet" in str(n.message) for n in app._notifications))


# ------------------------------------------------------------------ item 14: models panel at 80 columns


async def models_shown(pilot) -> None:
    app = pilot.app
    await started(pilot)
    await pilot.press("f3")
    await wait_until(pilot, lambda: "demo-coder:7b" in "\n".join(app.workbench.models_panel.lines()))


def assert_footer_fits(app) -> None:
    """No key in the footer runs under the palette's corner."""
    keys = list(app.screen.query("FooterKey"))
    palette = [key for key in keys if key.has_class("-command-palette")]
    right_edge = palette[0].region.x if palette else app.size.width
    shown = [key for key in keys if key not in palette and key.display]
    assert shown
    for key in shown:
        assert key.region.right <= right_edge, f"{key.description!r} is cut"


async def test_inspector_footer_fits_80_columns_with_a_reply_to_retry(sim, tmp_path):
    from ollamux.core.session import Status
    from ollamux.ui.inspector.panel import Inspector

    app = make_app(sim.url, "demo-coder:7b", tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await started(pilot)
        view = app.workbench.workspace.active_view
        await view.send_prompt("hello")
        await wait_until(pilot, lambda: view.last_status is Status.COMPLETE)
        await pilot.press("f5")
        await wait_until(pilot, lambda: bool(app.query(Inspector)) and app.focused is not None)
        await pilot.press(*"temperature", "down")  # filter, then into the field
        await wait_until(pilot, lambda: "ctrl+l reset" in screen_text(app))
        footer = screen_text(app).splitlines()[-1]
        for key in ("^r Retry", "f5 Options", "f1 Help"):
            assert key in footer
        assert_footer_fits(app)


async def test_models_panel_footer_fits_80_columns_and_the_border_names_its_keys(sim, tmp_path):
    app = make_app(sim.url, "demo-coder:7b", tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await models_shown(pilot)
        await pilot.pause()
        assert_footer_fits(app)
        panel_bottom = screen_text(app).splitlines()[-2]
        for words in ("p pull", "/ filter", "d details", "s: date"):
            assert words in panel_bottom


async def test_w_in_the_models_panel_gives_the_other_columns_back_to_the_session(sim, tmp_path):
    app = make_app(sim.url, "demo-coder:7b", tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await models_shown(pilot)
        sessions = app.query_one("#sessions")
        assert app.workbench.models_panel.outer_size.width == 80 and not sessions.display
        await pilot.press("w")
        await wait_until(pilot, lambda: app.workbench.models_panel.outer_size.width == 48 and sessions.display)
        await pilot.pause()
        assert sessions.outer_size.width == 80 - 48
        assert "Ask something" in screen_text(app)  # the prompt is there, beside the panel
        await pilot.press("w")
        await wait_until(pilot, lambda: app.workbench.models_panel.outer_size.width == 80 and not sessions.display)


async def test_down_in_the_models_filter_goes_to_the_list(sim, tmp_path):
    app = make_app(sim.url, "demo-coder:7b", tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await models_shown(pilot)
        await pilot.press("slash", "q", "w")
        await wait_until(pilot, lambda: app.focused is app.query_one("#models-filter"))
        await pilot.press("down")
        await wait_until(pilot, lambda: app.focused is app.query_one("#models-list"))
        assert app.workbench.models_panel.highlighted_entry().model == "qwen3:8b"


async def test_the_pull_dialogs_example_can_be_pulled_in_the_demo(sim, tmp_path):
    from textual.widgets import Input

    app = make_app(sim.url, "demo-coder:7b", tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await models_shown(pilot)
        await pilot.press("p")
        await wait_until(pilot, lambda: isinstance(app.screen, AskText))
        entry = app.screen.query_one(Input)
        example = entry.placeholder.removeprefix("e.g. ")
        assert example and " " not in example
        entry.value = example
        await pilot.press("enter")
        panel = app.workbench.models_panel
        await wait_until(pilot, lambda: panel.pulls.rows and panel.pulls.rows[0].tracker.finished)
        assert panel.pulls.rows[0].tracker.succeeded
        await wait_until(pilot, lambda: any(example in line for line in panel.lines()))


# ------------------------------------------------------------------ item 15: F4 at 80 columns


@given(
    title=st.text(st.characters(codec="utf-8", categories=("L", "N", "P", "Zs")), max_size=120),
    model=st.from_regex(r"[a-z0-9.\-]{1,24}:[a-z0-9_.]{1,12}", fullmatch=True),
    host=st.from_regex(r"[a-z0-9\-]{1,24}", fullmatch=True),
    messages=st.integers(0, 5000),
    is_open=st.booleans(),
    width=st.integers(20, 200),
)
def test_a_saved_session_row_fits_its_width(title, model, host, messages, is_open, width):
    from datetime import datetime
    from pathlib import Path

    from rich.cells import cell_len

    from ollamux.core.search_hits import Hit
    from ollamux.ui.sessions.rows import listed_row

    listed = Hit(session_id="s", path=Path("s.toml"), title=title, model=model, host=host,
                 updated=datetime(2026, 11, 20, 9, 30, tzinfo=UTC), message_index=None, role="",
                 snippet="", highlights=(), message_count=messages)
    row = str(listed_row(listed, is_open=is_open, width=width))
    assert "\n" not in row and cell_len(row) <= width
    assert row.startswith((title or "untitled")[:1])


def saved_sessions(tmp_path, *titles: str):
    from datetime import datetime

    from ollamux.core.session import ChatMessage, Session
    from ollamux.core.store import SessionStore, sessions_dir

    store = SessionStore(sessions_dir(tmp_path / "data"))
    for day, title in enumerate(titles, start=1):
        session = Session(host="workstation-upstairs", model="qwen3:8b-instruct-q4_K_M", title=title)
        session.messages = [ChatMessage(role="user", content="q"), ChatMessage(role="assistant", content="a")] * 6
        session.updated_at = datetime(2026, 11, day, 9, 30, tzinfo=UTC)
        store.save(session)
    return store


async def test_f4_rows_take_one_line_each_at_80_columns_and_a_rename_keeps_the_row(sim, tmp_path):
    from ollamux.ui.sessions.browser import SessionBrowser

    saved_sessions(
        tmp_path, "Tuning num_ctx on the 4090 for long documents", "Retry decorator with jitter", "Why is the sky blue"
    )
    app = make_app(sim.url, "demo-coder:7b", tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await started(pilot)
        await pilot.press("f4")
        await wait_until(pilot, lambda: isinstance(app.screen, SessionBrowser) and len(app.screen.shown) == 3)
        await pilot.pause()
        options = app.screen.query_one("OptionList")
        shown = screen_text(app)
        for title in ("Tuning num_ctx", "Retry decorator", "Why is the sky"):
            line = next(line for line in shown.splitlines() if title in line)
            assert "2026-11-" in line  # the date on the title's own line: nothing wrapped
        assert options.virtual_size.height == 3
        # Filter, rename the match to a title the filter does not match: it stays listed, highlighted.
        await pilot.press(*"retry")
        await wait_until(pilot, lambda: len(app.screen.shown) == 1)
        browser = app.screen
        await pilot.press("f2")
        await wait_until(pilot, lambda: isinstance(app.screen, AskText))
        from textual.widgets import Input

        app.screen.query_one(Input).value = "Backoff helper"
        await pilot.press("enter")
        await wait_until(
            pilot, lambda: app.screen is browser and [s.title for s in browser.shown] == ["Backoff helper"]
        )
        assert browser.query_one("OptionList").highlighted == 0


# ------------------------------------------------------------------ item 15: error hints


def status_rows(app, reply) -> list[str]:
    """The reply's status line as the screen shows it, row by row, inside its region."""
    status = reply.query_one(".status")
    region = status.region
    rows = screen_text(app).splitlines()[region.y : region.bottom]
    return [row[region.x : region.right] for row in rows]


@pytest.mark.parametrize("model", ["fault-500:latest", "fault-cut:latest"])
async def test_a_wrapped_error_hint_keeps_its_indent(sim, tmp_path, model):
    from ollamux.core.session import Status
    from tests.ui_helpers import ask

    app = make_app(sim.url, model, tmp_path)
    async with app.run_test(size=(60, 30)) as pilot:
        view = await ask(pilot, "hello", ends=Status.ERROR)
        message = view.session.messages[-1]
        assert message.hint
        reply = view.query("ReplyView").last()
        await pilot.pause()
        rows = status_rows(app, reply)
        assert rows[0].startswith("⚠ ")
        hint_rows = [row for row in rows[1:] if row.strip() and not row.startswith("sent")]
        assert len(hint_rows) >= 2  # the hint wraps at this width
        for row in rows[1:]:
            if row.strip():
                assert row.startswith("  ") and row[2] != " ", rows
        words = " ".join(" ".join(rows).split())
        assert " ".join(message.hint.split()) in words


# ------------------------------------------------------------------ item 15: the system prompt, folded at the top


async def test_the_system_prompt_shows_folded_at_the_top_and_unfolds(sim, tmp_path):
    from textual.widgets import Collapsible

    from ollamux.core.session import ChatMessage, Session

    app = make_app(sim.url, "demo-coder:7b", tmp_path)
    session = Session(host="sim", model="demo-coder:7b", title="terse")
    session.system_prompt = "You are a terse [b]reviewer[/b].\nAnswer in one line.\nNever apologise."
    session.messages = [ChatMessage(role="user", content="hi"), ChatMessage(role="assistant", content="Hello.")]
    async with app.run_test(size=(80, 24)) as pilot:
        await started(pilot)
        view = await app.workbench.add_session(session)
        await wait_until(pilot, lambda: app.workbench.workspace.active_view is view)
        await pilot.pause()
        folded = view.query_one("#system-prompt", Collapsible)
        assert folded.display and folded.collapsed
        transcript = view.query_one("Transcript")
        assert folded.virtual_region.y <= min(w.virtual_region.y for w in transcript.message_widgets())
        shown = screen_text(app)
        assert "System prompt · 3 lines · You are a terse [b]reviewer[/b]." in shown  # literal, never markup
        assert "Never apologise." not in shown  # folded
        await pilot.click(folded.query_one("CollapsibleTitle"))
        await wait_until(pilot, lambda: "Never apologise." in screen_text(app))
        # A session without one shows nothing; a prompt set later (the inspector) appears.
        plain = app.workbench.workspace.views()[0]
        assert not plain.query_one("#system-prompt").display
        plain.session.system_prompt = "Be brief."
        plain.show_system_prompt()
        await pilot.pause()
        assert plain.query_one("#system-prompt").display


# ------------------------------------------------------------------ item 15: F7 can be undone


async def test_f7_again_puts_the_prompt_and_its_reply_back_until_something_is_sent(sim, tmp_path):
    from tests.ui_helpers import ask

    app = make_app(sim.url, "fast-model:latest", tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await started(pilot)
        view = app.workbench.workspace.active_view
        await ask(pilot, "first")
        await ask(pilot, "second")
        kept = list(view.session.messages)
        prompt = view.query_one("#prompt")
        prompt.text = "a draft"
        await pilot.press("f7")
        await wait_until(pilot, lambda: prompt.text == "second")
        assert len(view.session.messages) == 2
        assert any("F7 again" in str(n.message) for n in app._notifications)
        await pilot.press("f7")
        await wait_until(pilot, lambda: view.session.messages == kept)
        assert prompt.text == "a draft" and len(view.query("ReplyView")) == 2
        # Taken back and sent again: F7 now takes back the new prompt, never the old reply.
        await pilot.press("f7")
        await wait_until(pilot, lambda: prompt.text == "second")
        prompt.text = ""
        await ask(pilot, "second, edited")
        await pilot.press("f7")
        await wait_until(pilot, lambda: prompt.text == "second, edited")
        await pilot.press("f7")
        await wait_until(
            pilot, lambda: [m.content for m in view.session.messages if m.role == "user"] == ["first", "second, edited"]
        )


async def test_the_compare_keys_are_in_the_palette_and_the_help(sim, tmp_path):
    from ollamux.ui.chat.compare import AnswerPanel, CompareScreen

    app = make_app(sim.url, "demo-coder:7b", tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await comparison(pilot)
        titles = {command.title: command for command in app.get_system_commands(app.screen)}
        for title in ("Compare: maximise", "Compare: next", "Compare: thinking", "Show comparison"):
            assert title in titles
        app.call_later(titles["Compare: maximise"].callback)  # as the palette runs it
        panels = list(app.screen.query(AnswerPanel))
        await wait_until(
            pilot, lambda: isinstance(app.screen, CompareScreen) and [p.display for p in panels] == [True, False]
        )
        ids = {binding.id for binding in CompareScreen.BINDINGS}
        assert {"compare_maximise", "compare_next", "compare_thinking"} <= ids
