"""Benchmark 2: four sessions streaming 5,000 tokens each at once.

Prints the tokens per second of each session (rendered for the session on screen;
received for hidden ones, which by design paint nothing until shown), the time to
show each hidden session once it is done, and the key-press latency
(p50, p95) in the active prompt while they stream: the time from a key event
entering the app's queue until its character is in the prompt's text (the
screen refresh after that is not included). Budget: at least 1,000
tokens/s per session with p95 under 100 ms.
"""

from __future__ import annotations

import asyncio
import statistics
import time

from textual import events

from ollamux.core.session import Status

from _harness import fully_rendered, make_app, start_sim, wait_until

TOKENS = 5_000
SESSIONS = 4


async def run(url: str) -> tuple[list[float], list[float]]:
    app = make_app(url)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until(pilot, lambda: app.workspace.active_view is not None)
        views = [app.workspace.active_view]
        for _ in range(SESSIONS - 1):
            views.append(await app.open_session("sim", views[0].session.model))
        for view in views:
            view.session.options["num_predict"] = TOKENS
        started = time.perf_counter()
        for view in views:
            await view.send_prompt("go")
        finished: dict[int, float] = {}
        latencies: list[float] = []
        prompt = app.workspace.active_view.query_one("#prompt")
        active = app.workspace.active_view
        while len(finished) < SESSIONS:
            for index, view in enumerate(views):
                done = fully_rendered(view) if view is active else view.last_status is Status.COMPLETE
                if index not in finished and done:
                    finished[index] = time.perf_counter() - started
            if any(view.session.streaming for view in views):
                before = len(prompt.text)
                pressed = time.perf_counter()
                # Straight into the queue, as a terminal's key would arrive; the
                # pilot's press() also waits for the whole app to go idle.
                app.post_message(events.Key("x", "x"))
                await wait_until(pilot, lambda: len(prompt.text) > before, timeout=10)
                latencies.append(time.perf_counter() - pressed)
                await asyncio.sleep(0.02)
            else:
                await asyncio.sleep(0.005)
        shown: list[float] = []
        for number, view in enumerate(views, start=1):
            if view is active:
                continue
            await pilot.pause(0.2)  # let the previous switch settle
            switched = time.perf_counter()
            await pilot.press(f"alt+{number}")
            await wait_until(pilot, lambda: fully_rendered(view))
            shown.append(time.perf_counter() - switched)
        return [TOKENS / finished[i] for i in range(SESSIONS)], latencies, shown


def main() -> None:
    server = start_sim()
    try:
        speeds, latencies, shown = asyncio.run(run(server.url))
    finally:
        server.stop()
    for index, speed in enumerate(speeds, start=1):
        how = "rendered" if index == SESSIONS else "received while hidden"
        print(f"session {index}: {speed:,.0f} tokens/s {how}")
    print("showing a finished hidden session: " + ", ".join(f"{s * 1000:.0f} ms" for s in shown))
    if len(latencies) >= 2:
        quantiles = statistics.quantiles(latencies, n=20)
        p50, p95 = statistics.median(latencies), quantiles[18]
        print(f"key latency while streaming: p50 {p50 * 1000:.1f} ms, p95 {p95 * 1000:.1f} ms ({len(latencies)} presses)")
        ok = min(speeds) >= 1000 and p95 < 0.1
    else:
        print(f"key latency: only {len(latencies)} presses fitted in the stream")
        ok = min(speeds) >= 1000
    print(f"budget >= 1,000 tokens/s per session, p95 < 100 ms: {'met' if ok else 'MISSED'}")


if __name__ == "__main__":
    main()
