"""Benchmark 1: one session receiving 20,000 tokens with no delay.

Prints the time from pressing Enter until the whole reply is rendered in the
transcript, the same stream consumed by the bare client, and their ratio.
Budget: at least 5,000 tokens/s rendered.
"""

from __future__ import annotations

import asyncio
import time

from ollamux.api.clients import make_client
from ollamux.api.events import ChatRequest, Message
from ollamux.api.hosts import Host

from _harness import MODEL, fully_rendered, make_app, start_sim, wait_until

TOKENS = 20_000


async def bare_client(url: str) -> float:
    client = make_client(Host("sim", url))
    request = ChatRequest(MODEL, (Message("user", "go"),), options={"num_predict": TOKENS})
    started = time.perf_counter()
    async for _ in client.chat(request):
        pass
    elapsed = time.perf_counter() - started
    await client.aclose()
    return elapsed


async def rendered(url: str) -> float:
    app = make_app(url)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until(pilot, lambda: app.workbench.workspace.active_view is not None)
        view = app.workbench.workspace.active_view
        view.session.options["num_predict"] = TOKENS
        prompt = view.query_one("#prompt")
        prompt.insert("go")
        started = time.perf_counter()
        await pilot.press("enter")
        await wait_until(pilot, lambda: fully_rendered(view))
        elapsed = time.perf_counter() - started
        assert view.session.messages[-1].stats.generated_tokens == TOKENS
    return elapsed


def main() -> None:
    server = start_sim()
    try:
        bare = asyncio.run(bare_client(server.url))
        ui = asyncio.run(rendered(server.url))
    finally:
        server.stop()
    print(f"tokens:                 {TOKENS}")
    print(f"bare client:            {bare:.2f} s ({TOKENS / bare:,.0f} tokens/s)")
    print(f"rendered in transcript: {ui:.2f} s ({TOKENS / ui:,.0f} tokens/s)")
    print(f"ratio ui / bare:        {ui / bare:.1f}x")
    print(f"budget >= 5,000 tokens/s: {'met' if TOKENS / ui >= 5000 else 'MISSED'}")


if __name__ == "__main__":
    main()
