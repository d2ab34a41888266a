"""Canned answers of the scripted models. Plain data, deterministic.

The showcase answer exercises what a chat view must render while streaming:
headings, lists, bold, a table and several fenced code blocks.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

CODER_ANSWER = """\
## Fetching a URL with retries

Here is a small, dependable way to do it. The key ideas:

- **Time out** every request, so a dead server cannot hang you.
- **Retry** with exponential backoff, but only on errors worth retrying.
- Keep the code *boring*: the standard library is enough.

```python
import time
import urllib.request


def fetch(url: str, attempts: int = 3) -> bytes:
    \"\"\"Download `url`, retrying with backoff on network errors.\"\"\"
    for attempt in range(attempts):
        try:
            with urllib.request.urlopen(url, timeout=10) as response:
                return response.read()
        except OSError:
            if attempt == attempts - 1:
                raise
            time.sleep(2 ** attempt)
    raise AssertionError("unreachable")
```

Run it from the shell:

```bash
python -c 'from fetch import fetch; print(len(fetch("https://example.com")))'
curl -sS --retry 3 --max-time 10 https://example.com | wc -c
```

A config file for it could look like this:

```json
{
  "url": "https://example.com",
  "attempts": 3,
  "timeout_seconds": 10
}
```

| Approach | Retries | Dependencies |
|----------|---------|--------------|
| `urllib` + loop | manual | none |
| `httpx` + `tenacity` | declarative | two |
| `curl --retry` | built in | the curl binary |

That's it: **three attempts, growing waits, a hard timeout.**
"""

CODER_GREETING = """\
Hello! I'm **demo-coder**, a simulated coding assistant. Ask me for code and \
I'll answer with Markdown and fenced blocks, for example:

```python
print("hello from ollamux")
```
"""

THINKER_THOUGHTS = (
    "Okay, the user wants to know how to reverse a list in Python. "
    "There are a few ways: slicing with [::-1], the reversed() built-in, and list.reverse(). "
    "Slicing makes a copy, reverse() works in place. "
    "I should show both and say when each fits. Keep it short."
)

THINKER_ANSWER = """\
There are two common ways:

```python
items = [1, 2, 3]
copy = items[::-1]   # new list: [3, 2, 1]
items.reverse()      # in place: items is now [3, 2, 1]
```

Use slicing when you need a new list, and `reverse()` when you want to change \
the original without copying. Hope that helps!"""

R1_THOUGHTS = (
    "The user asks a question. Let me think about what they really need. "
    "A short, clear answer with one example should do. "
    "I will mention the trade-off too."
)

R1_ANSWER = """\
**Short answer:** use a dictionary for lookups by key.

Dictionaries give average O(1) access, while scanning a list is O(n):

```python
ages = {"ada": 36, "alan": 41}
print(ages["ada"])  # 36
```

If order matters as well, plain `dict` keeps insertion order since Python 3.7."""

SLOW_ANSWER = """\
Terminals have outlived almost every interface that was supposed to replace them. \
The reason is not nostalgia. A terminal is a contract: text in, text out, and a \
small set of escape sequences that every emulator has agreed on for decades. \
Programs written against that contract in the seventies still run today, over \
links that their authors could not have imagined.

That contract is also why terminal tools compose so well. The output of one \
program is the input of the next, and a person can read both. When something \
goes wrong, the evidence is right there on the screen, in words, not hidden \
behind a spinner or a modal dialog.

Modern terminal applications keep the contract and add comfort on top: colour, \
mouse support, smooth redraws, and layouts that adapt to the window. The best of \
them feel as fluid as a desktop program while staying usable over a slow SSH \
connection from a train. That balance, speed without losing the plain text \
underneath, is what makes a good TUI worth building.

So when you wait for a slow model to finish this paragraph, remember that the \
terminal is not the bottleneck. The model is. Press Escape whenever you like: a \
well-behaved client keeps what has arrived so far and marks it as stopped.
"""

FAST_BLOCK = """\
The quick brown fox jumps over the lazy dog while the compiler checks every type.

```python
def square(n: int) -> int:
    return n * n
```

Streaming text must stay smooth even when thousands of tokens arrive at once.
"""

MIDSTREAM_LINES = "Let me work through this step by step.\n\n1. First, load the data.\n2. Then"

CUT_LINES = "Sure, here is the plan:\n\n- Read the file\n- Parse each line\n- "


def small_answer(model: str, user_text: str) -> str:
    """What the small pullable models say: short, and it echoes the prompt."""
    words = user_text.split()[:12]
    echo = " ".join(words) + (" …" if len(user_text.split()) > 12 else "")
    return (
        f"Hi! I'm {model}, a small simulated model. You said: \"{echo}\". "
        "I can only give short answers, so try demo-coder:7b for code."
    )


# What ollamux asks a model when it compacts a chat (core.compaction.summary_request),
# each turn after a `[role]` line: the simulator then writes a summary of it.
SUMMARY_ASKED = "Summarise this conversation:"
_TURN = re.compile(r"^\[(user|assistant|earlier summary)\]\n(.+)$", re.MULTILINE)
SUMMARY_LINE_CHARS = 48


def summary_of(asked: str) -> str:
    """A summary of the turns in `asked`: each question, and how its answer began."""
    lines = ["Summary of the conversation so far:", ""]
    for role, first_line in _TURN.findall(asked):
        text = first_line.strip()
        if len(text) > SUMMARY_LINE_CHARS:
            text = text[: SUMMARY_LINE_CHARS - 1].rstrip() + "…"
        said = {"user": "- The user asked: ", "assistant": "- The answer began: ", "earlier summary": "- Before that: "}
        lines.append(said[role] + text)
    return "\n".join(lines)


def tool_answer(results: Sequence[tuple[str, str, bool]]) -> str:
    """The tool model's reply to the (name, content, declined) results that end the history."""
    if len(results) == 1:
        name, content, declined = results[0]
        if declined:
            return f"I could not use `{name}`: you declined the call, so I have no answer from it."
        text = content.strip() or "nothing"
        if "\n" in text:
            return f"According to `{name}`:\n\n{text}"
        return f"According to `{name}`, the answer is: **{text}**."
    lines = [
        f"- `{name}`: " + ("not run, you declined the call" if declined else _one_line(content))
        for name, content, declined in results
    ]
    return "Here is what the tools returned:\n\n" + "\n".join(lines)


def _one_line(text: str) -> str:
    return " ".join(text.split()) or "nothing"


def no_fillable_tool(names: Sequence[str]) -> str:
    """What the tool model says when it cannot fill the arguments of any tool offered."""
    offered = ", ".join(f"`{name}`" for name in names) or "none"
    return (
        "I would like to use a tool, but I cannot fill the required arguments of any "
        f"of those offered ({offered}). Please answer without tools, or offer one I can call."
    )
