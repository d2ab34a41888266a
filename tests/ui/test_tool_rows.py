"""Tool calls in the transcript: one collapsed row per call, unfolded by a click or alt+t.

Each row says what was called and how it went (`· 0.4 s · ok`), or where it is
while the loop runs it; unfolded it shows the arguments as JSON and the result,
cut. Results (role "tool" messages) draw no widget of their own: a reloaded
session pairs each with its call, by id, else by order.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.pilot import Pilot

from ollamux.api.events import ToolCall
from ollamux.core.session import ChatMessage, Status
from ollamux.core.tools import Outcome
from ollamux.ui.chat.message import ReplyView
from ollamux.ui.chat.pager import pager_text
from ollamux.ui.chat.tool_calls import match_results, with_results
from ollamux.ui.chat.transcript import WINDOW, Transcript
from ollamux.ui.tools.row import CallState, ToolRow, call_line
from tests.ui_helpers import screen_text, status_text, wait_until

WEATHER = ToolCall(name="get_weather", arguments={"city": "Tokyo", "days": 3}, id="call_1")
READ = ToolCall(name="read_file", arguments={"path": "/etc/motd"}, id="call_2")
SEARCH = ToolCall(name="search", arguments={"query": "tides"}, id="call_3")
LONG_RESULT = "\n".join(f"line {n}" for n in range(1, 31))  # 30 lines: 20 shown, 10 left out


def result(call: ToolCall, text: str, outcome: Outcome = Outcome.OK, seconds: float = 0.4) -> ChatMessage:
    return ChatMessage(
        role="tool", content=text, tool_name=call.name, tool_call_id=call.id, tool_source="weather",
        tool_outcome=outcome, tool_seconds=seconds,
    )


def exchange() -> list[ChatMessage]:
    """A finished turn: two calls answered (ok, failed), then the model's answer."""
    return [
        ChatMessage(role="user", content="Weather in Tokyo, and what does /etc/motd say?"),
        ChatMessage(role="assistant", tool_calls=[WEATHER, READ]),
        result(WEATHER, LONG_RESULT),
        result(READ, "Permission denied: /etc/motd", Outcome.FAILED, 0.1),
        ChatMessage(role="assistant", content="Tokyo stays sunny for three days; /etc/motd could not be read."),
    ]


class TranscriptApp(App[None]):
    # As the workbench binds it (there through the chat view).
    BINDINGS: ClassVar[list[BindingType]] = [Binding("alt+t", "toggle_tool_rows", priority=True)]

    def compose(self) -> ComposeResult:
        yield Transcript()

    async def action_toggle_tool_rows(self) -> None:
        await self.query_one(Transcript).run_action("toggle_tool_rows")


def row_texts(transcript: Transcript) -> list[str]:
    return [row.text for row in transcript.query(ToolRow)]


async def loaded(pilot: Pilot[None], messages: list[ChatMessage]) -> Transcript:
    transcript = pilot.app.query_one(Transcript)
    await transcript.load(messages)
    await pilot.pause()
    return transcript


# Pure parts


def test_a_row_line_says_what_was_called_and_how_it_went() -> None:
    assert call_line(WEATHER, result(WEATHER, "sunny")) == '🔧 weather/get_weather(city="Tokyo", days=3) · 0.4 s · ok'
    failed = result(READ, "boom", Outcome.FAILED, 12.3)
    assert call_line(READ, failed) == '🔧 weather/read_file(path="/etc/motd") · 12 s · failed'
    assert call_line(SEARCH, None, CallState.RUNNING) == '🔧 search(query="tides") · running…'
    assert call_line(SEARCH, None) == '🔧 search(query="tides") · not run'
    # A name two servers share reaches the model as `source__name`: the row says it once.
    shared = ToolCall(name="weather__search", arguments={})
    assert call_line(shared, result(shared, "x", seconds=75)) == "🔧 weather/search() · 1 min 15 s · ok"
    # Untrusted: controls stripped, newlines kept off the line.
    sneaky = ToolCall(name="x\x1b[2J\ny", arguments={}, raw_arguments='{"a":\n 1\x07')
    assert call_line(sneaky, None) == '🔧 x y({"a": 1) · not run'


def test_results_pair_with_calls_by_id_then_name_then_order() -> None:
    weather, read = result(WEATHER, "w"), result(READ, "r")
    assert match_results([WEATHER, READ, SEARCH], [read, weather]) == [weather, read, None]
    no_ids = [ToolCall(name="a", arguments={}), ToolCall(name="b", arguments={})]
    b = ChatMessage(role="tool", content="b", tool_name="b")
    anonymous = ChatMessage(role="tool", content="?")
    assert match_results(no_ids, [b, anonymous]) == [anonymous, b]
    # A result carrying a call's id answers that call, never an earlier one without an id.
    assert match_results([ToolCall(name="get_weather", arguments={}), WEATHER], [weather]) == [None, weather]


def test_tool_messages_draw_nothing_of_their_own() -> None:
    messages = exchange()
    shown = with_results(messages)
    assert [m.role for m, _ in shown] == ["user", "assistant", "assistant"]
    assert shown[1][1] == [messages[2], messages[3]]
    assert shown[0][1] == [] and shown[2][1] == []


def test_the_pager_shows_each_call_with_its_whole_result() -> None:
    messages = exchange()
    text = pager_text(messages[1], [messages[2], messages[3]])
    assert '🔧 weather/get_weather(city="Tokyo", days=3) · 0.4 s · ok\n\n{\n  "city": "Tokyo",' in text
    assert "line 30" in text  # whole, not cut
    assert text.index("line 30") < text.index("read_file") < text.index("Permission denied")
    assert pager_text(ChatMessage(role="assistant", content="plain")) == "plain\n"


