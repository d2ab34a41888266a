"""First-use costs of drawing Markdown, paid at an idle moment after start.

Pygments compiles a lexer's regular expressions the first time one is made
(tens of milliseconds for Python) and imports a theme's style on first use;
markdown-it and Rich's Markdown build their own tables. Paid in the middle of
the first reply with code, that is a hitch the user sees; paid in the Markdown
thread a moment after the first screen is up, it is not.
"""

from __future__ import annotations

from rich.console import Console
from rich.style import Style
from textual.color import Color

from ollamux.ui.markdown.highlight import lexer
from ollamux.ui.markdown.rich_markdown import render_markdown
from ollamux.ui.markdown.text import _look

# The languages models write most; any other is made when first met.
COMMON_LANGUAGES = ("python", "bash", "json", "javascript", "typescript")

_SAMPLE = "# A\n\nSome *text* and `code`.\n\n- one\n- two\n\n" + "".join(
    f"```{name}\nx = 1\n```\n\n" for name in COMMON_LANGUAGES
)


def warm_up(dark: bool) -> None:
    """Make the common lexers and render a small document once (safe in any thread)."""
    for name in COMMON_LANGUAGES:
        lexer(name)
    console = Console(force_terminal=True, width=80)
    render_markdown(_SAMPLE, _look({}, Color(0, 0, 0), dark), console.options, Style())
