"""Compact a session: ask which model summarises, stream the summary, fold the turns; and undo.

A summary that fails, comes back empty or is stopped changes nothing: the
session is only touched once a whole summary is in.
"""

from __future__ import annotations

import asyncio
import operator
from collections.abc import Awaitable, Callable
from contextlib import aclosing
from dataclasses import replace
from weakref import WeakKeyDictionary

from textual.screen import Screen
from textual.worker import Worker

from ollamux.api.clients import ChatClient, ClientPool
from ollamux.api.errors import ApiError
from ollamux.api.events import ChatRequest, Content, Done
from ollamux.core.compaction import Compaction, cut_point, summary_request, tokens_after
from ollamux.core.context_meter import ContextUse, format_tokens
from ollamux.core.options import options_for
from ollamux.core.session import Session, now
from ollamux.ui.chat import ChatView, Transcript
from ollamux.ui.chat.compacted import CompactedFold
from ollamux.ui.compact.ask import SummariserChoice
from ollamux.ui.compact.status import SummaryStatus

Save = Callable[[Session], Awaitable[None]]
UNDO_KEY = "alt+z"

# The summary running for a view, to stop it (Escape, ctrl+c).
_running: WeakKeyDictionary[ChatView, Worker[None]] = WeakKeyDictionary()


def compacting(view: ChatView) -> bool:
    return view in _running


def stop_compaction(view: ChatView) -> bool:
    """Stop the summary being made for `view`; False if there is none."""
    worker = _running.get(view)
    if worker is None:
        return False
    worker.cancel()
    return True


def start_compaction(screen: Screen[None], view: ChatView, clients: ClientPool, save: Save) -> None:
    """Alt+s, the palette, `/compact`: says why not, or asks which model and starts."""
    if view.refuse_if_read_only() or view.refuse_if_host_gone():
        return
    if compacting(view):
        view.notify("A summary is already being made: Escape stops it.", markup=False)
        return
    if view.session.busy:
        view.notify("Stop the reply first (Escape), then compact.", severity="warning", markup=False)
        return
    if cut_point(view.session.messages, view.session.compaction) is None:
        view.notify("Nothing to compact yet: the last exchange is always sent whole, "
                    "and nothing before it is left to summarise.", markup=False)
        return
    _running[view] = screen.run_worker(_compact(screen, view, clients, save), group="compact")
    screen.refresh_bindings()


async def _compact(screen: Screen[None], view: ChatView, clients: ClientPool, save: Save) -> None:
    session = view.session
    try:
        cut = cut_point(session.messages, session.compaction)
        if cut is None:
            return
        answer = await screen.app.push_screen_wait(SummariserChoice(cut, session.model))
        host, model, client = session.host, session.model, view.client
        if answer is None:
            return
        if answer == "other":
            from ollamux.ui.models import ModelPicker  # at first use: start-up time

            picked = await screen.app.push_screen_wait(ModelPicker(clients, title="Summarise the earlier turns with…"))
            if not picked:
                return
            host, model, client = picked[0].host, picked[0].model, clients.get(picked[0].host)
        if client is None:
            return
        covered, previous = list(session.messages[:cut]), session.compaction
        status = SummaryStatus(cut, model)
        transcript = view.query_one(Transcript)
        await transcript.mount(status)
        transcript.action_end()
        try:
            summary, generated = await _summarise(client, summary_request(session, model, cut), status)
            while session.busy:  # a prompt sent meanwhile: its reply's view must not be rebuilt under it
                status.show_progress("done; waiting for the reply to end")
                await asyncio.sleep(0.2)
        finally:
            await status.remove()
        if not view.is_attached:
            return  # the tab was closed meanwhile: the session is as it was saved
        if not summary:
            view.notify(f"{model} sent no summary: nothing changed.", severity="warning", markup=False)
            return
        unchanged = len(session.messages) >= cut and all(map(operator.is_, covered, session.messages))
        if not unchanged or session.compaction is not previous:
            view.notify("The chat changed while it was summarised: nothing changed, alt+s tries again.",
                        severity="warning", markup=False)
            return
        before = _used(session)
        after = tokens_after(before, session, cut, summary, generated) if before is not None else None
        session.compaction = Compaction(summary, cut, model, host, tokens_before=before, tokens_after=after)
        session.updated_at = now()
        await transcript.load(session.messages)
        view.paint_session_line()
        await save(session)
        gain = f" (ctx {format_tokens(before)} → ~{format_tokens(after)})" if before and after else ""
        view.notify(f"{cut} messages compacted{gain}: the summary is sent instead. {UNDO_KEY} undoes.",
                    markup=False)
    except asyncio.CancelledError:
        view.notify("Compaction stopped: nothing changed.", markup=False)
        raise
    except ApiError as error:
        view.notify(f"The summary failed, nothing changed: {error.message} {error.hint}".strip(),
                    severity="error", markup=False)
    finally:
        _running.pop(view, None)
        screen.refresh_bindings()  # the footer's Stop goes with the summary


async def _summarise(client: ChatClient, request: ChatRequest, status: SummaryStatus) -> tuple[str, int | None]:
    """The summary's text, streamed into `status`, and its token count when the server gave one."""
    request = replace(request, options=options_for(client.capabilities.options, request.options))
    parts: list[str] = []
    generated = None
    # Closed on a stop: the server stops generating (there is no cancel endpoint).
    async with aclosing(client.chat_batches(request)) as batches:
        async for batch in batches:
            for event in batch:
                if isinstance(event, Content):
                    parts.append(event.text)
                    status.add(event.text)
                elif isinstance(event, Done):
                    generated = event.stats.generated_tokens
    return "".join(parts).strip(), generated


def _used(session: Session) -> int | None:
    """The context used after the last reply, as the meter counts it."""
    stats = next((m.stats for m in reversed(session.messages) if m.stats), None)
    return ContextUse.from_stats(stats, None).used if stats is not None else None


async def undo_compaction(view: ChatView, save: Save) -> None:
    """Send the whole history again; the summarised messages unfold in place."""
    session = view.session
    if view.refuse_if_read_only():
        return
    if session.compaction is None:
        view.notify("Nothing is compacted: the whole history is sent.", markup=False)
        return
    if session.busy:
        view.notify("Stop the reply first (Escape), then undo the compaction.", severity="warning", markup=False)
        return
    count, session.compaction = session.compaction.covers, None
    session.updated_at = now()
    await view.query_one(Transcript).load(session.messages)
    view.paint_session_line()
    view.focus_prompt()  # the fold's row, which may have had it, is gone
    await save(session)
    view.notify(f"Compaction undone: the {count} summarised messages are sent again.", markup=False)


async def before_regenerate(view: ChatView) -> None:
    """Regenerating a summarised reply (F7 emptied the turns after it) ends the compaction first."""
    session, messages = view.session, view.session.messages
    compaction = session.compaction
    if compaction is not None and not session.busy and messages and len(messages) <= compaction.covers \
            and messages[-1].role == "assistant":
        session.compaction = None
        await view.query_one(Transcript).load(messages)
        view.paint_session_line()


def toggle_fold(view: ChatView) -> None:
    """The palette's way to the summarised messages: unfold (or fold) them, their row focused."""
    if not view.query_one(CompactedFold).toggle():
        view.notify("Nothing is compacted in this session.", markup=False)


def tell_problem(view: ChatView) -> None:
    """A damaged compaction in the file: said once, when the session opens."""
    if problem := view.session.compaction_problem:
        view.session.compaction_problem = ""
        view.notify(problem, title="Sessions", severity="warning", timeout=15, markup=False)
