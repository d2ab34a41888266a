"""One reply on its own: loading time, pausing, untrusted text, tool calls, thinking."""

from __future__ import annotations

import pytest
from textual.app import App, ComposeResult
from textual.pilot import Pilot
from textual.widgets import Collapsible

from ollamux.api.events import ToolCall
from ollamux.core.sanitize import MAX_HELD, ControlStripper
from ollamux.core.session import ChatMessage, Status
from ollamux.ui.chat import message as message_module
from ollamux.ui.chat.message import ReplyView
from ollamux.ui.chat.tool_calls import describe_tool_call
from ollamux.ui.chat.transcript import Transcript
from tests.ui_helpers import screen_text, status_text, wait_until


class TranscriptApp(App[None]):
    def compose(self) -> ComposeResult:
        yield Transcript()


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def answer_text(view: ReplyView) -> str:
    return view.query_one(".answer").source


async def streaming_reply(pilot: Pilot[None], **kwargs: object) -> ReplyView:
    view = ReplyView(ChatMessage(role="assistant", status=Status.STREAMING), **kwargs)  # type: ignore[arg-type]
    await pilot.app.query_one(Transcript).mount(view)
    await pilot.pause()
    return view


# Loading


async def test_status_counts_whole_seconds_until_the_first_byte(monkeypatch):
    clock = FakeClock()
    monkeypatch.setattr(message_module, "monotonic", clock)
    app = TranscriptApp()
    async with app.run_test() as pilot:
        view = await streaming_reply(pilot)
        assert status_text(view) == "loading model… 0 s"
        clock.now += 3.7
        await wait_until(pilot, lambda: status_text(view) == "loading model… 3 s")
        clock.now += 60
        await wait_until(pilot, lambda: status_text(view) == "loading model… 63 s")
        view.add_content("Hello")
        await wait_until(pilot, lambda: status_text(view) == "streaming…")
        clock.now += 5
        await pilot.pause(0.12)  # a few flushes later: the count does not come back
        assert status_text(view) == "streaming…"


async def test_a_clock_can_be_given_to_the_view_and_thinking_counts_as_a_first_byte():
    clock = FakeClock()
    app = TranscriptApp()
    async with app.run_test() as pilot:
        view = await streaming_reply(pilot, clock=clock)
        clock.now += 2
        await wait_until(pilot, lambda: status_text(view) == "loading model… 2 s")
        view.add_thinking("Let me see")
        await wait_until(pilot, lambda: status_text(view) == "thinking…")


# Hidden sessions


async def test_a_paused_reply_paints_nothing_then_everything_at_once():
    app = TranscriptApp()
    async with app.run_test() as pilot:
        view = await streaming_reply(pilot)
        view.paused = True
        for word in ("one ", "two ", "three"):
            view.add_content(word)
        await pilot.pause(0.2)
        assert answer_text(view) == ""
        assert status_text(view).startswith("loading model…")
        view.paused = False
        await wait_until(pilot, lambda: answer_text(view) == "one two three")
        assert status_text(view) == "streaming…"


async def test_a_hidden_reply_that_finishes_paints_when_shown():
    app = TranscriptApp()
    async with app.run_test() as pilot:
        view = await streaming_reply(pilot)
        view.paused = True
        view.add_content("all of it")
        view.message.content = "all of it"
        view.message.status = Status.STOPPED
        await view.finish()
        await wait_until(pilot, lambda: not view.query_one(".answer").rendering)  # rendered ahead
        assert answer_text(view) == ""  # hidden: nothing painted yet
        view.paused = False
        # Installed at once, before the tab's first layout: it comes with the tab, in one frame.
        assert answer_text(view) == "all of it"
        assert status_text(view) == "■ stopped"
        await pilot.pause()
        assert "all of it" in screen_text(app)

        # One that ends while the user types is not rendered ahead (keys first), yet painted once shown.
        import time

        typed = await streaming_reply(pilot)
        typed.paused = True
        typed.add_content("typed over")
        typed.message.content = "typed over"
        typed.message.status = Status.COMPLETE
        app.last_input = time.monotonic()  # type: ignore[attr-defined]
        await typed.finish()
        assert not typed.query_one(".answer").rendering  # nothing rendered in the thread while typing
        typed.paused = False
        await wait_until(pilot, lambda: answer_text(typed) == "typed over")


async def test_transcript_pauses_its_replies_and_new_ones_start_paused():
    app = TranscriptApp()
    async with app.run_test() as pilot:
        transcript = app.query_one(Transcript)
        first = await streaming_reply(pilot)
        transcript.set_paused(True)
        second = await streaming_reply(pilot)  # a reply started while the tab is hidden
        assert first.paused and second.paused
        first.add_content("first")
        second.add_content("second")
        await pilot.pause(0.2)
        assert answer_text(first) == answer_text(second) == ""
        transcript.set_paused(False)
        await wait_until(pilot, lambda: (answer_text(first), answer_text(second)) == ("first", "second"))


# Untrusted text


@pytest.mark.parametrize(
    "chunks",
    [
        ["red \x1b", "[31mtext"],
        ["red \x1b[", "31", "mtext"],
        ["red \x1b[3", "1mte", "xt"],
        ["red ", "\x1b]0;evil title", "\x07text"],
        ["red \x1b]0;evil\x1b", "\\text"],
    ],
)
def test_an_escape_sequence_split_across_chunks_leaves_nothing_visible(chunks):
    stripper = ControlStripper()
    assert "".join(stripper.feed(chunk) for chunk in chunks) + stripper.close() == "red text"