# On screen


async def test_rows_are_collapsed_and_unfold_on_click_and_alt_t() -> None:
    app = TranscriptApp()
    async with app.run_test(size=(80, 40)) as pilot:
        messages = exchange()
        messages[1].tool_calls.append(SEARCH)  # the reply was stopped before this one ran
        messages[3].content = "[bold]Permission[/] denied \x1b[31m/etc/motd"
        transcript = await loaded(pilot, messages)
        assert row_texts(transcript) == [
            '🔧 weather/get_weather(city="Tokyo", days=3) · 0.4 s · ok',
            '🔧 weather/read_file(path="/etc/motd") · 0.1 s · failed',
            '🔧 search(query="tides") · not run',
        ]
        weather, read, search = transcript.query(ToolRow)
        assert (weather.has_class("-ok"), read.has_class("-failed"), not search.has_class("-ok")) == (True,) * 3
        screen = screen_text(app)
        assert "get_weather(city=" in screen and '"city": "Tokyo"' not in screen
        assert "line 1" not in screen
        await pilot.click(weather)
        await pilot.pause()
        assert weather.expanded and not read.expanded
        screen = screen_text(app)
        assert '  "city": "Tokyo",' in screen and '  "days": 3' in screen
        assert "line 20" in screen and "line 21" not in screen
        assert "… 10 more lines (sent whole)" in screen
        # alt+t: every row of the reply in view, unfolded, then folded again.
        await pilot.press("alt+t")
        await pilot.pause()
        assert all(row.expanded for row in (weather, read, search))
        screen = screen_text(app)
        assert "[bold]Permission[/] denied /etc/motd" in screen  # text, not markup; escape stripped
        await pilot.press("alt+t")
        await pilot.pause()
        assert not any(row.expanded for row in (weather, read, search))
        assert "line 1" not in screen_text(app)


async def test_the_live_loop_moves_a_streamed_reply_s_rows_along() -> None:
    app = TranscriptApp()
    async with app.run_test(size=(80, 30)) as pilot:
        transcript = app.query_one(Transcript)
        await transcript.add(ChatMessage(role="user", content="Weather, motd and tides?"))
        reply = ChatMessage(role="assistant", status=Status.STREAMING)
        view = ReplyView(reply)
        await transcript.mount(view)
        transcript.set_paused(True)  # its tab is hidden while the turn goes on
        reply.tool_calls = [WEATHER, READ, SEARCH]
        reply.status = Status.COMPLETE
        await view.finish()
        view.call_waiting(0)
        view.call_waiting(1, by_hand=True)
        assert view.tool_rows == []  # not drawn while hidden, yet nothing reported is lost
        transcript.set_paused(False)
        await wait_until(pilot, lambda: len(view.tool_rows) == 3)
        assert [row.text.split(" · ")[-1] for row in view.tool_rows] == [
            "awaiting approval", "awaiting your answer", "pending",
        ]
        view.call_running(0)
        assert view.tool_rows[0].text.endswith("· running…")
        view.call_finished(0, result(WEATHER, "sunny"))
        # The loop may hand results to the transcript instead: they find their call.
        await transcript.add(result(READ, "declined by the user", Outcome.DECLINED, 0.0))
        view.calls_ended()
        await pilot.pause()
        assert row_texts(transcript) == [
            '🔧 weather/get_weather(city="Tokyo", days=3) · 0.4 s · ok',
            '🔧 weather/read_file(path="/etc/motd") · 0.0 s · declined',
            '🔧 search(query="tides") · not run',
        ]
        assert view.tool_rows[1].has_class("-declined")
        assert "not run" in screen_text(app)
        assert transcript.tool_results(reply)[2] is None
        # The round cap stops a reply with a word of why, under "stopped".
        hint = "10 rounds of tool calls: stopped"
        capped = ChatMessage(role="assistant", tool_calls=[SEARCH], status=Status.STOPPED, hint=hint)
        capped_view = await transcript.add(capped)
        await pilot.pause()
        assert isinstance(capped_view, ReplyView)
        assert status_text(capped_view) == "■ stopped\n  10 rounds of tool calls: stopped"
        assert capped_view.tool_rows[0].text.endswith("· not run")


async def test_a_long_reloaded_session_pairs_rows_in_every_window() -> None:
    turns = []
    for number in range(30):
        call = ToolCall(name="lookup", arguments={"n": number}, id=f"c{number}")
        turns += [
            ChatMessage(role="user", content=f"question {number}"),
            ChatMessage(role="assistant", tool_calls=[call]),
            result(call, f"found {number}"),
            ChatMessage(role="assistant", content=f"answer {number}"),
        ]
    app = TranscriptApp()
    async with app.run_test(size=(80, 24)) as pilot:
        transcript = await loaded(pilot, turns)
        # 120 messages, 90 drawn: the newest WINDOW drawn, the rest counted behind the bar.
        assert len(transcript.message_widgets()) == WINDOW
        transcript.scroll_home(animate=False, immediate=True)
        await pilot.pause()
        assert f"↑ {90 - WINDOW} earlier messages" in screen_text(app)
        await pilot.press("end")
        texts = row_texts(transcript)
        assert texts[-1] == '🔧 weather/lookup(n=29) · 0.4 s · ok' and len(texts) == 13
        transcript.focus()
        await pilot.press("home")
        await pilot.press("home")
        await pilot.pause()
        assert len(transcript.message_widgets()) == 90
        rows = list(transcript.query(ToolRow))
        assert [row.result.content if row.result else None for row in rows] == [f"found {n}" for n in range(30)]
        assert transcript.message_widgets()[0].message.content == "question 0"
