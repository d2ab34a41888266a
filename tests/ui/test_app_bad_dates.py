"""A session file whose dates cannot be shown is a bad file in F4, not a crash."""

from __future__ import annotations

import pytest
from textual.widgets import Label

from ollamux.core.session import Session
from ollamux.core.store import SessionStore, sessions_dir
from ollamux.ui.sessions.browser import SessionBrowser
from tests.ui_helpers import make_app, wait_until


def problems(app) -> str:
    return str(app.screen.query_one(".problems", Label).render())


@pytest.mark.parametrize("line", ["updated_at = 0001-01-01T00:00:00+14:00",
                                  "created_at = 9999-12-31T23:59:59-14:00"])
async def test_f4_reports_a_file_with_dates_out_of_range_and_lists_the_rest(sim, tmp_path, line):
    folder = sessions_dir(tmp_path / "data")
    SessionStore(folder).save(Session(host="sim", model="qwen3:8b", title="Good one", id="good"))
    (folder / "bad.toml").write_text(f'schema_version = 1\nhost = "sim"\nmodel = "qwen3:8b"\n{line}\n')
    app = make_app(sim.url, "qwen3:8b", tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_until(pilot, lambda: app.workbench.workspace.active_view is not None)
        for _ in range(2):  # every time, not only the first
            await pilot.press("f4")
            await wait_until(pilot, lambda: isinstance(app.screen, SessionBrowser) and len(app.screen.shown) == 1)
            # Named once the index's sync has read the files (the list may come first).
            await wait_until(pilot, lambda: "bad.toml" in problems(app) and "out of range" in problems(app))
            assert [s.title for s in app.screen.shown] == ["Good one"]
            await pilot.press("escape")
            await wait_until(pilot, lambda: not isinstance(app.screen, SessionBrowser))
    assert (folder / "bad.toml").read_text().endswith(f"{line}\n")  # left as it is

