"""Presets meet the sessions here: apply one to the session on screen, save its settings
as one, and start a new session from one (the ctrl+n picker's Tab).

The inspector has no undo, so the notice after applying lists every change with
its value before: what a user needs to set it back by hand.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

from ollamux.api.capabilities import OLLAMA, Capabilities
from ollamux.api.clients import ClientPool
from ollamux.api.errors import ApiError
from ollamux.config import display_path, presets_dir
from ollamux.core.model_names import is_listed
from ollamux.core.preset_apply import Known, apply_preset
from ollamux.core.preset_files import file_name, preset_from_session, save_preset
from ollamux.core.presets import Preset, load_presets
from ollamux.core.session import Session
from ollamux.core.toolbox import model_capabilities
from ollamux.ui.chat import ChatView
from ollamux.ui.inspector import Inspector
from ollamux.ui.presets import NO_PRESET, PresetPicker
from ollamux.ui.shared import AskText, Confirm

if TYPE_CHECKING:
    from ollamux.ui.workbench.screen import WorkbenchScreen


async def ask_host(clients: ClientPool, host: str, model: str) -> Known:
    """What `host` lists and whether `model` thinks there; None where it cannot say."""
    if host not in clients.hosts:
        return Known()
    client = clients.get(host)
    try:
        models = [info.name for info in await client.list_models()]
    except ApiError:
        return Known()  # unreachable: nothing more to ask it
    try:
        abilities = await model_capabilities(client, model) if is_listed(model, models) else None
    except ApiError:
        abilities = None
    return Known(models, None if abilities is None else "thinking" in abilities)


def pick_and_apply(bench: WorkbenchScreen) -> None:
    """Pick a preset for the session on screen and apply it, saying what changed.

    The dialogs here are pushed at once, not from a worker: keys typed right after
    the one that opened them (a filter, a name) must land in them, not behind them.
    """
    view = bench.workspace.active_view
    if view is None:
        bench.notify("No session open: ctrl+n opens one (and can start it from a preset).", markup=False)
        return
    if view.refuse_if_read_only():
        return
    session = view.session
    capabilities = view.client.capabilities if view.client else OLLAMA
    picker = PresetPicker(
        presets_dir(), title=f"Apply a preset to {session.title or 'this session'} · {session.model}",
        capabilities=capabilities, host=session.host, model=session.model,
        look_up=lambda: ask_host(bench.clients, session.host, session.model),
    )

    async def picked(preset: Preset | None) -> None:
        if preset is None or not view.is_attached:
            return
        known = picker.known or await ask_host(bench.clients, session.host, session.model)
        await apply_to(bench, view, preset, known)

    def dismissed(preset: Preset | None) -> None:
        bench.run_worker(picked(preset))

    bench.app.push_screen(picker, dismissed)


async def apply_to(bench: WorkbenchScreen, view: ChatView, preset: Preset, known: Known) -> None:
    """Apply to an open session: its line, its file and an open inspector follow."""
    _apply(bench, view.session, view.client.capabilities if view.client else OLLAMA, preset, known)
    view.paint_session_line()
    await bench.save(view.session)
    await bench.panels.show_inspector_again(focus=bench.panels.inspector_shown and _inspector_focused(bench))


def _apply(bench: WorkbenchScreen, session: Session, capabilities: Capabilities, preset: Preset,
           known: Known) -> None:
    applied = apply_preset(preset, session, capabilities, known)
    lines = [f"'{preset.name}' applied" + (":" if applied.changes else ": nothing changed.")]
    lines += [f"  {change}" for change in applied.changes]
    if applied.misfits:
        lines.append("Left out, as this session cannot take them:")
        lines += [f"  {misfit}" for misfit in applied.misfits]
    elif preset.model and not is_listed(preset.model, [session.model]):
        lines.append(f"It prefers {preset.model}: F10 moves this session.")
    bench.notify("\n".join(lines), title="Preset", severity="warning" if applied.misfits else "information",
                 timeout=20, markup=False)


def _inspector_focused(bench: WorkbenchScreen) -> bool:
    focused = bench.focused
    return focused is not None and any(isinstance(node, Inspector) for node in focused.ancestors)


def save_current(bench: WorkbenchScreen) -> None:
    """Ask a name, ask before replacing anything, and write the session's settings."""
    view = bench.workspace.active_view
    if view is None:
        bench.notify("No session open: nothing to save as a preset.", markup=False)
        return
    ask = AskText("Save this session's system prompt and settings as a preset, named:",
                  placeholder="e.g. Code reviewer")
    def answered(name: str | None) -> None:
        bench.run_worker(_save_as(bench, view.session, name))

    bench.app.push_screen(ask, answered)


async def _save_as(bench: WorkbenchScreen, session: Session, name: str | None) -> None:
    if name is None or not name.strip():
        return
    captured = preset_from_session(session, name, description=f"Saved from a session on {session.model}")
    folder = presets_dir()
    existing, _ = await asyncio.to_thread(load_presets, folder)
    same = next((p for p in existing if p.name.casefold() == captured.preset.name.casefold()), None)
    path = same.path if same is not None and not same.shipped and same.path else folder / file_name(name)
    if path.exists():
        question = f"The preset file {display_path(path)} exists.\nReplace it?"
    elif same is not None:
        question = f"A preset named '{same.name}' ships with ollamux.\nSave yours in its place?"
    else:
        question = None
    if question is not None and not await bench.app.push_screen_wait(Confirm(question)):
        return
    try:
        path = await asyncio.to_thread(save_preset, captured.preset, path.parent, overwrite=True, file=path.name)
    except OSError as error:
        bench.notify(f"Could not save the preset to {display_path(path)}: {error.strerror or error}",
                     title="Preset", severity="error", markup=False)
        return
    note = f"Preset '{captured.preset.name}' saved to {display_path(path)}."
    if captured.left_out:
        note += f"\nLeft out (no preset can hold them): {', '.join(captured.left_out)}."
    bench.notify(note, title="Preset", markup=False)


async def open_new(bench: WorkbenchScreen, host: str, model: str, preset: Preset | None) -> None:
    """A new session on `model`, started from `preset` when one was picked.

    Applied before its tab opens: the tab, and an inspector following it, show it set.
    """
    session = Session(host=host, model=model)
    if preset is not None and preset is not NO_PRESET:
        client = bench.clients.get(host) if host in bench.clients.hosts else None
        capabilities = client.capabilities if client is not None else OLLAMA
        _apply(bench, session, capabilities, preset, await ask_host(bench.clients, host, model))
    await bench.add_session(session)
