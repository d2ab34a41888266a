"""Test-wide set-up: no test touches the real home, and snapshots live in snapshots/."""

from __future__ import annotations

import gc
import inspect
from collections.abc import Iterator
from pathlib import Path

import pytest
import pytest_textual_snapshot
import textual.constants
from textual._compositor import Compositor
from textual._context import active_app
from textual.pilot import Pilot
from textual.widgets import Input, TextArea

from ollamux.ui import loop_first
from tests.ui_helpers import screen_still

pytest_plugins = ["tests.sim_fixtures"]

SNAPSHOT_DIR = Path(__file__).resolve().parent.parent / "snapshots"


class SnapshotsAtTopLevel(pytest_textual_snapshot.SVGImageExtension):
    """Keep every SVG in the top-level snapshots/ folder, one file per test."""

    @classmethod
    def dirname(cls, *, test_location) -> str:
        return str(SNAPSHOT_DIR)


# snap_compare looks the extension up on its module at call time.
pytest_textual_snapshot.SVGImageExtension = SnapshotsAtTopLevel


@pytest.fixture
def snap_compare(snap_compare):
    """The plugin's snap_compare, taking the picture only once the screen is still.

    A reply's last lines, its status line or the context meter can land a frame
    after the condition a test waits for, moving the transcript by a line: a
    picture taken then would differ from run to run.
    """

    def compare(app, *args, run_before=None, **kwargs):
        async def run_then_settle(pilot: Pilot) -> None:
            if run_before is not None:
                result = run_before(pilot)
                if inspect.isawaitable(result):
                    await result
            await screen_still(pilot)

        return snap_compare(app, *args, run_before=run_then_settle, **kwargs)

    return compare


@pytest.fixture(autouse=True)
def steady_cursors(monkeypatch: pytest.MonkeyPatch) -> None:
    """Cursors that do not blink: a blinking one makes a picture depend on the moment taken.

    The product keeps Textual's blink; every app a test starts gets it off by default.
    """
    for widget in (Input, TextArea):
        monkeypatch.setattr(widget.cursor_blink, "_default", False)


@pytest.fixture(autouse=True)
def no_animations(monkeypatch: pytest.MonkeyPatch) -> None:
    """Animations end at once: a tab's underline sliding to a new label's width (300 ms)
    is still moving when a slow machine takes a picture, which then differs from run to run.

    Every app a test starts reads the level when it is made; the product keeps Textual's.
    """
    monkeypatch.setattr(textual.constants, "TEXTUAL_ANIMATIONS", "none")


@pytest.fixture(autouse=True)
def isolated_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point every XDG directory and HOME at a fresh temporary folder."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    for variable, folder in (
        ("XDG_CONFIG_HOME", ".config"),
        ("XDG_DATA_HOME", ".local/share"),
        ("XDG_STATE_HOME", ".local/state"),
        ("XDG_CACHE_HOME", ".cache"),
    ):
        monkeypatch.setenv(variable, str(home / folder))
    for variable in ("OLLAMA_HOST", "OLLAMA_API_KEY", "OLLAMUX_API_KEY", "TMUX"):
        monkeypatch.delenv(variable, raising=False)
    return home


@pytest.fixture
def environ(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """An environment for building a Config: its own HOME and XDG folders, no host or key.

    os.environ is pointed there too, so a default argument that slips through can
    never reach the real home.
    """
    env = {
        "HOME": str(tmp_path / "home"),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "XDG_DATA_HOME": str(tmp_path / "data"),
    }
    for name in ("OLLAMA_HOST", "OLLAMA_API_KEY", "OLLAMUX_API_KEY", "DEEPSEEK_API_KEY"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return env


def pytest_configure(config: pytest.Config) -> None:
    """Leave what is imported by now (Textual, Rich, the app) out of every garbage collection.

    Each worker runs a few hundred apps whose replies, widgets and rendered lines
    survive long enough to reach the oldest generation; every full collection then
    walked the libraries' own objects too, which cost the suite about a fifth of its
    time. Those are alive for the whole run anyway.

    Also: headless apps paint a frame only when a test looks at one (below).
    """
    gc.freeze()
    Compositor.render_update = _painted_only_when_looked_at(Compositor.render_update)


def _painted_only_when_looked_at(render_update):
    """A headless app's frames are not painted: nobody sees them, and they cost a quarter of the suite's CPU.

    Textual paints every frame (the dirty regions of every widget, into terminal
    sequences) and its headless driver throws the result away. What a test looks at
    is painted when it looks, from the same widgets: a snapshot asks for a full
    update (export_screenshot), and screen_text(), screen_still() and the like ask
    for one through ui_helpers.painted(). What no test sees any more is a frame in
    between two looks (a render that fails only there would go unnoticed). Apps in
    a real terminal (pty tests, subprocesses) are untouched.
    """

    def update(self: Compositor, full: bool = False, screen_stack=None, simplify: bool = False):
        app = active_app.get(None)
        if full or app is None or not app.is_headless:
            return render_update(self, full=full, screen_stack=screen_stack, simplify=simplify)
        self._dirty_regions.clear()
        return None

    return update


@pytest.fixture(autouse=True)
def collector_left_alone() -> Iterator[None]:
    """No app leaves Python's garbage collector held once it has stopped."""
    yield
    assert loop_first.holders() == 0, "an app stopped with full collections still held back"
