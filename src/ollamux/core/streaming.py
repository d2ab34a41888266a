"""Run one reply from request to its last event: the single path for both backends."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable, Sequence
from contextlib import aclosing
from dataclasses import replace
from itertools import groupby
from typing import Any

from ollamux.api.clients import ChatClient
from ollamux.api.errors import ApiError, ModelNotFound
from ollamux.api.events import ChatEvent, ChatRequest, Content, Thinking
from ollamux.core.attachment import AttachmentError
from ollamux.core.attachment_wire import BlobReader
from ollamux.core.model_names import did_you_mean
from ollamux.core.options import OptionError, options_for
from ollamux.core.session import ChatMessage, Session, Status, settings_sent

log = logging.getLogger(__name__)

# The longest a reply's events run without giving the event loop back.
TIME_SLICE = 0.004
# A reply trickling in at under TRICKLE events a second (a GPU box's pace: tens to
# hundreds of tokens a second) is read at most every READ_INTERVAL once its first
# token is in: each read costs the HTTP stack, the reply loop and the view as much
# for one line as for a dozen, and the view paints every 80 ms at most anyway.
# A faster one is read as fast as it comes.
READ_INTERVAL = 0.05
TRICKLE = 500


async def stream_reply(
    session: Session,
    client: ChatClient,
    on_event: Callable[[ChatEvent], None] = lambda event: None,
    on_start: Callable[[ChatMessage], None] = lambda reply: None,
    read: BlobReader | None = None,
    tools: Sequence[dict[str, Any]] = (),
) -> ChatMessage:
    """Stream the next reply into `session`, telling `on_event` of each event (a run of
    text pieces that came in one read is one event).

    `on_start` gets the new reply before any byte arrives (a cold model can take
    minutes to send one). Cancelling the task stops the reply: the connection is closed, so the server
    stops generating, and the partial text stays, marked stopped. Errors end up
    on the reply itself rather than escaping, so the session stays usable.
    `read` gives attachments' bytes by hash (`AttachmentStore.read`); a file that
    cannot be read fails the reply with its name, and the prompt stays in the history.
    `tools` are offered to the model (`Tool.wire()` entries); the loop runs its calls.
    """
    reply = session.start_reply()  # history for the request leaves this one out
    on_start(reply)
    started = time.monotonic()
    try:
        request = await _request(session, read, tools)
        reply.sent = settings_sent(request)
        request = replace(request, options=options_for(client.capabilities.options, request.options))
        slice_started = time.monotonic()
        received = 0  # events since the first token
        async with aclosing(client.chat_batches(request)) as batches:
            async for batch in batches:
                now = time.monotonic()
                for event in joined(batch):
                    if reply.first_token_seconds is None and isinstance(event, (Thinking, Content)):
                        reply.first_token_seconds = now - started
                    session.apply(event)
                    on_event(event)
                if reply.first_token_seconds is not None:
                    received += len(batch)
                    trickling = received < TRICKLE * (now - started - reply.first_token_seconds)
                    if trickling and reply.status is Status.STREAMING:
                        # Let the next lines pile up in the socket rather than wake
                        # the whole HTTP stack and the view for each one.
                        await asyncio.sleep(max(0.0, now + READ_INTERVAL - time.monotonic()))
                        slice_started = time.monotonic()
                        continue
                if time.monotonic() - slice_started > TIME_SLICE:
                    # One read from a fast server holds hundreds of lines, all decoded
                    # without an await: let key presses and other sessions in between.
                    await asyncio.sleep(0)
                    slice_started = time.monotonic()
    except asyncio.CancelledError:
        session.stop()
        raise
    except AttachmentError as error:
        session.fail(str(error), ATTACHMENT_HINT)
    except ModelNotFound as error:
        session.fail(error.message, await _nearest_hint(client, error))
    except (ApiError, OptionError) as error:
        session.fail(error.message, error.hint)
    except Exception as error:  # a bug of ours must not lose the partial reply
        log.exception("reply failed")
        session.fail(f"Unexpected error: {type(error).__name__}: {error}")
    return reply


ATTACHMENT_HINT = "F7 takes the prompt back to attach the file again or send without it."


def joined(batch: list[ChatEvent]) -> list[ChatEvent]:
    """The batch with runs of answer (or thinking) pieces joined: one append each, not one per token."""
    events: list[ChatEvent] = []
    for kind, run in groupby(batch, type):
        if kind is Content:
            events.append(Content("".join(event.text for event in run if isinstance(event, Content))))
        elif kind is Thinking:
            events.append(Thinking("".join(event.text for event in run if isinstance(event, Thinking))))
        else:
            events.extend(run)
    return events


async def _request(session: Session, read: BlobReader | None, tools: Sequence[dict[str, Any]]) -> ChatRequest:
    """The request; read and encoded off the event loop when the history holds files."""
    if any(message.attachments for message in session.messages):
        return await asyncio.to_thread(session.request, read, tools)
    return session.request(read, tools)


async def _nearest_hint(client: ChatClient, error: ModelNotFound) -> str:
    """The 404 hint, led by the installed names a typo is nearest to.

    "Pull qwen3:8x" is poor advice when qwen3:8b is right there.
    """
    try:
        names = [model.name for model in await client.list_models()]
    except ApiError:
        return error.hint
    suggestion = did_you_mean(error.model, names)
    if not suggestion:
        return error.hint
    return f"{suggestion[0].upper()}{suggestion[1:]} (F10 moves this session to it.) {error.hint}"
