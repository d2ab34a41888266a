"""Driving the real app against the simulator, as a user would."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path

from textual.pilot import Pilot

from ollamux.api.hosts import Host
from ollamux.config import Config
from ollamux.ui.app import OllamuxApp
from ollamux.ui.widgets.streaming_markdown import StreamingMarkdown


def make_app(url: str, model: str | None, tmp_path: Path, **config: object) -> OllamuxApp:
    hosts = (Host("sim", url),)
    return OllamuxApp(
        Config(
            hosts=hosts,
            default_model=model,
            config_path=tmp_path / "config.toml",
            data_dir=tmp_path / "data",
            restore_sessions=False,
            **config,
        )
    )


async def wait_until(pilot: Pilot, condition: Callable[[], bool], timeout: float = 10.0) -> None:
    """Let the app run until `condition` holds; fail loudly if it never does."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not condition():
        if loop.time() > deadline:
            raise AssertionError("condition not reached in time")
        await pilot.pause(0.02)
    await settled(pilot, deadline)


async def settled(pilot: Pilot, deadline: float) -> None:
    """Let Markdown renders under way finish, as a reader waits for the picture.

    A long reply is re-rendered in a thread after a resize or when a scroll
    bar appears; until then the old lines show, and a snapshot would catch either.
    Idle, this costs the one pause the caller would make anyway.
    """
    loop = asyncio.get_running_loop()

    def rendering() -> bool:
        return any(w.rendering for screen in pilot.app.screen_stack for w in screen.query(StreamingMarkdown))

    while True:
        if loop.time() > deadline:
            raise AssertionError("Markdown still rendering")
        if rendering():
            await pilot.pause(0.02)
            continue
        await pilot.pause()  # a layout in this pause may start a render
        if not rendering():
            return


async def send(pilot: Pilot, text: str) -> None:
    """Type into the prompt of the session on screen and press Enter."""
    prompt = pilot.app.workspace.active_view.query_one("#prompt")
    prompt.focus()
    prompt.insert(text)
    await pilot.press("enter")
