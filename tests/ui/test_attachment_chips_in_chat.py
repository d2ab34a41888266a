"""Chips above the prompt, previews of sent files, F7, a file too long for the
context, and blobs going with the last session that used them: the real app on the
simulator, driven by keys as a user drives it."""

from __future__ import annotations

import os

from textual.pilot import Pilot

from ollamux.core.session import Status
from ollamux.ui.attachments import AttachmentPicker, AttachmentPreview, SentAttachments
from ollamux.ui.chat.prompt import PromptArea
from ollamux.ui.chat.view import ChatView
from ollamux.ui.sessions.browser import SessionBrowser
from ollamux.ui.shared.dialogs import Choose, Confirm
from tests.ui.test_attachments_in_chat import (
    VISION,
    blob,
    chat_bodies,
    chips,
    error_notes,
    paste_into_prompt,
    picture,
)
from tests.ui_helpers import ask, make_app, reopening_app, send, started, tab_labels, wait_until


def prompt_of(view: ChatView) -> PromptArea:
    return view.query_one(PromptArea)


def facts(pilot: Pilot) -> str:
    """The describe line of the preview on screen."""
    return str(pilot.app.screen.query_one("#attachment-facts").render())


async def pick(pilot: Pilot, typed: str) -> None:
    """alt+a, type to filter, Enter on what is left highlighted."""
    app = pilot.app
    await pilot.press("alt+a")
    await wait_until(pilot, lambda: isinstance(app.screen, AttachmentPicker))
    await pilot.press(*typed)
    await wait_until(pilot, lambda: "".join(app.screen.query_one("#preview-name").render().plain) != "")
    await pilot.press("enter")
    await wait_until(pilot, lambda: not isinstance(app.screen, AttachmentPicker))


async def test_picked_files_become_chips_that_delete_removes_and_a_restart_keeps(sim, tmp_path, monkeypatch) -> None:
    picture(tmp_path / "cat.png", 40, 30)
    (tmp_path / "notes.md").write_text("# Notes\n")
    (tmp_path / "other.txt").write_text("unrelated\n")
    monkeypatch.chdir(tmp_path)
    app = reopening_app(sim.url, tmp_path, model=VISION)
    async with app.run_test(size=(100, 30)) as pilot:
        view = await started(pilot)
        await pick(pilot, "cat")
        await wait_until(pilot, lambda: chips(view) == ["cat.png"])
        await pick(pilot, "notes")
        await wait_until(pilot, lambda: chips(view) == ["cat.png", "notes.md"])
        assert prompt_of(view).has_focus  # back to typing after each pick
        await pilot.press(*"summarize")

        await pilot.press("shift+tab")  # from the prompt to the chips, the first one selected
        await wait_until(pilot, lambda: view.query_one("#chips").has_focus)
        await pilot.press("delete")
        await wait_until(pilot, lambda: chips(view) == ["notes.md"])
        assert [a.name for a in view.session.draft_attachments] == ["notes.md"]
        await pilot.press("escape")
        await wait_until(pilot, lambda: prompt_of(view).has_focus)
        assert prompt_of(view).text == "summarize"

    again = reopening_app(sim.url, tmp_path, model=VISION)
    async with again.run_test(size=(100, 30)) as pilot:
        view = await started(pilot)
        await wait_until(pilot, lambda: chips(view) == ["notes.md"])
        assert prompt_of(view).text == "summarize"


async def test_chips_alone_survive_a_restart(sim, tmp_path, monkeypatch) -> None:
    picture(tmp_path / "cat.png", 40, 30)
    monkeypatch.chdir(tmp_path)
    app = reopening_app(sim.url, tmp_path, model=VISION)
    async with app.run_test(size=(100, 30)) as pilot:
        view = await started(pilot)
        await pick(pilot, "cat")
        await wait_until(pilot, lambda: chips(view) == ["cat.png"])

    again = reopening_app(sim.url, tmp_path, model=VISION)
    async with again.run_test(size=(100, 30)) as pilot:
        view = await started(pilot)
        await wait_until(pilot, lambda: chips(view) == ["cat.png"], timeout=3)


