"""Driving the real app against the simulator, as a user would."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterable
from pathlib import Path

from textual.app import App
from textual.css.query import NoMatches
from textual.pilot import Pilot
from textual.screen import Screen
from textual.strip import Strip
from textual.walk import walk_depth_first
from textual.widgets import OptionList, Static, Tab, Tabs
from textual.widgets._tabs import Underline

from ollamux.api.hosts import Host
from ollamux.config import Config
from ollamux.core.session import Status
from ollamux.ui.app import OllamuxApp
from ollamux.ui.chat.message import ReplyView
from ollamux.ui.chat.transcript import Transcript
from ollamux.ui.chat.view import ChatView
from ollamux.ui.markdown.streaming import StreamingMarkdown
from ollamux.ui.models.panel import ModelsPanel


def make_app(
    url: str, model: str | None, tmp_path: Path, *, restore_sessions: bool = False, **config: object
) -> OllamuxApp:
    """An app on the simulator at `url`, its files under `tmp_path`; by default it reopens no session."""
    hosts = (Host("sim", url),)
    return OllamuxApp(
        Config(
            hosts=hosts,
            default_model=model,
            config_path=tmp_path / "config.toml",
            data_dir=tmp_path / "data",
            restore_sessions=restore_sessions,
            **config,
        )
    )


def reopening_app(url: str, tmp_path: Path, model: str = "demo-coder:7b", **config: object) -> OllamuxApp:
    """An app that reopens the sessions open at its last quit, as a user's does."""
    return make_app(url, model, tmp_path, restore_sessions=True, **config)


async def wait_until(pilot: Pilot, condition: Callable[[], bool], timeout: float = 10.0) -> None:
    """Let the app run until `condition` holds; fail loudly if it never does."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not holds(condition):
        if loop.time() > deadline:
            raise AssertionError("condition not reached in time")
        await pilot.pause(0.02)
    await settled(pilot, deadline)


def holds(condition: Callable[[], bool]) -> bool:
    """`condition()`, False while what it looks at is not composed yet.

    The workbench is a screen of its own, composed just after the app is ready:
    a test's first look may come before its widgets are there.
    """
    try:
        return condition()
    except NoMatches:
        return False


async def settled(pilot: Pilot, deadline: float) -> None:
    """Let Markdown renders under way finish, as a reader waits for the picture.

    A long reply is re-rendered in a thread after a resize or when a scroll
    bar appears; until then the old lines show, and a snapshot would catch either.
    Likewise a transcript following the tail scrolls to new lines a frame later.
    Idle, this costs the one pause the caller would make anyway.
    """
    loop = asyncio.get_running_loop()

    def rendering() -> bool:
        # A plain walk, not a query: this runs after every wait, and a query's
        # selector matching cost some 30 times as much on a workbench.
        for screen in pilot.app.screen_stack:
            for widget in walk_depth_first(screen, (StreamingMarkdown, Transcript)):
                if isinstance(widget, StreamingMarkdown):
                    if widget.rendering:
                        return True
                # A transcript that follows the tail catches up with new lines a frame later;
                # one with no room on screen (a wide panel covers it) has nothing to catch up.
                elif widget.following and 0 < widget.max_scroll_y > widget.scroll_y and widget.size.height > 0:
                    return True
        return False

    while True:
        if loop.time() > deadline:
            raise AssertionError("Markdown still rendering, or the transcript still scrolling")
        if rendering():
            await pilot.pause(0.02)
            continue
        await pilot.pause()  # a layout in this pause may start a render
        if not rendering():
            return


async def ask(pilot: Pilot, text: str, ends: Status = Status.COMPLETE) -> ChatView:
    """Send `text` in the session on screen; its view once the reply has ended as `ends`."""
    view = await started(pilot)
    before = len(view.session.messages)
    await send(pilot, text)
    await wait_until(pilot, lambda: len(view.session.messages) >= before + 2 and view.last_status is ends)
    return view


async def send(pilot: Pilot, text: str) -> None:
    """Type into the prompt of the session on screen and press Enter."""
    prompt = pilot.app.workbench.workspace.active_view.query_one("#prompt")
    prompt.focus()
    prompt.insert(text)
    await pilot.press("enter")


async def started(pilot: Pilot) -> ChatView:
    """Wait until the workbench shows a session; the session's view."""
    await wait_until(pilot, lambda: pilot.app.workbench.workspace.active_view is not None)
    return pilot.app.workbench.workspace.active_view


