"""Benchmark 1: one session receiving 20,000 tokens with no delay.

Prints the time from pressing Enter until the whole reply is rendered in the
transcript, the same stream consumed by the bare client, and their ratio.
Budget (issue 13): at least 20,000 tokens/s until fully rendered, and at most 3x
the bare client's time on the same stream.

    python stream_one.py [--tokens 20000] [--profile out.txt]

--profile samples the rendered run (Enter to fully rendered) with py-spy: see
_harness.profiled and PROFILE.md. The figures of a profiled run are not the benchmark's.
"""

from __future__ import annotations

import argparse
import asyncio
import time

from ollamux.api.clients import make_client
from ollamux.api.events import ChatRequest, Message
from ollamux.api.hosts import Host
from ollamux.ui.markdown import rich_markdown

from _harness import MODEL, fully_rendered, make_app, profiled, settled_view, start_sim, wait_until

TOKENS = 20_000
BUDGET_RATE = 20_000  # tokens/s until fully rendered
BUDGET_RATIO = 3.0  # times the bare client's time

# Characters handed to the Markdown renderer during the rendered run: a reply
# rendered once costs about its own length, more means parts were rendered again.
rendered_chars = [0]
# The app's CPU time (all its threads) over the same window: less noisy than the
# wall clock on a shared machine.
cpu_used = [0.0]


def count_rendering() -> None:
    render = rich_markdown.render_markdown

    def counted(source: str, *args: object, **kwargs: object) -> object:
        rendered_chars[0] += len(source)
        return render(source, *args, **kwargs)

    rich_markdown.render_markdown = counted  # type: ignore[assignment]


async def bare_client(url: str, tokens: int) -> float:
    client = make_client(Host("sim", url))
    request = ChatRequest(MODEL, (Message("user", "go"),), options={"num_predict": tokens})
    started = time.perf_counter()
    async for _ in client.chat(request):
        pass
    elapsed = time.perf_counter() - started
    await client.aclose()
    return elapsed


async def rendered(url: str, tokens: int, profile: str | None = None) -> tuple[float, int]:
    app = make_app(url)
    async with app.run_test(size=(120, 40)) as pilot:
        view = await settled_view(pilot, app)
        view.session.options["num_predict"] = tokens
        prompt = view.query_one("#prompt")
        prompt.insert("go")
        with profiled(profile):
            rendered_chars[0] = 0
            started, cpu_started = time.perf_counter(), time.process_time()
            # Watched from before Enter: pilot.press() returns only once the app is
            # idle, which came up to half a second after the reply was all drawn.
            async def all_drawn() -> tuple[float, float]:
                await wait_until(pilot, lambda: fully_rendered(view))
                return time.perf_counter() - started, time.process_time() - cpu_started

            done = asyncio.create_task(all_drawn())
            await pilot.press("enter")
            elapsed, cpu_used[0] = await done
        assert view.session.messages[-1].stats.generated_tokens == tokens
        reply_chars = len(view.session.messages[-1].content)
    return elapsed, reply_chars


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tokens", type=int, default=TOKENS)
    parser.add_argument("--profile", metavar="FILE", help="sample the rendered run with py-spy into FILE")
    args = parser.parse_args()
    tokens = args.tokens
    with start_sim() as server:
        count_rendering()
        bare = asyncio.run(bare_client(server.url, tokens))
        ui, reply_chars = asyncio.run(rendered(server.url, tokens, args.profile))
    rate, ratio = tokens / ui, ui / bare
    print(f"tokens:                 {tokens}")
    print(f"bare client:            {bare:.2f} s ({tokens / bare:,.0f} tokens/s)")
    print(f"rendered in transcript: {ui:.2f} s ({rate:,.0f} tokens/s)")
    print(f"ratio ui / bare:        {ratio:.1f}x")
    print(f"app CPU time:           {cpu_used[0]:.2f} s")
    print(f"characters rendered:    {rendered_chars[0]:,} for a reply of {reply_chars:,} "
          f"({rendered_chars[0] / max(1, reply_chars):.2f}x)")
    print(f"budget >= {BUDGET_RATE:,} tokens/s: {'met' if rate >= BUDGET_RATE else 'MISSED'}")
    print(f"budget <= {BUDGET_RATIO:g}x the bare client: {'met' if ratio <= BUDGET_RATIO else 'MISSED'}")


if __name__ == "__main__":
    main()