def test_a_partial_sequence_at_the_end_is_dropped_and_a_runaway_one_released():
    stripper = ControlStripper()
    assert stripper.feed("done\x1b[3") == "done"
    assert stripper.close() == ""
    runaway = ControlStripper()
    shown = runaway.feed("\x1b]" + "x" * MAX_HELD) + runaway.feed("tail")
    assert "\x1b" not in shown and shown.endswith("tail")


async def test_split_escape_sequence_never_reaches_the_screen():
    app = TranscriptApp()
    async with app.run_test() as pilot:
        view = await streaming_reply(pilot)
        view.add_content("red \x1b")
        await pilot.pause(0.12)
        view.add_content("[31mtext\r\n")
        await view.finish()
        assert answer_text(view) == "red text\n"


# Tool calls


def test_tool_calls_read_like_function_calls():
    call = ToolCall(name="get_weather", arguments={"city": "Tokyo", "days": 3, "metric": True})
    assert describe_tool_call(call) == '🔧 get_weather(city="Tokyo", days=3, metric=true)'
    assert describe_tool_call(ToolCall(name="now", arguments={})) == "🔧 now()"
    broken = ToolCall(name="f", arguments={}, raw_arguments='{"a": 1')
    assert describe_tool_call(broken) == '🔧 f({"a": 1)'
    sneaky = ToolCall(name="x\x1b[2J", arguments={"s": "line\nbreak"})
    assert describe_tool_call(sneaky) == '🔧 x(s="line\\nbreak")'


# Thinking


async def test_ctrl_t_toggles_the_thinking_of_the_last_reply_that_has_some():
    app = TranscriptApp()
    async with app.run_test(size=(80, 30)) as pilot:
        transcript = app.query_one(Transcript)
        await transcript.load(
            [
                ChatMessage(role="user", content="q1"),
                ChatMessage(role="assistant", content="a1", thinking="early thoughts"),
                ChatMessage(role="user", content="q2"),
                ChatMessage(role="assistant", content="a2", thinking="late thoughts"),
                ChatMessage(role="user", content="q3"),
                ChatMessage(role="assistant", content="a3 without thinking"),
            ]
        )
        transcript.focus()
        await pilot.pause()
        early, late = [v.query_one(Collapsible) for v in transcript.query(ReplyView) if v.has_thinking]
        assert early.collapsed and late.collapsed
        await pilot.press("ctrl+t")
        await pilot.pause()
        assert not late.collapsed and early.collapsed
        assert "late thoughts" in screen_text(app) and "early thoughts" not in screen_text(app)
        await pilot.press("ctrl+t")
        await pilot.pause()
        assert late.collapsed and "late thoughts" not in screen_text(app)
        binding = next(b for b in transcript._bindings.key_to_bindings["ctrl+t"])
        assert binding.description == "Toggle thinking"


# Typing comes first


async def test_while_the_user_types_streamed_text_is_painted_less_often():
    import time

    app = TranscriptApp()
    async with app.run_test() as pilot:
        view = await streaming_reply(pilot)
        view.add_content("first ")
        await view.tick()
        assert answer_text(view) == "first "
        view.add_content("second ")
        view._next_flush = 0  # the paint interval is over: no typing, so it paints
        await view.tick()
        assert answer_text(view) == "first second "

        app.last_input = time.monotonic()  # a key was just pressed
        view.add_content("third ")
        view._next_flush = 0
        await view.tick()  # paints, then waits longer than usual for the next
        assert answer_text(view) == "first second third "
        wait = view._next_flush - time.perf_counter()
        assert message_module.FLUSH_INTERVAL < wait <= message_module.TYPING_FLUSH_INTERVAL
        view.add_content("fourth ")
        await view.tick()  # too soon: nothing painted
        assert answer_text(view) == "first second third "
        await wait_until(pilot, lambda: answer_text(view).endswith("fourth "), timeout=2)


# Rendering once


async def test_a_reply_is_rendered_once_when_it_grows_past_the_screen(monkeypatch):
    """The scroll bar's column is kept from the start: its coming re-wraps (and re-renders) nothing."""
    from ollamux.ui.markdown import rich_markdown

    rendered: list[str] = []
    render = rich_markdown.render_markdown

    def counted(source: str, *args: object) -> object:
        rendered.append(source)
        return render(source, *args)  # type: ignore[arg-type]

    app = TranscriptApp()
    async with app.run_test(size=(60, 20)) as pilot:
        view = await streaming_reply(pilot)
        answer = view.query_one(".answer")
        width = answer.content_region.width
        monkeypatch.setattr(rich_markdown, "render_markdown", counted)
        text = "".join(f"Paragraph {n}, long enough to wrap once or twice at sixty columns.\n\n" for n in range(40))
        view.add_content(text)
        await view.flush()
        await pilot.pause(0.3)  # past the delay a re-render would wait for
        await wait_until(pilot, lambda: not answer.rendering)
        transcript = app.query_one(Transcript)
        assert transcript.max_scroll_y > 0 and answer.content_region.width == width
        assert answer.source == text and "".join(rendered) == text
