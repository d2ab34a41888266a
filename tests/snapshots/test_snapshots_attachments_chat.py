"""Snapshots at 80x24 of attachments in the real app on the simulator: a sent message
with two files and the vision model's reply, and two chips above a prompt being typed.

The files are made in the test with fixed names and contents, the picture saved
uncompressed so that its bytes (and the hash the model quotes) are the same whatever
zlib Pillow was built with; the simulator's clock is frozen.
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw

from tests.sim_fixtures import frozen_clock
from tests.ui.test_attachment_chips_in_chat import pick
from tests.ui.test_attachments_in_chat import VISION, chips, paste_into_prompt
from tests.ui_helpers import ask, make_app, started, wait_until

NOTES = "# Notes\n\nThe sun sets behind the hill; the sky is clear.\n"


def files(folder: Path) -> tuple[Path, Path]:
    """A small landscape and a note about it."""
    image = Image.new("RGB", (64, 48), (110, 170, 230))
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 32, 64, 48), fill=(60, 140, 60))
    draw.ellipse((40, 6, 56, 22), fill=(250, 210, 60))
    picture = folder / "sunset.png"
    image.save(picture, compress_level=0)
    notes = folder / "notes.md"
    notes.write_text(NOTES)
    return picture, notes


def test_a_sent_message_with_two_files_and_the_vision_reply_at_80x24(
    snap_compare, make_sim, tmp_path, monkeypatch
) -> None:
    files(tmp_path)
    monkeypatch.chdir(tmp_path)
    sim = make_sim(clock=frozen_clock())
    app = make_app(sim.url, VISION, tmp_path)

    async def sent(pilot) -> None:
        view = await ask(pilot, "Does @notes.md describe @sunset.png?")
        await wait_until(pilot, lambda: "ctx " in str(view.query_one(".session-line").render()))

    assert snap_compare(app, terminal_size=(80, 24), run_before=sent)


def test_two_chips_above_a_prompt_being_typed_at_80x24(snap_compare, make_sim, tmp_path, monkeypatch) -> None:
    picture, _ = files(tmp_path)
    monkeypatch.chdir(tmp_path)
    sim = make_sim(clock=frozen_clock())
    app = make_app(sim.url, VISION, tmp_path)

    async def typing(pilot) -> None:
        view = await started(pilot)
        await paste_into_prompt(pilot, view, str(picture))
        await wait_until(pilot, lambda: chips(view) == ["sunset.png"])
        await pick(pilot, "notes")  # a text file is picked, not dropped: a pasted path to one is text
        await wait_until(pilot, lambda: chips(view) == ["sunset.png", "notes.md"])
        await pilot.press(*"Does the note describe the picture?")

    assert snap_compare(app, terminal_size=(80, 24), run_before=typing)
