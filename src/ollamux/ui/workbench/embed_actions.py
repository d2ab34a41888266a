"""Embedding models at the workbench: the embeddings view, and keeping them out of chat.

An embedding model turns text into vectors and cannot chat: picked for a session (the
picker, the models panel, F10, compare), it is explained and the embeddings view offered
instead. What a model can do comes from `/api/show`, remembered per pool with the
picker's badges, so a model the picker or the panel has drawn costs no request.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ollamux.api.clients import ClientPool, workshop_of
from ollamux.api.errors import ApiError
from ollamux.core.embedding_text import embedding_capable, embedding_only
from ollamux.ui.shared import Confirm

if TYPE_CHECKING:
    from ollamux.ui.models import PickedModel
    from ollamux.ui.workbench.screen import WorkbenchScreen


async def capabilities_of(pool: ClientPool, host: str, model: str) -> tuple[str, ...] | None:
    """What the model can do (`/api/show`, remembered); None where its host cannot say."""
    from ollamux.ui.models.picker import capability_cache

    cache = capability_cache(pool)
    if (host, model) in cache:
        return cache[(host, model)]
    admin = pool.get(host).admin if host in pool.hosts else None
    if admin is None:
        return None
    try:
        details = await admin.show(model)
    except ApiError:
        return None  # the session will say what is wrong, in the server's words
    cache[(host, model)] = details.capabilities
    return details.capabilities


def not_for_chat(model: str) -> str:
    return f"{model} is an embedding model: it turns text into vectors and cannot chat."


async def chat_allowed(bench: WorkbenchScreen, host: str, model: str) -> bool:
    """True to chat with it; for an embedding model, say why not and offer its view."""
    if not embedding_only(await capabilities_of(bench.clients, host, model) or ()):
        return True
    if await bench.app.push_screen_wait(Confirm(f"{not_for_chat(model)} Open the embeddings view instead?")):
        await open_embeddings(bench, host, model)
    return False


async def chat_models(bench: WorkbenchScreen, picked: list[PickedModel]) -> list[PickedModel]:
    """The picks that can chat (a comparison); the others named in one notice."""
    kept: list[PickedModel] = []
    left: list[PickedModel] = []
    for pick in picked:
        capabilities = await capabilities_of(bench.clients, pick.host, pick.model)
        (left if embedding_only(capabilities or ()) else kept).append(pick)
    if left:
        names = ", ".join(pick.model for pick in left)
        bench.notify(f"Left out of the comparison, embedding models cannot chat: {names}.",
                     severity="warning", markup=False)
    return kept


async def open_embeddings(bench: WorkbenchScreen, host: str, model: str) -> None:
    """The embeddings view on `model`, if its host and the model can embed."""
    from ollamux.ui.embed import EmbedScreen  # at first use: start-up time

    workshop = workshop_of(bench.clients.get(host)) if host in bench.clients.hosts else None
    if workshop is None:
        bench.notify(f"Embeddings need Ollama's native API; host '{host}' does not have it.",
                     severity="warning", markup=False)
        return
    capabilities = await capabilities_of(bench.clients, host, model)
    if capabilities is not None and not embedding_capable(capabilities):
        bench.notify(f"{model} cannot embed: its capabilities are {', '.join(capabilities) or 'unknown'}. "
                     "Pick a model marked 'embed'.", severity="warning", markup=False)
        return
    await bench.app.push_screen(EmbedScreen(host, model, workshop, bench.copying.copy))


async def pick_and_embed(bench: WorkbenchScreen) -> None:
    """The palette's way in: pick an embedding model, then its view."""
    from ollamux.ui.models import ModelPicker

    picked = await bench.app.push_screen_wait(
        ModelPicker(bench.clients, title="Embeddings: pick a model marked 'embed'"))
    if picked:
        await open_embeddings(bench, picked[0].host, picked[0].model)
