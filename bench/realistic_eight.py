"""Benchmark 3: eight sessions at 100 tokens/s each for 60 s, with typing.

    python realistic_eight.py [--seconds 60] [--rate 100] [--profile out.txt]

The speed of a real GPU box: the simulator (in its own process) streams each reply
at `--rate` tokens a second (its `sim_tokens_per_second` request option). Eight
sessions ask at once; the last one opened is on screen, the other seven are tabs.
Once every reply has begun, a window of `--seconds` opens in which a typist types
sentences into the prompt on screen, a key every 150 ms (about 80 words a minute),
clearing the line with ctrl+u after each sentence.

What is measured over the window:

- the app's CPU: time.process_time() of this process (all its threads: the event
  loop, the workers, Textual's) over the wall-clock time of the window, as a share
  of one core. The simulator's process is not counted. The app runs headless
  (Textual's test driver), which composes every frame but would skip encoding it
  for a terminal: here each frame is encoded as for a terminal too (as Textual's
  `App._display` does) and then dropped, so only the write itself is missing.
- key latency: from a key entering the app's queue (as a terminal's key would)
  until the prompt has applied it (its TextArea.Changed is posted), so the repaint
  after it is not included, as in parallel_four.py.

Budget (issue 13): CPU at most 25% of one core on average, key latency p95 under 30 ms.

--profile samples the window with py-spy (see _harness.profiled and PROFILE.md); the
figures of a profiled run are not the benchmark's.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import time
from typing import Any

from textual import events
from textual.app import App
from textual.widgets import TextArea

from ollamux.ui.chat.view import ChatView

from _harness import KeyClock, make_app, profiled, start_sim, wait_until

SESSIONS = 8
TYPING_INTERVAL = 0.15
SENTENCE = "how do i keep a tmux pane open after its command exits"
BUDGET_CPU = 0.25  # of one core, on average
BUDGET_P95 = 0.030


def encode_frames(app: App[Any]) -> None:
    """Make the headless app encode each frame for a terminal, as a real one does, and drop it."""
    display = app._display

    def display_and_encode(screen: Any, renderable: Any) -> None:
        display(screen, renderable)
        if renderable is not None and hasattr(renderable, "render_segments"):
            renderable.render_segments(app.console)

    app._display = display_and_encode  # type: ignore[method-assign]


async def run(url: str, seconds: float, rate: float, profile: str | None = None) -> dict[str, Any]:
    app = make_app(url)
    encode_frames(app)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until(pilot, lambda: app.workbench.workspace.active_view is not None)
        views: list[ChatView] = [app.workbench.workspace.active_view]
        for _ in range(SESSIONS - 1):
            views.append(await app.workbench.open_session("sim", views[0].session.model))
        active = app.workbench.workspace.active_view
        tokens = int(rate * (seconds + 30))  # still streaming when the window closes
        for view in views:
            view.session.options.update(num_predict=tokens, sim_tokens_per_second=rate)
        await pilot.pause(1.0)  # let the app settle after opening the tabs
        for view in views:
            await view.send_prompt("go")
        await wait_until(pilot, lambda: all(view.session.messages[-1].role == "assistant"
                                            and view.session.messages[-1].content for view in views))
        received = [len(view.session.messages[-1].content) for view in views]
        clock = KeyClock(active.query_one("#prompt", TextArea))
        with profiled(profile):
            cpu_started, wall_started = time.process_time(), time.perf_counter()
            typed = 0
            next_key = wall_started
            while (now := time.perf_counter()) < wall_started + seconds:
                if now >= next_key:
                    if typed == len(SENTENCE):
                        key, typed = events.Key("ctrl+u", None), 0
                    else:
                        character = SENTENCE[typed]
                        key = events.Key("space" if character == " " else character, character)
                        typed += 1
                    clock.pressed.append(time.perf_counter())
                    app.post_message(key)
                    next_key += TYPING_INTERVAL
                await asyncio.sleep(max(0.0, min(next_key, wall_started + seconds) - time.perf_counter()))
            cpu, wall = time.process_time() - cpu_started, time.perf_counter() - wall_started
        streamed = [len(view.session.messages[-1].content) - before
                    for view, before in zip(views, received, strict=True)]
        still_streaming = sum(view.session.streaming for view in views)
        await wait_until(pilot, lambda: not clock.waiting, timeout=10)
        for view in views:
            view.action_stop()
        await wait_until(pilot, lambda: not any(view.session.busy for view in views), timeout=30)
    return {
        "cpu": cpu, "wall": wall, "latencies": clock.latencies(), "keys": len(clock.pressed),
        "streamed": streamed, "still_streaming": still_streaming,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--rate", type=float, default=100.0)
    parser.add_argument("--profile", metavar="FILE", help="sample the window with py-spy into FILE")
    args = parser.parse_args()
    with start_sim() as server:
        result = asyncio.run(run(server.url, args.seconds, args.rate, args.profile))
    cpu_share = result["cpu"] / result["wall"]
    latencies: list[float] = result["latencies"]
    p50 = statistics.median(latencies)
    p95 = statistics.quantiles(latencies, n=20)[18]
    characters = result["streamed"]
    print(f"sessions: {SESSIONS} at {args.rate:g} tokens/s, window {result['wall']:.1f} s, "
          f"{result['still_streaming']} still streaming at its end")
    print("characters received per second in the window, per session: "
          + ", ".join(f"{c / result['wall']:,.0f}" for c in characters))
    print(f"app CPU: {result['cpu']:.1f} s over {result['wall']:.1f} s = {cpu_share:.0%} of one core")
    print(f"key latency: p50 {p50 * 1000:.1f} ms, p95 {p95 * 1000:.1f} ms, max {max(latencies) * 1000:.1f} ms "
          f"({len(latencies)} keys)")
    print(f"budget CPU <= {BUDGET_CPU:.0%} of one core: {'met' if cpu_share <= BUDGET_CPU else 'MISSED'}")
    print(f"budget key p95 < {BUDGET_P95 * 1000:.0f} ms: {'met' if p95 < BUDGET_P95 else 'MISSED'}")


if __name__ == "__main__":
    main()
