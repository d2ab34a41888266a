"""A session's tab label, and relabelling a tab without laying the screen out again."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static, Tab

from ollamux.core.session import SessionState
from ollamux.ui.chat import ChatView

STATE_MARKS = {
    SessionState.IDLE: ("", ""),
    SessionState.LOADING: (" ◌", "$warning"),
    SessionState.STREAMING: (" ●", "$success"),
    SessionState.CALLING_TOOLS: (" ⇄", "$accent"),
    SessionState.STOPPED: (" ■", "$warning"),
    SessionState.ERROR: (" ✗", "$error"),
}
LABEL_TITLE_LENGTH = 18


def tab_label(number: int, view: ChatView, *, with_host: bool = False) -> Content:
    """`3 title · model ●`: the number is the alt+N (1–9) or ctrl+g digits that jump there.

    Built from plain parts: a title or model name is never read as markup.
    """
    session = view.session
    title = session.title or "new"
    if len(title) > LABEL_TITLE_LENGTH:
        title = title[: LABEL_TITLE_LENGTH - 1] + "…"
    mark, colour = STATE_MARKS[view.state]
    return Content.assemble(
        (f"{number} ", "bold"),
        ("gen ", "$accent") if session.completion is not None else "",  # a completion (/api/generate)
        f"{title} · {session.model}" + (f" @ {view.host_label}" if with_host else ""),
        (mark, colour),
        # Another instance owns it: say so where every tab is seen.
        (" read-only", "$warning") if view.read_only is not None else "",
        # Its host is no longer configured: nothing can be sent until it moves.
        (" host gone", "$warning") if view.host_gone else "",
    )


def relabel_in_place(tab: Tab, label: Content) -> None:
    """A new label of the same width: repainted, without the layout `Tab.label` asks for.

    A reply's first token keeps the width (◌ to ●), and in Textual 8 any layout
    reflows the whole screen: 10-50 ms with four sessions streaming, that every key
    pressed meanwhile waits for (bench/PROFILE.md). Nothing moves, so the
    underline and the overflow marks stay as they are.
    """
    if tab.label != label:
        tab._label = label  # what `Tab.label` reads back; its setter would ask for a layout
        Static.update(tab, label, layout=False)
