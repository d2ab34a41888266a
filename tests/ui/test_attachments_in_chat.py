"""Files sent from the chat view to the simulated vision model, as a user sends them.

`@PATH` in the prompt attaches a file when the prompt is sent: the transcript shows
the prompt with the file's name and a 📎 line, gemma3:4b (the simulator's vision
model) answers with what it received, and the session file names each file by hash.
A file that cannot go stops the send with a note naming it, and nothing is lost.
"""

from __future__ import annotations

import base64
import hashlib
from pathlib import Path

import httpx
import pytest
from PIL import Image
from textual import events
from textual.pilot import Pilot

from ollamux.core.attachment_store import AttachmentStore
from ollamux.core.session import Status
from ollamux.sim import SimServer
from ollamux.ui.attachments import AttachmentChips
from ollamux.ui.chat.command_note import CommandNote
from ollamux.ui.chat.message import ReplyView
from ollamux.ui.chat.prompt import PromptArea
from ollamux.ui.chat.view import ChatView
from tests.ui_helpers import ask, make_app, reopening_app, screen_text, send, started, wait_until

VISION = "gemma3:4b"


def picture(path: Path, width: int = 40, height: int = 30) -> Path:
    """A small real PNG at `path`."""
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (width, height), (200, 120, 40)).save(path)
    return path


def chat_bodies(sim: SimServer) -> list[dict]:
    """The chat requests the simulator received, oldest first."""
    return [r.body for r in sim.requests if r.path == "/api/chat"]


def last_reply(view: ChatView) -> str:
    return view.session.messages[-1].content


def chips(view: ChatView) -> list[str]:
    return [a.name for a in view.query_one(AttachmentChips).attachments]


def error_notes(view: ChatView) -> list[str]:
    return [note.text for note in view.query(CommandNote) if note.has_class("-error")]


async def paste_into_prompt(pilot: Pilot, view: ChatView, text: str) -> None:
    """A paste into the prompt, as the terminal delivers one: to the app, which hands it
    to the focused widget (a file dropped on a terminal arrives as a paste of its path)."""
    view.query_one(PromptArea).focus()
    pilot.app.post_message(events.Paste(text))
    await pilot.pause()


def blob(tmp_path: Path, sha256: str) -> Path:
    return AttachmentStore(tmp_path / "data").path(sha256)


