"""Benchmark 4: one reply of 200,000 tokens of prose and code, no delay.

    python long_reply.py [--tokens 200000] [--timeline]

Measures, for the session on screen, sampling every 50 ms:

- the rate over the first and the last tenth of the reply: how fast the reply's
  text grows in the session (what the app has taken in from the wire and handed
  to the display); the first tenth runs from Enter to a tenth of the final
  length (from the first character would be misleading: the app starts reading
  late and then takes in in bursts what waited in the socket), the last tenth from nine tenths to the whole (characters
  stand in for tokens: the simulator's text repeats, so they are in proportion).
- the same two rates for what the answer widget paints (`source`). The transcript
  draws only the first DISPLAY_LIMIT characters of a message (ui/chat/display_budget.py:
  200,000 characters, about 50,000 tokens; the rest is kept, and a line says so), so
  past that the reply is received but not drawn: these rates are over the drawn head.
  Also how far, at most, what is painted lags behind what was taken in.
- peak RSS: resource.getrusage(RUSAGE_SELF).ru_maxrss at the end, i.e. the app's
  process at its highest (the simulator runs in a process of its own).
- the wire's own two rates, for comparison (not part of the budget): the same reply
  read by the bare client from the same simulator just before, without the app (in a
  process of its own, so that the peak RSS stays the app's alone). The
  simulator writes a line a token, as fast as its process can, so its rate is the
  ceiling of the app's and varies by itself from one tenth to another.

Budget (issue 13): peak RSS under 300 MB; the rate over the last tenth within 20%
of the rate over the first tenth (no slowdown as the reply grows).
"""

from __future__ import annotations

import argparse
import asyncio
import resource
import time
from concurrent.futures import ProcessPoolExecutor

from ollamux.api.clients import make_client
from ollamux.api.events import ChatRequest, Content, Message
from ollamux.api.hosts import Host
from ollamux.core.session import Status
from ollamux.ui.chat.display_budget import DISPLAY_LIMIT
from ollamux.ui.chat.view import ChatView
from ollamux.ui.markdown.streaming import StreamingMarkdown

from _harness import MODEL, make_app, settled_view, start_sim

Samples = list[tuple[float, int]]  # (seconds since Enter, characters)

TOKENS = 200_000
SAMPLE_INTERVAL = 0.05
BUDGET_RSS_MB = 300
BUDGET_DRIFT = 0.20


def painted(view: ChatView) -> int:
    answers = view.query(".answer")
    if not answers:
        return 0
    answer = answers.last()
    assert isinstance(answer, StreamingMarkdown)
    return len(answer.source)


def done(view: ChatView) -> bool:
    """The reply is complete and all of it that is drawn is painted."""
    message = view.session.messages[-1] if view.session.messages else None
    if message is None or message.role != "assistant" or message.status is not Status.COMPLETE:
        return False
    answer = view.query(".answer").last()
    assert isinstance(answer, StreamingMarkdown)
    return not answer.rendering and len(answer.source) >= min(len(message.content), DISPLAY_LIMIT)


async def run(url: str, tokens: int) -> tuple[Samples, Samples, float]:
    """Samples of the reply's length in the session and of what is painted; the whole time."""
    app = make_app(url)
    async with app.run_test(size=(120, 40)) as pilot:
        view = await settled_view(pilot, app)
        view.session.options["num_predict"] = tokens
        view.query_one("#prompt").insert("go")
        received: Samples = []
        drawn: Samples = []

        async def sample() -> None:
            # A task of its own from before Enter: pilot.press() returns only once the
            # app is idle, seconds into the reply.
            while not done(view):
                now = time.perf_counter() - started
                message = view.session.messages[-1] if view.session.messages else None
                received.append((now, len(message.content) if message and message.role == "assistant" else 0))
                drawn.append((now, painted(view)))
                await asyncio.sleep(SAMPLE_INTERVAL)

        started = time.perf_counter()
        sampler = asyncio.create_task(sample())
        await pilot.press("enter")
        await sampler
        elapsed = time.perf_counter() - started
        received.append((elapsed, len(view.session.messages[-1].content)))
        drawn.append((elapsed, painted(view)))
        assert view.session.messages[-1].stats.generated_tokens == tokens
    return received, drawn, elapsed


def wire(url: str, tokens: int) -> tuple[float, float, float]:
    """The bare client's rates over the first and the last tenth, and its whole time.

    Run in a process of its own, and only the figures come back: a sample a line
    (200,000 of them) would add 20 MB to the app's peak RSS.
    """
    asyncio.run(_read_bare(url, 16))  # the simulator's first reply imports what writes replies (80 ms)
    samples = asyncio.run(_read_bare(url, tokens))
    return (*tenths(samples), samples[-1][0])


