"""Showing a finished hidden session: from the key to its last answer on screen.

Sessions of 1, 4 and 8 finished replies of 5,000 tokens (prose and code) are
streamed in hidden tabs while another session is on screen, then each is shown
with alt+N, its key put straight into the app's queue as a terminal's would be.
Measured until its last answer is installed and the screen refreshed after (a
user does not wait for the tab bar's underline to finish sliding), with the
CPU time the process spent meanwhile and how many screen layouts ran. Budget
(issue 13): under 100 ms, whatever the length of the session.

    python show_hidden.py [--replies 1,4,8]
"""

from __future__ import annotations

import argparse
import asyncio
import time

from textual import events
from textual.pilot import Pilot
from textual.screen import Screen

from ollamux.core.session import Status
from ollamux.ui.app import OllamuxApp
from ollamux.ui.chat.view import ChatView

from _harness import fully_rendered, make_app, start_sim, wait_until

TOKENS = 5_000
BUDGET = 0.100
SETTLE = 1.5  # seconds for the hidden answers to be rendered ahead, as when the user pauses

layouts = 0
_refresh_layout = Screen._refresh_layout


def _counted(screen: Screen, *args: object, **kwargs: object) -> None:
    global layouts
    layouts += 1
    _refresh_layout(screen, *args, **kwargs)  # type: ignore[arg-type]


Screen._refresh_layout = _counted  # type: ignore[method-assign]


async def show(pilot: Pilot, app: OllamuxApp, view: ChatView, number: int) -> tuple[float, float, int]:
    """Seconds until the session's last answer is on screen, CPU seconds meanwhile, layouts."""
    global layouts
    layouts = 0
    cpu, started = time.process_time(), time.perf_counter()
    app.post_message(events.Key(f"alt+{number}", None))
    await wait_until(pilot, lambda: fully_rendered(view))
    refreshed = asyncio.Event()
    view.call_after_refresh(refreshed.set)
    await refreshed.wait()
    return time.perf_counter() - started, time.process_time() - cpu, layouts


async def run(url: str, replies: list[int]) -> list[tuple[int, float, float, int]]:
    app = make_app(url)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until(pilot, lambda: app.workbench.workspace.active_view is not None)
        await pilot.pause(0.5)
        shown = app.workbench.workspace.active_view
        shown.session.options["num_predict"] = TOKENS
        await shown.send_prompt("go")  # the session on screen has an answer: its width is known
        await wait_until(pilot, lambda: fully_rendered(shown))
        hidden = []
        for count in replies:
            view = await app.workbench.open_session("sim", shown.session.model)
            app.workbench.workspace.jump(1)
            view.session.options["num_predict"] = TOKENS
            for _ in range(count):
                await view.send_prompt("go")
                await wait_until(pilot, lambda view=view: view.last_status is Status.COMPLETE)
            hidden.append(view)
        await pilot.pause(SETTLE)
        results = []
        for number, (count, view) in enumerate(zip(replies, hidden, strict=True), start=2):
            seconds, cpu, laid_out = await show(pilot, app, view, number)
            results.append((count, seconds, cpu, laid_out))
            await pilot.pause(0.5)
            app.workbench.workspace.jump(1)
            await pilot.pause(0.5)
        return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--replies", default="1,4,8", help="replies in each hidden session")
    args = parser.parse_args()
    with start_sim() as server:
        results = asyncio.run(run(server.url, [int(n) for n in args.replies.split(",")]))
    for count, seconds, cpu, laid_out in results:
        verdict = "met" if seconds < BUDGET else "MISSED"
        print(f"showing a hidden session of {count} finished replies: {seconds * 1000:.0f} ms "
              f"({cpu * 1000:.0f} ms of CPU, {laid_out} layouts): budget {BUDGET * 1000:.0f} ms {verdict}")


if __name__ == "__main__":
    main()
