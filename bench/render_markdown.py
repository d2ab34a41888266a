"""Micro-benchmark: CPU time of `render_markdown` on the stream_one reply and a streamed fence.

Renders, in this process and without an app, the reply `stream_one.py` receives
(the simulator's fast model, same tokens): cold (the render path's caches
emptied by reloading its modules), cold with every fence made new (the reply
repeats a few fences: numbered, none is seen twice), again at the same width
(warm), at another width; then a long Python fence streamed into an open block
in small appends, rendered whole after each append as the live tail of a
streaming reply is, and closed. Prints CPU seconds (`time.process_time`), the
best of --repeat runs for the whole-reply figures. Works on the code before
the fence caches too, for a before/after.

    python render_markdown.py [--tokens 20000] [--width 116] [--fence-lines 500]
                              [--append-chars 120] [--repeat 3]
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import itertools
import re
import time

from rich.console import Console
from rich.style import Style
from textual.color import Color

from ollamux.sim import scripts, texts
from ollamux.ui.markdown import rich_markdown
from ollamux.ui.markdown import text as markdown_text


def stream_one_reply(tokens: int) -> str:
    """What the simulator's fast model streams for `num_predict=tokens`."""
    return "".join(itertools.islice(itertools.cycle(scripts.tokenize(texts.FAST_BLOCK)), tokens))


def long_fence(lines: int) -> str:
    """Python source of about `lines` lines, made of the reply's own code blocks."""
    code = [line for block in texts.FAST_BLOCK.split("```")[1::2] for line in block.splitlines()[1:]]
    return "\n".join(itertools.islice(itertools.cycle(code), lines)) + "\n"


def fresh_module() -> None:
    """Forget every cache the render path keeps (a module reload starts them empty)."""
    for name in ("highlight", "code", "fence"):  # absent before the fence caches
        with contextlib.suppress(ModuleNotFoundError):
            importlib.reload(importlib.import_module(f"ollamux.ui.markdown.{name}"))
    importlib.reload(markdown_text)
    importlib.reload(rich_markdown)


def cpu(work: object) -> float:
    assert callable(work)
    started = time.process_time()
    work()
    return time.process_time() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tokens", type=int, default=20_000)
    parser.add_argument("--width", type=int, default=116)
    parser.add_argument("--fence-lines", type=int, default=500)
    parser.add_argument("--append-chars", type=int, default=120)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    reply = stream_one_reply(args.tokens)
    style = Style(color="#e0e0e0", bgcolor="#1e1e1e")
    options = Console().options

    def render(source: str, width: int) -> None:
        look = markdown_text._look({}, Color.parse("#1e1e1e"), True)
        rich_markdown.render_markdown(source, look, options.update_width(width), style)

    # The reply repeats the same few fences; numbered, each is new to any cache.
    numbered = iter(itertools.count())
    distinct = re.sub(r"```python\n", lambda _: f"```python\n# {next(numbered)}\n", reply)
    cold, warm, other, unseen = [], [], [], []
    for _ in range(args.repeat):
        fresh_module()
        unseen.append(cpu(lambda: render(distinct, args.width)))
        fresh_module()
        cold.append(cpu(lambda: render(reply, args.width)))
        warm.append(cpu(lambda: render(reply, args.width)))
        other.append(cpu(lambda: render(reply, args.width - 20)))
    print(f"reply: {len(reply):,} characters, {reply.count('```') // 2} fences, {args.tokens:,} tokens")
    print(f"cold, width {args.width}:      {min(cold):.3f} s CPU (best of {args.repeat})")
    print(f"cold, every fence new: {min(unseen):.3f} s CPU")
    print(f"warm, same width:      {min(warm):.3f} s CPU")
    print(f"another width ({args.width - 20}):   {min(other):.3f} s CPU")

    fresh_module()
    source = "Some code:\n\n```python\n" + long_fence(args.fence_lines)
    start = len(source) - len(long_fence(args.fence_lines))
    ends = range(start + args.append_chars, len(source) + args.append_chars, args.append_chars)

    def stream() -> None:
        for end in ends:
            render(source[:end], args.width)
        render(source + "```\n", args.width)  # and the fence closes

    streamed = cpu(stream)
    print(f"streamed fence: {args.fence_lines} lines in {len(ends)} appends of {args.append_chars} characters,"
          f" then closed: {streamed:.3f} s CPU")


if __name__ == "__main__":
    main()
