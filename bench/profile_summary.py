"""Sum up py-spy raw profiles (the benchmarks' --profile): where the time goes.

    python profile_summary.py out.txt [more.txt ...] [--top 25]

Reads py-spy's raw format (one collapsed stack a line, root first, then its count;
with --threads the root is the thread) and prints, as shares of all samples:

- samples per thread;
- areas, for all threads and for each thread: each sample counted once, in the first area of AREAS that one of its
  frames falls in, tried in order (so Markdown parsing inside a render counts as
  parsing, the render around it as Rich rendering);
- functions by inclusive share (the function is anywhere on the stack) and by
  self share (the function is the innermost frame).
"""

from __future__ import annotations

import argparse
import re
from collections import Counter
from pathlib import Path

# (area, pattern on a frame "function (path:line)"): the first that matches any frame wins.
AREAS: tuple[tuple[str, str], ...] = (
    ("garbage collection (native frames)", r"gc_collect|collect_generations"),
    ("Markdown parsing (markdown_it)", r"\(markdown_it/"),
    ("syntax highlighting (pygments)", r"\(pygments/|Syntax\.|highlight"),
    ("Rich rendering of Markdown (rich/)", r"\(rich/"),
    ("ollamux Markdown glue (ui/markdown)", r"\(ollamux/ui/markdown/"),
    ("Textual paint (compositor render, widgets' lines)",
     r"Compositor\.(render_|_render_chops|_get_renders)|render_lines? \(|Strip\.|\(textual/strip"),
    ("Textual layout (arrange, reflow, box model)",
     r"_arrange|\(textual/layouts?/|Compositor\.reflow|get_box_model|_size_updated|\(textual/_spatial_map"),
    ("Textual styles and CSS", r"\(textual/css/|_update_styles|refresh_styles"),
    ("wire: httpx, NDJSON decoding, events", r"\(httpx/|\(httpcore/|\(ollamux/api/|\(anyio/|\(h11/"),
    ("ollamux session and reply loop (core)", r"\(ollamux/core/"),
    ("ollamux chat UI (ui/chat)", r"\(ollamux/ui/chat/"),
    ("Textual message pump and timers", r"\(textual/message_pump|\(textual/_context|\(textual/timer"),
    ("benchmark harness", r"^(wait_until|one_round|post_and_time|fully_rendered|painted|done) \("),
    ("waiting in select (counted as busy by py-spy)", r"^EpollSelector\.select"),
    ("asyncio event loop", r"\(asyncio/"),
)

_LINE_NUMBER = re.compile(r":\d+\)$")


def read(paths: list[Path]) -> Counter[tuple[str, ...]]:
    stacks: Counter[tuple[str, ...]] = Counter()
    for path in paths:
        for line in path.read_text().splitlines():
            stack, _, count = line.rpartition(" ")
            if stack:
                stacks[tuple(stack.split(";"))] += int(count)
    return stacks


def function(frame: str) -> str:
    """A frame without its line number: the function and its file."""
    return _LINE_NUMBER.sub(")", frame)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("profiles", nargs="+", type=Path)
    parser.add_argument("--top", type=int, default=25)
    args = parser.parse_args()
    stacks = read(args.profiles)
    total = sum(stacks.values())
    print(f"{total} samples in {len(args.profiles)} profile(s)")

    threads: Counter[str] = Counter()
    areas: Counter[str] = Counter()
    thread_areas: dict[str, Counter[str]] = {}
    inclusive: Counter[str] = Counter()
    own: Counter[str] = Counter()
    compiled = [(name, re.compile(pattern)) for name, pattern in AREAS]
    for stack, count in stacks.items():
        thread, frames = (stack[0], stack[1:]) if stack[0].startswith("thread") else ("(one thread)", stack)
        thread = re.sub(r"\(\d+\)", "", thread).strip()
        threads[thread] += count
        area = next((name for name, pattern in compiled if any(pattern.search(frame) for frame in frames)),
                    "other")
        areas[area] += count
        thread_areas.setdefault(thread, Counter())[area] += count
        for name in {function(frame) for frame in frames}:
            inclusive[name] += count
        if frames:
            own[function(frames[-1])] += count

    def table(title: str, counter: Counter[str], top: int) -> None:
        print(f"\n{title}")
        for name, count in counter.most_common(top):
            print(f"{100 * count / total:6.1f}%  {name}")

    table("threads", threads, 10)
    table("areas (each sample once, first matching area)", areas, len(AREAS) + 1)
    for thread, counter in thread_areas.items():
        table(f"areas in {thread} (shares of all samples)", counter, 8)
    table("functions, inclusive", inclusive, args.top)
    table("functions, self", own, args.top)


if __name__ == "__main__":
    main()
