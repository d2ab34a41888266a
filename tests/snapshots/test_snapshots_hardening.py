"""Snapshots of what hardening added to the screen: a message too long to draw, a read-only tab."""

from __future__ import annotations

from ollamux.core.session import ChatMessage, Session
from ollamux.core.session_lock import Owner
from tests.ui.test_huge_content import restored
from tests.ui_helpers import make_app, wait_until

MODEL = "demo-coder:7b"
# No server: these pictures are about sessions that are already on disk.
NOWHERE = "http://127.0.0.1:9"


def test_a_message_too_long_to_draw_is_shown_cut_with_its_notice(snap_compare, tmp_path):
    lines = "".join(f"line {n}: a runaway model repeats itself\n" for n in range(12_000))
    session = Session(host="sim", model=MODEL, title="A runaway reply",
                      messages=[ChatMessage("user", "count"), ChatMessage("assistant", lines)])
    app = make_app(NOWHERE, None, tmp_path)

    async def show(pilot):
        await restored(pilot, session)
        await pilot.press("ctrl+end")
        await wait_until(
            pilot, lambda: app.workbench.workspace.active_view.query_one("Transcript").is_vertical_scroll_end
        )

    assert snap_compare(app, terminal_size=(80, 24), run_before=show)


def test_a_session_open_in_another_instance_is_marked_read_only(snap_compare, tmp_path):
    session = Session(host="sim", model=MODEL, title="Shared with another window",
                      messages=[ChatMessage("user", "hello"), ChatMessage("assistant", "Hi! How can I help?")])
    app = make_app(NOWHERE, None, tmp_path)

    async def show(pilot):
        view = await restored(pilot, session)
        # Who holds it is fixed here, so the picture does not carry this run's pid and time.
        view.read_only = Owner(pid=4242, host="gpu-box", since="2026-11-28 09:30")
        view.paint_session_line()
        app.workbench.workspace.refresh_labels()
        view.query_one("#prompt").insert("a draft that stays")

    assert snap_compare(app, terminal_size=(80, 24), run_before=show)
