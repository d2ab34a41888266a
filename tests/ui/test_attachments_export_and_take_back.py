"""The export dialog asks how to carry attachments only when there are some, and F7
gives a prompt's attachments back with its text."""

from __future__ import annotations

import base64
import io

from PIL import Image

from ollamux.core.attachment import Attachment
from ollamux.core.attachment_store import AttachmentStore
from ollamux.ui.shared.dialogs import Choose
from tests.ui_helpers import ask, make_app, wait_until


def png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (3, 2), "green").save(buffer, "PNG")
    return buffer.getvalue()


async def test_export_asks_link_or_embed_for_a_session_with_attachments(sim, tmp_path) -> None:
    app = make_app(sim.url, "demo-coder:7b", tmp_path)
    data = png()
    async with app.run_test(size=(100, 30)) as pilot:
        view = await ask(pilot, "hi")
        cat = Attachment(AttachmentStore(tmp_path / "data").put(data), "cat.png", "image/png", len(data), 3, 2)
        view.session.messages[0].attachments = [cat]
        exported = tmp_path / "data" / "exports" / "hi.md"

        await pilot.press("f6")
        await wait_until(pilot, lambda: isinstance(app.screen, Choose))
        await pilot.press("p")
        await wait_until(pilot, lambda: isinstance(app.screen, Choose) and "Attachments" in app.screen.question)
        await pilot.press("escape")  # changed my mind at the second question: nothing is written
        await wait_until(pilot, lambda: not isinstance(app.screen, Choose))
        assert not exported.exists()

        await pilot.press("f6")
        await wait_until(pilot, lambda: isinstance(app.screen, Choose))
        await pilot.press("p")
        await wait_until(pilot, lambda: isinstance(app.screen, Choose) and "Attachments" in app.screen.question)
        await pilot.press("e")
        await wait_until(pilot, exported.exists)
        assert f"![cat.png](data:image/png;base64,{base64.b64encode(data).decode()})" in exported.read_text()


async def test_f7_puts_the_prompt_and_its_attachments_back(sim, tmp_path) -> None:
    app = make_app(sim.url, "demo-coder:7b", tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        view = await ask(pilot, "what is this?")
        notes = Attachment("a" * 64, "notes.txt", "text/plain", 12)
        view.session.messages[0].attachments = [notes]

        await pilot.press("f7")
        await wait_until(pilot, lambda: view.session.messages == [])
        assert view.query_one("#prompt").text == "what is this?"
        assert view.session.draft_attachments == [notes]