async def _read_bare(url: str, tokens: int) -> Samples:
    client = make_client(Host("sim", url))
    request = ChatRequest(MODEL, (Message("user", "go"),), options={"num_predict": tokens})
    samples: Samples = []
    characters = 0
    started = time.perf_counter()
    async for event in client.chat(request):
        if isinstance(event, Content):
            characters += len(event.text)
            samples.append((time.perf_counter() - started, characters))
    await client.aclose()
    return samples


def when(samples: Samples, characters: float) -> float:
    """When `characters` were there: interpolated between the samples either side.

    Not the first sample at or past it: samples are 50 ms apart or more on a busy
    loop, a tenth of the reply takes about half a second, so rounding up to a
    sample would be off by up to a tenth of what is measured.
    """
    before_moment, before_count = 0.0, 0
    for moment, count in samples:
        if count >= characters:
            if count == before_count:
                return moment
            share = (characters - before_count) / (count - before_count)
            return before_moment + share * (moment - before_moment)
        before_moment, before_count = moment, count
    raise ValueError(f"never {characters} characters")


def tenths(samples: Samples) -> tuple[float, float]:
    """Characters a second over the first and over the last tenth of the samples' final count."""
    total = samples[-1][1]
    tenth = total / 10
    first = when(samples, tenth)  # from Enter: the text may come in bursts at first
    last = when(samples, total) - when(samples, total - tenth)
    return tenth / max(first, SAMPLE_INTERVAL), tenth / max(last, SAMPLE_INTERVAL)


def lag(received: Samples, drawn: Samples) -> float:
    """How far, at most, the painted answer was behind the text taken in (seconds)."""
    worst = 0.0
    for moment, count in drawn:
        if count:
            worst = max(worst, moment - when(received, count))
    return worst


def timeline(received: Samples, drawn: Samples, step: float = 0.25) -> None:
    """Characters a second taken in and painted, every `step` seconds: where a rate changes."""
    end = received[-1][0]
    print("   from s   taken in k/s   painted k/s")
    moment = 0.0
    while moment < end:
        rates = []
        for samples in (received, drawn):
            counts = [count for at, count in samples if at <= moment + step] or [0]
            before = [count for at, count in samples if at <= moment] or [0]
            rates.append((counts[-1] - before[-1]) / step / 1e3)
        print(f"{moment:9.2f} {rates[0]:14,.0f} {rates[1]:13,.0f}")
        moment += step


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tokens", type=int, default=TOKENS)
    parser.add_argument("--timeline", action="store_true", help="print both rates every 0.25 s")
    arguments = parser.parse_args()
    tokens = arguments.tokens
    with start_sim() as server:
        with ProcessPoolExecutor(1) as bare_client:
            bare = bare_client.submit(wire, server.url, tokens).result()
        received, drawn, elapsed = asyncio.run(run(server.url, tokens))
    if arguments.timeline:
        timeline(received, drawn)
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    total, shown = received[-1][1], drawn[-1][1]
    first, last = tenths(received)
    drawn_first, drawn_last = tenths(drawn)
    ratio = last / first
    print(f"tokens: {tokens:,} ({total / 1e6:.2f} MB of text, {shown / 1e6:.2f} MB of it drawn), "
          f"complete and painted in {elapsed:.1f} s ({tokens / elapsed:,.0f} tokens/s)")
    print(f"taken in: first tenth {first / 1e3:,.0f} k characters/s, last tenth {last / 1e3:,.0f} k characters/s, "
          f"last / first {ratio:.2f}")
    print(f"painted (the drawn head): first tenth {drawn_first / 1e3:,.0f} k characters/s, "
          f"last tenth {drawn_last / 1e3:,.0f} k characters/s, last / first {drawn_last / drawn_first:.2f}")
    print(f"painting behind the text taken in: at most {lag(received, drawn):.1f} s")
    wire_first, wire_last, wire_time = bare
    print(f"the wire alone (bare client, {wire_time:.1f} s): first tenth {wire_first / 1e3:,.0f} k characters/s, "
          f"last tenth {wire_last / 1e3:,.0f} k characters/s, last / first {wire_last / wire_first:.2f}; "
          f"the app took in {first / wire_first:.0%} and {last / wire_last:.0%} of those")
    print(f"peak RSS: {rss_mb:.0f} MB")
    print(f"budget peak RSS < {BUDGET_RSS_MB} MB: {'met' if rss_mb < BUDGET_RSS_MB else 'MISSED'}")
    within = abs(ratio - 1) <= BUDGET_DRIFT
    how = "" if within else (" (slower at the end)" if ratio < 1 else " (faster at the end)")
    print(f"budget last tenth's rate within {BUDGET_DRIFT:.0%} of the first's: {'met' if within else 'MISSED'}{how}")
    # What the budget is for: a reply must not slow down as it grows. Faster at the end
    # is what the display limit gives (past it nothing is drawn), not a slowdown.
    print(f"no slowdown (last tenth >= {1 - BUDGET_DRIFT:.0%} of the first's rate): "
          f"{'yes' if ratio >= 1 - BUDGET_DRIFT else 'NO'}")


if __name__ == "__main__":
    main()
