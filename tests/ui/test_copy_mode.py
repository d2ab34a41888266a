"""ctrl+y copy mode: labels, one key copies, OSC 52 bytes to the terminal sink."""

from __future__ import annotations

import base64

from ollamux.api.hosts import Host
from ollamux.config import Config
from ollamux.core.clipboard import Clipboard
from ollamux.core.session import Status
from ollamux.ui.app import OllamuxApp
from ollamux.ui.copy.mode import CopyMode
from tests.ui_helpers import ask, send, wait_until


def app_with_sink(url: str, tmp_path, sink: list[str], environ: dict[str, str] | None = None) -> OllamuxApp:
    config = Config(
        hosts=(Host("sim", url),), default_model="demo-coder:7b",
        config_path=tmp_path / "config.toml", data_dir=tmp_path / "data", restore_sessions=False,
    )
    return OllamuxApp(config, clipboard=Clipboard(sink.append, environ=environ or {}, local=None))


def last_note(app) -> str:
    note = list(app._notifications)[-1]
    return f"{note.title}: {note.message}"


def decoded(sequence: str) -> str:
    payload = sequence.removeprefix("\x1b]52;c;").removesuffix("\x07")
    return base64.b64decode(payload).decode()


async def test_a_label_copies_that_block_over_osc52(sim, tmp_path):
    sink: list[str] = []
    app = app_with_sink(sim.url, tmp_path, sink)
    async with app.run_test(size=(80, 24)) as pilot:
        await ask(pilot, "Show me how to fetch a URL with retries")
        await pilot.press("ctrl+y")
        await wait_until(pilot, lambda: isinstance(app.screen, CopyMode))
        blocks = app.screen.blocks
        assert [b.language for b in blocks][:2] == ["python", "bash"]
        await pilot.press("1")
        await wait_until(pilot, lambda: bool(sink))
        assert decoded(sink[0]) == blocks[0].code
        assert blocks[0].code.startswith("import time")
        note = last_note(app)
        assert note.startswith("Block 1 (python") and f"{len(blocks[0].code.encode())}" in note.replace(",", "")


async def test_inside_tmux_the_sequence_goes_out_plain_and_wrapped_and_the_note_says_sent(sim, tmp_path):
    # Plain for `set -g set-clipboard on` (the usual setting), wrapped for
    # `allow-passthrough on`; the terminal never confirms, so the note says "Sent".
    sink: list[str] = []
    app = app_with_sink(sim.url, tmp_path, sink, environ={"TMUX": "/tmp/tmux-0/default,1,0"})
    async with app.run_test(size=(80, 24)) as pilot:
        await ask(pilot, "Show me how to fetch a URL with retries")
        await pilot.press("ctrl+y")
        await wait_until(pilot, lambda: isinstance(app.screen, CopyMode))
        await pilot.press("r")
        await wait_until(pilot, lambda: bool(sink))
        note = last_note(app)
    reply = app.workbench.sessions[0].messages[-1].content
    [written] = sink
    plain, wrapped = written.split("\x1bPtmux;")
    assert decoded(plain) == reply
    assert wrapped.startswith("\x1b\x1b]52;c;") and wrapped.endswith("\x07\x1b\\")
    assert decoded(wrapped.removeprefix("\x1b").removesuffix("\x1b\\")) == reply
    assert note == f"The last reply: Sent {len(reply.encode()):,} bytes to the terminal (OSC 52)"
    assert "Copied" not in note


def row_on_screen(options, index: int) -> int:
    """The line of the option list where option `index` is drawn: where a user clicks."""
    region = options.region
    for y in range(region.y, region.bottom):
        if options.screen.get_style_at(region.x + 4, y).meta.get("option") == index:
            return y - region.y
    raise AssertionError(f"option {index} is not on screen")


async def two_answers(pilot, app):
    await ask(pilot, "Show me how to fetch a URL with retries")
    view = app.workbench.workspace.active_view
    await send(pilot, "And in one line?")
    await wait_until(pilot, lambda: len(view.session.messages) == 4 and view.last_status is Status.COMPLETE)
    return view


