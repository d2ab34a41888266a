"""What Enter in a session's prompt does: run a prompt command, or send the prompt with its files.

Plain functions of the view, run in its `_submit` worker (a file too long for the
context asks first, and a dialog's answer is awaited only in a worker).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ollamux.api.capabilities import OLLAMA
from ollamux.core.attachment import AttachmentError
from ollamux.core.prompt_commands import CONTINUE, Command, CommandError, literal_message, parse, run
from ollamux.ui.chat.attaching import image_problem
from ollamux.ui.chat.command_note import CommandNote
from ollamux.ui.chat.compacted import CompactWanted
from ollamux.ui.chat.continuing import continue_reply
from ollamux.ui.chat.prompt_dock import PromptDock

if TYPE_CHECKING:
    from ollamux.ui.chat.prompt import PromptArea
    from ollamux.ui.chat.view import ChatView


async def send_typed(view: ChatView, typed_text: str, prompt: PromptArea) -> None:
    """What Enter in the prompt does with `typed_text`: a command, or a prompt sent with its files."""
    if not typed_text.strip() and not view.session.draft_attachments:
        return  # nothing to send
    if (command := parse(typed_text)) is not None:
        if await run_command(view, command, typed_text):
            prompt.remember(typed_text)
            prompt.clear_sent(typed_text)
        return
    if not view.can_send():
        return  # the typed text and the chips stay
    typed = literal_message(typed_text) or typed_text
    try:
        outgoing = await view.query_one(PromptDock).outgoing(typed)
    except AttachmentError as error:
        await view.show_note(CommandNote(first_line(typed_text), str(error), error=True))
        return
    if outgoing is None:
        return
    text, attached = outgoing
    if view.client is not None and (problem := await image_problem(view.client, view.session.model, attached)):
        await view.show_note(CommandNote(first_line(typed_text), problem, error=True))
        return
    if await view.send_prompt(text, attached):
        prompt.remember(typed_text)
        prompt.clear_sent(typed_text)


async def run_command(view: ChatView, command: Command, typed: str) -> bool:
    """Run a prompt command; its answer (or why not) shows in the transcript.

    False when refused: the typed command then stays in the prompt to be fixed.
    """
    if command.name in ("set", "reset") and view.refuse_if_read_only():
        return False
    if command.name == CONTINUE:
        return await continue_reply(view, typed)
    try:
        # A session whose host is gone has no client: its options are still Ollama's.
        capabilities = view.client.capabilities if view.client is not None else OLLAMA
        answer, changed = run(command, view.session, capabilities)
    except CommandError as error:
        await view.show_note(CommandNote(typed, str(error), error=True))
        return False
    await view.show_note(CommandNote(typed, answer))
    if command.name == "compact":  # checked above; the workbench asks which model, or undoes
        view.post_message(CompactWanted(view, undo=bool(command.args)))
    if changed:
        view.post_message(view.SettingsChanged(view))
    return True


def first_line(typed: str) -> str:
    """What a note about a refused prompt echoes of it."""
    return typed.strip().split("\n", 1)[0] or "(attachments)"
