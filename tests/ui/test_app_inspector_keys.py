"""Driving the F5 inspector by keyboard: filter by name, arrows between fields, a plain highlight."""

from __future__ import annotations

from textual.widgets import Input, TextArea

from ollamux.ui.inspector.panel import Inspector
from tests.ui_helpers import make_app, wait_until


async def open_inspector(pilot) -> Inspector:
    app = pilot.app
    await wait_until(pilot, lambda: app.workbench.workspace.active_view is not None)
    await pilot.press("f5")
    await wait_until(pilot, lambda: bool(app.query(Inspector)))
    inspector = app.query_one(Inspector)
    await wait_until(pilot, lambda: inspector.details is not None)
    return inspector


def visible_rows(inspector: Inspector) -> list[str]:
    return [row.spec.name for row in inspector.rows() if row.display]


async def test_typing_a_name_reaches_temperature_in_a_few_keys_and_names_match_across_underscores_and_case(
    sim, tmp_path
):
    app = make_app(sim.url, "qwen3:8b", tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        inspector = await open_inspector(pilot)
        view = app.workbench.workspace.active_view
        await pilot.press(*"temp")
        assert visible_rows(inspector) == ["temperature"]
        assert not inspector.query_one("#inspector-settings").display  # no setting is named so
        await pilot.press("down", *"0.2")
        assert app.focused is inspector.query_one("#edit-temperature")
        assert view.session.options == {"temperature": 0.2}
        # ctrl+f jumps back to the filter from a field; Escape empties it.
        await pilot.press("ctrl+f")
        assert app.focused.id == "inspector-filter"
        await pilot.press("escape")
        assert app.focused.value == ""
        assert len(visible_rows(inspector)) == len(inspector.specs)
        await pilot.press(*"zzz")
        assert visible_rows(inspector) == []
        assert "No option is named like 'zzz'" in str(inspector.query_one("#inspector-no-match").render())
        # Names match across underscores and case.
        cases = (("NUM CTX", ["num_ctx"]), ("penalty", ["repeat_penalty", "presence_penalty", "frequency_penalty"]),
                 ("Top ", ["top_k", "top_p", "stop"]))
        for query, expected in cases:
            inspector.query_one("#inspector-filter", Input).value = query
            await pilot.pause()
            assert visible_rows(inspector) == expected, query


async def test_arrows_leave_the_system_prompt_box_at_its_edges_and_the_focused_row_alone_is_lit(sim, tmp_path):
    app = make_app(sim.url, "qwen3:8b", tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        inspector = await open_inspector(pilot)
        await pilot.press("down")  # from the filter into the system prompt
        system = inspector.query_one("#inspector-system", TextArea)
        assert app.focused is system
        system.insert("one\ntwo")
        system.move_cursor((0, 0))
        await pilot.press("down")
        assert app.focused is system and system.cursor_location == (1, 0)  # the caret moves first
        await pilot.press("down")
        assert app.focused.id == "inspector-think"  # then the focus
        await pilot.press("down")  # the think choice does not open on Down: it moves on
        assert app.focused.id == "inspector-format"
        await pilot.press("up", "up")
        assert app.focused is system
        await pilot.press("ctrl+down")  # from any line of the box
        assert app.focused.id == "inspector-think"
        assert "leave" not in str(inspector.query_one("#inspector-keys").render())
        # The focused row is highlighted, and no other.
        inspector.query_one("#edit-top_k").focus()
        await pilot.pause()
        lit = [row.spec.name for row in inspector.rows() if row.styles.background.a > 0]
        assert lit == ["top_k"]


async def test_the_palette_opens_the_inspector_on_its_filter(sim, tmp_path):
    app = make_app(sim.url, "qwen3:8b", tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: app.workbench.workspace.active_view is not None)
        await app.workbench.action_find_option()
        await wait_until(pilot, lambda: bool(app.query(Inspector)))
        assert app.focused.id == "inspector-filter"