async def models_shown(pilot: Pilot) -> ModelsPanel:
    """Once a session shows, F3: the models panel, with a model highlighted."""
    await started(pilot)
    await pilot.press("f3")
    panel = pilot.app.query_one(ModelsPanel)
    await wait_until(pilot, lambda: panel.highlighted_entry() is not None)
    return panel


def tab_labels(app: App) -> list[str]:
    """The sessions' tabs as they read, left to right."""
    return [str(tab.label) for tab in app.query(Tab)]


def screen_text(app: App) -> str:
    """What the terminal shows, line by line, as plain text."""
    return "\n".join(strip.text for strip in painted(app))


def painted(app: App) -> list[Strip]:
    """The screen's lines as a frame paints them: a modal over the screens it lets show through.

    Tests paint only when they look (conftest.py): this is the frame Textual
    would have sent to the terminal now.
    """
    update = app.screen._compositor.render_update(full=True, screen_stack=app._background_screens)
    return [Strip.join(line) for line in update.strips]  # type: ignore[attr-defined]


def status_text(view: ReplyView) -> str:
    """The status line under a reply, as plain text."""
    return str(view.query_one(".status", Static).render())


def picker_lines(app: App) -> list[str]:
    """The options of the list on screen (a model picker's), one line each, as plain text."""
    return [option.prompt.plain for option in app.screen.query_one(OptionList).options]  # type: ignore[union-attr]


def panel_lines(app: App) -> list[str]:
    """The models panel's list as plain text, one item per screen line."""
    return app.query_one(ModelsPanel).lines()


def has_line(lines: Iterable[str], *words: str) -> bool:
    """Whether one of `lines` holds every one of `words`."""
    return any(all(word in line for word in words) for line in lines)


STILL_FRAMES = 3  # this many identical pictures in a row, FRAME_GAP apart, make a still screen
FRAME_GAP = 0.05


async def screen_still(pilot: Pilot, timeout: float = 5.0) -> None:
    """Wait until the screen shows the same picture several frames in a row.

    Before opening a modal too: the screen below it is drawn as it was then.
    An animation under way (the tab bar's underline following a relabelled tab
    glides for 0.3 s, and may not move a cell in three frames) is waited out.
    """
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    # Everything painted afresh first: a scroll bar is otherwise repainted as
    # its sizes change, and may keep a picture of sizes that changed back.
    screen = pilot.app.screen
    screen.refresh(layout=True)
    for widget in screen.walk_children(with_self=False):
        widget.refresh()
        if widget.show_vertical_scrollbar:  # scroll bars are not among the children
            widget.vertical_scrollbar.refresh()
    previous, same = None, 0
    while same < STILL_FRAMES or not underlines_settled(screen):
        if loop.time() > deadline:
            raise AssertionError("the screen kept changing: no stable snapshot")
        await pilot.pause(FRAME_GAP)
        await pilot.app.animator.wait_until_complete()
        picture = [list(strip) for strip in painted(pilot.app)]
        same = same + 1 if picture == previous else 1
        previous = picture


def underlines_settled(screen: Screen) -> bool:
    """Whether every tab bar's underline is under its active tab.

    Textual starts the underline's slide on a timer after a relabel: on a busy
    machine three still frames could pass before it started.
    """
    for tabs in screen.query(Tabs):
        underline = tabs.query_one(Underline)
        active = tabs.active_tab
        if active is None or not tabs.region.area:  # no tab, or not on screen (a wide panel hides it)
            continue
        start, end = active.virtual_region.shrink(active.styles.gutter).column_span
        if (underline.highlight_start, underline.highlight_end) != (start, end):
            return False
    return True