async def test_closing_a_session_with_only_chips_asks_first(sim, tmp_path, monkeypatch) -> None:
    picture(tmp_path / "cat.png", 40, 30)
    monkeypatch.chdir(tmp_path)
    app = make_app(sim.url, VISION, tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        view = await started(pilot)
        await pick(pilot, "cat")
        await wait_until(pilot, lambda: chips(view) == ["cat.png"])
        await pilot.press("f12")
        await wait_until(pilot, lambda: isinstance(app.screen, Confirm))
        assert "unsent draft" in app.screen.question
        await pilot.press("n")
        await wait_until(pilot, lambda: not isinstance(app.screen, Confirm))
        assert app.workbench.workspace.views() == [view] and chips(view) == ["cat.png"]


async def test_a_pasted_lone_image_path_is_a_chip_and_pasted_text_stays_text(sim, tmp_path, monkeypatch) -> None:
    image = picture(tmp_path / "shots" / "cat.png", 40, 30)
    monkeypatch.chdir(tmp_path)
    app = make_app(sim.url, VISION, tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        view = await started(pilot)
        await paste_into_prompt(pilot, view, str(image))
        await wait_until(pilot, lambda: chips(view) == ["cat.png"])
        assert prompt_of(view).text == ""

        sentence = f"the file {image} is the one"
        await paste_into_prompt(pilot, view, sentence)
        await wait_until(pilot, lambda: prompt_of(view).text == sentence)
        assert chips(view) == ["cat.png"]


async def test_alt_o_previews_the_one_image_of_the_message_in_view(sim, tmp_path, monkeypatch) -> None:
    picture(tmp_path / "cat.png", 40, 30)
    monkeypatch.chdir(tmp_path)
    app = make_app(sim.url, VISION, tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        view = await ask(pilot, "what is @cat.png")
        cat = view.session.messages[0].attachments[0]
        await pilot.press("alt+o")
        await wait_until(pilot, lambda: isinstance(app.screen, AttachmentPreview))
        await wait_until(pilot, lambda: facts(pilot) == cat.describe())
        assert " · 40×30" in facts(pilot)
        await pilot.press("escape")
        await wait_until(pilot, lambda: not isinstance(app.screen, AttachmentPreview))


async def test_alt_o_asks_which_of_two_files_and_a_click_on_one_previews_it(sim, tmp_path, monkeypatch) -> None:
    picture(tmp_path / "cat.png", 40, 30)
    (tmp_path / "notes.md").write_text("# Notes\n\nThe cat is orange.\n")
    monkeypatch.chdir(tmp_path)
    app = make_app(sim.url, VISION, tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        view = await ask(pilot, "compare @cat.png with @notes.md")
        cat, notes = view.session.messages[0].attachments
        await pilot.press("alt+o")
        await wait_until(pilot, lambda: isinstance(app.screen, Choose))
        assert "cat.png" in str(app.screen.answers) and "notes.md" in str(app.screen.answers)
        await pilot.press("2")
        await wait_until(pilot, lambda: isinstance(app.screen, AttachmentPreview))
        await wait_until(pilot, lambda: facts(pilot) == notes.describe())
        await pilot.press("escape")
        await wait_until(pilot, lambda: not isinstance(app.screen, AttachmentPreview))

        await pilot.click(SentAttachments, offset=(4, 0))  # on "cat.png", after the 📎
        await wait_until(pilot, lambda: isinstance(app.screen, AttachmentPreview))
        await wait_until(pilot, lambda: facts(pilot) == cat.describe())


async def test_f7_gives_the_attachments_back_as_chips_and_f7_again_the_chips_before(sim, tmp_path, monkeypatch) -> None:
    picture(tmp_path / "cat.png", 40, 30)
    dog = picture(tmp_path / "shots" / "dog.png", 20, 10)
    monkeypatch.chdir(tmp_path)
    app = make_app(sim.url, VISION, tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        view = await ask(pilot, "what is @cat.png")
        await paste_into_prompt(pilot, view, str(dog))  # a chip for the next prompt
        await wait_until(pilot, lambda: chips(view) == ["dog.png"])
        await pilot.press(*"next")

        await pilot.press("f7")
        await wait_until(pilot, lambda: view.session.messages == [])
        assert prompt_of(view).text == "what is cat.png"
        await wait_until(pilot, lambda: chips(view) == ["cat.png"])

        await pilot.press("f7")
        await wait_until(pilot, lambda: len(view.session.messages) == 2)
        assert prompt_of(view).text == "next"
        await wait_until(pilot, lambda: chips(view) == ["dog.png"])


async def test_a_text_file_too_long_for_the_context_asks_before_it_is_cut(sim, tmp_path, monkeypatch) -> None:
    lines = [f"line {n}: the quick brown fox jumps over the lazy dog\n" for n in range(200)]
    (tmp_path / "big.txt").write_text("".join(lines))
    monkeypatch.chdir(tmp_path)
    app = make_app(sim.url, "demo-coder:7b", tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        view = await started(pilot)
        await send(pilot, "/set num_ctx 1024")
        await wait_until(pilot, lambda: view.session.options.get("num_ctx") == 1024)
        view = await ask(pilot, "hi")
        await wait_until(pilot, lambda: "/ 1k" in str(view.query_one(".session-line").render()))
        asked = len(chat_bodies(sim))

        await send(pilot, "summarize @big.txt")
        await wait_until(pilot, lambda: isinstance(app.screen, Confirm))
        assert "big.txt" in app.screen.question
        await pilot.press("n")
        await wait_until(pilot, lambda: not isinstance(app.screen, Confirm))
        await pilot.pause()
        assert prompt_of(view).text == "summarize @big.txt"
        assert len(view.session.messages) == 2
        assert len(chat_bodies(sim)) == asked
        assert error_notes(view) == []

        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, Confirm))
        await pilot.press("y")
        await wait_until(pilot, lambda: len(view.session.messages) == 4 and view.last_status is Status.COMPLETE)
        read = chat_bodies(sim)[-1]["messages"][-1]["content"]
        assert "line 0: the quick" in read
        assert "line 199:" not in read
        assert "[cut: " in read and "of 200 lines not attached]" in read
        assert prompt_of(view).text == ""


async def test_deleting_a_session_deletes_its_files_unless_another_session_uses_them(
    sim, tmp_path, monkeypatch
) -> None:
    picture(tmp_path / "cat.png", 40, 30)
    picture(tmp_path / "dog.png", 20, 10)
    monkeypatch.chdir(tmp_path)
    app = make_app(sim.url, VISION, tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        keeping = await ask(pilot, "what is @cat.png")
        await app.workbench.open_session("sim", VISION)
        going = await ask(pilot, "and @cat.png with @dog.png")
        assert going is not keeping
        cat, dog = (blob(tmp_path, a.sha256) for a in going.session.messages[0].attachments)
        for path in (cat, dog):  # attached long ago: past the grace left for another instance
            os.utime(path, (1_700_000_000, 1_700_000_000))
        saved = app.keeper.store.path_for(going.session)
        await wait_until(pilot, saved.exists)

        await pilot.press("f4")
        await wait_until(pilot, lambda: isinstance(app.screen, SessionBrowser) and len(app.screen.shown) == 2)
        await pilot.press(*"dog")
        await wait_until(pilot, lambda: len(app.screen.shown) == 1)
        await pilot.press("delete")
        await wait_until(pilot, lambda: isinstance(app.screen, Confirm))
        await pilot.press("y")
        # The other session's tab stays, renumbered (closing a tab beside another once crashed here).
        await wait_until(pilot, lambda: not saved.exists() and tab_labels(app) == ["1 what is cat.png · gemma3:4b"])
        await wait_until(pilot, lambda: not dog.exists())
        assert cat.exists()  # the other session still shows it
