"""The summary as it streams in, at the end of the transcript, with how to stop it."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from ollamux.core.text import strip_control

# The tail of the summary shown while it streams: enough to see it is coming.
SHOWN_CHARACTERS = 400


class SummaryStatus(Static):
    DEFAULT_CSS = """
    SummaryStatus { height: auto; margin: 1 1 0 1; padding: 0 1; border-left: outer $accent; color: $text-muted; }
    """

    def __init__(self, count: int, model: str) -> None:
        super().__init__()
        self.head = f"Summarising {count} messages with {model}…"
        self.text = ""
        self.show_progress("waiting for the model")

    def add(self, text: str) -> None:
        self.text += text
        words = len(self.text.split())
        self.show_progress(f"{words} word{'s' if words != 1 else ''}")

    def show_progress(self, progress: str) -> None:
        line = Text(f"{self.head} {progress} · Escape stops (nothing changes)\n", style="bold")
        tail = self.text[-SHOWN_CHARACTERS:]
        line.append(strip_control(("…" if len(self.text) > len(tail) else "") + tail))
        self.update(line)
