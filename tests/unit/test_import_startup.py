"""What the app imports to start, and so what a user waits for before the first screen.

What no start of the app shows (dialogs, pickers, the help, copy mode, the tool loop,
the demo simulator's replies) is imported when first used; these keep it so. Each name must still be importable
from its package as before.
"""

from __future__ import annotations

import importlib
import subprocess
import sys

import pytest

# (package, name) -> the module the name comes from, loaded at first use.
AT_FIRST_USE = {
    ("ollamux.ui.tools", "HandAnswerScreen"): "ollamux.ui.tools.answer",
    ("ollamux.ui.tools", "ApprovalScreen"): "ollamux.ui.tools.approval",
    ("ollamux.ui.tools", "ScreenAsker"): "ollamux.ui.tools.asker",
    ("ollamux.ui.attachments", "AttachmentPicker"): "ollamux.ui.attachments.picker",
    ("ollamux.ui.attachments", "AttachmentPreview"): "ollamux.ui.attachments.preview",
    ("ollamux.ui.models", "ModelPicker"): "ollamux.ui.models.picker",
    ("ollamux.ui.workbench", "HelpScreen"): "ollamux.ui.workbench.help",
    ("ollamux.ui.workbench", "help_sections"): "ollamux.ui.workbench.key_help",
    ("ollamux.ui.sessions", "SessionBrowser"): "ollamux.ui.sessions.browser",
    ("ollamux.ui.sessions", "SessionList"): "ollamux.ui.sessions.list",
    ("ollamux.ui.sessions", "ForkPoint"): "ollamux.ui.sessions.fork",
}
# Imported by nothing at start, through no package.
NOT_AT_START = [
    *AT_FIRST_USE.values(),
    "ollamux.ui.chat.tool_turn",
    "ollamux.core.tool_loop",
    "ollamux.core.search_index",  # made when the first sync or search needs it
    "ollamux.ui.copy",
    "textual_image",  # pictures: with the first shown (graphics_query asks the terminal)
    "PIL",
    "markdown_it",  # Markdown: with the first drawn (ui.markdown.rich_markdown)
    "pygments",
    "click",  # httpx's command-line tool, never run here (see ollamux.api)
    "mcp",
    # The model workshop, embeddings, token probabilities, presets and completion
    # sessions: each opens on a key or a palette entry.
    "ollamux.api.workshop",
    "ollamux.ui.workshop",
    "ollamux.ui.embed",
    "ollamux.ui.tokens",
    "ollamux.ui.presets",
    "ollamux.core.presets",
    "ollamux.ui.completion",
    # The workbench itself: imported in a thread once the start screen is drawn (ollamux.ui.start).
    "ollamux.ui.workbench.screen",
    "ollamux.ui.chat",
    "ollamux.ui.models",
    "ollamux.api.clients",
    "ollamux.core.session_keeper",
    "httpx",
    "sqlite3",
    # The demo's simulator: what writes replies is imported at the first one.
    "ollamux.sim.chat",
    "ollamux.sim.generation",
    "ollamux.sim.openai",
]


def test_starting_the_app_imports_none_of_what_the_first_screen_does_not_show() -> None:
    # As `ollamux --demo` starts: the simulator, the graphics query's module, then the app.
    code = (
        "import sys, ollamux.cli, ollamux.sim.server, ollamux.ui.graphics_query, ollamux.ui.app\n"
        f"print(' '.join(name for name in {NOT_AT_START!r} if name in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.split() == []


@pytest.mark.parametrize(("package", "name"), list(AT_FIRST_USE))
def test_each_name_is_still_there_at_first_use(package: str, name: str) -> None:
    module = importlib.import_module(AT_FIRST_USE[package, name])
    assert getattr(importlib.import_module(package), name) is getattr(module, name)


def test_a_name_no_package_has_is_still_an_attribute_error() -> None:
    tools = importlib.import_module("ollamux.ui.tools")
    with pytest.raises(AttributeError, match="no attribute 'Nope'"):
        tools.Nope  # noqa: B018
