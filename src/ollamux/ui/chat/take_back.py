"""F7: the last prompt back into the editor to edit and resend, its reply removed;
F7 again, before anything new is sent, puts the prompt, its reply and the draft back."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ollamux.core.attachment import Attachment
from ollamux.core.session import ChatMessage, Session
from ollamux.ui.chat.prompt import PromptArea
from ollamux.ui.chat.prompt_dock import PromptDock
from ollamux.ui.chat.transcript import Transcript

if TYPE_CHECKING:
    from ollamux.ui.chat.view import ChatView


@dataclass
class TakenBack:
    """What F7 took away, to put back with F7 again while nothing new was sent."""

    messages: list[ChatMessage]  # the prompt and its reply (or replies)
    draft: str  # what the editor held before the prompt came back into it
    left: int  # how many messages the session kept
    chips: list[Attachment]  # what was attached to the draft, back with it

    def still_undoable(self, session: Session) -> bool:
        return len(session.messages) == self.left and not session.busy


async def take_back(view: ChatView) -> TakenBack | None:
    """The last prompt (text and files) into the editor; what was taken, or None if nothing."""
    session = view.session
    prompt = view.query_one(PromptArea)
    before = list(session.messages)
    taken = session.take_back_last_prompt()
    if taken is None:
        view.notify("There is no prompt to edit yet.", markup=False)
        return None
    # Kept until something new is sent: F7 again puts the prompt and its reply back.
    kept = TakenBack(before[len(session.messages):], prompt.text, len(session.messages),
                     list(session.draft_attachments))
    # Rebuild the (windowed) transcript from what is left: cheap and never out of step.
    await view.query_one(Transcript).load(session.messages)
    prompt.text = taken.content
    session.draft_attachments = list(taken.attachments)  # its chips come back too
    view.query_one(PromptDock).show_chips()
    prompt.focus()
    view.notify("The prompt is back in the editor and its reply removed. F7 again puts both back.", markup=False)
    return kept


async def put_back(view: ChatView, taken: TakenBack) -> None:
    """Undo `take_back`: the prompt and its reply return, and the draft with its chips."""
    view.session.put_back(taken.messages)
    await view.query_one(Transcript).load(view.session.messages)
    prompt = view.query_one(PromptArea)
    prompt.text = taken.draft
    view.session.draft_attachments = taken.chips
    view.query_one(PromptDock).show_chips()
    prompt.focus()
    view.notify("The prompt and its reply are back.", markup=False)
