"""How each simulated model answers: generators of chunks, independent of the wire.

A script turns a `Prompt` into `Chunk`s (one generated token each, unless it says
otherwise) and may end with a `Fault`. The generation driver adds pacing, token
limits and statistics; the endpoint handlers turn chunks into NDJSON or SSE.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from . import texts, vision
from .models import RUNNER_STOPPED
from .wire import fake_id

# Word-ish tokens that keep their leading spaces; newlines are tokens of their own,
# so Markdown (fences, lists, indentation) streams as it would from a real model.
_TOKEN = re.compile(r"\n|[^\S\n]*[\w']+|[^\S\n]*[^\w\s]+|[^\S\n]+")

FAST_DEFAULT_TOKENS = 200
TOOL_CALL_TOKENS = 12  # what a tool call "costs" in eval_count


def tokenize(text: str) -> list[str]:
    """Split text into tokens; joining them gives the text back exactly."""
    return _TOKEN.findall(text)


@dataclass(frozen=True, slots=True)
class Chunk:
    """One streamed piece of a reply."""

    content: str = ""
    thinking: str = ""
    tool_calls: tuple[dict[str, Any], ...] = ()
    tokens: int = 1


@dataclass(frozen=True, slots=True)
class Fault:
    """The reply breaks here: an error line, or (message None) a dropped connection."""

    message: str | None


Piece = Chunk | Fault


@dataclass(frozen=True, slots=True)
class Prompt:
    """What a script may look at: the conversation and the relevant request fields."""

    model: str
    messages: tuple[dict[str, Any], ...]
    think: bool
    num_predict: int | None
    tools: tuple[dict[str, Any], ...] = ()

    def last_user_text(self) -> str:
        for message in reversed(self.messages):
            if message.get("role") == "user":
                return str(message.get("content") or "")
        return ""

    def last_user_message(self) -> dict[str, Any]:
        users = [message for message in self.messages if message.get("role") == "user"]
        return users[-1] if users else {}

    def tool_result(self) -> str | None:
        """The content of a trailing tool message: the model should now answer."""
        if self.messages and self.messages[-1].get("role") == "tool":
            return str(self.messages[-1].get("content") or "")
        return None


Script = Callable[[Prompt], Iterable[Piece]]


def _content(text: str) -> Iterator[Chunk]:
    return (Chunk(content=token) for token in tokenize(text))


def coder(prompt: Prompt) -> Iterator[Piece]:
    """The showcase: Markdown with several code blocks (a greeting for "hi")."""
    words = re.findall(r"\w+", prompt.last_user_text().lower())
    greeting = bool(words) and len(words) <= 3 and words[0] in {"hi", "hello", "hey"}
    yield from _content(texts.CODER_GREETING if greeting else texts.CODER_ANSWER)


def thinker(prompt: Prompt) -> Iterator[Piece]:
    """qwen3-style: thinking chunks, one chunk carrying both fields, then content."""
    answer = tokenize(texts.THINKER_ANSWER)
    if not prompt.think:
        yield from (Chunk(content=token) for token in answer)
        return
    thoughts = tokenize(texts.THINKER_THOUGHTS)
    yield from (Chunk(thinking=token) for token in thoughts[:-1])
    yield Chunk(thinking=thoughts[-1], content=answer[0], tokens=2)
    yield from (Chunk(content=token) for token in answer[1:])


def inline_think(prompt: Prompt) -> Iterator[Piece]:
    """deepseek-r1 with a stale template: `<think>` inline, tags split across chunks."""
    tokens = ["<th", "ink>", "\n", *tokenize(texts.R1_THOUGHTS), "\n", "</th", "ink>", "\n\n"]
    tokens += tokenize(texts.R1_ANSWER)
    yield from (Chunk(content=token) for token in tokens)


def slow(prompt: Prompt) -> Iterator[Piece]:
    yield from _content(texts.SLOW_ANSWER)


def fast(prompt: Prompt) -> Iterator[Piece]:
    """Endless prose and code; 200 tokens unless num_predict asks for a number."""
    tokens: Iterator[str] = itertools.cycle(tokenize(texts.FAST_BLOCK))
    if prompt.num_predict is None or prompt.num_predict <= 0:
        tokens = itertools.islice(tokens, FAST_DEFAULT_TOKENS)
    yield from (Chunk(content=token) for token in tokens)


def tools(prompt: Prompt) -> Iterator[Piece]:
    """Call a tool (the first one offered, else get_weather); answer once given a result."""
    result = prompt.tool_result()
    if result is not None:
        yield from _content(texts.tool_answer(result))
        return
    name, arguments = _pick_tool(prompt.tools)
    seed = "".join(str(message.get("content")) for message in prompt.messages)
    call = {
        "id": fake_id("call_", seed),
        "function": {"index": 0, "name": name, "arguments": arguments},
    }
    yield Chunk(tool_calls=(call,), tokens=TOOL_CALL_TOKENS)


def _pick_tool(offered: tuple[dict[str, Any], ...]) -> tuple[str, dict[str, Any]]:
    if not offered:
        return "get_weather", {"city": "Tokyo"}
    function = offered[0].get("function") or {}
    properties = (function.get("parameters") or {}).get("properties") or {}
    samples = {"string": "Tokyo", "integer": 3, "number": 2.5, "boolean": True}
    arguments = {
        key: samples.get(str((schema or {}).get("type")), "Tokyo")
        for key, schema in properties.items()
    }
    return str(function.get("name") or "tool"), arguments


def fault_midstream(prompt: Prompt) -> Iterator[Piece]:
    yield from _content(texts.MIDSTREAM_LINES)
    yield Fault(RUNNER_STOPPED)


def fault_cut(prompt: Prompt) -> Iterator[Piece]:
    yield from _content(texts.CUT_LINES)
    yield Fault(None)


def seer(prompt: Prompt) -> Iterator[Piece]:
    """A vision model that says what it was sent: images (size, format, hash) and files."""
    yield from _content(vision.received(prompt.last_user_message()))


def small(prompt: Prompt) -> Iterator[Piece]:
    yield from _content(texts.small_answer(prompt.model, prompt.last_user_text()))


SCRIPTS: dict[str, Script] = {
    "coder": coder,
    "thinker": thinker,
    "inline_think": inline_think,
    "slow": slow,
    "fast": fast,
    "tools": tools,
    "fault_midstream": fault_midstream,
    "fault_cut": fault_cut,
    "small": small,
    "seer": seer,
}