@pytest.mark.parametrize(
    ("written", "where"),
    [("@cat.png", "cat.png"), ('@"my cat.png"', "my cat.png"), ("@~/pics/cat.png", "~/pics/cat.png")],
    ids=["plain", "quoted-with-spaces", "home-relative"],
)
async def test_an_image_mention_is_sent_shown_and_kept_by_hash(
    sim, tmp_path, monkeypatch, isolated_home, written, where
) -> None:
    folder = isolated_home if where.startswith("~/") else tmp_path
    image = picture(folder / where.removeprefix("~/"), 40, 30)
    monkeypatch.chdir(tmp_path)
    app = make_app(sim.url, VISION, tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        view = await ask(pilot, f"what is {written} showing?")
        name = image.name
        sent = view.session.messages[0]
        assert sent.content == f"what is {name} showing?"  # the mention became the name
        assert [a.name for a in sent.attachments] == [name]
        screen = screen_text(app)
        assert f"what is {name} showing?" in screen
        assert f"📎 {name} · " in screen and " · 40×30" in screen
        assert "I received 1 image and no text files." in last_reply(view)
        assert "image 1: 40×30 PNG" in last_reply(view)

        sha256 = sent.attachments[0].sha256
        assert blob(tmp_path, sha256).read_bytes()  # the file's bytes are kept in the data folder
        assert hashlib.sha256(blob(tmp_path, sha256).read_bytes()).hexdigest() == sha256
        saved = app.keeper.store.path_for(view.session)
        await wait_until(pilot, lambda: saved.exists() and f'sha256 = "{sha256}"' in saved.read_text())
        assert str(image) not in saved.read_text()  # referenced by hash, not by where it was


async def test_the_next_turn_sends_the_image_again_with_the_history(sim, tmp_path, monkeypatch) -> None:
    picture(tmp_path / "cat.png", 40, 30)
    monkeypatch.chdir(tmp_path)
    app = make_app(sim.url, VISION, tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        view = await ask(pilot, "describe @cat.png")
        view = await ask(pilot, "and its colour?")
        # The simulator counts the last message's images only: this turn has none of its own.
        assert "I received no images" in last_reply(view)
        first, second = chat_bodies(sim)
        assert len(second["messages"][0]["images"]) == 1
        assert second["messages"][0]["images"] == first["messages"][0]["images"]
        assert not second["messages"][-1].get("images")


async def test_a_text_file_goes_as_a_fenced_block_named_for_the_model(sim, tmp_path, monkeypatch) -> None:
    (tmp_path / "notes.py").write_text("def add(a, b):\n    return a + b\n")
    monkeypatch.chdir(tmp_path)
    app = make_app(sim.url, VISION, tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        view = await ask(pilot, "review @notes.py please")
        assert "I received no images and 1 text file." in last_reply(view)
        assert "text file: notes.py" in last_reply(view)
        assert view.session.messages[0].content == "review notes.py please"
        assert "📎 notes.py · " in screen_text(app)
        read = chat_bodies(sim)[0]["messages"][-1]["content"]
        assert "```python" in read and "def add(a, b):" in read


def bad_file(tmp_path: Path, kind: str) -> str:
    """Make a file that cannot be attached; the mention that names it."""
    if kind == "missing":
        return "gone.png"
    if kind == "folder":
        (tmp_path / "photos").mkdir()
        return "photos"
    if kind == "renamed text":
        (tmp_path / "fake.png").write_text("not a picture at all\n")
        return "fake.png"
    (tmp_path / "blob.bin").write_bytes(b"\x00\x01\x02binary\x00data" * 20)
    return "blob.bin"


@pytest.mark.parametrize("kind", ["missing", "folder", "renamed text", "binary"])
async def test_a_file_that_cannot_go_stops_the_send_and_loses_nothing(sim, tmp_path, monkeypatch, kind) -> None:
    name = bad_file(tmp_path, kind)
    dropped = picture(tmp_path / "shots" / "cat.png")
    monkeypatch.chdir(tmp_path)
    app = make_app(sim.url, VISION, tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        view = await started(pilot)
        await paste_into_prompt(pilot, view, str(dropped))
        await wait_until(pilot, lambda: chips(view) == ["cat.png"])
        typed = f"compare with @{name}"
        await send(pilot, typed)
        await wait_until(pilot, lambda: len(error_notes(view)) == 1)
        assert name in error_notes(view)[0]
        assert view.query_one(PromptArea).text == typed
        assert chips(view) == ["cat.png"]
        assert view.session.messages == []
        assert chat_bodies(sim) == []


async def test_a_model_without_vision_refuses_an_image_before_sending(sim, tmp_path, monkeypatch) -> None:
    picture(tmp_path / "cat.png")
    dropped = picture(tmp_path / "shots" / "dog.png")
    monkeypatch.chdir(tmp_path)
    # Used a moment ago, so in memory: a loaded vision model is suggested first.
    async with httpx.AsyncClient() as client:
        (await client.post(f"{sim.url}/api/chat", json={"model": VISION, "messages": []})).raise_for_status()
    sim.clear_records()
    app = make_app(sim.url, "qwen3:8b", tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        view = await started(pilot)
        await paste_into_prompt(pilot, view, str(dropped))
        await wait_until(pilot, lambda: chips(view) == ["dog.png"])
        await send(pilot, "what is @cat.png")
        await wait_until(pilot, lambda: len(error_notes(view)) == 1)
        note = error_notes(view)[0]
        assert "qwen3:8b cannot see images" in note
        assert f"images (it has no vision capability). {VISION}, " in note
        assert view.query_one(PromptArea).text == "what is @cat.png"
        assert chips(view) == ["dog.png"]
        assert view.session.messages == []
        assert chat_bodies(sim) == []
        assert not view.query(ReplyView)
        assert view.last_status is not Status.STREAMING


async def test_tab_completes_a_mention_that_then_goes_with_the_prompt(sim, tmp_path, monkeypatch) -> None:
    picture(tmp_path / "cat.png", 40, 30)
    monkeypatch.chdir(tmp_path)
    app = make_app(sim.url, VISION, tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        view = await started(pilot)
        prompt = view.query_one(PromptArea)
        prompt.focus()
        await pilot.press(*"what is @ca", "tab")
        assert prompt.text == "what is @cat.png "
        await pilot.press("enter")
        await wait_until(pilot, lambda: len(view.session.messages) == 2 and view.last_status is Status.COMPLETE)
        assert "I received 1 image" in last_reply(view)
        assert view.session.messages[0].content == "what is cat.png"


async def test_a_reopened_session_still_sends_and_shows_its_image_after_the_original_is_deleted(
    sim, tmp_path, monkeypatch
) -> None:
    image = picture(tmp_path / "cat.png", 40, 30)
    sent = base64.b64encode(image.read_bytes()).decode()
    monkeypatch.chdir(tmp_path)
    app = reopening_app(sim.url, tmp_path, model=VISION)
    async with app.run_test(size=(100, 30)) as pilot:
        view = await started(pilot)
        await send(pilot, "what is @cat.png")
        await wait_until(pilot, lambda: view.last_status is Status.COMPLETE, timeout=30)
    image.unlink()  # moved or deleted since: the session keeps its own copy

    again = reopening_app(sim.url, tmp_path, model=VISION)
    async with again.run_test(size=(100, 30)) as pilot:
        view = await started(pilot)
        await wait_until(pilot, lambda: "📎 cat.png" in screen_text(again))
        await pilot.press("alt+o")
        await wait_until(pilot, lambda: "cat.png · " in screen_text(again) and "40×30" in screen_text(again))
        await pilot.press("escape")
        await send(pilot, "and now?")
        await wait_until(pilot, lambda: len(view.session.messages) == 4 and view.last_status is Status.COMPLETE,
                         timeout=30)
    # The history that went with the second question carried the image again.
    first_turn = chat_bodies(sim)[-1]["messages"][0]
    assert first_turn["images"] == [sent]
