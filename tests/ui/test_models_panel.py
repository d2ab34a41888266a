"""The model panel, driven with the pilot against two simulators (one stopped mid-test).

The panel and the simulators share a manual clock, so countdowns, back-off and
the poll beat move only when a test moves the clock; the panel's tick is made
short so that a step takes a few of them.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from datetime import datetime, timedelta

import pytest
from textual.app import App, ComposeResult
from textual.widgets import Input, ProgressBar, Static

from ollamux.api.clients import ClientPool
from ollamux.api.hosts import Host
from ollamux.sim import SimServer
from ollamux.ui.models.details import ModelDetailsScreen
from ollamux.ui.models.panel import ModelsPanel
from ollamux.ui.models.pulls import PullRow
from ollamux.ui.shared.dialogs import AskText, Confirm
from tests.sim_fixtures import FROZEN_NOW
from tests.ui_helpers import has_line, panel_lines, wait_until


class ManualClock:
    """A clock that moves only when told to."""

    def __init__(self, start: datetime = FROZEN_NOW) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


class PanelApp(App[None]):
    """Nothing but the panel, focused; the sessions it asks for land in `opened`."""

    def __init__(self, pool: ClientPool, clock: Callable[[], datetime] | None = None) -> None:
        super().__init__()
        self.pool = pool
        self.clock = clock
        self.opened: list[tuple[str, str]] = []

    def compose(self) -> ComposeResult:
        yield ModelsPanel(self.pool, clock=self.clock)

    def on_mount(self) -> None:
        self.panel.focus()

    @property
    def panel(self) -> ModelsPanel:
        return self.query_one(ModelsPanel)

    def on_models_panel_open_session(self, message: ModelsPanel.OpenSession) -> None:
        self.opened.append((message.host, message.model))

    async def on_unmount(self) -> None:
        await self.pool.aclose()


@pytest.fixture(autouse=True)
def quick_ticks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ModelsPanel, "TICK_SECONDS", 0.05)


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock()


def message(app: PanelApp) -> str:
    return str(app.panel.query_one("#models-message", Static).render())


def highlighted(app: PanelApp) -> str:
    entry = app.panel.highlighted_entry()
    return f"{entry.host}:{entry.model}" if entry else ""


@pytest.fixture
async def two(
    make_sim: Callable[..., SimServer], clock: ManualClock
) -> AsyncIterator[tuple[SimServer, SimServer, ClientPool]]:
    first = make_sim(clock=clock)
    second = make_sim(clock=clock)
    pool = ClientPool([Host("local", first.url), Host("gpu-box", second.url)])
    yield first, second, pool
    await pool.aclose()


def ps_requests(sim: SimServer) -> int:
    return sum(request.path == "/api/ps" for request in sim.requests)


def up(app: PanelApp, host: str) -> bool:
    state = app.panel.host_states[host]
    return state.error is None and state.models is not None and has_line(panel_lines(app), "● up")


async def loaded(pilot, app: PanelApp, *hosts: str) -> None:
    await wait_until(pilot, lambda: all(up(app, host) for host in hosts))


async def test_contents_on_two_hosts(two, clock: ManualClock) -> None:
    _first, second, pool = two
    second.stop()
    app = PanelApp(pool, clock)
    async with app.run_test(size=(60, 60)) as pilot:
        await wait_until(pilot, lambda: up(app, "local") and has_line(panel_lines(app), "refused"))
        assert has_line(panel_lines(app), "● up · Ollama 0.33.0")
        assert has_line(panel_lines(app), "Running  3") and has_line(panel_lines(app), "Installed  10 · by date")
        assert has_line(panel_lines(app), "demo-coder:7b", "forever")
        assert has_line(panel_lines(app), "100% GPU", "ctx 8192")
        assert has_line(panel_lines(app), "qwen3:8b", "5m 00s")
        assert has_line(panel_lines(app), "48%/52% CPU/GPU", "ctx 4096")
        assert has_line(panel_lines(app), "slow-model:latest", "2m 30s") and has_line(panel_lines(app), "100% CPU")
        assert has_line(panel_lines(app), "fast-model:latest", "10d ago")
        assert has_line(panel_lines(app), "1.3 GB", "1.2B", "Q8_0")
        assert has_line(panel_lines(app), "gpu-box", "http://")
        assert has_line(panel_lines(app), "✕ unreachable · retrying in 2 s")
        assert has_line(panel_lines(app), "Cannot reach") and has_line(panel_lines(app), "Is the server running")
        assert highlighted(app) == "local:demo-coder:7b"
        await pilot.press("enter")
        assert app.opened == [("local", "demo-coder:7b")]


async def test_countdown_follows_the_clock(two, clock: ManualClock) -> None:
    _first, _second, pool = two
    app = PanelApp(pool, clock)
    async with app.run_test(size=(60, 60)) as pilot:
        await loaded(pilot, app, "local", "gpu-box")
        assert sum("5m 00s" in line for line in panel_lines(app)) == 2  # one per host
        clock.advance(61)
        await wait_until(pilot, lambda: has_line(panel_lines(app), "qwen3:8b", "3m 59s"))
        assert has_line(panel_lines(app), "slow-model:latest", "1m 29s")
        assert has_line(panel_lines(app), "demo-coder:7b", "forever")
        clock.advance(90)  # slow-model's keep_alive runs out: the next ps no longer lists it
        await wait_until(pilot, lambda: sum("Running  2" in line for line in panel_lines(app)) == 2)
        assert has_line(panel_lines(app), "qwen3:8b", "2m 29s")
        assert not has_line(panel_lines(app), "slow-model:latest", "now")


async def test_host_down_backs_off_and_comes_back(two, clock: ManualClock) -> None:
    _first, second, pool = two
    app = PanelApp(pool, clock)
    async with app.run_test(size=(60, 60)) as pilot:
        await loaded(pilot, app, "local", "gpu-box")
        second.stop()
        clock.advance(2)
        await wait_until(
            pilot, lambda: has_line(panel_lines(app), "gpu-box") and has_line(panel_lines(app), "retrying in 2 s")
        )
        assert has_line(panel_lines(app), "Cannot reach") and has_line(panel_lines(app), "connection refused")
        clock.advance(1)
        await wait_until(pilot, lambda: has_line(panel_lines(app), "retrying in 1 s"))
        clock.advance(1)  # the retry fails too: now 4 s
        await wait_until(pilot, lambda: has_line(panel_lines(app), "retrying in 4 s"))
        requests = len(second.requests)
        second.restart()
        clock.advance(3)
        await pilot.pause(0.1)
        assert has_line(panel_lines(app), "retrying in 1 s")  # still waiting: no poll before the back-off ends
        clock.advance(1)
        await wait_until(pilot, lambda: not has_line(panel_lines(app), "unreachable"))
        assert has_line(panel_lines(app), "gpu-box") and sum("● up" in line for line in panel_lines(app)) == 2
        assert len(second.requests) > requests
        assert has_line(panel_lines(app), "Installed  10")
        # The live host was polled all along.
        assert has_line(panel_lines(app), "local")


async def test_polling_pauses_while_hidden(two, clock: ManualClock) -> None:
    first, second, pool = two
    app = PanelApp(pool, clock)
    async with app.run_test(size=(60, 60)) as pilot:
        await loaded(pilot, app, "local", "gpu-box")
        clock.advance(2)
        await wait_until(pilot, lambda: ps_requests(first) >= 2)
        app.panel.display = False
        await pilot.pause(0.05)
        before = ps_requests(first), ps_requests(second)
        for _ in range(3):
            clock.advance(2)
            await pilot.pause(0.05)
        assert (ps_requests(first), ps_requests(second)) == before
        app.panel.display = True
        await wait_until(pilot, lambda: ps_requests(first) > before[0] and ps_requests(second) > before[1])
        # pause() and resume() do the same for a panel that stays on screen.
        app.panel.pause()
        await pilot.pause(0.05)
        before = ps_requests(first), ps_requests(second)
        clock.advance(2)
        await pilot.pause(0.1)
        assert (ps_requests(first), ps_requests(second)) == before
        app.panel.resume()
        await wait_until(pilot, lambda: ps_requests(first) > before[0])


async def test_sort_and_filter(two, clock: ManualClock) -> None:
    _first, second, pool = two
    second.stop()
    app = PanelApp(pool, clock)
    async with app.run_test(size=(60, 60)) as pilot:
        await loaded(pilot, app, "local")

        def installed() -> list[str]:
            rows = panel_lines(app)
            start = next(i for i, line in enumerate(rows) if "Installed" in line)
            return [line.split()[0] for line in rows[start + 1 :] if line.startswith("  ") and "ago" in line]

        assert installed()[:2] == ["demo-coder:7b", "qwen3:8b"]  # newest first
        await pilot.press("s")
        assert installed() == sorted(installed()) and has_line(panel_lines(app), "by name")
        await pilot.press("s")
        assert installed()[0] == "slow-model:latest" and has_line(panel_lines(app), "by size")
        await pilot.press("slash", *"fault", "enter")
        assert installed() == ["fault-500:latest", "fault-cut:latest", "fault-midstream:latest"]  # same size: by name
        assert has_line(panel_lines(app), "Running  3") and has_line(panel_lines(app), "no match")
        assert app.focused is app.panel.query_one("#models-list")
        assert highlighted(app).startswith("local:fault-")
        await pilot.press("escape")  # clears the filter
        assert len(installed()) == 10


async def test_pull_shows_progress_and_adds_the_model(
    make_sim: Callable[..., SimServer], clock: ManualClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Every redraw of the bar is recorded: the pilot itself may sample too late to see one.
    drawn: list[float] = []
    original = PullRow.update_progress

    def update_progress(row: PullRow) -> None:
        original(row)
        drawn.append(row.query_one(ProgressBar).percentage or 0.0)

    monkeypatch.setattr(PullRow, "update_progress", update_progress)
    sim = make_sim(delay_scale=0.3, clock=clock)
    app = PanelApp(ClientPool([Host("local", sim.url)]), clock)
    async with app.run_test(size=(60, 60)) as pilot:
        await loaded(pilot, app, "local")
        await pilot.press("p")
        assert isinstance(app.screen, AskText)
        app.screen.query_one(Input).value = "tinyllama:1.1b"  # typing it key by key is slow
        await pilot.press("enter")
        await wait_until(pilot, lambda: len(app.panel.pulls.rows) == 1)
        row = app.panel.pulls.rows[0]
        await wait_until(pilot, lambda: row.tracker.succeeded)
        assert any(0 < percent < 1 for percent in drawn) and drawn == sorted(drawn), drawn
        assert len(row.tracker.layers) == 3
        await wait_until(pilot, lambda: has_line(panel_lines(app), "tinyllama:1.1b", "just now"))
        assert "pulled" in str(row.query_one(".pull-title", Static).render())
        assert "Pulled tinyllama:1.1b" in message(app)
        await pilot.press("x")  # a finished pull is dismissed
        await wait_until(pilot, lambda: not app.panel.pulls.rows)


async def test_two_pulls_at_once(make_sim: Callable[..., SimServer], clock: ManualClock) -> None:
    sim = make_sim(delay_scale=0.5, clock=clock)
    app = PanelApp(ClientPool([Host("local", sim.url)]), clock)
    async with app.run_test(size=(60, 60)) as pilot:
        await loaded(pilot, app, "local")
        rows = [app.panel.pull_model("local", "tinyllama:1.1b"), app.panel.pull_model("local", "phi3:mini")]
        # Both under way together, each with its own progress.
        await wait_until(pilot, lambda: all(row.running and row.tracker.percent for row in rows))
        await wait_until(
            pilot, lambda: has_line(panel_lines(app), "tinyllama:1.1b") and has_line(panel_lines(app), "phi3:mini")
        )


async def test_pull_error_is_shown_inline(two, clock: ManualClock) -> None:
    _first, _second, pool = two
    app = PanelApp(pool, clock)
    async with app.run_test(size=(60, 60)) as pilot:
        await loaded(pilot, app, "local", "gpu-box")
        await pilot.press("p")
        assert "onto local" in str(app.screen.query_one("Label").render())
        app.screen.query_one(Input).value = "no-such-model"
        await pilot.press("enter")
        await wait_until(pilot, lambda: bool(app.panel.pulls.rows) and not app.panel.pulls.rows[0].running)
        row = app.panel.pulls.rows[0]
        assert row.tracker.error == "pull model manifest: file does not exist"
        error = row.query_one(".pull-error", Static)
        assert error.display and "file does not exist" in " ".join(str(error.render()).split())
        assert "failed" in str(row.query_one(".pull-title", Static).render())
        assert "Could not pull no-such-model" in message(app) and "file does not exist" in message(app)


async def test_cancel_a_pull(make_sim: Callable[..., SimServer], clock: ManualClock) -> None:
    sim = make_sim(delay_scale=1, clock=clock)
    app = PanelApp(ClientPool([Host("local", sim.url)]), clock)
    async with app.run_test(size=(60, 60)) as pilot:
        await loaded(pilot, app, "local")
        row = app.panel.pull_model("local", "tinyllama:1.1b")
        await wait_until(pilot, lambda: (row.tracker.percent or 0) > 0)
        await pilot.press("x")
        await wait_until(pilot, lambda: row.tracker.cancelled)
        await wait_until(pilot, lambda: sim.cancelled == ["tinyllama:1.1b"])
        assert "cancelled" in str(row.query_one(".pull-title", Static).render())
        assert "Cancelled the pull" in message(app)
        assert sim.state.find("tinyllama:1.1b") is None
        assert not has_line(panel_lines(app), "tinyllama")


async def test_copy_asks_a_name(two, clock: ManualClock) -> None:
    first, second, pool = two
    app = PanelApp(pool, clock)
    async with app.run_test(size=(60, 60)) as pilot:
        await loaded(pilot, app, "local", "gpu-box")
        await pilot.press("c")
        assert isinstance(app.screen, AskText) and "Copy demo-coder:7b on local as:" in app.screen.question
        app.screen.query_one(Input).value = "my-coder:7b"
        await pilot.press("enter")
        await wait_until(pilot, lambda: has_line(panel_lines(app), "my-coder:7b", "just now"))
        assert first.state.find("my-coder:7b") is not None and second.state.find("my-coder:7b") is None
        assert "Copied demo-coder:7b on local to my-coder:7b" in message(app)


async def test_delete_asks_first(two, clock: ManualClock) -> None:
    first, second, pool = two
    app = PanelApp(pool, clock)
    async with app.run_test(size=(60, 60)) as pilot:
        await loaded(pilot, app, "local", "gpu-box")
        await pilot.press("slash", *"fast", "enter")
        assert highlighted(app) == "local:fast-model:latest"
        await pilot.press("D")
        assert isinstance(app.screen, Confirm)
        assert "fast-model:latest" in app.screen.question and "local" in app.screen.question
        await pilot.press("n")
        await pilot.pause(0.1)
        assert first.state.find("fast-model:latest") is not None
        await pilot.press("delete", "y")
        await wait_until(pilot, lambda: sum("fast-model" in line for line in panel_lines(app)) == 1)  # gpu-box's
        assert first.state.find("fast-model:latest") is None and second.state.find("fast-model:latest") is not None
        assert "Deleted fast-model:latest from local" in message(app)


async def test_load_and_unload(two, clock: ManualClock) -> None:
    first, second, pool = two
    second.stop()
    app = PanelApp(pool, clock)
    async with app.run_test(size=(60, 60)) as pilot:
        await loaded(pilot, app, "local")
        await pilot.press("slash", *"fast", "enter")
        await pilot.press("l")
        await wait_until(pilot, lambda: has_line(panel_lines(app), "fast-model:latest", "5m 00s"))
        assert has_line(panel_lines(app), "Running  4") and "Loaded fast-model:latest on local" in message(app)
        await pilot.press("u")
        await wait_until(pilot, lambda: has_line(panel_lines(app), "Running  3"))
        assert not has_line(panel_lines(app), "fast-model:latest", "5m 00s")
        unload = [r.body for r in first.requests if r.path == "/api/chat"][-1]
        assert unload == {"model": "fast-model:latest", "messages": [], "keep_alive": 0}


async def test_details_modal(two, clock: ManualClock) -> None:
    _first, _second, pool = two
    app = PanelApp(pool, clock)
    async with app.run_test(size=(80, 40)) as pilot:
        await loaded(pilot, app, "local", "gpu-box")
        await pilot.press("down")
        assert highlighted(app) == "local:qwen3:8b"
        await pilot.press("d")
        screen = app.screen
        assert isinstance(screen, ModelDetailsScreen)
        await wait_until(pilot, lambda: screen.details is not None and bool(screen.query("#details-facts")))
        facts = str(screen.query_one("#details-facts", Static).render())
        for words in ("qwen3", "8.2B", "Q4_K_M", "completion, tools, thinking", "tokens (trained)"):
            assert words in facts
        assert "temperature" in str(screen.query_one("#details-parameters", Static).render())
        assert "{{" in str(screen.query_one("#details-template", Static).render())
        assert str(screen.query_one("#details-license", Static).render()).strip()
        await pilot.press("escape")
        assert app.screen is not screen and app.focused is app.panel.query_one("#models-list")


async def test_errors_of_actions_are_inline(two, clock: ManualClock) -> None:
    first, _second, pool = two
    app = PanelApp(pool, clock)
    async with app.run_test(size=(60, 60)) as pilot:
        await loaded(pilot, app, "local", "gpu-box")
        first.stop()  # the panel still lists local's models: acting on one fails
        await pilot.press("l")
        await wait_until(pilot, lambda: "Could not load demo-coder:7b" in message(app))
        assert "Cannot reach" in message(app)
        assert app.panel.query_one("#models-message").has_class("-error")


async def test_openai_host_says_what_it_cannot_do(sim: SimServer) -> None:
    app = PanelApp(ClientPool([Host("oa", sim.url + "/v1", "openai")]))
    async with app.run_test(size=(60, 40)) as pilot:
        await wait_until(pilot, lambda: has_line(panel_lines(app), "demo-coder:7b"))
        assert has_line(panel_lines(app), "OpenAI-compatible")
        assert has_line(panel_lines(app), "ps and pull are not available")
        assert has_line(panel_lines(app), "Models  10") and not has_line(panel_lines(app), "Running")
        for key, words in (("p", "Pull is not available"), ("d", "Details is not available"), ("D", "Delete is not")):
            await pilot.press(key)
            assert words in message(app)
            assert not isinstance(app.screen, (AskText, Confirm, ModelDetailsScreen))
        await pilot.press("enter")
        assert app.opened == [("oa", "demo-coder:7b")]
    assert not [r for r in sim.requests if r.path.startswith("/api/")]


async def test_wide_mode_takes_the_whole_width(two, clock: ManualClock) -> None:
    _first, _second, pool = two
    app = PanelApp(pool, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot, app, "local", "gpu-box")
        assert app.panel.outer_size.width == 48
        assert has_line(panel_lines(app), "qwen3:8b", "5m 00s")
        assert not has_line(panel_lines(app), "qwen3:8b", "CPU/GPU")
        await pilot.press("w")
        await pilot.pause()
        assert app.panel.outer_size.width == 80
        await wait_until(pilot, lambda: has_line(panel_lines(app), "qwen3:8b", "48%/52% CPU/GPU", "5m 00s"))
        app.panel.set_wide(False)
        await pilot.pause()
        assert app.panel.outer_size.width == 48


async def test_untrusted_names_are_not_markup(make_sim: Callable[..., SimServer]) -> None:
    dead = make_sim()
    dead.stop()
    app = PanelApp(ClientPool([Host("[bold]evil[/]\x1b[31m", dead.url)]))
    async with app.run_test(size=(60, 30)) as pilot:
        await wait_until(pilot, lambda: has_line(panel_lines(app), "refused"))
        assert has_line(panel_lines(app), "[bold]evil[/]  http")
