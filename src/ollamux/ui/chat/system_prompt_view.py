"""The session's system prompt at the top of its transcript, folded: what the model was told."""

from __future__ import annotations

from rich.text import Text
from textual.content import Content
from textual.widgets import Collapsible, Static

from ollamux.core.text import strip_control


def fold_title(text: str) -> str:
    """`System prompt · 3 lines · You are a terse…`: enough to recognise it folded."""
    lines = text.strip().splitlines() or [""]
    first = " ".join(lines[0].split())
    if len(first) > 40:
        first = first[:39] + "…"
    count = f"{len(lines)} line{'s' if len(lines) != 1 else ''}"
    return f"System prompt · {count} · {first}"


class SystemPromptView(Collapsible):
    """Folded by default; shown only while the session has a system prompt.

    The title is built from the prompt's own words: it is given as Content,
    as a plain string would be read as markup (prompts often hold brackets).
    """

    DEFAULT_CSS = """
    SystemPromptView {
        display: none; margin: 0 0 0 0; padding: 0; border: none;
        background: transparent; border-left: thick $warning 50%;
    }
    SystemPromptView.-shown { display: block; }
    SystemPromptView CollapsibleTitle { color: $text-muted; }
    SystemPromptView > Contents { padding: 0 0 0 2; }
    SystemPromptView .system-text { color: $text-muted; }
    """

    def __init__(self) -> None:
        super().__init__(title="System prompt", collapsed=True, id="system-prompt")
        self.text = ""

    def on_mount(self) -> None:
        self.query_one(Collapsible.Contents).mount(Static(classes="system-text"))
        self.show_text(self.text)

    def show_text(self, text: str) -> None:
        """Show `text` (hidden when empty); folded or not stays as the user left it."""
        self.text = text
        self.set_class(bool(text.strip()), "-shown")
        if not self.is_mounted:
            return
        self.title = Content(strip_control(fold_title(text)))  # type: ignore[assignment]
        for static in self.query(".system-text").results(Static):
            static.update(Text(strip_control(text)))
