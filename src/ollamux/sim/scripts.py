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

from . import texts, tool_picking, vision
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
    """The tool-calling model; its ways, and the words that change them, are in `tool_picking`."""
    text = prompt.last_user_text()
    results = tool_picking.trailing_results(prompt.messages)
    declined = any(result.declined for result in results)
    if results and (declined or "keep calling" not in text.casefold()):
        answers = [(result.name, result.content, result.declined) for result in results]
        yield from _content(texts.tool_answer(answers))
        return
    if prompt.tools:
        every = any(words in text.casefold() for words in ("every tool", "all tools"))
        picks = tool_picking.pick_calls(prompt.tools, text, every=every)
    else:
        picks = [tool_picking.Pick("get_weather", {"city": tool_picking.SAMPLE_TEXT})]
    if not picks:
        names = [str(tool_picking.function_of(tool).get("name") or "?") for tool in prompt.tools]
        yield from _content(texts.no_fillable_tool(names))
        return
    seed = "\0".join(str(message.get("content") or "") for message in prompt.messages)
    for index, pick in enumerate(picks):
        call = {
            "id": fake_id("call_", seed, str(len(prompt.messages)), str(index)),
            "function": {"index": index, "name": pick.name, "arguments": pick.arguments},
        }
        yield Chunk(tool_calls=(call,), tokens=TOOL_CALL_TOKENS)


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


def summariser(prompt: Prompt) -> Iterator[Piece]:
    yield from _content(texts.summary_of(prompt.last_user_text()))


# Models that answer in their own way whatever is asked (they fail, call tools, or
# describe images) do so to a request for a summary too.
_OWN_WAY = {"tools", "fault_midstream", "fault_cut", "seer"}


def script_for(name: str, prompt: Prompt) -> Iterable[Piece]:
    """The model's script for `prompt`; any other model asked by ollamux for a summary writes one."""
    if name not in _OWN_WAY and prompt.last_user_text().startswith(texts.SUMMARY_ASKED):
        return summariser(prompt)
    return SCRIPTS[name](prompt)


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
