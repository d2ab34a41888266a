"""The chips above the prompt, a sent message's files line, and the attachment preview."""

from __future__ import annotations

import hashlib
from io import BytesIO

from PIL import Image
from textual.app import App, ComposeResult
from textual.widgets import Input, Static

from ollamux.core.attachment import Attachment, AttachmentError
from ollamux.ui.attachments import AttachmentChips, AttachmentPreview, PreviewWanted, SentAttachments
from tests.ui.test_attachment_picker import UNSET, Host
from tests.ui_helpers import screen_text, wait_until

CAT = Attachment("a" * 64, "cat.png", "image/png", 182_000, 1024, 768)
MAIN = Attachment("b" * 64, "main.py", "text/x-python", 3_000)
LOG = Attachment("c" * 64, "build.log", "text/plain", 120)


class ChipsApp(App[None]):
    """A prompt with the chips above it; what the chips post is kept in `posted`."""

    def __init__(self, attachments: list[Attachment]) -> None:
        super().__init__()
        self.initial = attachments
        self.posted: list[tuple[str, Attachment | None]] = []

    def compose(self) -> ComposeResult:
        yield AttachmentChips()
        yield SentAttachments([CAT, MAIN])
        yield Input(id="prompt")

    def on_mount(self) -> None:
        self.query_one(AttachmentChips).set_attachments(self.initial)

    def on_preview_wanted(self, message: PreviewWanted) -> None:
        self.posted.append(("preview", message.attachment))

    def on_attachment_chips_removed(self, message: AttachmentChips.Removed) -> None:
        self.posted.append(("removed", message.attachment))

    def on_attachment_chips_done(self, message: AttachmentChips.Done) -> None:
        self.posted.append(("done", None))


async def test_chips_read_name_size_and_dimensions_and_hide_when_empty() -> None:
    app = ChipsApp([CAT, MAIN])
    async with app.run_test(size=(80, 10)) as pilot:
        chips = app.query_one(AttachmentChips)
        await pilot.pause()
        assert chips.display and chips.can_focus
        assert "cat.png · 182 KB · 1024×768" in screen_text(app)
        assert "main.py · 3 KB" in screen_text(app)
        chips.set_attachments([])
        await pilot.pause()
        assert not chips.display and not chips.can_focus
        assert chips.attachments == []


async def test_chips_remove_preview_and_hand_back_focus_by_keyboard() -> None:
    app = ChipsApp([CAT, MAIN, LOG])
    async with app.run_test(size=(80, 10)) as pilot:
        chips = app.query_one(AttachmentChips)
        chips.focus()
        await pilot.press("right", "enter")
        await wait_until(pilot, lambda: app.posted == [("preview", MAIN)])
        await pilot.press("delete")
        await wait_until(pilot, lambda: app.posted[-1] == ("removed", MAIN))
        assert chips.attachments == [CAT, LOG]
        assert "main.py" not in screen_text(app).split("📎")[0]  # the chips row, above the sent line
        await pilot.press("space")  # the chip after the removed one is selected
        await wait_until(pilot, lambda: app.posted[-1] == ("preview", LOG))
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.posted[-1] == ("done", None))


async def test_removing_the_last_chip_hands_back_focus() -> None:
    app = ChipsApp([CAT])
    async with app.run_test(size=(80, 10)) as pilot:
        app.query_one(AttachmentChips).focus()
        await pilot.press("backspace")
        await wait_until(pilot, lambda: app.posted == [("removed", CAT), ("done", None)])
        assert not app.query_one(AttachmentChips).display


async def test_a_click_on_a_chip_or_a_sent_file_asks_for_its_preview() -> None:
    app = ChipsApp([CAT, MAIN])
    async with app.run_test(size=(80, 10)) as pilot:
        await pilot.pause()
        chip_x = len(" cat.png · 182 KB · 1024×768 ") + 3  # inside the second chip (after padding 1 and a gap)
        await pilot.click(AttachmentChips, offset=(chip_x, 0))
        await wait_until(pilot, lambda: app.posted == [("preview", MAIN)])
        await pilot.click(SentAttachments, offset=(4, 0))  # on cat.png, after the clip
        await wait_until(pilot, lambda: app.posted[-1] == ("preview", CAT))
        second = len("📎 cat.png · 182 KB · 1024×768   ") + 2
        await pilot.click(SentAttachments, offset=(second, 0))
        await wait_until(pilot, lambda: app.posted[-1] == ("preview", MAIN))


async def test_chips_wrap_to_two_lines_at_most_and_cut_long_names_in_the_middle() -> None:
    many = [Attachment(f"{n:064}", f"a-rather-long-file-name-number-{n}.py", "text/x-python", 1000) for n in range(9)]
    app = ChipsApp(many)
    async with app.run_test(size=(80, 10)) as pilot:
        await pilot.pause()
        chips = app.query_one(AttachmentChips)
        assert chips.size.height == 2
        assert "a-rather-long-…e-number-0.py · 1 KB" in screen_text(app)
        assert "+6 more" in screen_text(app)


def png(width: int, height: int) -> bytes:
    out = BytesIO()
    Image.new("RGB", (width, height), (30, 120, 200)).save(out, "PNG")
    return out.getvalue()


def store(*blobs: bytes):
    """A `read` over a few blobs by hash, raising AttachmentError as the store does."""
    by_hash = {hashlib.sha256(blob).hexdigest(): blob for blob in blobs}

    def read(sha256: str) -> bytes:
        if sha256 not in by_hash:
            raise AttachmentError(f"blob {sha256[:12]}… is missing from the attachment store")
        return by_hash[sha256]

    return read


async def test_preview_of_an_image_shows_it_large_with_its_description() -> None:
    data = png(120, 80)
    cat = Attachment(hashlib.sha256(data).hexdigest(), "cat.png", "image/png", len(data), 120, 80)
    app = Host(AttachmentPreview(cat, store(data)))
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: bool(app.screen.query("#attachment-image")))
        image = app.screen.query_one("#attachment-image")
        await wait_until(pilot, lambda: image.size.width > 40)  # as large as the screen allows
        assert cat.describe() in screen_text(app)
        await pilot.press("q")
        await wait_until(pilot, lambda: app.result is None)


async def test_preview_of_a_text_file_shows_its_text_cleaned() -> None:
    data = b"def main():\n    print('\x1b[2Jhi')\n" + b"".join(b"line %d\n" % n for n in range(100))
    main = Attachment(hashlib.sha256(data).hexdigest(), "main.py", "text/x-python", len(data))
    app = Host(AttachmentPreview(main, store(data)))
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: "def main():" in screen_text(app))
        assert "print('hi')" in screen_text(app)
        assert "line 99" not in screen_text(app)
        await pilot.press("end")  # the text scrolls
        await wait_until(pilot, lambda: "line 99" in screen_text(app))
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.result is None)


async def test_preview_of_a_missing_blob_says_so() -> None:
    app = Host(AttachmentPreview(CAT, store()))
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: "cannot be shown" in screen_text(app))
        problem = str(app.screen.query_one("#attachment-problem", Static).render())
        assert problem.startswith("cat.png cannot be shown: blob aaaaaaaaaaaa")
        assert "missing from the attachment store" in problem
        assert app.result is UNSET


async def test_preview_of_a_damaged_image_says_so() -> None:
    data = png(40, 40)[:50]
    broken = Attachment(hashlib.sha256(data).hexdigest(), "broken.png", "image/png", len(data), 40, 40)
    app = Host(AttachmentPreview(broken, store(data)))
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: "the stored image is damaged" in screen_text(app))
