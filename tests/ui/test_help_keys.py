"""F1 lists the keys of the screens it opens onto: copy mode (ctrl+y) and saved sessions (F4)."""

from __future__ import annotations

import io

from rich.console import Console
from textual.widgets import Static

from ollamux.ui.workbench.help import HelpScreen
from tests.ui_helpers import make_app, wait_until


async def help_text(pilot) -> str:
    await pilot.press("f1")
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, HelpScreen))
    console = Console(width=100, record=True, file=io.StringIO())
    console.print(pilot.app.screen.query_one(Static).content)
    return console.export_text()


def section(text: str, title: str) -> list[str]:
    """The lines under `title`, up to the blank line that ends a section."""
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.strip() == title)
    end = next(i for i in range(start + 1, len(lines)) if not lines[i].strip())
    return [" ".join(line.split()) for line in lines[start + 1:end]]


async def test_help_lists_the_copy_mode_and_saved_sessions_keys(sim, tmp_path):
    app = make_app(sim.url, "demo-coder:7b", tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_until(pilot, lambda: app.workbench.workspace.active_view is not None)
        text = await help_text(pilot)
    copy_mode = section(text, "Copy mode (ctrl+y)")
    for key, words in [("1…9, a…z", "Copy the code block with that label"), ("m", "message in view"),
                       ("r", "whole last reply"), ("t", "transcript, as Markdown"), ("escape", "without copying")]:
        assert any(line.startswith(key + " ") and words in line for line in copy_mode), (key, copy_mode)
    browser = section(text, "Saved sessions (F4)")
    for key, words in [("typing", "Search titles"), ("enter", "Open"), ("f2", "Rename"), ("delete", "Delete"),
                       ("escape", "Close")]:
        assert any(line.startswith(key + " ") and words in line for line in browser), (key, browser)
