"""The transcript as a reader drives it: following the tail, the marker, keys, windowing."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.pilot import Pilot
from textual.widgets import Markdown, Static

from ollamux.core.session import ChatMessage, Status
from ollamux.ui.chat.message import ReplyView
from ollamux.ui.chat.transcript import WINDOW, Transcript
from ollamux.ui.chat.transcript_bars import EarlierMessages, NewTextMarker
from ollamux.ui.chat.user_message import UserMessage
from tests.ui_helpers import screen_text, wait_until

MARKER = "↓ new text below — End to jump"


class TranscriptApp(App[None]):
    def compose(self) -> ComposeResult:
        yield Transcript()


def conversation(pairs: int) -> list[ChatMessage]:
    messages = []
    for number in range(pairs):
        messages.append(ChatMessage(role="user", content=f"question {number}"))
        messages.append(
            ChatMessage(
                role="assistant", content=f"## Answer {number}\n\nSome prose.\n\n```python\nprint({number})\n```"
            )
        )
    return messages


async def opened(pilot: Pilot[None], pairs: int) -> Transcript:
    transcript = pilot.app.query_one(Transcript)
    await transcript.load(conversation(pairs))
    transcript.focus()
    await pilot.pause()
    return transcript


async def stream_into(pilot: Pilot[None], transcript: Transcript, text: str) -> ReplyView:
    view = ReplyView(ChatMessage(role="assistant", status=Status.STREAMING))
    await transcript.mount(view)
    await painted(pilot, view, text)
    return view


async def painted(pilot: Pilot[None], view: ReplyView, text: str) -> None:
    """Hand text to a streaming reply and let the app paint it."""
    view.add_content(text)
    await wait_until(pilot, lambda: view.query_one(".answer").source.endswith(text))
    await pilot.pause()


def at_bottom(transcript: Transcript) -> bool:
    return transcript.scroll_y >= transcript.max_scroll_y


async def test_new_text_is_followed_while_at_the_bottom():
    app = TranscriptApp()
    async with app.run_test(size=(80, 24)) as pilot:
        transcript = await opened(pilot, 10)
        assert at_bottom(transcript) and transcript.max_scroll_y > 0
        await stream_into(pilot, transcript, "fresh words\n\n" * 10)
        await wait_until(pilot, lambda: at_bottom(transcript) and "fresh words" in screen_text(app))
        assert MARKER not in screen_text(app)


async def test_scrolled_up_reader_gets_a_marker_until_back_at_the_bottom():
    app = TranscriptApp()
    async with app.run_test(size=(80, 24)) as pilot:
        transcript = await opened(pilot, 10)
        await pilot.press("pageup")
        await pilot.pause()
        position = transcript.scroll_y
        assert not transcript.following
        view = await stream_into(pilot, transcript, "fresh words\n\n" * 10)
        await wait_until(pilot, lambda: MARKER in screen_text(app))
        assert transcript.scroll_y == position, "the view must not jump while reading"
        assert screen_text(app).splitlines()[-1].strip() == MARKER  # docked on the last row
        await pilot.press("end")
        await pilot.pause()
        assert at_bottom(transcript) and transcript.following
        assert MARKER not in screen_text(app)
        # Following again: more text scrolls into view and no marker comes back.
        await painted(pilot, view, "even more\n\n" * 5)
        await wait_until(pilot, lambda: at_bottom(transcript))
        assert MARKER not in screen_text(app)


async def test_sending_a_prompt_returns_to_the_tail():
    app = TranscriptApp()
    async with app.run_test(size=(80, 24)) as pilot:
        transcript = await opened(pilot, 10)
        await pilot.press("home")
        assert not transcript.following
        await transcript.add(ChatMessage(role="user", content="a new question"))
        await pilot.pause()
        assert transcript.following and at_bottom(transcript)
        assert "a new question" in screen_text(app)


async def test_paging_down_to_the_bottom_clears_the_marker():
    app = TranscriptApp()
    async with app.run_test(size=(80, 24)) as pilot:
        transcript = await opened(pilot, 10)
        await pilot.press("pageup")
        await stream_into(pilot, transcript, "fresh words\n\n" * 3)
        await wait_until(pilot, lambda: transcript.query_one(NewTextMarker).shown)
        for _ in range(5):
            await pilot.press("pagedown")
        await pilot.pause()
        assert at_bottom(transcript) and not transcript.query_one(NewTextMarker).shown


async def test_keys_scroll_by_line_and_page_without_a_mouse():
    app = TranscriptApp()
    async with app.run_test(size=(80, 24)) as pilot:
        transcript = await opened(pilot, 10)
        bottom = transcript.scroll_y
        await pilot.press("up")
        await pilot.pause()
        assert transcript.scroll_y == bottom - 1
        await pilot.press("down")
        await pilot.pause()
        assert transcript.scroll_y == bottom
        await pilot.press("pageup")
        await pilot.pause()
        assert bottom - transcript.scroll_y >= 15
        await pilot.press("home")
        await pilot.pause()
        assert transcript.scroll_y == 0
        await pilot.press("end")
        await pilot.pause()
        assert at_bottom(transcript)


async def test_a_long_session_mounts_only_its_newest_messages_cheaply():
    app = TranscriptApp()
    async with app.run_test(size=(80, 24)) as pilot:
        transcript = await opened(pilot, 100)
        widgets = transcript.message_widgets()
        assert len(widgets) == WINDOW
        assert widgets[-1].message.content.startswith("## Answer 99")
        # Finished replies are one widget each, not a tree of Markdown blocks.
        assert not transcript.query(Markdown)
        assert all(type(w) is UserMessage or type(w) is ReplyView for w in widgets)
        assert at_bottom(transcript)
        transcript.scroll_home(animate=False, immediate=True)
        await pilot.pause()
        assert "↑ 160 earlier messages — press Home/ctrl+home or click to show more" in screen_text(app)


async def test_home_loads_earlier_batches_until_the_start():
    app = TranscriptApp()
    async with app.run_test(size=(80, 24)) as pilot:
        transcript = await opened(pilot, 50)  # 100 messages: 40 shown, 60 waiting
        await pilot.press("home")
        await pilot.pause()
        assert len(transcript.message_widgets()) == 2 * WINDOW
        assert "↑ 20 earlier messages" in screen_text(app)
        await pilot.press("home")
        await pilot.pause()
        widgets = transcript.message_widgets()
        assert len(widgets) == 100 and widgets[0].message.content == "question 0"
        assert not transcript.query_one(EarlierMessages).display or "earlier" not in screen_text(app)
        assert "question 0" in screen_text(app)


async def test_clicking_the_bar_shows_earlier_messages_without_moving_the_text():
    app = TranscriptApp()
    async with app.run_test(size=(80, 24)) as pilot:
        transcript = await opened(pilot, 30)  # 60 messages: 40 shown, 20 waiting
        transcript.scroll_home(animate=False, immediate=True)
        await pilot.pause()
        before = screen_text(app).splitlines()
        assert "↑ 20 earlier messages" in before[0]
        first_shown = transcript.message_widgets()[0].message.content  # question 10
        await pilot.click(EarlierMessages)
        await pilot.pause()
        await pilot.pause()
        assert len(transcript.message_widgets()) == 60
        after = screen_text(app).splitlines()
        # (The scrollbar at the right edge does move: leave it out.)
        unmoved = [line[:-3] for line in after[1:]] == [line[:-3] for line in before[1:]]
        assert unmoved, "the text being read stays where it was"
        assert first_shown == "question 10" and "question 10" in "\n".join(after)
        assert "earlier messages" not in "\n".join(after)


async def test_user_text_and_model_text_are_never_markup():
    app = TranscriptApp()
    async with app.run_test(size=(80, 24)) as pilot:
        transcript = app.query_one(Transcript)
        await transcript.load(
            [
                ChatMessage(role="user", content="[bold red]user[/] \x1b[31mred"),
                ChatMessage(role="assistant", content="[b]model[/b] and \x1b]0;title\x07 `[i]x[/i]`"),
            ]
        )
        await pilot.pause()
        text = screen_text(app)
        assert "[bold red]user[/] red" in text
        assert "[b]model[/b] and" in text and "[i]x[/i]" in text
        assert "title" not in text and "\x1b" not in text
        assert isinstance(transcript.query_one(UserMessage).query_one("Static"), Static)


async def test_a_shown_tab_keeps_every_line_above_its_last_screens_for_scrolling():
    # Shown again after being hidden, the messages above the last screenfuls are
    # laid out later (ui/chat/set_aside.py); paging up still reads every line, in order.
    def long_answer(number: int) -> str:
        return "```\n" + "\n".join(f"answer {number} line {i}" for i in range(30)) + "\n```"

    messages = []
    for number in range(4):
        messages += [ChatMessage(role="user", content=f"question {number}"),
                     ChatMessage(role="assistant", content=long_answer(number))]
    app = TranscriptApp()
    async with app.run_test(size=(60, 12)) as pilot:
        transcript = pilot.app.query_one(Transcript)
        await transcript.load(messages)
        transcript.focus()
        await pilot.pause()
        for _ in range(2):  # its tab hidden, then shown, twice in a row
            transcript.set_paused(True)
            transcript.set_paused(False)
        await pilot.pause()
        assert "answer 3 line 29" in screen_text(app)
        await pilot.press("pageup")
        await pilot.pause()
        assert "answer 3 line" in screen_text(app) and "answer 2" not in screen_text(app)
        for _ in range(40):
            if transcript.scroll_y == 0:
                break
            await pilot.press("pageup")
        assert "question 0" in screen_text(app)
