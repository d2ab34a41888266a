"""Benchmark 2: four sessions streaming 5,000 tokens each at once.

Prints the tokens per second of each session (rendered for the session on screen;
received for hidden ones, which by design paint nothing until shown), the time to
show each hidden session once it is done (from its key to its answer on screen),
and the key-press latency (p50, p95) in the active prompt while they stream:
keys go in every 50 ms, as a fast typist's would, and each one's latency is the
time from entering the app's queue until the prompt has applied it (its
TextArea.Changed is posted; the screen refresh after that is not included), as in
realistic_eight.py. One round is over in a second or two, too few keys for
a p95, so the sessions answer ROUNDS times. Budget (issue 13): key latency p95
under 50 ms and p50 under 20 ms, every session at least 2,000 tokens/s, a
hidden session shown in under 100 ms.

    python parallel_four.py [--profile out.txt]

--profile samples the rounds with py-spy: see _harness.profiled and PROFILE.md.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import time

from textual import events
from textual.pilot import Pilot
from textual.widgets import TextArea

from ollamux.core.session import Status
from ollamux.ui.app import OllamuxApp
from ollamux.ui.chat.view import ChatView

from _harness import KeyClock, fully_rendered, make_app, profiled, settled_view, start_sim, wait_until

TOKENS = 5_000
SESSIONS = 4
ROUNDS = 5
TYPING_INTERVAL = 0.05  # 20 keys a second
BUDGET_RATE = 2_000  # tokens/s, every session
BUDGET_P95 = 0.050
BUDGET_P50 = 0.020
BUDGET_SHOW = 0.100  # each finished hidden session, from its key to its answer on screen


async def one_round(app: OllamuxApp, views: list[ChatView], active: ChatView, clock: KeyClock) -> list[float]:
    """Every session answers once at full speed while a fast typist types; each session's tokens/s."""
    started = time.perf_counter()
    for view in views:
        await view.send_prompt("go")
    finished: dict[int, float] = {}
    next_key = started
    while len(finished) < len(views) or clock.waiting:
        now = time.perf_counter()
        for index, view in enumerate(views):
            if index in finished or view.last_status is not Status.COMPLETE:
                continue  # cheap checks first: this loop shares the event loop with the app
            if view is not active or fully_rendered(view):
                finished[index] = now - started
        # Straight into the queue, as a terminal's key would arrive (the
        # pilot's press() would also wait for the whole app to go idle).
        if now >= next_key and any(view.session.streaming for view in views):
            clock.pressed.append(now)
            app.post_message(events.Key("x", "x"))
            next_key = now + TYPING_INTERVAL
        await asyncio.sleep(0.005)
    return [TOKENS / finished[index] for index in range(len(views))]


async def run(url: str, profile: str | None = None) -> tuple[list[list[float]], list[float], list[float]]:
    app = make_app(url)
    async with app.run_test(size=(120, 40)) as pilot:
        views: list[ChatView] = [await settled_view(pilot, app)]
        for _ in range(SESSIONS - 1):
            views.append(await app.workbench.open_session("sim", views[0].session.model))
        for view in views:
            view.session.options["num_predict"] = TOKENS
        active = app.workbench.workspace.active_view
        clock = KeyClock(active.query_one("#prompt", TextArea))
        speeds: list[list[float]] = []
        with profiled(profile):
            for _ in range(ROUNDS):
                speeds.append(await one_round(app, views, active, clock))
                await pilot.pause(0.5)  # a moment between questions
        shown: list[float] = []
        for number, view in enumerate(views, start=1):
            if view is active:
                continue
            await pilot.pause(0.2)  # let the previous switch settle
            shown.append(await show(pilot, app, view, number))
        return speeds, clock.latencies(), shown


async def show(pilot: Pilot, app: OllamuxApp, view: ChatView, number: int) -> float:
    """Seconds from alt+N into the app's queue until the whole answer is in the widget and the screen refreshed after.

    Not through `pilot.press`: that returns only once the app has gone idle (the
    tab bar's 0.3 s underline slide, a garbage collection), which a user does not wait for.
    """
    started = time.perf_counter()
    app.post_message(events.Key(f"alt+{number}", None))
    await wait_until(pilot, lambda: fully_rendered(view))
    refreshed = asyncio.Event()
    view.call_after_refresh(refreshed.set)
    await refreshed.wait()
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--profile", metavar="FILE", help="sample the rounds with py-spy into FILE")
    args = parser.parse_args()
    with start_sim() as server:
        speeds, latencies, shown = asyncio.run(run(server.url, args.profile))
    for index in range(SESSIONS):
        how = "rendered" if index == SESSIONS - 1 else "received while hidden"
        figures = ", ".join(f"{round_speeds[index]:,.0f}" for round_speeds in speeds)
        print(f"session {index + 1}: {figures} tokens/s {how} (one figure a round)")
    print("showing a finished hidden session (alt+N to its answer on screen): "
          + ", ".join(f"{s * 1000:.0f} ms" for s in shown))
    quantiles = statistics.quantiles(latencies, n=20)
    p50, p95 = statistics.median(latencies), quantiles[18]
    print(f"key latency while streaming: p50 {p50 * 1000:.1f} ms, p95 {p95 * 1000:.1f} ms, "
          f"max {max(latencies) * 1000:.1f} ms ({len(latencies)} keys)")
    slowest = min(min(round_speeds) for round_speeds in speeds)
    print(f"slowest session: {slowest:,.0f} tokens/s")

    def verdict(ok: bool) -> str:
        return "met" if ok else "MISSED"

    print(f"budget key p95 < {BUDGET_P95 * 1000:.0f} ms: {verdict(p95 < BUDGET_P95)}")
    print(f"budget key p50 < {BUDGET_P50 * 1000:.0f} ms: {verdict(p50 < BUDGET_P50)}")
    print(f"budget every session >= {BUDGET_RATE:,} tokens/s: {verdict(slowest >= BUDGET_RATE)}")
    print(f"budget showing a hidden session < {BUDGET_SHOW * 1000:.0f} ms: {verdict(max(shown) < BUDGET_SHOW)}")


if __name__ == "__main__":
    main()
