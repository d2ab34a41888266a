"""The summarised messages of a compacted session: one marked row, the summary, the originals on Enter.

The model is sent the summary instead of these messages; they stay in the
session and are shown here, folded, so nothing the user saw is lost.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import Collapsible, Static

from ollamux.core.compaction import Compaction
from ollamux.core.session import ChatMessage
from ollamux.core.text import strip_control
from ollamux.ui.chat.message import ReplyView
from ollamux.ui.chat.tool_calls import with_results
from ollamux.ui.chat.user_message import UserMessage
from ollamux.ui.markdown import MarkdownText


@dataclass
class CompactWanted(Message):
    """`/compact` (or `/compact undo`) was typed: the workbench runs it."""

    view: object  # the ChatView (typed loosely: the view imports this module)
    undo: bool = False


def fold_title(count: int, model: str, folded: bool) -> str:
    noun = "message" if count == 1 else "messages"
    by = f" by {model}" if model else ""
    action = "Enter to unfold" if folded else "Enter to fold"
    return f"{count} {noun} summarised{by} — {action}"


class CompactedFold(Vertical):
    """Hidden unless the session is compacted; the originals are mounted at the first unfold."""

    DEFAULT_CSS = """
    CompactedFold { display: none; height: auto; margin: 1 0 0 0; border-left: thick $accent 60%; }
    CompactedFold.-shown { display: block; }
    CompactedFold > Collapsible { margin: 0; padding: 0; border: none; background: transparent; }
    CompactedFold CollapsibleTitle { color: $accent; text-style: bold; }
    CompactedFold > Collapsible > Contents { padding: 0 0 0 1; }
    CompactedFold > .compact-label { padding: 0 1 0 2; color: $text-muted; text-style: italic; }
    CompactedFold > MarkdownText { padding: 0 1 0 2; }
    """

    def __init__(self) -> None:
        super().__init__(id="compacted")
        self.compaction: Compaction | None = None
        self.covered: list[ChatMessage] = []
        self._mounted_originals = False

    def compose(self) -> ComposeResult:
        yield Collapsible(title="", collapsed=True)
        yield Static(Text("The model is sent this summary instead:"), classes="compact-label")

    async def show(self, compaction: Compaction | None, covered: Sequence[ChatMessage]) -> None:
        """Fold `covered` under the summary; None hides the fold (nothing compacted)."""
        self.compaction, self.covered = compaction, list(covered)
        self.set_class(compaction is not None, "-shown")
        contents = self.query_one(Collapsible.Contents)
        await contents.remove_children()
        self._mounted_originals = False
        fold = self.query_one(Collapsible)
        fold.collapsed = True
        if compaction is None:
            return
        fold.title = Content(fold_title(len(covered), compaction.model, True))  # type: ignore[assignment]
        await self.query_children(MarkdownText).remove()
        await self.mount(MarkdownText(strip_control(compaction.summary)))

    def toggle(self) -> bool:
        """Unfold or fold the originals, their row focused; False when nothing is compacted."""
        if self.compaction is None:
            return False
        fold = self.query_one(Collapsible)
        fold.collapsed = not fold.collapsed
        fold.query_one("CollapsibleTitle").focus()
        self.scroll_visible(top=True, animate=False)
        return True

    @on(Collapsible.Expanded)
    async def _unfolded(self, event: Collapsible.Expanded) -> None:
        event.stop()
        self._retitle(folded=False)
        if not self._mounted_originals:
            self._mounted_originals = True
            widgets = [UserMessage(m) if m.role == "user" else ReplyView(m, results=r)
                       for m, r in with_results(self.covered)]
            await self.query_one(Collapsible.Contents).mount_all(widgets)

    @on(Collapsible.Collapsed)
    def _folded(self, event: Collapsible.Collapsed) -> None:
        event.stop()
        self._retitle(folded=True)

    def _retitle(self, *, folded: bool) -> None:
        if self.compaction is not None:
            title = fold_title(len(self.covered), self.compaction.model, folded)
            self.query_one(Collapsible).title = Content(title)  # type: ignore[assignment]
