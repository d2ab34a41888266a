"""The model picker, driven with the pilot against two simulators (one of them down)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable

import pytest
from textual.app import App
from textual.widgets import OptionList

from ollamux.api.clients import ClientPool
from ollamux.api.hosts import Host
from ollamux.sim import SimServer
from ollamux.ui.models.picker import ModelPicker, PickedModel, capability_cache
from ollamux.ui.models.rows import fit, format_size
from tests.ui_helpers import has_line, picker_lines, wait_until

UNSET = object()


class PickerApp(App[None]):
    """Nothing but the picker, pushed at start; its answer lands in `result`."""

    def __init__(self, pool: ClientPool, **options: object) -> None:
        super().__init__()
        self.pool = pool
        self.options = options
        self.result: object = UNSET

    def on_mount(self) -> None:
        self.push_screen(ModelPicker(self.pool, **self.options), self._picked)  # type: ignore[arg-type]

    def _picked(self, result: list[PickedModel] | None) -> None:
        self.result = result

    async def on_unmount(self) -> None:
        # As the real app does; closing twice is harmless.
        await self.pool.aclose()


def highlighted(app: App) -> str:
    option = app.screen.query_one(OptionList).highlighted_option
    return option.prompt.plain if option else ""  # type: ignore[union-attr]


@pytest.fixture
async def pool(make_sim: Callable[..., SimServer]) -> AsyncIterator[ClientPool]:
    """"local" is up; "gpu-box" was up once and is now stopped (refuses connections)."""
    live = make_sim()
    dead = make_sim()
    dead.stop()
    clients = ClientPool([Host("local", live.url), Host("gpu-box", dead.url)])
    yield clients
    await clients.aclose()


async def loaded(pilot, app: App) -> None:
    await wait_until(
        pilot, lambda: has_line(picker_lines(app), "demo-coder:7b") and has_line(picker_lines(app), "refused")
    )


async def test_lists_live_host_models_and_dead_host_error(pool: ClientPool) -> None:
    app = PickerApp(pool)
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot, app)
        assert has_line(picker_lines(app), "local", "10 models")
        assert has_line(picker_lines(app), "demo-coder:7b", "4.7 GB", "7.6B", "Q4_K_M")
        assert has_line(picker_lines(app), "fast-model:latest", "1.3 GB", "1.2B", "Q8_0")
        assert has_line(picker_lines(app), "gpu-box", "unreachable")
        assert has_line(picker_lines(app), "Cannot reach", "connection refused")
        assert has_line(picker_lines(app), "Is the server running")
        # The filter has focus, and the first model is highlighted.
        assert app.focused is app.screen.query_one("#picker-filter")
        assert "demo-coder:7b" in highlighted(app)


async def test_enter_picks_the_highlighted_model(pool: ClientPool) -> None:
    app = PickerApp(pool)
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot, app)
        # The server lists newest first: demo-coder, qwen3, fault-midstream, ...
        await pilot.press("down", "down")
        assert "fault-midstream:latest" in highlighted(app)
        await pilot.press("up")
        await pilot.press("enter")
        assert app.result == [PickedModel("local", "qwen3:8b")]


async def test_typing_filters_by_model_and_host(pool: ClientPool) -> None:
    app = PickerApp(pool)
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot, app)
        await pilot.press(*"FAULT")
        models = [line for line in picker_lines(app) if ":latest" in line]
        assert len(models) == 3 and all("fault-" in line for line in models)
        assert has_line(picker_lines(app), "local", "3 of 10 models")
        assert has_line(picker_lines(app), "gpu-box", "unreachable")  # it might have matches: never hidden
        await pilot.press("enter")
        assert app.result == [PickedModel("local", "fault-midstream:latest")]


async def test_filter_with_no_match_says_so(pool: ClientPool) -> None:
    app = PickerApp(pool)
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot, app)
        await pilot.press(*"xyz")
        assert has_line(picker_lines(app), "No model matches 'xyz'")
        assert not has_line(picker_lines(app), "demo-coder")
        await pilot.press("enter")  # nothing to pick: the picker stays
        assert app.result is UNSET and isinstance(app.screen, ModelPicker)
        await pilot.press("backspace", "backspace", "backspace")
        assert has_line(picker_lines(app), "demo-coder:7b")


async def test_host_name_filter_keeps_all_its_models(make_sim: Callable[..., SimServer]) -> None:
    first, second = make_sim(), make_sim()
    pool = ClientPool([Host("alpha", first.url), Host("beta", second.url)])
    app = PickerApp(pool)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_until(pilot, lambda: sum("demo-coder" in line for line in picker_lines(app)) == 2)
        await pilot.press(*"beta")
        assert not has_line(picker_lines(app), "alpha")
        assert sum(":" in line and "beta" not in line for line in picker_lines(app)) == 10
        await pilot.press("enter")
        assert app.result == [PickedModel("beta", "demo-coder:7b")]
    await pool.aclose()


async def test_escape_returns_none(pool: ClientPool) -> None:
    app = PickerApp(pool)
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot, app)
        await pilot.press("escape")
        assert app.result is None


async def test_multi_select_marks_with_space(pool: ClientPool) -> None:
    app = PickerApp(pool, multi=True, title="Compare")
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot, app)
        assert has_line(picker_lines(app), "[ ] demo-coder:7b")
        await pilot.press("space")  # marks demo-coder and moves on
        await pilot.press("down", "space")  # skips qwen3, marks fault-midstream
        assert has_line(picker_lines(app), "[x] demo-coder:7b")
        assert has_line(picker_lines(app), "[x] fault-midstream:latest")
        assert has_line(picker_lines(app), "[ ] qwen3:8b")
        assert "2 marked" in str(app.screen.query_one("#picker-keys").render())
        await pilot.press("enter")
        assert app.result == [
            PickedModel("local", "demo-coder:7b"),
            PickedModel("local", "fault-midstream:latest"),
        ]


async def test_multi_select_unmark_and_enter_without_marks(pool: ClientPool) -> None:
    app = PickerApp(pool, multi=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot, app)
        await pilot.press("space", "up", "space")  # mark, then unmark, demo-coder
        assert has_line(picker_lines(app), "[ ] demo-coder:7b")
        await pilot.press("up", "up")  # wraps round to the last model
        assert "slow-model:latest" in highlighted(app)
        await pilot.press("space")  # the last row: marked, and the cursor stays
        assert "[x] slow-model:latest" in highlighted(app)
        await pilot.press("space", "enter")  # unmarked again; nothing marked: the highlighted one
        assert app.result == [PickedModel("local", "slow-model:latest")]


async def test_space_types_into_the_filter_in_single_mode(pool: ClientPool) -> None:
    app = PickerApp(pool)
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot, app)
        await pilot.press("q", "space")
        assert app.screen.query_one("#picker-filter").value == "q "


async def test_badges_come_from_show_and_are_cached(sim: SimServer) -> None:
    pool = ClientPool([Host("local", sim.url)])
    app = PickerApp(pool)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_until(pilot, lambda: has_line(picker_lines(app), "qwen3:8b", "think", "tools"))
        assert has_line(picker_lines(app), "demo-coder:7b", "tools")
        assert not has_line(picker_lines(app), "demo-coder:7b", "think")
        assert has_line(picker_lines(app), "fault-midstream:latest", "vision")
        assert capability_cache(pool)[("local", "qwen3:8b")] == ("completion", "tools", "thinking")
    shows = [r for r in sim.requests if r.path == "/api/show"]
    assert 0 < len(shows) <= 10
    # A second picker on the same pool draws the badges without asking again.
    app = PickerApp(pool)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_until(pilot, lambda: has_line(picker_lines(app), "qwen3:8b", "think"))
    assert len([r for r in sim.requests if r.path == "/api/show"]) == len(shows)
    await pool.aclose()


async def test_show_is_only_asked_for_rows_on_screen(sim: SimServer) -> None:
    pool = ClientPool([Host("local", sim.url)])
    app = PickerApp(pool)
    cache = capability_cache(pool)
    # 16 lines leave room for the host and 7 of its 10 models.
    async with app.run_test(size=(80, 16)) as pilot:
        await wait_until(pilot, lambda: has_line(picker_lines(app), "tool-model:latest", "tools"))
        await pilot.pause(0.1)
        asked = {r.body["model"] for r in sim.requests if r.path == "/api/show"}
        assert "qwen3:8b" in asked and "slow-model:latest" not in asked
        await pilot.press("pagedown", "pagedown")  # down to the last rows
        await wait_until(pilot, lambda: ("local", "slow-model:latest") in cache)
    await pool.aclose()


async def test_a_host_that_never_answers_blocks_no_other(sim: SimServer) -> None:
    held: list[asyncio.StreamWriter] = []
    server = await asyncio.start_server(lambda _reader, writer: held.append(writer), "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    pool = ClientPool([Host("stuck", f"http://127.0.0.1:{port}"), Host("local", sim.url)])
    app = PickerApp(pool)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_until(pilot, lambda: has_line(picker_lines(app), "demo-coder:7b"))
        assert has_line(picker_lines(app), "stuck", "loading…")
        await pilot.press("enter")
        assert app.result == [PickedModel("local", "demo-coder:7b")]
    await pool.aclose()
    for writer in held:
        writer.close()
    server.close()
    await server.wait_closed()


async def test_keys_reveal_lines_above_and_below_the_models(pool: ClientPool) -> None:
    app = PickerApp(pool)
    async with app.run_test(size=(80, 16)) as pilot:
        await loaded(pilot, app)
        rows = app.screen.query_one(OptionList)
        await pilot.press("pagedown", "pagedown", "pagedown")
        assert "slow-model:latest" in highlighted(app)
        # The dead host's error sits below the last model, out of the cursor's reach.
        assert rows.scroll_y + rows.scrollable_content_region.height >= rows.option_count
        await pilot.press("pageup", "pageup", "pageup")
        assert "demo-coder:7b" in highlighted(app) and rows.scroll_y == 0  # its host's header shows


async def test_openai_host_lists_models_from_v1(sim: SimServer) -> None:
    pool = ClientPool([Host("oa", sim.url + "/v1", "openai")])
    app = PickerApp(pool)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_until(pilot, lambda: has_line(picker_lines(app), "demo-coder:7b"))
        assert has_line(picker_lines(app), "oa", "/v1", "10 models")
        await pilot.press("enter")
        assert app.result == [PickedModel("oa", "demo-coder:7b")]
    assert not [r for r in sim.requests if r.path == "/api/show"]  # no badges from /v1
    await pool.aclose()


async def test_untrusted_names_are_not_markup(make_sim: Callable[..., SimServer]) -> None:
    dead = make_sim()
    dead.stop()
    pool = ClientPool([Host("[bold]evil[/]\x1b[31m", dead.url)])
    app = PickerApp(pool)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_until(pilot, lambda: has_line(picker_lines(app), "refused"))
        assert has_line(picker_lines(app), "[bold]evil[/]  http")  # shown as typed, escape sequence gone
    await pool.aclose()


def test_format_size_matches_ollama_list() -> None:
    assert [format_size(n) for n in (None, 999, 637_700_138, 4_683_087_332, 42_520_397_704)] == [
        "", "999 B", "637 MB", "4.7 GB", "42 GB",
    ]


def test_fit_keeps_both_ends_of_long_names() -> None:
    name = "hf.co/bartowski/Qwen2.5-Coder-32B-Instruct-GGUF:Q4_K_M"
    assert fit(name, 24) == "hf.co/bartow…GGUF:Q4_K_M"
    assert fit("short", 24) == "short"
