"""How long a 1,000- and a 10,000-message session take to open, and how much memory they need.

    python bench/open_long_session.py [--messages N] [--no-tracemalloc]

Without --messages, runs the two cases of issue 13, each in a fresh process (peak
RSS is the process's): 1,000 and 10,000 messages. Builds a deterministic Session
of alternating prompts and Markdown replies (prose, lists and fenced code; about
1 MB per 1,000 messages), then opens it the way the app does: a minimal Textual
App, headless, mounts a `Transcript` and awaits `load(...)`.

What is measured (time.perf_counter, one process, imports already done):

- time to first paint: from just before the App is constructed to the end of
  the first compositor frame (Screen._compositor_refresh) that runs after
  `load()` has returned and in which the loaded messages have been laid out.
  In headless mode that frame is fully composed (layout, render of every
  visible line) and only the final write to a terminal is skipped.
- load(): the time inside `await transcript.load(messages)` alone.
- peak RSS: resource.getrusage(RUSAGE_SELF).ru_maxrss after the timed run,
  i.e. the whole process (Python, Textual, the session) at its highest.
- tracemalloc peak: the same open in a fresh child process with tracemalloc
  started just before the App is constructed (tracing slows Python down, so
  that run is not timed): the peak of Python allocations while opening, the
  session's own text excluded.

Budgets (issue 13): 1,000 messages: first paint under 0.5 s (and under 300 MB, as
before); 10,000 messages: first paint under 1.5 s and peak RSS under 400 MB.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import resource
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

from textual.app import App, ComposeResult

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from ollamux.core.session import ChatMessage, Session
from ollamux.ui.chat.transcript import Transcript

WORDS = (
    "the model streams tokens which we batch and paint every fifty milliseconds so "
    "long answers stay fast while the user keeps typing in the prompt below and "
    "switches between sessions on other hosts over ssh with a cold cache and a "
    "warm gpu that holds the weights of a quantized eight billion parameter model"
).split()

CODE = {
    "python": (
        "def fib(n: int) -> int:\n"
        '    """Return the n-th Fibonacci number."""\n'
        "    a, b = 0, 1\n"
        "    for _ in range(n):\n"
        "        a, b = b, a + b\n"
        "    return a\n\n\n"
        "class Cache:\n"
        "    def __init__(self, size: int = 128) -> None:\n"
        "        self.size = size\n"
        "        self.items: dict[str, bytes] = {}\n"
    ),
    "rust": (
        "fn main() {\n"
        "    let v: Vec<u32> = (1..=10).map(|x| x * x).collect();\n"
        "    for (i, x) in v.iter().enumerate() {\n"
        '        println!("{i}: {x}");\n'
        "    }\n"
        "}\n"
    ),
    "bash": 'for f in *.log; do\n  gzip -9 "$f" && echo "packed $f"\ndone\n',
    "javascript": (
        "export async function load(url) {\n"
        "  const response = await fetch(url);\n"
        "  if (!response.ok) throw new Error(`HTTP ${response.status}`);\n"
        "  return response.json();\n"
        "}\n"
    ),
}


def _sentence(rng: random.Random) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(8, 18))).capitalize() + "."


def _paragraph(rng: random.Random) -> str:
    return " ".join(_sentence(rng) for _ in range(rng.randint(3, 6)))


def _reply(rng: random.Random, number: int) -> str:
    languages = rng.sample(sorted(CODE), 2)
    parts = [
        f"## Step {number}",
        _paragraph(rng),
        f"```{languages[0]}\n{CODE[languages[0]]}```",
        _paragraph(rng),
        "\n".join(f"- **point {k}**: {_sentence(rng)}" for k in range(4)),
        f"```{languages[1]}\n{CODE[languages[1]]}```",
        _paragraph(rng),
    ]
    return "\n\n".join(parts)


def build_session(messages: int = 1000, seed: int = 1) -> Session:
    """A deterministic session: alternating prompts and Markdown replies."""
    rng = random.Random(seed)
    session = Session(host="bench", model="demo-coder:7b", title="long session")
    for number in range(messages // 2):
        session.messages.append(ChatMessage(role="user", content=_paragraph(rng)))
        session.messages.append(ChatMessage(role="assistant", content=_reply(rng, number)))
    return session


class OpenSession(App[None]):
    """Just a transcript: what opening a session costs, without the rest of the app."""

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        self.loaded_at: float | None = None
        self.painted_at: float | None = None

    def compose(self) -> ComposeResult:
        yield Transcript()

    async def on_mount(self) -> None:
        transcript = self.query_one(Transcript)
        screen = self.screen
        original = screen._compositor_refresh

        def refresh_and_time() -> None:
            original()
            laid_out = transcript.message_widgets()
            if self.painted_at is None and self.loaded_at is not None and laid_out[-1].region:
                self.painted_at = time.perf_counter()
                self.exit()

        screen._compositor_refresh = refresh_and_time  # type: ignore[method-assign]
        started = time.perf_counter()
        await transcript.load(self.session.messages)
        self.loaded_at = time.perf_counter()
        self.load_seconds = self.loaded_at - started
        transcript.focus()


async def open_once(session: Session, *, trace: bool = False) -> tuple[float, float, float]:
    """Returns (time to first paint, time inside load(), tracemalloc peak or 0)."""
    if trace:
        tracemalloc.start()
    start = time.perf_counter()
    app = OpenSession(session)
    async with app.run_test(size=(120, 40)) as pilot:
        while app.painted_at is None:
            await pilot.pause(0.01)
    assert app.painted_at is not None
    peak = tracemalloc.get_traced_memory()[1] if tracemalloc.is_tracing() else 0
    return app.painted_at - start, app.load_seconds, peak


# Messages -> (seconds to first paint, MB of peak RSS)
BUDGETS = {1000: (0.5, 300), 10_000: (1.5, 400)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int)
    parser.add_argument("--no-tracemalloc", action="store_true")
    parser.add_argument("--tracemalloc-only", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.messages is None:  # every case, each in a process of its own
        for messages in BUDGETS:
            print(f"--- {messages:,} messages", flush=True)
            case = [sys.executable, __file__, "--messages", str(messages)]
            subprocess.run(case + (["--no-tracemalloc"] if args.no_tracemalloc else []), check=True)
        return

    session = build_session(args.messages)
    if args.tracemalloc_only:  # the child process of the memory measurement
        print(asyncio.run(open_once(session, trace=True))[2])
        return
    size = sum(len(m.content.encode()) for m in session.messages)
    print(f"session: {len(session.messages)} messages, {size / 1e6:.2f} MB of text")

    first_paint, load_seconds, _ = asyncio.run(open_once(session))
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    print(f"time to first paint: {first_paint:.3f} s  (load(): {load_seconds:.3f} s)")
    print(f"peak RSS: {rss_mb:.0f} MB")

    if not args.no_tracemalloc:
        child = [sys.executable, __file__, "--tracemalloc-only", "--messages", str(args.messages)]
        peak = int(subprocess.run(child, check=True, capture_output=True, text=True).stdout.split()[-1])
        print(f"tracemalloc peak (separate, untimed process): {peak / 1e6:.1f} MB")

    if args.messages in BUDGETS:
        seconds, megabytes = BUDGETS[args.messages]
        print(f"budget first paint < {seconds:g} s: {'met' if first_paint < seconds else 'MISSED'}")
        print(f"budget peak RSS < {megabytes} MB: {'met' if rss_mb < megabytes else 'MISSED'}")


if __name__ == "__main__":
    main()
