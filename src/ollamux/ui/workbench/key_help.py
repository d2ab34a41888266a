"""What the help screen (F1) lists: every key, by where it works."""

from __future__ import annotations

from textual.binding import BindingType

from ollamux.ui.chat import ChatView, CompareScreen, Transcript
from ollamux.ui.completion import COMPLETION_KEYS
from ollamux.ui.copy import COPY_MODE_KEYS
from ollamux.ui.embed import EMBED_KEYS
from ollamux.ui.inspector import Inspector
from ollamux.ui.models import ModelsPanel
from ollamux.ui.sessions import SessionBrowser
from ollamux.ui.workbench.bindings import (
    APP_KEYS,
    BROWSER_FILTER,
    COMPLETION_PICK,
    JUMP_BINDINGS,
    JUMP_KEYS,
    MOUSE_ACTIONS,
    PROMPT_KEYS,
    SESSION_KEYS,
    WORKBENCH_KEYS,
)


def help_sections() -> list[tuple[str, list[BindingType]]]:
    sessions = [b for b in WORKBENCH_KEYS if b not in SESSION_KEYS]
    return [
        ("Sessions", [*sessions, *APP_KEYS, *JUMP_BINDINGS, JUMP_KEYS]),
        ("Chat (from every panel)", [*SESSION_KEYS, *ChatView.BINDINGS]),
        ("Transcript", [*Transcript.BINDINGS, *MOUSE_ACTIONS]),
        ("Prompt", list(PROMPT_KEYS)),
        ("Compare (ctrl+o; F11 shows the last one again)", list(CompareScreen.BINDINGS)),
        ("Models panel (F3)", list(ModelsPanel.BINDINGS)),
        ("Embeddings (e in the models panel, or the palette)", list(EMBED_KEYS)),
        ("Options inspector (F5)", list(Inspector.BINDINGS)),
        ("Copy mode (ctrl+y)", list(COPY_MODE_KEYS)),
        ("Saved sessions (F4)", [BROWSER_FILTER, *SessionBrowser.BINDINGS]),
        ("Completion session", [COMPLETION_PICK, *COMPLETION_KEYS]),
    ]
