"""Snapshots of the attachment widgets (SVGs in snapshots/): the picker, the chips, the preview.

The picker's folder sits under the test's own home, so it reads `~/pics` on every
machine; its picture is drawn in the test, and saved uncompressed so that its size
is the same whatever zlib Pillow was built with.
"""

from __future__ import annotations

import hashlib
import os
from io import BytesIO
from pathlib import Path

from PIL import Image, ImageDraw
from textual.app import App, ComposeResult
from textual.widgets import Input, Static

from ollamux.core.attachment import Attachment
from ollamux.ui.attachments import AttachmentChips, AttachmentPicker, AttachmentPreview, SentAttachments
from tests.ui.test_attachment_picker import Host, image_shown, preview
from tests.ui_helpers import wait_until

FIXED_TIME = 1_764_000_000  # 2025-11-24: the same modification time for every file


def landscape(width: int = 64, height: int = 48) -> Image.Image:
    """A small picture with shapes and colours a half-block preview shows recognisably."""
    image = Image.new("RGB", (width, height), (110, 170, 230))
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, height * 2 // 3, width, height), fill=(60, 140, 60))
    draw.ellipse((width * 5 // 8, height // 8, width * 7 // 8, height * 3 // 8 + width // 8), fill=(250, 210, 60))
    return image


def pictures_folder(home: Path) -> Path:
    root = home / "pics"
    (root / "holidays").mkdir(parents=True)
    (root / "scans").mkdir()
    landscape().save(root / "landscape.png", compress_level=0)
    (root / "notes.md").write_text("# Pictures\n\nThe landscape is for the vision model.\n")
    (root / "todo.txt").write_text("ask about the sun\n")
    (root / ".thumbs").mkdir()
    for path in [root, *root.iterdir()]:
        os.utime(path, (FIXED_TIME, FIXED_TIME))
    return root


def test_picker_with_an_image_highlighted_80x24(snap_compare, isolated_home: Path) -> None:
    app = Host(AttachmentPicker(pictures_folder(isolated_home)))

    async def highlight_the_picture(pilot) -> None:
        await wait_until(pilot, lambda: isinstance(app.screen, AttachmentPicker) and "64×48" not in preview(app))
        await pilot.press("down", "down")
        await wait_until(pilot, lambda: "64×48" in preview(app) and image_shown(app))

    assert snap_compare(app, terminal_size=(80, 24), run_before=highlight_the_picture)


class PromptWithChips(App[None]):
    """A sent message's files line, then the chips above a prompt, as the chat view stacks them."""

    CSS = "#message { height: 1fr; padding: 1 1 0 1; } SentAttachments { padding: 0 1; }"

    def compose(self) -> ComposeResult:
        yield Static("What is in this picture, and does main.py draw it?", id="message")
        yield SentAttachments([CAT, MAIN])
        yield Static("")
        yield AttachmentChips()
        yield Input(placeholder="Ask something", id="prompt")

    def on_mount(self) -> None:
        chips = self.query_one(AttachmentChips)
        chips.set_attachments([CAT, MAIN, LONG])
        chips.focus()
        chips.action_select(1)


CAT = Attachment("a" * 64, "cat.png", "image/png", 182_000, 1024, 768)
MAIN = Attachment("b" * 64, "main.py", "text/x-python", 3_100)
LONG = Attachment("c" * 64, "screenshot-2026-11-28-at-16.04.11-after-the-fix.png", "image/png", 1_450_000, 2048, 1152)


def test_chips_above_the_prompt_and_a_sent_message_line(snap_compare) -> None:
    assert snap_compare(PromptWithChips(), terminal_size=(80, 10))


def test_preview_of_an_image_attachment_80x24(snap_compare) -> None:
    out = BytesIO()
    landscape(160, 120).save(out, "PNG")
    data = out.getvalue()
    picture = Attachment(hashlib.sha256(data).hexdigest(), "landscape.png", "image/png", 48_300, 160, 120)
    app = Host(AttachmentPreview(picture, lambda sha256: data))

    async def shown(pilot) -> None:
        await wait_until(pilot, lambda: bool(app.screen.query("#attachment-image")))

    assert snap_compare(app, terminal_size=(80, 24), run_before=shown)
