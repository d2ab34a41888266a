"""The compare screen's prompt: asked once for every model, its @PATHs attached once.

A file that cannot be attached is named and the prompt asked again with the text
kept; a model that cannot see the images is named and left out of the comparison.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from textual.screen import Screen

from ollamux.api.clients import ClientPool
from ollamux.core.attachment import Attachment, AttachmentError
from ollamux.core.attachment_store import AttachmentStore
from ollamux.ui.chat import Outgoing, ask_to_cut, image_problem, resolve
from ollamux.ui.shared import AskText

if TYPE_CHECKING:
    from ollamux.ui.models import PickedModel


async def ask_prompt(screen: Screen[Any], models: int, store: AttachmentStore) -> Outgoing | None:
    """The prompt with its files attached; None when the user gives up."""
    typed = ""
    while True:
        asked: str | None = await screen.app.push_screen_wait(
            AskText(f"Prompt for {models} models", typed, placeholder="Ask all of them… (@PATH attaches)")
        )
        if not asked or not asked.strip():
            return None
        typed = asked
        try:
            outgoing = await resolve(
                typed, [], store, context_left=None, confirm_cut=lambda error: ask_to_cut(screen.app, error)
            )
        except AttachmentError as error:
            screen.notify(str(error), title="Compare", severity="error", markup=False)
            continue
        if outgoing is not None:
            return outgoing


async def able_to_see(
    screen: Screen[Any], clients: ClientPool, picked: Sequence[PickedModel], attachments: Sequence[Attachment]
) -> list[PickedModel]:
    """The picked models that take these attachments; the others are named and left out."""
    able = []
    for choice in picked:
        problem = await image_problem(clients.get(choice.host), choice.model, attachments)
        if problem:
            screen.notify(problem, title="Compare", severity="warning", timeout=15, markup=False)
        else:
            able.append(choice)
    return able
