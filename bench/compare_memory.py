"""Benchmark 5: ten long answers on the compare screen, against the same in tabs.

Prints the process's resident memory after ten sessions answered 5,000 tokens
each in tabs only, then after the same with the compare screen showing them,
and after leaving it. Budget: the compare screen costs no more than the tabs,
and leaving it gives its memory back.
"""

from __future__ import annotations

import asyncio
import gc
import os
import time

from ollamux.core.session import Status
from ollamux.ui.chat.compare import CompareScreen

from _harness import MODEL, make_app, start_sim, wait_until

ANSWERS = 10
TOKENS = 5_000


def rss_mb() -> float:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1e6


async def run(url: str, compare: bool) -> dict[str, float]:
    app = make_app(url)
    figures = {}
    async with app.run_test(size=(160, 50)) as pilot:
        await wait_until(pilot, lambda: app.workbench.workspace.active_view is not None)
        gc.collect()
        before = rss_mb()
        views = [await app.workbench.open_session("sim", MODEL) for _ in range(ANSWERS)]
        for view in views:
            view.session.options["num_predict"] = TOKENS
            await view.send_prompt("go")
        if compare:
            await app.push_screen(CompareScreen("go", [(v.session, "sim") for v in views]))
        started = time.perf_counter()
        await wait_until(pilot, lambda: all(v.last_status is Status.COMPLETE for v in views), timeout=600)
        await pilot.pause(1.0)
        gc.collect()
        label = "compare" if compare else "tabs"
        figures[f"{label}: answers done (s)"] = time.perf_counter() - started
        figures[f"{label}: memory added (MB)"] = rss_mb() - before
        if compare:
            app.pop_screen()
            await pilot.pause(1.0)
            gc.collect()
            figures[f"{label}: after leaving (MB)"] = rss_mb() - before
    return figures


def main() -> None:
    with start_sim() as server:
        figures = asyncio.run(run(server.url, compare=False))
        figures.update(asyncio.run(run(server.url, compare=True)))
    print(f"{ANSWERS} answers of {TOKENS:,} tokens")
    for name, value in figures.items():
        print(f"{name:34} {value:8.1f}")
    print(
        "note: memory is resident size; it rarely shrinks, "
        "so 'after leaving' shows what was not freed as growth kept"
    )


if __name__ == "__main__":
    main()
