"""From typed text and chips to a prompt with its files, and the checks before it goes.

`@PATH` mentions (and bare image paths) are resolved when the prompt is sent, not
while it is typed: the text is the user's until Enter. Any file that cannot be
attached stops the send with a word that names it, and nothing the user typed or
attached is lost.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from ollamux.api.clients import ChatClient
from ollamux.api.errors import ApiError
from ollamux.core.attach import TooLongForContext, attach_path
from ollamux.core.attachment import Attachment
from ollamux.core.attachment_paths import find_mentions, without_mentions
from ollamux.core.attachment_store import AttachmentStore
from ollamux.core.text_files import estimate_tokens
from ollamux.core.vision import image_refusal

# How many models' details are asked at once to find ones that take images.
SHOW_AT_ONCE = 8
SHOW_AT_MOST = 40


@dataclass(frozen=True, slots=True)
class Outgoing:
    """What goes to the model: the text it reads and every file attached."""

    text: str
    attachments: tuple[Attachment, ...]


# Asked when a text file does not fit in what is left of the context: cut it?
ConfirmCut = Callable[[TooLongForContext], Awaitable[bool]]


async def resolve(
    text: str,
    chips: Sequence[Attachment],
    store: AttachmentStore,
    *,
    context_left: int | None,
    confirm_cut: ConfirmCut,
    cwd: Path | None = None,
) -> Outgoing | None:
    """Attach what `text` mentions after the chips; None when the user declined a cut.

    Raises AttachmentError naming the first file that cannot be attached.
    """
    mentions = find_mentions(text, cwd or Path.cwd())
    attached = list(chips)
    left = context_left
    for mention in mentions:
        attachment = await attach_one(mention.path, store, context_left=left, confirm_cut=confirm_cut)
        if attachment is None:
            return None
        if not attachment.is_image and left is not None:
            left = max(0, left - await asyncio.to_thread(_tokens_of, store, attachment))
        attached.append(attachment)
    return Outgoing(without_mentions(text, mentions) if mentions else text, tuple(attached))


async def attach_one(
    path: Path, store: AttachmentStore, *, context_left: int | None, confirm_cut: ConfirmCut
) -> Attachment | None:
    """Attach one file, in a thread (images are decoded); None when the user declined a cut."""
    try:
        return await asyncio.to_thread(attach_path, path, store, context_left=context_left)
    except TooLongForContext as error:
        if not await confirm_cut(error):
            return None
        return await asyncio.to_thread(attach_path, path, store, context_left=context_left, cut=True)


def _tokens_of(store: AttachmentStore, attachment: Attachment) -> int:
    return estimate_tokens(store.read(attachment.sha256).decode("utf-8", "replace"))


async def image_problem(client: ChatClient, model: str, attachments: Sequence[Attachment]) -> str | None:
    """Why `model` will not take these images, asked of the server; None if it will or cannot tell.

    Only Ollama says what a model can do; an OpenAI-compatible server's own refusal
    shows on the reply instead.
    """
    images = sum(1 for attachment in attachments if attachment.is_image)
    admin = client.admin
    if images == 0 or admin is None:
        return None
    try:
        details = await admin.show(model)
    except ApiError:
        return None  # the reply will say what is wrong with the model or host
    if details.capabilities and "vision" not in details.capabilities:
        vision = await _vision_models(client)
        return image_refusal(model, details.capabilities, images, vision_models=vision)
    return image_refusal(model, details.capabilities, images, family=details.family)


async def _vision_models(client: ChatClient) -> list[str]:
    """The host's models that take images, loaded ones first; from the list or, where it does not say, details."""
    admin = client.admin
    try:
        listed = await client.list_models()
    except ApiError:
        return []
    found = [info.name for info in listed if "vision" in info.capabilities]
    unknown = [info.name for info in listed if not info.capabilities][:SHOW_AT_MOST]
    if admin is None or not unknown:
        return found
    limit = asyncio.Semaphore(SHOW_AT_ONCE)

    async def takes_images(name: str) -> bool:
        async with limit:
            try:
                return "vision" in (await admin.show(name)).capabilities
            except ApiError:
                return False

    answers = await asyncio.gather(*(takes_images(name) for name in unknown))
    found += [name for name, yes in zip(unknown, answers, strict=True) if yes]
    try:
        loaded = {model.name for model in await admin.running_models()}
    except ApiError:
        loaded = set()
    # A model already in memory answers at once: suggested first.
    return sorted(found, key=lambda name: (name not in loaded, name))
