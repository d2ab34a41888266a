"""Continuing the last reply (alt+c, `/continue`, the palette): the chat view's side.

The session does the work (`Session.resume_last_reply`): the reply streams
again, its text goes out as the final assistant message, and what comes back is
appended to it. Here the reply's widget is swapped for a streaming one that
starts with the text it had, at the same place: on screen it is one message.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.widget import AwaitMount

from ollamux.core.continuation import refusal_for, why_not_continued
from ollamux.ui.chat.command_note import CommandNote
from ollamux.ui.chat.message import ReplyView
from ollamux.ui.chat.transcript import Transcript

if TYPE_CHECKING:
    from ollamux.ui.chat.view import ChatView

__all__ = ["can_continue", "continue_reply", "mount_reply", "why_not"]


def can_continue(view: ChatView) -> bool:
    """Whether the last reply is one to continue (stopped, cut, broken off), whatever the host."""
    session = view.session
    last = session.messages[-1] if session.messages else None
    return not session.busy and session.completion is None and why_not_continued(last) is None


def why_not(view: ChatView) -> str | None:
    """Why the session on screen cannot continue its last reply now; None when it can."""
    session = view.session
    if session.busy:
        return "A reply is still streaming: press Escape to stop it, or wait."
    if session.completion is not None:
        return "A completion run is not continued: ctrl+r runs its prompt again."
    if why := why_not_continued(session.messages[-1] if session.messages else None):
        return why
    return refusal_for(view.client.capabilities) if view.client is not None else None


async def continue_reply(view: ChatView, typed: str | None = None) -> bool:
    """Continue the last reply; False (and says why) when it cannot be.

    `typed` is the `/continue` command when it came from the prompt: the reason
    then shows as its note in the transcript, as other commands' do.
    """
    if view.refuse_if_read_only() or view.refuse_if_host_gone():
        return False
    if typed is not None and typed.split()[1:]:
        problem: str | None = "/continue takes nothing after it: it carries on the last reply."
    else:
        problem = why_not(view)
    if problem is not None:
        if typed is not None:
            await view.show_note(CommandNote(typed, problem, error=True))
        else:
            view.notify(problem, title="Continue", severity="warning", markup=False)
        return False
    reply = view.session.resume_last_reply()
    shown = [w for w in view.query_one(Transcript).query(ReplyView) if w.message is reply]
    view.stream_continuation(shown[-1] if shown else None)
    return True


def mount_reply(transcript: Transcript, view: ReplyView, replacing: ReplyView | None) -> AwaitMount:
    """Mount a streaming reply's widget; in place of `replacing` when it continues that one."""
    if replacing is None or not replacing.is_attached:
        return transcript.mount(view)
    message = view.message
    if message.thinking:  # an empty piece would still unfold an empty "Thinking"
        view.add_thinking(message.thinking)
    view.add_content(message.content)
    mounted = transcript.mount(view, after=replacing)

    async def swap() -> None:
        # The old widget goes once the new one shows the text: no blank frame between.
        await mounted
        await view.flush()
        await replacing.remove()

    transcript.call_after_refresh(swap)
    return mounted