async def test_m_copies_the_message_across_the_middle_of_the_view(sim, tmp_path):
    sink: list[str] = []
    app = app_with_sink(sim.url, tmp_path, sink)
    async with app.run_test(size=(80, 24)) as pilot:
        view = await two_answers(pilot, app)
        first_reply, last_reply = view.session.messages[1], view.session.messages[3]
        await pilot.press("ctrl+home")  # the top: the first answer fills the view
        await pilot.pause()
        await pilot.press("ctrl+y")
        await wait_until(pilot, lambda: isinstance(app.screen, CopyMode))
        assert app.screen.in_view is first_reply
        await pilot.press("m")
        await wait_until(pilot, lambda: bool(sink))
        assert decoded(sink[-1]) == first_reply.content
        assert last_note(app).startswith("The reply in view: Sent ")
        await pilot.press("ctrl+end")
        await pilot.pause()
        await pilot.press("ctrl+y")
        await wait_until(pilot, lambda: isinstance(app.screen, CopyMode))
        assert app.screen.in_view is last_reply


async def test_a_clicked_message_is_the_one_m_copies_and_a_double_click_copies_at_once(sim, tmp_path):
    from ollamux.ui.chat.user_message import UserMessage

    sink: list[str] = []
    app = app_with_sink(sim.url, tmp_path, sink)
    async with app.run_test(size=(80, 24)) as pilot:
        view = await two_answers(pilot, app)
        prompt = view.query(UserMessage).last()
        view.query_one("Transcript").scroll_to_widget(prompt, animate=False, top=True)  # as the wheel would
        await pilot.pause()
        assert await pilot.click(prompt)
        assert prompt.has_class("-picked")
        await pilot.press("ctrl+y")
        await wait_until(pilot, lambda: isinstance(app.screen, CopyMode))
        options = app.screen.query_one("OptionList")
        m_row = options.get_option_index("m")  # right after the code blocks
        assert "the prompt in view · 1 line · And in one line?" in str(options.get_option_at_index(m_row).prompt)
        assert await pilot.click(options, offset=(4, row_on_screen(options, m_row)))  # rows take clicks
        await wait_until(pilot, lambda: bool(sink))
        assert decoded(sink[-1]) == "And in one line?"

        assert await pilot.double_click(prompt)
        await wait_until(pilot, lambda: len(sink) == 2)
        assert decoded(sink[-1]) == "And in one line?"
        assert last_note(app) == "The prompt: Sent 16 bytes to the terminal (OSC 52)"


def rows(screen: CopyMode) -> list[str]:
    return [str(option.prompt) for option in screen.query_one("OptionList").options]


async def test_the_latest_replys_blocks_are_labelled_first_grouped_by_reply(sim, tmp_path):
    # A greeting (one block), then the showcase (python, bash, json): the showcase's
    # blocks are 1, 2, 3 under "the last reply", the greeting's block 4 under its own heading.
    sink: list[str] = []
    app = app_with_sink(sim.url, tmp_path, sink)
    async with app.run_test(size=(80, 24)) as pilot:
        await ask(pilot, "hi")
        view = await ask(pilot, "Show me how to fetch a URL with retries")
        greeting, showcase = view.session.messages[1].content, view.session.messages[3].content
        await pilot.press("ctrl+y")
        await wait_until(pilot, lambda: isinstance(app.screen, CopyMode))
        shown = rows(app.screen)
        assert shown[0] == "the last reply"
        assert [row[:3] for row in shown[1:4]] == [" 1 ", " 2 ", " 3 "]
        assert [row.split(" · ")[0][4:] for row in shown[1:4]] == ["python", "bash", "json"]
        assert shown[4] == "reply 1 of 2"
        assert shown[5].startswith(" 4  python")
        assert app.screen.query_one("OptionList").highlighted == 1  # block 1 is ready for Enter
        await pilot.press("2")
        await wait_until(pilot, lambda: bool(sink))
        assert decoded(sink[-1]) in showcase and decoded(sink[-1]).startswith("python -c")
        assert last_note(app).startswith("Block 2 (bash, 2 lines): ")
        await pilot.press("ctrl+y")
        await wait_until(pilot, lambda: isinstance(app.screen, CopyMode))
        await pilot.press("4")
        await wait_until(pilot, lambda: len(sink) == 2)
        assert decoded(sink[-1]) in greeting and decoded(sink[-1]) not in showcase


def test_with_more_blocks_than_labels_the_oldest_go_without_one():
    from ollamux.core.codeblocks import CodeBlock
    from ollamux.ui.copy.mode import LABELS

    blocks = [CodeBlock(i, "", f"{message}.{i}\n", message) for message in (1, 3, 5) for i in range(15)]
    screen = CopyMode(blocks, "", "")
    assert len(screen.blocks) == len(LABELS) < len(blocks)
    assert [b.message_index for b in screen.blocks] == [5] * 15 + [3] * 15 + [1] * (len(LABELS) - 30)
