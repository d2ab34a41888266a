"""Tab after `@` in the prompt completes paths; without one it moves focus as before."""

from __future__ import annotations

from textual import on
from textual.app import App, ComposeResult
from textual.widgets import Input

from ollamux.ui.chat.prompt import PromptArea
from tests.ui_helpers import make_app, started, wait_until


class PromptApp(App[None]):
    """The prompt and one more field for Tab to move to."""

    def __init__(self) -> None:
        super().__init__()
        self.shown: list[tuple[str, ...]] = []

    def compose(self) -> ComposeResult:
        yield PromptArea(id="prompt")
        yield Input(id="other")

    @on(PromptArea.Completions)
    def _show(self, event: PromptArea.Completions) -> None:
        self.shown.append(event.candidates)


async def test_tab_completes_a_file_name_and_ends_the_word(tmp_path, monkeypatch):
    (tmp_path / "notes.txt").write_text("hi")
    monkeypatch.chdir(tmp_path)
    app = PromptApp()
    async with app.run_test() as pilot:
        prompt = app.query_one(PromptArea)
        await pilot.press(*"read @no", "tab")
        assert prompt.text == "read @notes.txt "
        assert prompt.has_focus
        await pilot.press(*"now")  # the cursor went on after the completion
        assert prompt.text == "read @notes.txt now"


async def test_tab_completes_a_folder_then_goes_inside_it(tmp_path, monkeypatch):
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "main.py").write_text("print()")
    monkeypatch.chdir(tmp_path)
    app = PromptApp()
    async with app.run_test() as pilot:
        prompt = app.query_one(PromptArea)
        await pilot.press(*"@sr", "tab")
        assert prompt.text == "@src/"
        await pilot.press("tab")
        assert prompt.text == "@src/main.py "
        assert prompt.has_focus


async def test_several_matches_extend_to_their_common_start_and_are_listed(tmp_path, monkeypatch):
    for name in ("alpha.py", "alpine.py", "beta.py"):
        (tmp_path / name).write_text("")
    (tmp_path / "alps").mkdir()
    monkeypatch.chdir(tmp_path)
    app = PromptApp()
    async with app.run_test() as pilot:
        prompt = app.query_one(PromptArea)
        await pilot.press(*"@a", "tab")
        assert prompt.text == "@alp"
        await pilot.pause()
        assert app.shown == [("alps/", "alpha.py", "alpine.py")]  # folders first
        assert prompt.has_focus
        await pilot.press("h", "tab")
        assert prompt.text == "@alpha.py "


async def test_a_name_with_spaces_is_completed_escaped(tmp_path, monkeypatch):
    (tmp_path / "My Notes.txt").write_text("")
    monkeypatch.chdir(tmp_path)
    app = PromptApp()
    async with app.run_test() as pilot:
        prompt = app.query_one(PromptArea)
        await pilot.press(*"@My", "tab")
        assert prompt.text == "@My\\ Notes.txt "


async def test_a_completion_can_be_undone(tmp_path, monkeypatch):
    (tmp_path / "notes.txt").write_text("")
    monkeypatch.chdir(tmp_path)
    app = PromptApp()
    async with app.run_test() as pilot:
        prompt = app.query_one(PromptArea)
        await pilot.press(*"@no", "tab")
        assert prompt.text == "@notes.txt "
        prompt.action_undo()
        assert prompt.text == "@no"


async def test_tab_without_an_at_or_without_a_match_moves_focus(tmp_path, monkeypatch):
    (tmp_path / "notes.txt").write_text("")
    monkeypatch.chdir(tmp_path)
    app = PromptApp()
    async with app.run_test() as pilot:
        prompt = app.query_one(PromptArea)
        await pilot.press(*"plain words", "tab")
        assert app.query_one("#other", Input).has_focus
        assert prompt.text == "plain words"
        prompt.focus()
        await pilot.press(*" @zz", "tab")  # nothing starts with zz
        assert app.query_one("#other", Input).has_focus
        assert prompt.text == "plain words @zz"


async def test_tab_completes_in_the_chat_view_and_still_leaves_an_empty_prompt(sim, tmp_path, monkeypatch):
    work = tmp_path / "work"
    work.mkdir()
    (work / "report.md").write_text("# Report")
    monkeypatch.chdir(work)
    app = make_app(sim.url, "demo-coder:7b", tmp_path)
    async with app.run_test() as pilot:
        view = await started(pilot)
        prompt = view.query_one(PromptArea)
        prompt.focus()
        await pilot.press(*"summarize @rep", "tab")
        assert prompt.text == "summarize @report.md "
        assert prompt.has_focus
        prompt.clear()
        await pilot.press("tab")  # an empty prompt: Tab goes on to the next panel
        await wait_until(pilot, lambda: not prompt.has_focus)
